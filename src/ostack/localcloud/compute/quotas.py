"""`/v2.1/os-quota-sets/{project_id}` (+ `/defaults`, `/detail`): show, update and delete
(admins) a project's compute quotas. The limits are enforced where Nova enforces them
(server create and resize, keypairs, server groups and their members, metadata items)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest, Forbidden
from ..policy import Context, require_admin
from ..routing import DELETE, GET, PUT, RouteTable
from ..service import empty_response, json_response, read_json
from . import validation
from .http import backend, caller
from .versions import Microversion, microversion

# Network quotas Nova showed before 2.36 (proxied to neutron, not enforced here).
LEGACY_NETWORK = {"fixed_ips": -1, "floating_ips": 10, "security_group_rules": 20,
                  "security_groups": 10}
INJECTED = ("injected_file_content_bytes", "injected_file_path_bytes", "injected_files")
BASE = ("cores", "instances", "key_pairs", "metadata_items", "ram", "server_group_members",
        "server_groups")


def resources(mv: Microversion) -> list[str]:
    """The quota names a quota set has at `mv`."""
    names = list(BASE)
    if mv < (2, 57):
        names += INJECTED
    if mv < (2, 36):
        names += list(LEGACY_NETWORK)
    return sorted(names)


def _limits(request: Request, project_id: str, defaults: bool = False) -> dict[str, int]:
    compute = backend(request)
    limits = compute.quota_classes.get() if defaults else compute.quotas.limits(project_id)
    limits.update({k: v for k, v in LEGACY_NETWORK.items() if k not in limits})
    return {name: limits[name] for name in resources(microversion(request))}


def _project(request: Request, rule: str) -> tuple[Context, str]:
    ctx = caller(request, f"os_compute_api:os-quota-sets:{rule}")
    project_id = request.path_params["project_id"]
    if project_id != ctx.project_id and not ctx.is_admin:
        raise Forbidden(f"Policy doesn't allow os_compute_api:os-quota-sets:{rule} to be "
                        f"performed.")
    return ctx, project_id


def in_use(request: Request, ctx: Context, project_id: str) -> dict[str, int]:
    compute = backend(request)
    used = compute.usage(project_id)
    used["server_groups"] = compute.server_groups.count(project_id)
    used["key_pairs"] = compute.keypairs.count(ctx.user_id)
    return used


async def show_quotas(request: Request) -> Response:
    """GET /os-quota-sets/{project_id}."""
    _, project_id = _project(request, "show")
    return json_response({"quota_set": {"id": project_id, **_limits(request, project_id)}})


async def show_defaults(request: Request) -> Response:
    """GET /os-quota-sets/{project_id}/defaults (Nova's default policy: any user)."""
    caller(request, "os_compute_api:os-quota-sets:defaults")
    project_id = request.path_params["project_id"]
    return json_response({"quota_set": {"id": project_id,
                                        **_limits(request, project_id, defaults=True)}})


async def show_detail(request: Request) -> Response:
    """GET /os-quota-sets/{project_id}/detail: limit, in_use and reserved of each quota."""
    ctx, project_id = _project(request, "detail")
    used = in_use(request, ctx, project_id)
    detail: dict[str, Any] = {"id": project_id}
    for name, limit in _limits(request, project_id).items():
        detail[name] = {"limit": limit, "in_use": used.get(name, 0), "reserved": 0}
    return json_response({"quota_set": detail})


async def update_quotas(request: Request) -> Response:
    """PUT /os-quota-sets/{project_id} (admin): new limits (-1: unlimited); a limit under
    what is already used is refused unless `force`."""
    ctx, project_id = _project(request, "update")
    require_admin(ctx, "os_compute_api:os-quota-sets:update")
    mv = microversion(request)
    body = await read_json(request)
    value = {"type": ["integer", "string"], "pattern": "^-?[0-9]+$", "minimum": -1,
             "maximum": 2147483647}
    properties: dict[str, Any] = {name: value for name in resources(mv)}
    properties["force"] = validation.BOOLEAN
    if mv < (2, 36):
        properties["networks"] = value
    data = validation.body_of(body, "quota_set", {
        "type": "object", "properties": properties, "additionalProperties": False})
    force = validation.as_bool(data.get("force", False))
    changes = {k: int(v) for k, v in data.items() if k not in ("force", "networks")}
    for name in changes:
        if int(changes[name]) < -1:
            raise BadRequest(f"Quota limit {changes[name]} for {name} must be -1 or greater.")
    if not force:
        used = in_use(request, ctx, project_id)
        for name, limit in changes.items():
            if limit >= 0 and used.get(name, 0) > limit:
                raise BadRequest(f"Quota limit {limit} for {name} must be greater than or "
                                 f"equal to already used and reserved {used[name]}.")
    compute_changes = {k: v for k, v in changes.items() if k not in LEGACY_NETWORK}
    backend(request).quotas.set(project_id, compute_changes)
    return json_response({"quota_set": _limits(request, project_id)})


async def delete_quotas(request: Request) -> Response:
    """DELETE /os-quota-sets/{project_id} (admin): back to the defaults; 202."""
    ctx, project_id = _project(request, "delete")
    require_admin(ctx, "os_compute_api:os-quota-sets:delete")
    backend(request).quotas.delete(project_id)
    return empty_response(202)

ROUTES: RouteTable = (
    ("/os-quota-sets/{project_id}", show_quotas, GET),
    ("/os-quota-sets/{project_id}", update_quotas, PUT),
    ("/os-quota-sets/{project_id}", delete_quotas, DELETE),
    ("/os-quota-sets/{project_id}/defaults", show_defaults, GET),
    ("/os-quota-sets/{project_id}/detail", show_detail, GET),
)
