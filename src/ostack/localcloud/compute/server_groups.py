"""`/v2.1/os-server-groups` (+ `/{id}`): groups of servers with a placement policy
(affinity, anti-affinity, soft-affinity from 2.15, soft-anti-affinity), `policies` before
2.64 and `policy` + `rules` from 2.64. Servers join with the `group` scheduler hint; members
are tracked and the scheduler honours the policy. Quotas: server_groups and
server_group_members."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest, Forbidden, NotFound
from ..policy import Context
from ..routing import DELETE, GET, POST, RouteTable
from ..service import empty_response, json_response, read_json
from . import validation
from .http import backend, bool_param, caller, int_param
from .versions import Microversion, microversion

POLICIES = ["anti-affinity", "affinity"]
SOFT_POLICIES = ["soft-anti-affinity", "soft-affinity"]


def group_view(request: Request, group: dict[str, Any]) -> dict[str, Any]:
    mv = microversion(request)
    view: dict[str, Any] = {"id": group["id"], "name": group["name"],
                            "members": group["members"]}
    if mv >= (2, 64):
        view["policy"] = group["policy"]
        view["rules"] = group["rules"]
    else:
        view["policies"] = [group["policy"]]
        view["metadata"] = {}
    if mv >= (2, 13):
        view["project_id"] = group["project_id"]
        view["user_id"] = group["user_id"]
    return view


def _create_schema(mv: Microversion) -> dict[str, Any]:
    name = {"type": "string", "minLength": 1, "maxLength": 255,
            "pattern": r"^(?![\s])[^\x00-\x1f\x7f]*(?<![\s])$"}
    allowed = POLICIES + (SOFT_POLICIES if mv >= (2, 15) else [])
    if mv >= (2, 64):
        group = {"type": "object", "properties": {
            "name": name, "policy": {"type": "string", "enum": allowed},
            "rules": {"type": "object", "properties": {"max_server_per_host": {
                "type": ["integer", "string"], "pattern": "^[0-9]*$", "minimum": 1}},
                "additionalProperties": False}},
            "required": ["name", "policy"], "additionalProperties": False}
    else:
        group = {"type": "object", "properties": {
            "name": name, "policies": {"type": "array", "items": {
                "type": "string", "enum": allowed}, "minItems": 1, "maxItems": 1,
                "uniqueItems": True}},
            "required": ["name", "policies"], "additionalProperties": False}
    return {"type": "object", "properties": {"server_group": group},
            "required": ["server_group"], "additionalProperties": False}


def _find(request: Request, ctx: Context) -> dict[str, Any]:
    group_id = request.path_params["group_id"]
    group = backend(request).server_groups.get(group_id)
    if group is None or (group["project_id"] != ctx.project_id and not ctx.is_admin):
        raise NotFound(f"Instance group {group_id} could not be found.")
    return group


async def list_server_groups(request: Request) -> Response:
    """GET /os-server-groups (every project's with `all_projects`, for admins)."""
    ctx = caller(request, "os_compute_api:os-server-groups:index")
    all_projects = request.query_params.get("all_projects")
    everyone = all_projects is not None and (all_projects == "" or bool_param(
        all_projects, "all_projects"))
    if everyone and not ctx.is_admin:
        raise Forbidden("Policy doesn't allow os_compute_api:os-server-groups:index:"
                        "all_projects to be performed.")
    groups = backend(request).server_groups.list(None if everyone else ctx.project_id)
    offset = int_param(request, "offset") or 0
    limit = int_param(request, "limit", minimum=1)
    groups = groups[offset:] if limit is None else groups[offset:offset + limit]
    return json_response({"server_groups": [group_view(request, g) for g in groups]})


async def create_server_group(request: Request) -> Response:
    """POST /os-server-groups."""
    ctx = caller(request, "os_compute_api:os-server-groups:create")
    mv = microversion(request)
    body = await read_json(request)
    validation.validate(_create_schema(mv), body)
    data = body["server_group"]
    policy = data["policy"] if mv >= (2, 64) else data["policies"][0]
    rules = dict(data.get("rules") or {})
    if rules and policy != "anti-affinity":
        raise BadRequest("Only anti-affinity policy supports max_server_per_host rule")
    if "max_server_per_host" in rules:
        rules["max_server_per_host"] = int(rules["max_server_per_host"])
    group = backend(request).server_groups.create(ctx.project_id or "", ctx.user_id,
                                                 data["name"], policy, rules)
    return json_response({"server_group": group_view(request, group)})


async def show_server_group(request: Request) -> Response:
    """GET /os-server-groups/{id}."""
    ctx = caller(request, "os_compute_api:os-server-groups:show")
    return json_response({"server_group": group_view(request, _find(request, ctx))})


async def delete_server_group(request: Request) -> Response:
    """DELETE /os-server-groups/{id}: 204."""
    ctx = caller(request, "os_compute_api:os-server-groups:delete")
    group = _find(request, ctx)
    backend(request).server_groups.delete(group["id"])
    return empty_response(204)

ROUTES: RouteTable = (
    ("/os-server-groups", list_server_groups, GET),
    ("/os-server-groups", create_server_group, POST),
    ("/os-server-groups/{group_id}", show_server_group, GET),
    ("/os-server-groups/{group_id}", delete_server_group, DELETE),
)
