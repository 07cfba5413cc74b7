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

from ..errors import BadRequest, Unauthorized
from ..policy import Context, is_domain_reader, is_system_reader, keystone_check
from ..service import authenticate, empty_response, json_response
from .backend import DEFAULT_DOMAIN_ID
from .http import (
    backend,
    collection,
    entity,
    extra_properties,
    field,
    id_field,
    name_field,
    not_found,
    query_bool,
    self_link,
    with_extra,
)
from .projects import can_manage_in

KNOWN = ("id", "name", "domain_id", "default_project_id", "enabled", "password",
         "description", "email", "options", "federated", "links", "password_expires_at")


def user_view(request: Request, user: dict[str, Any]) -> dict[str, Any]:
    view = {
        "id": user["id"],
        "name": user["name"],
        "domain_id": user["domain_id"],
        "enabled": bool(user["enabled"]),
        "password_expires_at": None,
        "options": {},
        "links": self_link(request, f"users/{user['id']}"),
    }
    for extra in ("default_project_id", "description", "email"):
        if user.get(extra) is not None:
            view[extra] = user[extra]
    return with_extra(view, user)


def _get(request: Request) -> dict[str, Any]:
    user_id = request.path_params["user_id"]
    user = backend(request).get_user(user_id)
    if user is None:
        raise not_found("user", user_id)
    return user


def can_read_user(ctx: Context, user: dict[str, Any] | None, user_id: str) -> bool:
    """Admin, system reader, the user itself, or a reader of the user's domain."""
    return (ctx.is_admin or is_system_reader(ctx) or ctx.user_id == user_id
            or (user is not None and is_domain_reader(ctx, user["domain_id"])))


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
    if not (ctx.is_admin or is_system_reader(ctx)):
        keystone_check(ctx.domain_id is not None and is_domain_reader(ctx, ctx.domain_id),
                       "identity:list_users")
        if filters.setdefault("domain_id", ctx.domain_id) != ctx.domain_id:
            return json_response(collection(request, "users", []))
    rows = backend(request).list_users(filters)
    return json_response(collection(request, "users", [user_view(request, u) for u in rows]))


async def show_user(request: Request) -> Response:
    ctx = authenticate(request)
    user_id = request.path_params["user_id"]
    user = backend(request).get_user(user_id)
    keystone_check(can_read_user(ctx, user, user_id), "identity:get_user")
    if user is None:
        raise not_found("user", user_id)
    return json_response({"user": user_view(request, user)})


def _default_project(request: Request, data: dict[str, Any]) -> str | None:
    default_project_id = id_field(data, "default_project_id")
    if default_project_id and backend(request).get_project(default_project_id) is None:
        raise not_found("project", default_project_id)
    return default_project_id


async def create_user(request: Request) -> Response:
    ctx = authenticate(request)
    data = await entity(request, "user")
    name = name_field(data)
    domain_id = id_field(data, "domain_id") or ctx.domain_id or DEFAULT_DOMAIN_ID
    keystone_check(can_manage_in(ctx, domain_id), "identity:create_user")
    field(data, "options", dict, nullable=True)
    user = backend(request).create_user(
        name, domain_id,
        password=field(data, "password", str, nullable=True),
        enabled=field(data, "enabled", bool, default=True),
        default_project_id=_default_project(request, data),
        description=field(data, "description", str, nullable=True),
        email=field(data, "email", str, nullable=True),
        extra=extra_properties(data, KNOWN),
    )
    return json_response({"user": user_view(request, user)}, status=201)


async def update_user(request: Request) -> Response:
    """PATCH /v3/users/{id}: a new password or disabling the user revokes its tokens."""
    ctx = authenticate(request)
    user = _get(request)
    keystone_check(can_manage_in(ctx, user["domain_id"]), "identity:update_user")
    data = await entity(request, "user")
    if "domain_id" in data and data["domain_id"] != user["domain_id"]:
        raise BadRequest("Update of `domain_id` is not allowed.")
    changes: dict[str, Any] = {}
    if "name" in data:
        changes["name"] = name_field(data)
    if "enabled" in data:
        changes["enabled"] = field(data, "enabled", bool)
    if "default_project_id" in data:
        changes["default_project_id"] = _default_project(request, data)
    for name in ("description", "email", "password"):
        if name in data:
            changes[name] = field(data, name, str, nullable=True)
    field(data, "options", dict, nullable=True)
    extra = extra_properties(data, KNOWN)
    if extra:
        changes["extra"] = extra
    user = backend(request).update_user(user["id"], changes)
    return json_response({"user": user_view(request, user)})


async def delete_user(request: Request) -> Response:
    ctx = authenticate(request)
    user = _get(request)
    keystone_check(can_manage_in(ctx, user["domain_id"]), "identity:delete_user")
    backend(request).delete_user(user["id"])
    return empty_response(204)


async def change_password(request: Request) -> Response:
    """POST /v3/users/{user_id}/password: the user proves itself with `original_password`
    (Keystone needs no token here); every token of the user is revoked."""
    data = await entity(request, "user")
    original = field(data, "original_password", str, required=True)
    password = field(data, "password", str, required=True)
    if not backend(request).change_password(request.path_params["user_id"], original,
                                            password):
        raise Unauthorized("Error when changing user password: Invalid user / password")
    return empty_response(204)


async def list_user_groups(request: Request) -> Response:
    """GET /v3/users/{user_id}/groups: the groups the user is a member of."""
    from .groups import group_view

    ctx = authenticate(request)
    user_id = request.path_params["user_id"]
    user = backend(request).get_user(user_id)
    keystone_check(can_read_user(ctx, user, user_id), "identity:list_groups_for_user")
    if user is None:
        raise not_found("user", user_id)
    filters = {k: request.query_params[k] for k in ("name", "domain_id")
               if k in request.query_params}
    rows = backend(request).user_groups(user_id, filters)
    items = [dict(group_view(request, g), membership_expires_at=None) for g in rows]
    return json_response(collection(request, "groups", items))
