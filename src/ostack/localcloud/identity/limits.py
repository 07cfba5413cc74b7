"""Unified limits: `/v3/registered_limits` (a service's default for a resource, per region)
and `/v3/limits` (a project's or a domain's own value for a registered resource), with
`/v3/limits/model` (the flat model).

Keystone's checks: a registered limit names an existing service (and region); a limit needs a
registered limit of the same service, region and resource (403 otherwise); a second one of the
same key is a 409; a registered limit that limits refer to is not changed or deleted (403).
Both are created in batches (`{"limits": [...]}`), all or nothing.

Policy (Keystone's defaults): administrators change both; every authenticated user reads
registered limits; administrators and system readers read every limit, a project's members
those of their project.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest, Conflict, Forbidden
from ..policy import can_read, is_system_reader, keystone_admin, keystone_check
from ..routing import DELETE, GET, PATCH, POST, RouteTable
from ..service import authenticate, empty_response, json_response, read_json
from .http import backend, collection, entity, existing, field, id_field, invalid, self_link

REGISTERED = "registered_limit"
LIMIT = "limit"
#: The key that makes a registered limit unique, and that a limit refers to.
KEY = ("service_id", "region_id", "resource_name")
MODEL = {"name": "flat", "description": "Limit enforcement and validation does not take "
                                        "project hierarchy into consideration."}


def _view(request: Request, kind: str, record: dict[str, Any]) -> dict[str, Any]:
    return {**record, "links": self_link(request, f"{kind}s/{record['id']}")}


def _key(record: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(record.get(k) for k in KEY)


def _references(request: Request, data: dict[str, Any]) -> None:
    """400 unless the service (and region) exist, as Keystone validates them."""
    identity = backend(request)
    if identity.service_catalog.get_service(data["service_id"]) is None:
        raise BadRequest(f"Invalid input for field 'service_id': service {data['service_id']} "
                         f"does not exist.")
    if data.get("region_id") and identity.regions.get(data["region_id"]) is None:
        raise BadRequest(f"Invalid input for field 'region_id': region {data['region_id']} "
                         f"does not exist.")


def _conflict(kind: str) -> Conflict:
    return Conflict(f"Conflict occurred attempting to store {kind} - Duplicate entry.")


async def _batch(request: Request, key: str) -> list[dict[str, Any]]:
    body = await read_json(request)
    items = body.get(key)
    if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
        raise invalid(key, f"{items!r} is not a non-empty array of objects")
    return items


def _common(data: dict[str, Any], creating: bool) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if creating or "service_id" in data:
        values["service_id"] = id_field(data, "service_id", nullable=False, required=True)
    if creating or "region_id" in data:
        values["region_id"] = field(data, "region_id", str, nullable=True)
    if creating or "resource_name" in data:
        values["resource_name"] = field(data, "resource_name", str, required=True,
                                        max_length=255)
    if creating or "description" in data:
        values["description"] = field(data, "description", str, nullable=True)
    return values


def _count(data: dict[str, Any], name: str, creating: bool) -> dict[str, Any]:
    if not creating and name not in data:
        return {}
    value = field(data, name, int, required=True)
    if value < -1 or value > 2147483647:
        raise invalid(name, f"{value} is not between -1 and 2147483647")
    return {name: value}


# ------------------------------------------------------------------- registered limits
def _registered(request: Request) -> dict[str, Any]:
    ident = request.path_params["registered_limit_id"]
    return existing(backend(request).records.get(REGISTERED, ident), "registered limit", ident)


def _filtered(request: Request, kind: str, names: tuple[str, ...]) -> list[dict[str, Any]]:
    rows = backend(request).records.list(kind)
    for name in names:
        if name in request.query_params:
            rows = [r for r in rows if r.get(name) == request.query_params[name]]
    return rows


async def list_registered_limits(request: Request) -> Response:
    authenticate(request)
    rows = _filtered(request, REGISTERED, KEY)
    return json_response(collection(request, "registered_limits",
                                    [_view(request, REGISTERED, r) for r in rows]))


async def show_registered_limit(request: Request) -> Response:
    authenticate(request)
    return json_response({"registered_limit": _view(request, REGISTERED, _registered(request))})


async def create_registered_limits(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:create_registered_limits")
    records = backend(request).records
    taken = {_key(r) for r in records.list(REGISTERED)}
    made = []
    for data in await _batch(request, "registered_limits"):
        values = {**_common(data, True), **_count(data, "default_limit", True)}
        _references(request, values)
        if _key(values) in taken:
            raise _conflict("registered_limit")
        taken.add(_key(values))
        made.append(values)
    rows = [records.create(REGISTERED, values) for values in made]
    return json_response({"registered_limits": [_view(request, REGISTERED, r) for r in rows]},
                         status=201)


def _referenced(request: Request, registered: dict[str, Any]) -> bool:
    return any(_key(limit) == _key(registered)
               for limit in backend(request).records.list(LIMIT))


async def update_registered_limit(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:update_registered_limit")
    record = _registered(request)
    data = await entity(request, "registered_limit")
    changes = {**_common(data, False), **_count(data, "default_limit", False)}
    updated = {**record, **changes}
    if _referenced(request, record):  # Keystone refuses any change then, default too
        raise Forbidden(f"Unable to update or delete registered limit {record['id']} "
                        f"because there are project limits associated with it.")
    if _key(updated) != _key(record):
        _references(request, updated)
        if any(_key(r) == _key(updated) for r in backend(request).records.list(REGISTERED)):
            raise _conflict("registered_limit")
    row = backend(request).records.update(REGISTERED, record["id"], changes)
    return json_response({"registered_limit": _view(request, REGISTERED, row or updated)})


async def delete_registered_limit(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:delete_registered_limit")
    record = _registered(request)
    if _referenced(request, record):
        raise Forbidden(f"Unable to update or delete registered limit {record['id']} because "
                        f"there are project limits associated with it.")
    backend(request).records.delete(REGISTERED, record["id"])
    return empty_response(204)


# ------------------------------------------------------------------- limits
def _limit(request: Request) -> dict[str, Any]:
    ident = request.path_params["limit_id"]
    return existing(backend(request).records.get(LIMIT, ident), "limit", ident)


def _may_read(ctx: Any, limit: dict[str, Any]) -> bool:
    return ctx.is_admin or is_system_reader(ctx) or can_read(ctx, limit.get("project_id"))


async def list_limits(request: Request) -> Response:
    ctx = authenticate(request)
    rows = _filtered(request, LIMIT, (*KEY, "project_id", "domain_id"))
    rows = [r for r in rows if _may_read(ctx, r)]
    return json_response(collection(request, "limits", [_view(request, LIMIT, r) for r in rows]))


async def show_limit(request: Request) -> Response:
    ctx = authenticate(request)
    record = _limit(request)
    keystone_check(_may_read(ctx, record), "identity:get_limit")
    return json_response({"limit": _view(request, LIMIT, record)})


async def limits_model(request: Request) -> Response:
    authenticate(request)
    return json_response({"model": MODEL})


def _owner(request: Request, data: dict[str, Any]) -> dict[str, Any]:
    project_id = id_field(data, "project_id")
    domain_id = id_field(data, "domain_id")
    if (project_id is None) == (domain_id is None):
        raise invalid("project_id", "a limit belongs to one project or one domain")
    identity = backend(request)
    if project_id is not None and identity.projects.get(project_id) is None:
        raise BadRequest(f"Invalid input for field 'project_id': project {project_id} does "
                         f"not exist.")
    if domain_id is not None and identity.domains.get(domain_id) is None:
        raise BadRequest(f"Invalid input for field 'domain_id': domain {domain_id} does not "
                         f"exist.")
    return {"project_id": project_id, "domain_id": domain_id}


async def create_limits(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:create_limits")
    records = backend(request).records
    registered = {_key(r) for r in records.list(REGISTERED)}
    taken = {(*_key(r), r.get("project_id"), r.get("domain_id")) for r in records.list(LIMIT)}
    made = []
    for data in await _batch(request, "limits"):
        values = {**_owner(request, data), **_common(data, True),
                  **_count(data, "resource_limit", True)}
        if _key(values) not in registered:
            raise Forbidden("Unable to create a limit that has no corresponding registered "
                            "limit.")
        unique = (*_key(values), values["project_id"], values["domain_id"])
        if unique in taken:
            raise _conflict("project_limit")
        taken.add(unique)
        made.append(values)
    rows = [records.create(LIMIT, values) for values in made]
    return json_response({"limits": [_view(request, LIMIT, r) for r in rows]}, status=201)


async def update_limit(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:update_limit")
    record = _limit(request)
    data = await entity(request, "limit")
    unknown = [k for k in data if k not in ("resource_limit", "description")]
    if unknown:
        raise invalid(unknown[0], "Additional properties are not allowed")
    changes = _count(data, "resource_limit", False)
    if "description" in data:
        changes["description"] = field(data, "description", str, nullable=True)
    row = backend(request).records.update(LIMIT, record["id"], changes)
    return json_response({"limit": _view(request, LIMIT, row or record)})


async def delete_limit(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:delete_limit")
    backend(request).records.delete(LIMIT, _limit(request)["id"])
    return empty_response(204)


ROUTES: RouteTable = (
    ("/v3/registered_limits", list_registered_limits, GET),
    ("/v3/registered_limits", create_registered_limits, POST),
    ("/v3/registered_limits/{registered_limit_id}", show_registered_limit, GET),
    ("/v3/registered_limits/{registered_limit_id}", update_registered_limit, PATCH),
    ("/v3/registered_limits/{registered_limit_id}", delete_registered_limit, DELETE),
    ("/v3/limits/model", limits_model, GET),
    ("/v3/limits", list_limits, GET),
    ("/v3/limits", create_limits, POST),
    ("/v3/limits/{limit_id}", show_limit, GET),
    ("/v3/limits/{limit_id}", update_limit, PATCH),
    ("/v3/limits/{limit_id}", delete_limit, DELETE),
)
