"""`/v3/users`: list, show, create, update, delete, change one's own password."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import Unauthorized
from ..policy import keystone_admin, keystone_admin_or_self
from ..service import authenticate, empty_response, json_response
from .backend import DEFAULT_DOMAIN_ID
from .http import backend, collection, entity, field, not_found, query_bool, self_link
from .passwords import check_secret


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
    return view


def _get(request: Request) -> dict[str, Any]:
    user_id = request.path_params["user_id"]
    user = backend(request).get_user(user_id)
    if user is None:
        raise not_found("user", user_id)
    return user


async def list_users(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:list_users")
    filters: dict[str, Any] = {k: request.query_params[k] for k in ("name", "domain_id")
                               if k in request.query_params}
    enabled = query_bool(request, "enabled")
    if enabled is not None:
        filters["enabled"] = enabled
    rows = backend(request).list_users(filters)
    return json_response(collection(request, "users", [user_view(request, u) for u in rows]))


async def show_user(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin_or_self(ctx, request.path_params["user_id"], "identity:get_user")
    return json_response({"user": user_view(request, _get(request))})


async def create_user(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:create_user")
    data = await entity(request, "user")
    default_project_id = field(data, "default_project_id", str, nullable=True)
    if default_project_id and backend(request).get_project(default_project_id) is None:
        raise not_found("project", default_project_id)
    user = backend(request).create_user(
        field(data, "name", str, required=True),
        field(data, "domain_id", str, default=None) or DEFAULT_DOMAIN_ID,
        password=field(data, "password", str, nullable=True),
        enabled=field(data, "enabled", bool, default=True),
        default_project_id=default_project_id,
        description=field(data, "description", str, nullable=True),
        email=field(data, "email", str, nullable=True),
    )
    return json_response({"user": user_view(request, user)}, status=201)


async def update_user(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:update_user")
    user = _get(request)
    data = await entity(request, "user")
    changes = {}
    for name, kind in (("name", str), ("enabled", bool), ("default_project_id", str),
                       ("description", str), ("email", str), ("password", str)):
        if name in data:
            changes[name] = field(data, name, kind, nullable=name != "name")
    user = backend(request).update_user(user["id"], changes)
    return json_response({"user": user_view(request, user)})


async def delete_user(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:delete_user")
    user = _get(request)
    backend(request).delete_user(user["id"])
    return empty_response(204)


async def change_password(request: Request) -> Response:
    """POST /v3/users/{user_id}/password: a user changes its own password."""
    ctx = authenticate(request)
    user = _get(request)
    keystone_admin_or_self(ctx, user["id"], "identity:change_password")
    data = await entity(request, "user")
    original = field(data, "original_password", str, required=True)
    password = field(data, "password", str, required=True)
    if not check_secret(original, user["password_hash"]):
        raise Unauthorized()
    backend(request).set_password(user["id"], password)
    return empty_response(204)
