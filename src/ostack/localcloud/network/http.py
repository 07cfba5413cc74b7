"""HTTP pieces shared by Neutron's handlers: the caller, the generic collection handlers
(list, create one or in bulk, show, update, delete), listings with filters on any attribute,
tag filters, sorting, `limit`/`marker`/`page_reverse` pagination with `<collection>_links`,
and field selection."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from ..service import authenticate, cloud_of, empty_response, json_response, read_json
from . import attributes
from .backend import Caller, NetworkBackend
from .exceptions import bad_request, not_found
from .versions import api_url

PAGING = ("limit", "marker", "page_reverse", "sort_key", "sort_dir", "fields")
TAG_FILTERS = ("tags", "tags-any", "not-tags", "not-tags-any")
# Attributes every resource may be filtered and sorted on besides its attribute map.
COMMON = ("id", "status", "revision_number", "created_at", "updated_at", "description",
          "project_id", "tenant_id")


def backend(request: Request) -> NetworkBackend:
    return cloud_of(request).network


def caller(request: Request) -> Caller:
    """The caller from its token: its project, whether admin, whether it may write (member)."""
    ctx = authenticate(request)
    roles = ctx.role_names
    return Caller(ctx.project_id, ctx.is_admin, ctx.is_admin or "member" in roles)


def view(kind: str, record: dict[str, Any], who: Caller,
         fields: list[str] | None = None) -> dict[str, Any]:
    """A record as the caller may see it (admin-only attributes left out), limited to
    `fields` when asked."""
    shown = record
    if not who.is_admin:
        hidden = attributes.hidden_attributes(kind)
        if hidden:
            shown = {k: v for k, v in record.items() if k not in hidden}
    if fields:
        shown = {k: v for k, v in shown.items() if k in fields}
    return shown


def fields_of(request: Request) -> list[str]:
    return [name for value in request.query_params.getlist("fields")
            for name in value.split(",") if name]


# ------------------------------------------------------------------ filtering
def _bool_filter(name: str, text: str) -> bool:
    return attributes.boolean(name, text)


def _matches(name: str, value: Any, wanted: list[str]) -> bool:
    if isinstance(value, bool):
        return value in {_bool_filter(name, w) for w in wanted}
    if isinstance(value, list):
        return any(str(item) in wanted for item in value if not isinstance(item, dict))
    if isinstance(value, dict):
        return False
    if value is None:
        return "" in wanted or "None" in wanted
    return str(value) in wanted


def _fixed_ips_match(port: dict[str, Any], wanted: list[str]) -> bool:
    """`fixed_ips=ip_address=X`, `fixed_ips=subnet_id=Y`, `fixed_ips=ip_address_substr=Z`:
    every condition met by some fixed IP of the port."""
    conditions: dict[str, list[str]] = {}
    for text in wanted:
        key, _, value = text.partition("=")
        conditions.setdefault(key, []).append(value)
    ips = port.get("fixed_ips") or []
    for key, values in conditions.items():
        if key == "ip_address_substr":
            if not any(v in ip["ip_address"] for ip in ips for v in values):
                return False
        elif key in ("ip_address", "subnet_id"):
            if not any(ip.get(key) in values for ip in ips):
                return False
        else:
            raise bad_request(f"Invalid input for fixed_ips. Reason: '{text}' is not a valid "
                              f"fixed IP filter.")
    return True


def _tag_sets(request: Request, name: str) -> list[set[str]]:
    return [set(filter(None, value.split(","))) for value in request.query_params.getlist(name)]


def filtered(request: Request, kind: str, items: list[dict[str, Any]],
             who: Caller) -> list[dict[str, Any]]:
    """The items matching every filter of the query (each attribute: any of its values)."""
    allowed = set(attributes.ATTRIBUTES[kind]) | set(COMMON) | EXTRA_FILTERS.get(kind, set())
    hidden = set() if who.is_admin else set(attributes.hidden_attributes(kind))
    filters: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        if name in PAGING or name in TAG_FILTERS or name == "changed_since":
            continue
        if name not in allowed:
            raise bad_request(f"{name} is invalid attribute for filtering")
        if name in hidden:
            continue
        filters.setdefault("project_id" if name == "tenant_id" else name, []).append(value)
    result = []
    for item in items:
        ok = True
        for name, wanted in filters.items():
            if name == "fixed_ips" and kind == "port":
                ok = _fixed_ips_match(item, wanted)
            else:
                ok = _matches(name, item.get(name), wanted)
            if not ok:
                break
        if ok:
            result.append(item)
    since = request.query_params.get("changed_since")
    if since is not None:
        from .. import timestamps
        try:
            moment = timestamps.parse_iso(since)
        except ValueError:
            raise bad_request(f"Invalid input for changed_since. Reason: '{since}' is not a "
                              f"valid date.") from None
        result = [i for i in result if timestamps.parse_iso(i["updated_at"]) >= moment]
    for name, test in (("tags", lambda have, want: want <= have),
                       ("tags-any", lambda have, want: bool(want & have)),
                       ("not-tags", lambda have, want: not want <= have),
                       ("not-tags-any", lambda have, want: not want & have)):
        for wanted in _tag_sets(request, name):
            result = [i for i in result if test(set(i.get("tags") or []), wanted)]
    return result


EXTRA_FILTERS: dict[str, set[str]] = {
    "network": {"router:external", "shared"},
    "subnet": {"ip_version", "router:external"},
    "port": {"ip_allocation", "binding:vif_type"},
    "floatingip": {"router_id", "floating_ip_address", "port_id", "fixed_ip_address"},
    "security_group": {"shared", "stateful"},
    "security_group_rule": {"belongs_to_default_sg"},
}


# ------------------------------------------------------------------ sorting and paging
def _sort_value(value: Any) -> tuple[int, Any]:
    if value is None:
        return (0, "")
    if isinstance(value, bool | int | float):
        return (1, value)
    return (2, str(value))


def sort_and_page(request: Request, kind: str, collection: str,
                  items: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict]]:
    """Neutron's sorting (`sort_key`/`sort_dir` pairs, then id when paginating) and
    pagination; the page and its links."""
    query = request.query_params
    keys, dirs = query.getlist("sort_key"), query.getlist("sort_dir")
    if len(keys) != len(dirs):
        raise bad_request("The number of sort_keys and sort_dirs must be same")
    sortable = set(attributes.ATTRIBUTES[kind]) | set(COMMON) | EXTRA_FILTERS.get(kind, set())
    absent = [k for k in keys if k not in sortable]
    if absent:
        raise bad_request(f"{absent} is invalid attribute for sort_keys")
    wrong = [d for d in dirs if d not in ("asc", "desc")]
    if wrong:
        raise bad_request(f"{wrong} is invalid value for sort_dirs, valid value is 'asc' and "
                          f"'desc'")
    limit_text, marker = query.get("limit"), query.get("marker")
    limit = None
    if limit_text is not None:
        try:
            limit = int(limit_text)
        except ValueError:
            limit = -1
        if limit < 0:
            raise bad_request(f"Limit must be an integer 0 or greater and not '{limit_text}'")
        limit = limit or None
    reverse = attributes.boolean("page_reverse", query.get("page_reverse", "false"))
    order = list(zip(keys, [d == "asc" for d in dirs], strict=True))
    if (limit is not None or marker is not None) and "id" not in keys:
        order.append(("id", True))
    for key, ascending in reversed(order):
        items = sorted(items, key=lambda i, k=key: _sort_value(i.get(k)),
                       reverse=not ascending)
    start, end = 0, len(items)
    if marker is not None:
        index = next((n for n, i in enumerate(items) if i["id"] == marker), None)
        if index is None:
            raise not_found(kind, marker)
        if reverse:
            end = index
        else:
            start = index + 1
    if limit is not None:
        if reverse:
            start = max(start, end - limit)
        else:
            end = min(end, start + limit)
    page = items[start:end]
    links: list[dict[str, str]] = []
    if limit is not None:
        base = [(k, v) for k, v in query.multi_items() if k not in ("marker", "page_reverse")]
        href = f"{api_url(request)}/{collection}"
        if not (len(page) < limit and not reverse):
            params = base + ([("marker", page[-1]["id"])] if page else [])
            links.append({"rel": "next", "href": f"{href}?{urlencode(params)}"})
        if not (len(page) < limit and reverse):
            params = base + ([("marker", page[0]["id"])] if page else []) + [
                ("page_reverse", "True")]
            links.append({"rel": "previous", "href": f"{href}?{urlencode(params)}"})
    return page, links


def listing(request: Request, kind: str, collection: str, key: str,
            items: list[dict[str, Any]], who: Caller) -> Response:
    """The list response: filtered, sorted, paged, each item viewed with `fields`."""
    items = filtered(request, kind, items, who)
    page, links = sort_and_page(request, kind, collection, items)
    fields = fields_of(request)
    body: dict[str, Any] = {key: [view(kind, item, who, fields) for item in page]}
    if links:
        body[f"{key}_links"] = links
    return json_response(body)


# ------------------------------------------------------------------ generic handlers
@dataclass
class Collection:
    """One Neutron collection: its names and the backend calls behind the five verbs."""

    kind: str                  # network
    path: str                  # networks, security-groups
    key: str                   # networks, security_groups (the body's plural key)
    create: Callable[[NetworkBackend, Caller, dict[str, Any]], dict[str, Any]]
    update: Callable[[NetworkBackend, Caller, str, dict[str, Any]], dict[str, Any]]
    delete: Callable[[NetworkBackend, Caller, str], None]
    check: Callable[[dict[str, Any], bool], dict[str, Any]] | None = None
    taggable: bool = True
    bulk: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    def _attrs(self, item: Any, who: Caller, create: bool) -> dict[str, Any]:
        attrs = attributes.parse_body(self.kind, item, who.is_admin, who.project_id, create)
        return self.check(attrs, create) if self.check else attrs

    async def index(self, request: Request) -> Response:
        who = caller(request)
        items = backend(request).records(self.kind, who)
        return listing(request, self.kind, self.path, self.key, items, who)

    async def show(self, request: Request) -> Response:
        who = caller(request)
        record = backend(request).record(self.kind, who, request.path_params["id"])
        return json_response({self.kind: view(self.kind, record, who, fields_of(request))})

    def _create_one(self, cloud: NetworkBackend, who: Caller,
                    attrs: dict[str, Any]) -> dict[str, Any]:
        tags = attrs.pop("tags", None)
        record = self.create(cloud, who, attrs)
        if tags:
            record["tags"] = cloud.set_tags(who, self.kind, record["id"], tags)
            record["revision_number"] += 1
        return record

    async def create_handler(self, request: Request) -> Response:
        who = caller(request)
        body = await read_json(request)
        cloud = backend(request)
        if self.bulk and self.key in body and self.kind not in body:
            items = body[self.key]
            if not isinstance(items, list) or not items:
                raise bad_request(f"Resources required: '{self.key}' must be a non-empty list")
            parsed = [self._attrs(item, who, True) for item in items]
            with cloud.bulk():
                records = [self._create_one(cloud, who, attrs) for attrs in parsed]
            return json_response({self.key: [view(self.kind, r, who) for r in records]},
                                 status=201)
        if self.kind not in body:
            raise bad_request(f"Unable to find '{self.kind}' in request body")
        attrs = self._attrs(body[self.kind], who, True)
        with cloud.bulk():
            record = self._create_one(cloud, who, attrs)
        return json_response({self.kind: view(self.kind, record, who)}, status=201)

    async def update_handler(self, request: Request) -> Response:
        who = caller(request)
        body = await read_json(request)
        if self.kind not in body:
            raise bad_request(f"Unable to find '{self.kind}' in request body")
        attrs = self._attrs(body[self.kind], who, False)
        record = self.update(backend(request), who, request.path_params["id"], attrs)
        return json_response({self.kind: view(self.kind, record, who)})

    async def delete_handler(self, request: Request) -> Response:
        who = caller(request)
        self.delete(backend(request), who, request.path_params["id"])
        return empty_response(204)

    # -------------------------------------------------------------- tags
    async def get_tags(self, request: Request) -> Response:
        record = backend(request).record(self.kind, caller(request), request.path_params["id"])
        return json_response({"tags": record.get("tags", [])})

    async def put_tags(self, request: Request) -> Response:
        who = caller(request)
        body = await read_json(request)
        if set(body) != {"tags"}:
            raise bad_request("Invalid input for tags. Reason: the body must be "
                              "{\"tags\": [...]}.")
        tags = attributes.tags("tags", body["tags"])
        saved = backend(request).set_tags(who, self.kind, request.path_params["id"], tags)
        return json_response({"tags": saved})

    async def delete_tags(self, request: Request) -> Response:
        backend(request).set_tags(caller(request), self.kind, request.path_params["id"], [])
        return empty_response(204)

    def _tag(self, request: Request) -> str:
        return attributes.tag("tags", request.path_params["tag"])

    async def check_tag(self, request: Request) -> Response:
        tag = self._tag(request)
        ident = request.path_params["id"]
        record = backend(request).record(self.kind, caller(request), ident)
        if tag not in record.get("tags", []):
            raise tag_not_found(tag, self.kind, ident)
        return empty_response(204)

    async def add_tag(self, request: Request) -> Response:
        who = caller(request)
        tag = self._tag(request)
        ident = request.path_params["id"]
        cloud = backend(request)
        record = cloud.record(self.kind, who, ident)
        if tag not in record.get("tags", []):
            cloud.set_tags(who, self.kind, ident, [*record.get("tags", []), tag])
        return empty_response(201)

    async def remove_tag(self, request: Request) -> Response:
        who = caller(request)
        tag = self._tag(request)
        ident = request.path_params["id"]
        cloud = backend(request)
        record = cloud.record(self.kind, who, ident)
        if tag not in record.get("tags", []):
            raise tag_not_found(tag, self.kind, ident)
        cloud.set_tags(who, self.kind, ident, [t for t in record["tags"] if t != tag])
        return empty_response(204)


def tag_not_found(tag: str, kind: str, ident: str) -> Exception:
    from .exceptions import NeutronError
    return NeutronError(f"Tag {tag} could not be found for {kind} {ident}.", "TagNotFound", 404)
