"""Quota sets: show (own project, or any for admins; `?usage=true` for in-use counts),
defaults, update and reset (admin). The limits are enforced by the backend (413)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest, Forbidden
from ..policy import Context, is_system_reader
from ..routing import DELETE, GET, PUT, RouteTable
from ..service import empty_response, json_response
from . import http

MAX_INT = 2147483647


def _may_read(ctx: Context, project_id: str, action: str) -> None:
    if ctx.is_admin or is_system_reader(ctx) or ctx.project_id == project_id:
        return
    raise Forbidden(f"Policy doesn't allow {action} to be performed.")


def limit_value(key: str, value: Any) -> int:
    """A quota's new hard limit: an integer from -1 (unlimited) to 2**31 - 1."""
    try:
        if isinstance(value, (bool, float)):
            raise ValueError
        number = int(value)
    except (TypeError, ValueError):
        raise BadRequest(f"Invalid input received: {key} must be an integer.") from None
    if number < -1:
        raise BadRequest(f"Invalid input received: {key} must be >= -1")
    if number > MAX_INT:
        raise BadRequest(f"Invalid input received: {key} must be <= {MAX_INT}")
    return number


async def show_quotas(request: Request) -> Response:
    """GET /v3/{project_id}/os-quota-sets/{target}[?usage=true]."""
    ctx = http.caller(request)
    target = request.path_params["target"]
    _may_read(ctx, target, "volume_extension:quotas:show")
    backend = http.backend(request)
    limits = backend.quotas(target)
    body: dict[str, Any] = {"id": target}
    if http.bool_param(request, "usage"):
        used = backend.usage(target)
        for key, limit in limits.items():
            body[key] = {"limit": limit, "in_use": used.get(key, 0), "reserved": 0}
    else:
        body.update(limits)
    return json_response({"quota_set": body})


async def show_defaults(request: Request) -> Response:
    """GET /v3/{project_id}/os-quota-sets/{target}/defaults."""
    ctx = http.caller(request)
    target = request.path_params["target"]
    _may_read(ctx, target, "volume_extension:quotas:show")
    return json_response({"quota_set": dict({"id": target},
                                            **http.backend(request).default_quotas())})


async def update_quotas(request: Request) -> Response:
    """PUT /v3/{project_id}/os-quota-sets/{target} (admin): new hard limits."""
    ctx = http.caller(request)
    http.check_admin(ctx, "volume_extension:quotas:update")
    target = request.path_params["target"]
    body = await http.body_of(request, "quota_set")
    if not body:
        raise http.invalid("quota_set", body, "{} does not have enough properties")
    backend = http.backend(request)
    known = backend.quotas(target)
    bad = [k for k in body if k not in known and k not in ("tenant_id", "id")]
    if bad:
        raise BadRequest(f"Bad key(s) in quota set: {','.join(sorted(bad))}")
    used = backend.usage(target)
    changes: dict[str, int] = {}
    for key, value in body.items():
        if key in ("tenant_id", "id"):
            continue
        number = limit_value(key, value)
        if key != "per_volume_gigabytes" and number != -1 and number < used.get(key, 0):
            raise BadRequest(f"Invalid input received: Quota limit invalid for project "
                             f"'{target}' for resource '{key}': limit of {number} is less "
                             f"than in-use value of {used.get(key, 0)}")
        changes[key] = number
    return json_response({"quota_set": backend.set_quotas(target, changes)})


async def delete_quotas(request: Request) -> Response:
    """DELETE /v3/{project_id}/os-quota-sets/{target} (admin): back to the defaults."""
    ctx = http.caller(request)
    http.check_admin(ctx, "volume_extension:quotas:delete")
    http.backend(request).reset_quotas(request.path_params["target"])
    return empty_response(200)


ROUTES: RouteTable = (
    ("/os-quota-sets/{target}", show_quotas, GET),
    ("/os-quota-sets/{target}", update_quotas, PUT),
    ("/os-quota-sets/{target}", delete_quotas, DELETE),
    ("/os-quota-sets/{target}/defaults", show_defaults, GET),
)
