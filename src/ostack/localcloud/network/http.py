"""HTTP pieces shared by Neutron's handlers: the backend and the caller of a request, the
generic collection handlers (list, create one or in bulk, show, update, delete, tags) and the
route table rows they serve, listings with filters on any attribute, tag filters, sorting,
`limit`/`marker`/`page_reverse` pagination with `<collection>_links`, and field selection."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..paging import after
from ..routing import DELETE, GET, POST, PUT, RouteRow
from ..service import authenticate, backend_of, empty_response, json_response, read_json
from . import attributes
from .backend import Caller, NetworkBackend
from .exceptions import NeutronError, bad_request, not_found
from .versions import api_url

Record = dict[str, Any]

PAGING = ("limit", "marker", "page_reverse", "sort_key", "sort_dir", "fields")
TAG_FILTERS = ("tags", "tags-any", "not-tags", "not-tags-any")
# Attributes every resource may be filtered and sorted on besides its attribute map.
COMMON = ("id", "status", "revision_number", "created_at", "updated_at", "description",
          "project_id", "tenant_id")


def backend(request: Request) -> NetworkBackend:
    """The network service's backend."""
    return backend_of(request)


_VERBS = {"GET": "get", "POST": "create", "PUT": "update", "DELETE": "delete"}


def _action(request: Request) -> str:
    """Neutron's policy name for a request, as its messages show it (`get_network`)."""
    parts = request.url.path.split("/v2.0/", 1)[-1].split("/")
    name = parts[0].replace("-", "_")
    name = name[:-3] + "y" if name.endswith("ies") else name.removesuffix("s")
    return f"{_VERBS.get(request.method, 'get')}_{name}"


def caller(request: Request) -> Caller:
    """The caller from its token: its project, whether admin, whether it may write (member).
    Neutron's policies are scoped to projects: a system- or domain-scoped token gets 403."""
    ctx = authenticate(request)
    if ctx.project is None:
        raise NeutronError(f"{_action(request)} requires a scope of ['project'], request was "
                           f"made with {ctx.scope_type} scope.", "PolicyNotAuthorized", 403)
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


def only_fields(items: list[Record], request: Request) -> list[Record]:
    """The items of a small fixed listing, each limited to the query's `fields` (if any)."""
    fields = request.query_params.getlist("fields")
    return [{k: v for k, v in i.items() if k in fields} for i in items] if fields else items


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
    # a reverse page is the page after the marker in the reversed order, put back in order
    ordered = items[::-1] if reverse else items
    page = list(after(ordered, marker, lambda item: item["id"],
                      lambda missing: not_found(kind, missing)))
    if limit is not None:
        page = page[:limit]
    if reverse:
        page.reverse()
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
class ResourceState(Protocol):
    """What a collection's handlers call on its state class (`NetworkBackend.<state>`)."""

    def create(self, caller: Caller, attrs: Record, /) -> Record: ...

    def update(self, caller: Caller, ident: str, attrs: Record, /) -> Record: ...

    def delete(self, caller: Caller, ident: str, /) -> None: ...


@dataclass
class Collection:
    """One Neutron collection: its names, the backend's state class behind the five verbs,
    and the checks of its handlers."""

    kind: str                  # network
    path: str                  # networks, security-groups
    key: str                   # networks, security_groups (the body's plural key)
    #: The backend's state class of the collection (`lambda backend: backend.networks`).
    state: Callable[[NetworkBackend], ResourceState]
    #: Checks of the parsed attributes (create: True) that may change them.
    check: Callable[[Record, bool], Record] | None = None
    #: Attributes accepted and dropped after the checks (extensions this cloud does not keep).
    ignored: tuple[str, ...] = ()
    #: Policy checks of the caller on the attributes, before a create (True) or update.
    authorize: Callable[[Record, Caller, bool], None] | None = None
    taggable: bool = True
    bulk: bool = True

    def routes(self) -> list[RouteRow]:
        """The rows of the collection's route table (under `/v2.0`)."""
        base = f"/{self.path}"
        rows: list[RouteRow] = [
            (base, self.index, GET), (base, self.create_handler, POST),
            (f"{base}/{{id}}", self.show, GET), (f"{base}/{{id}}", self.update_handler, PUT),
            (f"{base}/{{id}}", self.delete_handler, DELETE),
        ]
        if self.taggable:
            rows += [
                (f"{base}/{{id}}/tags", self.get_tags, GET),
                (f"{base}/{{id}}/tags", self.put_tags, PUT),
                (f"{base}/{{id}}/tags", self.delete_tags, DELETE),
                (f"{base}/{{id}}/tags/{{tag}}", self.check_tag, GET),
                (f"{base}/{{id}}/tags/{{tag}}", self.add_tag, PUT),
                (f"{base}/{{id}}/tags/{{tag}}", self.remove_tag, DELETE),
            ]
        return rows

    def _attrs(self, item: Any, who: Caller, create: bool) -> Record:
        attrs = attributes.parse_body(self.kind, item, who.is_admin, who.project_id, create)
        if self.check is not None:
            attrs = self.check(attrs, create)
        for name in self.ignored:
            attrs.pop(name, None)
        return attrs

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
        if self.authorize is not None:
            self.authorize(attrs, who, True)
        record = self.state(cloud).create(who, attrs)
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
        if self.authorize is not None:
            self.authorize(attrs, who, False)
        record = self.state(backend(request)).update(who, request.path_params["id"], attrs)
        return json_response({self.kind: view(self.kind, record, who)})

    async def delete_handler(self, request: Request) -> Response:
        who = caller(request)
        self.state(backend(request)).delete(who, request.path_params["id"])
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

    def _tagged(self, request: Request) -> tuple[Caller, str, str, list[str]]:
        """The caller, the resource's id, the tag of the path and the resource's tags."""
        who = caller(request)
        tag = attributes.tag("tags", request.path_params["tag"])
        ident = request.path_params["id"]
        return who, ident, tag, backend(request).record(self.kind, who, ident).get("tags", [])

    async def check_tag(self, request: Request) -> Response:
        _who, ident, tag, tags = self._tagged(request)
        if tag not in tags:
            raise tag_not_found(tag, self.kind, ident)
        return empty_response(204)

    async def add_tag(self, request: Request) -> Response:
        who, ident, tag, tags = self._tagged(request)
        if tag not in tags:
            backend(request).set_tags(who, self.kind, ident, [*tags, tag])
        return empty_response(201)

    async def remove_tag(self, request: Request) -> Response:
        who, ident, tag, tags = self._tagged(request)
        if tag not in tags:
            raise tag_not_found(tag, self.kind, ident)
        backend(request).set_tags(who, self.kind, ident, [t for t in tags if t != tag])
        return empty_response(204)


def tag_not_found(tag: str, kind: str, ident: str) -> NeutronError:
    return NeutronError(f"Tag {tag} could not be found for {kind} {ident}.", "TagNotFound", 404)
