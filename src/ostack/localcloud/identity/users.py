"""`/v3/users`: list, show, create, update, delete; a user changes its own password; a user's
groups.

Policy (Keystone's defaults): administrators and system readers read every user, a domain
reader the users of its domain, a user itself; administrators (and a domain's admin, within
the domain) change them. Changing one's password needs the original password, not a token.
Attributes Keystone does not know are kept and answered back (extra properties).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import Unauthorized
from ..policy import Context, is_domain_reader, is_system_reader, keystone_check
from ..routing import DELETE, GET, PATCH, POST, RouteTable
from ..service import authenticate, empty_response, json_response
from . import user_options
from .domain_state import DEFAULT_DOMAIN_ID
from .http import (
    backend,
    can_manage_in,
    changes_of,
    collection,
    description_of,
    enabled_of,
    entity,
    existing,
    extra_properties,
    field,
    id_field,
    managed,
    may_create,
    name_field,
    name_of,
    not_found,
    query_bool,
    same_domain,
    scope_listing,
    self_link,
    with_extra,
)

KNOWN = ("id", "name", "domain_id", "default_project_id", "enabled", "password",
         "description", "email", "options", "federated", "links", "password_expires_at")


def user_view(request: Request, user: dict[str, Any]) -> dict[str, Any]:
    view = {
        "id": user["id"],
        "name": user["name"],
        "domain_id": user["domain_id"],
        "enabled": bool(user["enabled"]),
        "password_expires_at": None,
        "options": user_options.options_of(user),
        "links": self_link(request, f"users/{user['id']}"),
    }
    for extra in ("default_project_id", "description", "email"):
        if user.get(extra) is not None:
            view[extra] = user[extra]
    return with_extra(view, user)


def _get(request: Request) -> dict[str, Any]:
    user_id = request.path_params["user_id"]
    return existing(backend(request).users.get(user_id), "user", user_id)


def can_read_user(ctx: Context, user: dict[str, Any] | None, user_id: str) -> bool:
    """Admin, system reader, the user itself, or a reader of the user's domain."""
    return (ctx.is_admin or is_system_reader(ctx) or ctx.user_id == user_id
            or (user is not None and is_domain_reader(ctx, user["domain_id"])))


def readable_user(request: Request, action: str) -> dict[str, Any]:
    """The path's user, when the caller may read it (403 before 404, as Keystone)."""
    ctx = authenticate(request)
    user_id = request.path_params["user_id"]
    user = backend(request).users.get(user_id)
    keystone_check(can_read_user(ctx, user, user_id), action)
    return existing(user, "user", user_id)


def _filters(request: Request) -> dict[str, Any]:
    filters: dict[str, Any] = {k: request.query_params[k] for k in ("name", "domain_id")
                               if k in request.query_params}
    enabled = query_bool(request, "enabled")
    if enabled is not None:
        filters["enabled"] = enabled
    return filters


async def list_users(request: Request) -> Response:
    """GET /v3/users: everyone for administrators, the domain's users for a domain reader."""
    ctx = authenticate(request)
    filters = _filters(request)
    rows = backend(request).users.list(filters) if scope_listing(
        ctx, filters, "identity:list_users") else []
    return json_response(collection(request, "users", [user_view(request, u) for u in rows]))


async def show_user(request: Request) -> Response:
    user = readable_user(request, "identity:get_user")
    return json_response({"user": user_view(request, user)})


def _default_project(request: Request, data: dict[str, Any]) -> str | None:
    default_project_id = id_field(data, "default_project_id")
    if default_project_id and backend(request).projects.get(default_project_id) is None:
        raise not_found("project", default_project_id)
    return default_project_id


async def create_user(request: Request) -> Response:
    ctx = authenticate(request)
    may_create(ctx, "identity:create_user")
    data = await entity(request, "user")
    name = name_field(data)
    domain_id = id_field(data, "domain_id") or ctx.domain_id or DEFAULT_DOMAIN_ID
    keystone_check(can_manage_in(ctx, domain_id), "identity:create_user")
    options = user_options.read(data, {})
    user = backend(request).users.create(
        name, domain_id,
        password=field(data, "password", str, nullable=True),
        enabled=field(data, "enabled", bool, default=True),
        default_project_id=_default_project(request, data),
        description=field(data, "description", str, nullable=True),
        email=field(data, "email", str, nullable=True),
        extra={**extra_properties(data, KNOWN), **({"options": options} if options else {})},
    )
    return json_response({"user": user_view(request, user)}, status=201)


async def update_user(request: Request) -> Response:
    """PATCH /v3/users/{id}: a new password or disabling the user revokes its tokens."""
    user = managed(request, _get, "identity:update_user")
    data = await entity(request, "user")
    same_domain(data, user)
    changes = changes_of(data, {
        "name": name_of, "enabled": enabled_of,
        "default_project_id": lambda data: _default_project(request, data),
        "description": description_of,
        "email": lambda data: field(data, "email", str, nullable=True),
        "password": lambda data: field(data, "password", str, nullable=True),
    }, KNOWN)
    options = user_options.read(data, user_options.options_of(user))
    if options is not None:
        changes["extra"] = {**changes.get("extra", {}), "options": options}
    user = backend(request).users.update(user["id"], changes)
    return json_response({"user": user_view(request, user)})


async def delete_user(request: Request) -> Response:
    user = managed(request, _get, "identity:delete_user")
    backend(request).users.delete(user["id"])
    return empty_response(204)


async def change_password(request: Request) -> Response:
    """POST /v3/users/{user_id}/password: the user proves itself with `original_password`
    (Keystone needs no token here); every token of the user is revoked."""
    data = await entity(request, "user")
    original = field(data, "original_password", str, required=True)
    password = field(data, "password", str, required=True)
    if not backend(request).users.change_password(request.path_params["user_id"], original,
                                                  password):
        raise Unauthorized("Error when changing user password: Invalid user / password")
    return empty_response(204)


async def list_user_groups(request: Request) -> Response:
    """GET /v3/users/{user_id}/groups: the groups the user is a member of."""
    from .groups import group_view

    user_id = readable_user(request, "identity:list_groups_for_user")["id"]
    filters = {k: request.query_params[k] for k in ("name", "domain_id")
               if k in request.query_params}
    rows = backend(request).groups.of_user(user_id, filters)
    items = [dict(group_view(request, g), membership_expires_at=None) for g in rows]
    return json_response(collection(request, "groups", items))


ROUTES: RouteTable = (
    ("/v3/users", list_users, GET),
    ("/v3/users", create_user, POST),
    ("/v3/users/{user_id}", show_user, GET),
    ("/v3/users/{user_id}", update_user, PATCH),
    ("/v3/users/{user_id}", delete_user, DELETE),
    ("/v3/users/{user_id}/password", change_password, POST),
    ("/v3/users/{user_id}/groups", list_user_groups, GET),
)
