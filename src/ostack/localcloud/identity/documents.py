"""Keystone's plain admin documents: `/v3/policies` (a blob of a type),
`/v3/OS-EP-FILTER/endpoint_groups` (named endpoint filters) and `/v3/OS-OAUTH1/consumers`
(an OAuth consumer's id, secret and description).

Policy (Keystone's defaults): administrators change them; administrators and system readers
read them.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..policy import keystone_admin, keystone_reader
from ..routing import DELETE, GET, PATCH, POST, PUT, RouteTable
from ..service import authenticate, empty_response, json_response, read_json
from .http import backend, collection, entity, field, invalid, name_field, not_found, self_link

Handler = Callable[[Request], Awaitable[Response]]
#: Endpoint group filters Keystone accepts.
FILTER_KEYS = ("interface", "service_id", "region_id")


class Document:
    """One kind of document: its entity key, collection path and fields, and Keystone's five
    handlers for it. The records are kept in `records.py`; a subclass with other storage
    (federation.py) overrides `rows`, `find`, `insert`, `change` and `remove`."""

    #: True where the client picks the id (`PUT <path>/<id>`); else `POST <path>`.
    chosen_id = False
    #: The path parameter that names one record.
    id_param = "record_id"

    def __init__(self, kind: str, key: str, path: str, action: str,
                 fields: Callable[[dict[str, Any], bool], dict[str, Any]],
                 on_create: Callable[[], dict[str, Any]] | None = None,
                 hidden: tuple[str, ...] = ()) -> None:
        self.kind, self.key, self.path, self.action = kind, key, path, action
        self.fields, self.on_create, self.hidden = fields, on_create, hidden

    def view(self, request: Request, record: dict[str, Any],
             shown: tuple[str, ...] = ()) -> dict[str, Any]:
        body = {k: v for k, v in record.items() if k not in self.hidden or k in shown}
        body["links"] = self_link(request, f"{self.path}/{record['id']}")
        return body

    # ------------------------------------------------------------------ storage
    def rows(self, request: Request) -> list[dict[str, Any]]:
        return backend(request).records.list(self.kind)

    def find(self, request: Request) -> dict[str, Any]:
        record_id = request.path_params[self.id_param]
        record = backend(request).records.get(self.kind, record_id)
        if record is None:
            raise not_found(self.kind.replace("_", " "), record_id)
        return record

    def insert(self, request: Request, values: dict[str, Any]) -> dict[str, Any]:
        return backend(request).records.create(self.kind, values)

    def change(self, request: Request, record: dict[str, Any],
               changes: dict[str, Any]) -> dict[str, Any]:
        return backend(request).records.update(self.kind, record["id"], changes) or record

    def remove(self, request: Request, record: dict[str, Any]) -> None:
        backend(request).records.delete(self.kind, record["id"])

    # ------------------------------------------------------------------ handlers
    async def list(self, request: Request) -> Response:
        ctx = authenticate(request)
        keystone_reader(ctx, f"identity:list_{self.action}s")
        return json_response(collection(request, self.path.rsplit("/", 1)[-1],
                                        [self.view(request, r) for r in self.rows(request)]))

    async def create(self, request: Request) -> Response:
        ctx = authenticate(request)
        keystone_admin(ctx, f"identity:create_{self.action}")
        values = self.fields(await self._entity(request), True)
        extra = self.on_create() if self.on_create else {}
        record = self.insert(request, {**values, **extra})
        return json_response({self.key: self.view(request, record, tuple(extra))}, status=201)

    async def show(self, request: Request) -> Response:
        ctx = authenticate(request)
        keystone_reader(ctx, f"identity:get_{self.action}")
        return json_response({self.key: self.view(request, self.find(request))})

    async def update(self, request: Request) -> Response:
        ctx = authenticate(request)
        keystone_admin(ctx, f"identity:update_{self.action}")
        changes = self.fields(await self._entity(request), False)  # Keystone: body first
        record = self.find(request)
        return json_response({self.key: self.view(request, self.change(request, record,
                                                                       changes))})

    async def delete(self, request: Request) -> Response:
        ctx = authenticate(request)
        keystone_admin(ctx, f"identity:delete_{self.action}")
        self.remove(request, self.find(request))
        return empty_response(204)

    async def _entity(self, request: Request) -> dict[str, Any]:
        if self.kind == "consumer":  # a consumer may be created from an empty body
            body = await read_json(request)
            value = body.get(self.key, {}) if isinstance(body, dict) else None
            if not isinstance(value, dict):
                raise invalid(self.key, f"{value!r} is not an object")
            return value
        return await entity(request, self.key)

    def routes(self) -> RouteTable:
        """The five rows (GET answers HEAD too: Keystone's check of an endpoint group)."""
        path = f"/v3/{self.path}"
        item = f"{path}/{{{self.id_param}}}"
        create = (item, self.create, PUT) if self.chosen_id else (path, self.create, POST)
        return [(path, self.list, GET), create, (item, self.show, GET),
                (item, self.update, PATCH), (item, self.delete, DELETE)]


def _policy_fields(data: dict[str, Any], creating: bool) -> dict[str, Any]:
    values = {}
    for name in ("blob", "type"):
        if creating or name in data:
            values[name] = field(data, name, str, required=True)
    return values


def _endpoint_group_fields(data: dict[str, Any], creating: bool) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if creating or "name" in data:
        values["name"] = name_field(data)
    if "description" in data or creating:
        values["description"] = field(data, "description", str, nullable=True)
    if creating or "filters" in data:
        filters = field(data, "filters", dict, required=True)
        unknown = [k for k in filters if k not in FILTER_KEYS]
        if not filters or unknown:
            raise invalid("filters", f"{filters!r} must name some of {list(FILTER_KEYS)}")
        if "interface" in filters and filters["interface"] not in ("admin", "internal",
                                                                   "public"):
            raise invalid("interface", f"{filters['interface']!r} is not one of "
                                       "['admin', 'internal', 'public']")
        values["filters"] = filters
    return values


def _consumer_fields(data: dict[str, Any], creating: bool) -> dict[str, Any]:
    if "secret" in data:
        raise invalid("secret", "a consumer's secret cannot be set")
    if creating or "description" in data:
        return {"description": field(data, "description", str, nullable=True)}
    return {}


POLICIES = Document("policy", "policy", "policies", "policy", _policy_fields)
ENDPOINT_GROUPS = Document("endpoint_group", "endpoint_group", "OS-EP-FILTER/endpoint_groups",
                           "endpoint_group", _endpoint_group_fields)
CONSUMERS = Document("consumer", "consumer", "OS-OAUTH1/consumers", "consumer",
                     _consumer_fields, on_create=lambda: {"secret": secrets.token_hex(16)},
                     hidden=("secret",))
DOCUMENTS = (POLICIES, ENDPOINT_GROUPS, CONSUMERS)


#: The rows of every document kind.
ROUTES: RouteTable = [row for doc in DOCUMENTS for row in doc.routes()]
