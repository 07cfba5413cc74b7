"""`/v2.1/flavors`: list, detail, show (any project member); create, delete and extra specs
changes (admin only)."""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest, NotFound
from ..policy import Context, require_admin
from ..service import empty_response, json_response, read_json
from .http import backend, bool_param, caller, int_param, links, next_link, paginate
from .versions import microversion

SORT_KEYS = {
    "flavorid": "id", "id": "id", "name": "name", "memory_mb": "ram", "vcpus": "vcpus",
    "root_gb": "disk", "ephemeral_gb": "ephemeral", "swap": "swap",
    "rxtx_factor": "rxtx_factor", "is_public": "is_public", "disabled": "disabled",
    "created_at": "created_at", "description": "description",
}
SPEC_KEY = re.compile(r"^[a-zA-Z0-9-_:. ]{1,255}$")


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


def _get(request: Request) -> dict[str, Any]:
    flavor_id = request.path_params["flavor_id"]
    flavor = backend(request).get_flavor(flavor_id)
    if flavor is None:
        raise NotFound(f"Flavor {flavor_id} could not be found.")
    return flavor


def _is_public(request: Request, ctx: Context) -> bool | None:
    if not ctx.is_admin:
        return True
    value = request.query_params.get("is_public")
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
    rows = backend(request).list_flavors(
        is_public=_is_public(request, ctx), min_ram=int_param(request, "minRam"),
        min_disk=int_param(request, "minDisk"), sort_key=SORT_KEYS[sort_key],
        sort_dir=sort_dir)
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
    caller(request, "os_compute_api:flavors:show")
    return json_response({"flavor": flavor_view(request, _get(request))})


def _number(data: dict[str, Any], name: str, minimum: int, default: int | None = None) -> int:
    value = data.get(name, default)
    if value is None:
        raise BadRequest(f"Invalid input for field/attribute flavor. '{name}' is a required "
                         f"property")
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise BadRequest(f"Invalid input for field/attribute {name}. Value: {value!r}.")
    try:
        number = int(value)
    except ValueError:
        raise BadRequest(f"Invalid input for field/attribute {name}. Value: {value!r}. "
                         f"{value!r} does not match '^[0-9]+$'") from None
    if number < minimum:
        raise BadRequest(f"Invalid input for field/attribute {name}. Value: {value!r}. "
                         f"{value!r} is less than the minimum of {minimum}")
    return number


async def create_flavor(request: Request) -> Response:
    """POST /flavors (admin)."""
    ctx = caller(request, "os_compute_api:os-flavor-manage:create")
    require_admin(ctx, "os_compute_api:os-flavor-manage:create")
    body = await read_json(request)
    data = body.get("flavor")
    if not isinstance(data, dict):
        raise BadRequest("Invalid input for field/attribute flavor. 'flavor' is a required "
                         "property")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 255:
        raise BadRequest(f"Invalid input for field/attribute name. Value: {name!r}.")
    flavor_id = data.get("id")
    if flavor_id is not None and (not isinstance(flavor_id, str) or not flavor_id
                                  or len(flavor_id) > 255):
        raise BadRequest(f"Invalid input for field/attribute id. Value: {flavor_id!r}.")
    description = data.get("description")
    if description is not None and (microversion(request) < (2, 55)
                                    or not isinstance(description, str)):
        raise BadRequest("Invalid input for field/attribute description.")
    is_public = data.get("os-flavor-access:is_public", True)
    if not isinstance(is_public, bool):
        raise BadRequest(f"Invalid input for field/attribute os-flavor-access:is_public. "
                         f"Value: {is_public!r}.")
    rxtx = data.get("rxtx_factor", 1.0)
    if isinstance(rxtx, bool) or not isinstance(rxtx, (int, float)) or rxtx <= 0:
        raise BadRequest(f"Invalid input for field/attribute rxtx_factor. Value: {rxtx!r}.")
    flavor = backend(request).create_flavor({
        "id": flavor_id, "name": name, "ram": _number(data, "ram", 1),
        "vcpus": _number(data, "vcpus", 1), "disk": _number(data, "disk", 0),
        "ephemeral": _number(data, "OS-FLV-EXT-DATA:ephemeral", 0, default=0),
        "swap": _number(data, "swap", 0, default=0), "rxtx_factor": float(rxtx),
        "is_public": is_public, "description": description,
    })
    return json_response({"flavor": flavor_view(request, flavor)})


async def delete_flavor(request: Request) -> Response:
    """DELETE /flavors/{flavor_id} (admin): 202."""
    ctx = caller(request, "os_compute_api:os-flavor-manage:delete")
    require_admin(ctx, "os_compute_api:os-flavor-manage:delete")
    backend(request).delete_flavor(request.path_params["flavor_id"])
    return empty_response(202)


async def list_extra_specs(request: Request) -> Response:
    """GET /flavors/{flavor_id}/os-extra_specs."""
    caller(request, "os_compute_api:os-flavor-extra-specs:index")
    return json_response({"extra_specs": _get(request)["extra_specs"]})


async def create_extra_specs(request: Request) -> Response:
    """POST /flavors/{flavor_id}/os-extra_specs (admin): merge the given specs."""
    ctx = caller(request, "os_compute_api:os-flavor-extra-specs:create")
    require_admin(ctx, "os_compute_api:os-flavor-extra-specs:create")
    flavor = _get(request)
    body = await read_json(request)
    specs = body.get("extra_specs")
    if not isinstance(specs, dict) or not all(
            SPEC_KEY.match(k) and isinstance(v, str) and len(v) <= 255
            for k, v in specs.items()):
        raise BadRequest("Invalid input for field/attribute extra_specs.")
    merged = backend(request).set_extra_specs(flavor["id"], specs)
    return json_response({"extra_specs": {k: merged[k] for k in specs}})
