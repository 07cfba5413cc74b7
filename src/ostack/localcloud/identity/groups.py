"""`/v3/groups` and membership: list, show, create, update, delete groups;
`PUT|HEAD|GET|DELETE /v3/groups/{group_id}/users/{user_id}`; `GET /v3/groups/{group_id}/users`.

Policy (Keystone's defaults): administrators and system readers read every group, a domain
reader the groups of its domain; administrators (and a domain's admin, within the domain)
change groups and their members.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import NotFound
from ..policy import Context, is_domain_reader, is_system_reader, keystone_check
from ..routing import DELETE, GET, PATCH, POST, PUT, RouteTable
from ..service import authenticate, empty_response, json_response
from .domain_state import DEFAULT_DOMAIN_ID
from .http import (
    backend,
    can_manage_in,
    changes_of,
    collection,
    description_of,
    entity,
    existing,
    extra_properties,
    field,
    id_field,
    managed,
    may_create,
    name_field,
    name_of,
    query_bool,
    same_domain,
    scope_listing,
    self_link,
    with_extra,
)
from .users import user_view

KNOWN = ("id", "name", "domain_id", "description", "links")


def group_view(request: Request, group: dict[str, Any]) -> dict[str, Any]:
    return with_extra({
        "id": group["id"],
        "name": group["name"],
        "domain_id": group["domain_id"],
        "description": group["description"],
        "links": self_link(request, f"groups/{group['id']}"),
    }, group)


def _get(request: Request) -> dict[str, Any]:
    group_id = request.path_params["group_id"]
    return existing(backend(request).groups.get(group_id), "group", group_id)


def can_read_group(ctx: Context, group: dict[str, Any]) -> bool:
    return ctx.is_admin or is_system_reader(ctx) or is_domain_reader(ctx, group["domain_id"])


async def list_groups(request: Request) -> Response:
    ctx = authenticate(request)
    filters = {k: request.query_params[k] for k in ("name", "domain_id")
               if k in request.query_params}
    rows = backend(request).groups.list(filters) if scope_listing(
        ctx, filters, "identity:list_groups") else []
    return json_response(collection(request, "groups", [group_view(request, g) for g in rows]))


async def show_group(request: Request) -> Response:
    ctx = authenticate(request)
    group = _get(request)
    keystone_check(can_read_group(ctx, group), "identity:get_group")
    return json_response({"group": group_view(request, group)})


async def create_group(request: Request) -> Response:
    ctx = authenticate(request)
    may_create(ctx, "identity:create_group")
    data = await entity(request, "group")
    name = name_field(data)
    domain_id = id_field(data, "domain_id") or ctx.domain_id or DEFAULT_DOMAIN_ID
    keystone_check(can_manage_in(ctx, domain_id), "identity:create_group")
    group = backend(request).groups.create(
        name, domain_id, description=field(data, "description", str, nullable=True),
        extra=extra_properties(data, KNOWN))
    return json_response({"group": group_view(request, group)}, status=201)


async def update_group(request: Request) -> Response:
    group = managed(request, _get, "identity:update_group")
    data = await entity(request, "group")
    same_domain(data, group)
    changes = changes_of(data, {"name": name_of, "description": description_of}, KNOWN)
    group = backend(request).groups.update(group["id"], changes)
    return json_response({"group": group_view(request, group)})


async def delete_group(request: Request) -> Response:
    group = managed(request, _get, "identity:delete_group")
    backend(request).groups.delete(group["id"])
    return empty_response(204)


async def list_group_users(request: Request) -> Response:
    """GET /v3/groups/{group_id}/users (filters: name, domain_id, enabled)."""
    ctx = authenticate(request)
    group = _get(request)
    keystone_check(can_read_group(ctx, group), "identity:list_users_in_group")
    filters: dict[str, Any] = {k: request.query_params[k] for k in ("name", "domain_id")
                               if k in request.query_params}
    enabled = query_bool(request, "enabled")
    if enabled is not None:
        filters["enabled"] = enabled
    rows = backend(request).groups.members(group["id"], filters)
    return json_response(collection(request, "users", [user_view(request, u) for u in rows]))


def _membership(request: Request) -> tuple[dict[str, Any], dict[str, Any]]:
    group = _get(request)
    user_id = request.path_params["user_id"]
    return group, existing(backend(request).users.get(user_id), "user", user_id)


async def add_user(request: Request) -> Response:
    """PUT /v3/groups/{group_id}/users/{user_id}."""
    ctx = authenticate(request)
    group, user = _membership(request)
    keystone_check(can_manage_in(ctx, group["domain_id"]), "identity:add_user_to_group")
    backend(request).groups.add_member(group["id"], user["id"])
    return empty_response(204)


async def check_user(request: Request) -> Response:
    """HEAD|GET /v3/groups/{group_id}/users/{user_id}: 204 when a member, else 404."""
    ctx = authenticate(request)
    group, user = _membership(request)
    keystone_check(can_read_group(ctx, group) or ctx.user_id == user["id"],
                   "identity:check_user_in_group")
    if not backend(request).groups.is_member(group["id"], user["id"]):
        raise NotFound(f"User '{user['id']}' not found in group '{group['id']}'")
    return empty_response(204)


async def remove_user(request: Request) -> Response:
    """DELETE /v3/groups/{group_id}/users/{user_id}: the user's tokens are revoked."""
    ctx = authenticate(request)
    group, user = _membership(request)
    keystone_check(can_manage_in(ctx, group["domain_id"]), "identity:remove_user_from_group")
    if not backend(request).groups.remove_member(group["id"], user["id"]):
        raise NotFound(f"User '{user['id']}' not found in group '{group['id']}'")
    return empty_response(204)


ROUTES: RouteTable = (
    ("/v3/groups", list_groups, GET),
    ("/v3/groups", create_group, POST),
    ("/v3/groups/{group_id}", show_group, GET),
    ("/v3/groups/{group_id}", update_group, PATCH),
    ("/v3/groups/{group_id}", delete_group, DELETE),
    ("/v3/groups/{group_id}/users", list_group_users, GET),
    ("/v3/groups/{group_id}/users/{user_id}", add_user, PUT),
    ("/v3/groups/{group_id}/users/{user_id}", check_user, GET),
    ("/v3/groups/{group_id}/users/{user_id}", remove_user, DELETE),
)
