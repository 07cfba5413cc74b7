"""`/v2.1/flavors`: list, detail, show (public flavors, and private ones to the projects with
access); create, update (2.55), delete, extra specs and access lists (admin only)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest, Conflict, MethodNotAllowed, NotFound
from ..policy import Context, require_admin
from ..routing import DELETE, GET, POST, PUT, RouteTable
from ..service import empty_response, json_response, read_json
from . import validation
from .http import backend, bool_param, caller, int_param, links, next_link, paginate
from .versions import Microversion, microversion

SORT_KEYS = {
    "flavorid": "id", "id": "id", "name": "name", "memory_mb": "ram", "vcpus": "vcpus",
    "root_gb": "disk", "ephemeral_gb": "ephemeral", "swap": "swap",
    "rxtx_factor": "rxtx_factor", "is_public": "is_public", "disabled": "disabled",
    "created_at": "created_at", "description": "description",
}


def flavor_view(request: Request, flavor: dict[str, Any], detail: bool = True) -> dict[str, Any]:
    """A flavor as Nova shows it at the request's microversion."""
    mv = microversion(request)
    view: dict[str, Any] = {"id": flavor["id"], "name": flavor["name"],
                            "links": links(request, "flavors", flavor["id"])}
    if mv >= (2, 55):
        view["description"] = flavor["description"]
    if not detail:
        return view
    swap = flavor["swap"]
    view.update({
        "ram": flavor["ram"],
        "vcpus": flavor["vcpus"],
        "disk": flavor["disk"],
        "OS-FLV-EXT-DATA:ephemeral": flavor["ephemeral"],
        "OS-FLV-DISABLED:disabled": bool(flavor["disabled"]),
        "os-flavor-access:is_public": bool(flavor["is_public"]),
        "swap": swap if (swap or mv >= (2, 75)) else "",
        "rxtx_factor": flavor["rxtx_factor"],
    })
    if mv >= (2, 61):
        view["extra_specs"] = flavor["extra_specs"]
    return view


def _get(request: Request, ctx: Context | None = None) -> dict[str, Any]:
    """The flavor of the path; 404 when missing or private to other projects."""
    flavor_id = request.path_params["flavor_id"]
    flavor = backend(request).flavors.get(flavor_id)
    if flavor is None or (ctx is not None and not backend(request).flavors.visible(
            flavor, ctx.project_id, ctx.is_admin)):
        raise NotFound(f"Flavor {flavor_id} could not be found.")
    return flavor


def _is_public(request: Request, ctx: Context) -> bool | None:
    value = request.query_params.get("is_public")
    if not ctx.is_admin:
        return True
    if value is None:
        return True
    if value.strip().lower() == "none":
        return None
    return bool_param(value, "is_public")


def _listing(request: Request, detail: bool) -> Response:
    ctx = caller(request, "os_compute_api:flavors:index")
    sort_key = request.query_params.get("sort_key", "flavorid")
    sort_dir = request.query_params.get("sort_dir", "asc")
    if sort_key not in SORT_KEYS:
        raise BadRequest(f"Invalid input for query parameters sort_key. Value: {sort_key}.")
    if sort_dir not in ("asc", "desc"):
        raise BadRequest(f"Invalid input for query parameters sort_dir. Value: {sort_dir}.")
    is_public = _is_public(request, ctx)
    rows = backend(request).flavors.list(
        is_public=is_public, min_ram=int_param(request, "minRam"),
        min_disk=int_param(request, "minDisk"), sort_key=SORT_KEYS[sort_key],
        sort_dir=sort_dir, project_id=ctx.project_id if is_public else None)
    page, next_marker = paginate(request, rows)
    body: dict[str, Any] = {"flavors": [flavor_view(request, f, detail) for f in page]}
    if next_marker is not None:
        body["flavors_links"] = next_link(request, "flavors/detail" if detail else "flavors",
                                          next_marker)
    return json_response(body)


async def list_flavors(request: Request) -> Response:
    """GET /flavors."""
    return _listing(request, detail=False)


async def list_flavors_detail(request: Request) -> Response:
    """GET /flavors/detail."""
    return _listing(request, detail=True)


async def show_flavor(request: Request) -> Response:
    """GET /flavors/{flavor_id}."""
    ctx = caller(request, "os_compute_api:flavors:show")
    return json_response({"flavor": flavor_view(request, _get(request, ctx))})


def _create_schema(mv: Microversion) -> dict[str, Any]:
    number = {"type": ["integer", "string"], "pattern": "^[0-9]+$", "maximum": 2147483647}
    flavor: dict[str, Any] = {
        "name": {"type": "string", "minLength": 1, "maxLength": 255,
                 "pattern": r"^(?!\s*$).+"},
        "id": {"type": ["string", "number", "null"], "minLength": 1, "maxLength": 255,
               "pattern": r"^(?! )[a-zA-Z0-9. _-]+(?<! )$"},
        "ram": dict(number, minimum=1), "vcpus": dict(number, minimum=1),
        "disk": dict(number, minimum=0),
        "OS-FLV-EXT-DATA:ephemeral": dict(number, minimum=0),
        "swap": dict(number, minimum=0),
        "rxtx_factor": {"type": ["number", "string"], "pattern": r"^[0-9]+(\.[0-9]+)?$",
                        "minimum": 0, "maximum": 3.40282e38},
        "os-flavor-access:is_public": validation.BOOLEAN,
    }
    if mv >= (2, 55):
        flavor["description"] = validation.DESCRIPTION
    return {"type": "object", "properties": {"flavor": {
        "type": "object", "properties": flavor, "required": ["name", "ram", "vcpus", "disk"],
        "additionalProperties": False}}, "required": ["flavor"],
        "additionalProperties": False}


async def create_flavor(request: Request) -> Response:
    """POST /flavors (admin)."""
    ctx = caller(request, "os_compute_api:os-flavor-manage:create")
    require_admin(ctx, "os_compute_api:os-flavor-manage:create")
    body = await read_json(request)
    validation.validate(_create_schema(microversion(request)), body)
    data = body["flavor"]
    rxtx = float(data.get("rxtx_factor", 1.0))
    if rxtx <= 0:
        raise BadRequest(f"Invalid input for field/attribute rxtx_factor. Value: {rxtx}. "
                         f"{rxtx} is less than or equal to the minimum of 0")
    flavor_id = data.get("id")
    flavor = backend(request).flavors.create({
        "id": str(flavor_id) if flavor_id is not None else None, "name": data["name"].strip(),
        "ram": int(data["ram"]), "vcpus": int(data["vcpus"]), "disk": int(data["disk"]),
        "ephemeral": int(data.get("OS-FLV-EXT-DATA:ephemeral", 0)),
        "swap": int(data.get("swap", 0)), "rxtx_factor": rxtx,
        "is_public": validation.as_bool(data.get("os-flavor-access:is_public", True)),
        "description": data.get("description"),
    })
    return json_response({"flavor": flavor_view(request, flavor)})


async def update_flavor(request: Request) -> Response:
    """PUT /flavors/{flavor_id} (admin, 2.55): the description."""
    if microversion(request) < (2, 55):
        raise MethodNotAllowed("The method is not allowed for the requested URL.")
    ctx = caller(request, "os_compute_api:os-flavor-manage:update")
    require_admin(ctx, "os_compute_api:os-flavor-manage:update")
    flavor = _get(request)
    body = await read_json(request)
    data = validation.body_of(body, "flavor", {
        "type": "object", "properties": {"description": validation.DESCRIPTION},
        "required": ["description"], "additionalProperties": False})
    flavor = backend(request).flavors.update_description(flavor["id"], data["description"])
    return json_response({"flavor": flavor_view(request, flavor)})


async def delete_flavor(request: Request) -> Response:
    """DELETE /flavors/{flavor_id} (admin): 202."""
    ctx = caller(request, "os_compute_api:os-flavor-manage:delete")
    require_admin(ctx, "os_compute_api:os-flavor-manage:delete")
    backend(request).flavors.delete(request.path_params["flavor_id"])
    return empty_response(202)


# ------------------------------------------------------------------- extra specs
SPECS = {"type": "object", "patternProperties": {
    r"^[a-zA-Z0-9-_:. ]{1,255}$": {"type": ["string", "number", "boolean"],
                                   "minLength": 0, "maxLength": 255}},
    "additionalProperties": False}


def _spec_values(specs: dict[str, Any]) -> dict[str, str]:
    return {k: (str(v).lower() if isinstance(v, bool) else str(v)) for k, v in specs.items()}


async def list_extra_specs(request: Request) -> Response:
    """GET /flavors/{flavor_id}/os-extra_specs."""
    ctx = caller(request, "os_compute_api:os-flavor-extra-specs:index")
    return json_response({"extra_specs": _get(request, ctx)["extra_specs"]})


async def create_extra_specs(request: Request) -> Response:
    """POST /flavors/{flavor_id}/os-extra_specs (admin): merge the given specs."""
    ctx = caller(request, "os_compute_api:os-flavor-extra-specs:create")
    require_admin(ctx, "os_compute_api:os-flavor-extra-specs:create")
    flavor = _get(request)
    body = await read_json(request)
    specs = _spec_values(validation.body_of(body, "extra_specs", SPECS))
    backend(request).flavors.set_extra_specs(flavor["id"], specs)
    return json_response({"extra_specs": specs})


async def show_extra_spec(request: Request) -> Response:
    """GET /flavors/{flavor_id}/os-extra_specs/{key}."""
    ctx = caller(request, "os_compute_api:os-flavor-extra-specs:show")
    flavor = _get(request, ctx)
    key = request.path_params["key"]
    if key not in flavor["extra_specs"]:
        raise NotFound(f"Flavor {flavor['id']} has no extra specs with key {key}.")
    return json_response({key: flavor["extra_specs"][key]})


async def update_extra_spec(request: Request) -> Response:
    """PUT /flavors/{flavor_id}/os-extra_specs/{key} (admin): one spec, named in the body."""
    ctx = caller(request, "os_compute_api:os-flavor-extra-specs:update")
    require_admin(ctx, "os_compute_api:os-flavor-extra-specs:update")
    flavor = _get(request)
    key = request.path_params["key"]
    body = await read_json(request)
    validation.validate(dict(SPECS, minProperties=1), body)
    if len(body) > 1:
        raise BadRequest("Request body contains too many items")
    if key not in body:
        raise BadRequest("Request body and URI mismatch")
    specs = _spec_values(body)
    backend(request).flavors.set_extra_specs(flavor["id"], specs)
    return json_response(specs)


async def delete_extra_spec(request: Request) -> Response:
    """DELETE /flavors/{flavor_id}/os-extra_specs/{key} (admin)."""
    ctx = caller(request, "os_compute_api:os-flavor-extra-specs:delete")
    require_admin(ctx, "os_compute_api:os-flavor-extra-specs:delete")
    flavor = _get(request)
    backend(request).flavors.delete_extra_spec(flavor["id"], request.path_params["key"])
    return empty_response(200)  # Nova answers 200 (no body) here


# ------------------------------------------------------------------- access lists
def _access_view(flavor_id: str, projects: list[str]) -> dict[str, Any]:
    return {"flavor_access": [{"flavor_id": flavor_id, "tenant_id": p} for p in projects]}


async def list_flavor_access(request: Request) -> Response:
    """GET /flavors/{flavor_id}/os-flavor-access (admin): the projects of a private flavor."""
    ctx = caller(request, "os_compute_api:os-flavor-access")
    require_admin(ctx, "os_compute_api:os-flavor-access")
    flavor = _get(request)
    if flavor["is_public"]:
        raise NotFound("Access list not available for public flavors.")
    return json_response(_access_view(flavor["id"], backend(request).flavors.access(
        flavor["id"])))


async def flavor_action(request: Request) -> Response:
    """POST /flavors/{flavor_id}/action (admin): addTenantAccess, removeTenantAccess."""
    ctx = caller(request, "os_compute_api:os-flavor-access")
    body = await read_json(request)
    if len(body) != 1 or next(iter(body)) not in ("addTenantAccess", "removeTenantAccess"):
        raise BadRequest(f"There is no such action: {', '.join(body) or 'none'}")
    action = next(iter(body))
    require_admin(ctx, f"os_compute_api:os-flavor-access:{'add' if action[0] == 'a' else 'remove'}"
                       f"_tenant_access")
    flavor = _get(request)
    args = validation.body_of(body, action, {
        "type": "object", "properties": {"tenant": {"type": "string", "minLength": 1,
                                                    "maxLength": 255}},
        "required": ["tenant"], "additionalProperties": False})
    compute = backend(request)
    if action == "addTenantAccess":
        if flavor["is_public"] and microversion(request) >= (2, 7):
            raise Conflict("Can not add access to a public flavor.")
        compute.flavors.add_access(flavor["id"], args["tenant"])
    else:
        compute.flavors.remove_access(flavor["id"], args["tenant"])
    return json_response(_access_view(flavor["id"], compute.flavors.access(flavor["id"])))

ROUTES: RouteTable = (
    ("/flavors", list_flavors, GET),
    ("/flavors", create_flavor, POST),
    ("/flavors/detail", list_flavors_detail, GET),
    ("/flavors/{flavor_id}", show_flavor, GET),
    ("/flavors/{flavor_id}", update_flavor, PUT),
    ("/flavors/{flavor_id}", delete_flavor, DELETE),
    ("/flavors/{flavor_id}/action", flavor_action, POST),
    ("/flavors/{flavor_id}/os-flavor-access", list_flavor_access, GET),
    ("/flavors/{flavor_id}/os-extra_specs", list_extra_specs, GET),
    ("/flavors/{flavor_id}/os-extra_specs", create_extra_specs, POST),
    ("/flavors/{flavor_id}/os-extra_specs/{key}", show_extra_spec, GET),
    ("/flavors/{flavor_id}/os-extra_specs/{key}", update_extra_spec, PUT),
    ("/flavors/{flavor_id}/os-extra_specs/{key}", delete_extra_spec, DELETE),
)
