"""Volume types: list and show (public ones and those shared with the project), the default
type, admin create/update/delete, extra specs, and the access lists of private types."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest, NotFound
from ..policy import Context
from ..routing import DELETE, GET, POST, PUT, RouteTable
from ..service import empty_response, json_response
from . import http, qos_specs
from .common import DEFAULT_TYPE

#: Extra specs a non-admin may see (cinder.api.views.types.USER_VISIBLE_EXTRA_SPECS).
USER_VISIBLE_EXTRA_SPECS = ("RESKEY:availability_zones", "multiattach", "replication_enabled")


def view(ctx: Context, volume_type: dict[str, Any], answer: str = "show") -> dict[str, Any]:
    """Cinder's volume type view (extra specs trimmed for non-admins, QoS for admins). The
    `answer` to a create has no QoS id, the one to an update no access flag either."""
    specs = volume_type["extra_specs"]
    if not ctx.is_admin:
        specs = {k: v for k, v in specs.items() if k in USER_VISIBLE_EXTRA_SPECS}
    body = {"id": volume_type["id"], "name": volume_type["name"],
            "is_public": volume_type["is_public"],
            "description": volume_type["description"], "extra_specs": specs}
    if answer != "update":
        body["os-volume-type-access:is_public"] = volume_type["is_public"]
    if ctx.is_admin and answer == "show":
        body["qos_specs_id"] = volume_type.get("qos_specs_id")
    return body


def find(request: Request, ctx: Context, type_id: str) -> dict[str, Any]:
    """A type the caller may see (`default` names the default type)."""
    backend = http.backend(request)
    volume_type = backend.get_type(DEFAULT_TYPE if type_id == "default" else type_id)
    if volume_type is None or (type_id != "default" and volume_type["id"] != type_id) or \
            not backend.type_visible(volume_type, ctx.project_id, ctx.is_admin):
        raise NotFound(f"Volume type {type_id} could not be found.")
    return volume_type


async def list_types(request: Request) -> Response:
    """GET /v3/{project_id}/types[?is_public=true|false|none]."""
    ctx = http.caller(request)
    value = request.query_params.get("is_public")
    is_public: bool | None = True
    if value is not None:
        is_public = None if value.lower() == "none" else http.bool_value(value, "is_public")
    types = http.backend(request).list_types(ctx.project_id, ctx.is_admin, is_public)
    order = http.sort_param(request, {"id": "id", "name": "name", "created_at": "created_at",
                                      "is_public": "is_public",
                                      "description": "description"})
    for column, direction in reversed(order):
        types.sort(key=lambda t, c=column: (t[c] is None, str(t[c] or "")),
                   reverse=direction == "desc")
    qos = qos_specs.associated_with(request)
    return http.listing(request, ctx, "volume_types", "types", types,
                        lambda t: view(ctx, {**t, "qos_specs_id": qos.get(t["id"])}),
                        links_key="volume_type_links", counted=False)


async def show_type(request: Request) -> Response:
    """GET /v3/{project_id}/types/{type_id} (and /types/default)."""
    ctx = http.caller(request)
    volume_type = find(request, ctx, request.path_params["type_id"])
    volume_type["qos_specs_id"] = qos_specs.associated_with(request).get(volume_type["id"])
    return json_response({"volume_type": view(ctx, volume_type)})


def _is_public(value: Any) -> bool:
    return http.bool_value(value, "is_public")


async def create_type(request: Request) -> Response:
    """POST /v3/{project_id}/types (admin): 200 with the type."""
    ctx = http.caller(request)
    http.check_admin(ctx, "volume_extension:types_manage")
    body = await http.body_of(request, "volume_type")
    http.no_extra(body, ("name", "description", "os-volume-type-access:is_public",
                         "extra_specs"), "volume_type")
    if "name" not in body:
        raise http.invalid("volume_type", body, "'name' is a required property")
    name = http.string(body["name"], "name", nullable=False, min_length=1)
    description = http.string(body.get("description"), "description")
    is_public = _is_public(body.get("os-volume-type-access:is_public", True))
    specs = _specs(body.get("extra_specs") or {})
    volume_type = http.backend(request).create_type(name, description,  # type: ignore[arg-type]
                                                    is_public, specs)
    return json_response({"volume_type": view(ctx, volume_type, "create")})


async def update_type(request: Request) -> Response:
    """PUT /v3/{project_id}/types/{type_id} (admin): name, description, is_public."""
    ctx = http.caller(request)
    http.check_admin(ctx, "volume_extension:types_manage")
    body = await http.body_of(request, "volume_type")
    http.no_extra(body, ("name", "description", "is_public"), "volume_type")
    if not any(body.get(k) is not None for k in ("name", "description", "is_public")):
        raise BadRequest("Specify volume type name, description, is_public or a combination "
                         "thereof.")
    volume_type = find(request, ctx, request.path_params["type_id"])
    changes: dict[str, Any] = {}
    if body.get("name") is not None:
        changes["name"] = http.string(body["name"], "name", min_length=1)
        if volume_type["name"] == DEFAULT_TYPE and changes["name"] != DEFAULT_TYPE:
            raise BadRequest("The default volume type cannot be renamed.")
    if "description" in body:
        changes["description"] = http.string(body["description"], "description")
    if body.get("is_public") is not None:
        changes["is_public"] = _is_public(body["is_public"])
    volume_type = http.backend(request).update_type(volume_type["id"], changes)
    return json_response({"volume_type": view(ctx, volume_type, "update")})


async def delete_type(request: Request) -> Response:
    """DELETE /v3/{project_id}/types/{type_id} (admin): 202; 400 while volumes use it."""
    ctx = http.caller(request)
    http.check_admin(ctx, "volume_extension:types_manage")
    volume_type = find(request, ctx, request.path_params["type_id"])
    http.backend(request).delete_type(volume_type["id"])
    return empty_response(202)


# ------------------------------------------------------------------- extra specs
def _specs(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise http.invalid("extra_specs", value, f"{value!r} is not of type 'object'")
    for key, item in value.items():
        if not http.SPEC_KEY.match(key):
            raise http.invalid("extra_specs", value, f"Additional properties are not allowed "
                                                     f"({key!r} was unexpected)")
        if item is not None and not isinstance(item, str):
            raise http.invalid(f"extra_specs/{key}", item,
                               f"{item!r} is not of type 'string', 'null'")
        if isinstance(item, str) and len(item) > 255:
            raise http.invalid(f"extra_specs/{key}", item, f"{item!r} is too long")
    return {k: v for k, v in value.items()}


def _visible_specs(ctx: Context, specs: dict[str, str]) -> dict[str, str]:
    if ctx.is_admin:
        return specs
    return {k: v for k, v in specs.items() if k in USER_VISIBLE_EXTRA_SPECS}


async def list_extra_specs(request: Request) -> Response:
    """GET .../types/{type_id}/extra_specs."""
    ctx = http.caller(request)
    volume_type = find(request, ctx, request.path_params["type_id"])
    return json_response({"extra_specs": _visible_specs(ctx, volume_type["extra_specs"])})


async def create_extra_specs(request: Request) -> Response:
    """POST .../types/{type_id}/extra_specs (admin): merge; the given specs back."""
    ctx = http.caller(request)
    http.check_admin(ctx, "volume_extension:types_extra_specs:create")
    raw = await http.body_of(request)
    http.no_extra(raw, ("extra_specs",), "body")
    if "extra_specs" not in raw:
        raise BadRequest("Missing required element 'extra_specs' in request body.")
    specs = _specs(raw["extra_specs"])
    volume_type = find(request, ctx, request.path_params["type_id"])
    http.backend(request).set_extra_specs(volume_type["id"], specs)
    return json_response({"extra_specs": specs})


async def show_extra_spec(request: Request) -> Response:
    """GET .../types/{type_id}/extra_specs/{key}: `{key: value}`."""
    ctx = http.caller(request)
    volume_type = find(request, ctx, request.path_params["type_id"])
    key = request.path_params["key"]
    specs = _visible_specs(ctx, volume_type["extra_specs"])
    if key not in specs:
        raise NotFound(f"Volume Type {volume_type['id']} has no extra specs with key {key}.")
    return json_response({key: specs[key]})


async def update_extra_spec(request: Request) -> Response:
    """PUT .../types/{type_id}/extra_specs/{key} with `{key: value}` (admin)."""
    ctx = http.caller(request)
    http.check_admin(ctx, "volume_extension:types_extra_specs:update")
    raw = await http.body_of(request)
    key = request.path_params["key"]
    if len(raw) > 1:
        raise BadRequest("Request body contains too many items")
    if key not in raw:
        raise BadRequest("Request body and URI mismatch")
    specs = _specs(raw)
    volume_type = find(request, ctx, request.path_params["type_id"])
    http.backend(request).set_extra_specs(volume_type["id"], specs)
    return json_response(specs)


async def delete_extra_spec(request: Request) -> Response:
    """DELETE .../types/{type_id}/extra_specs/{key} (admin): 202."""
    ctx = http.caller(request)
    http.check_admin(ctx, "volume_extension:types_extra_specs:delete")
    volume_type = find(request, ctx, request.path_params["type_id"])
    key = request.path_params["key"]
    specs = dict(volume_type["extra_specs"])
    if key not in specs:
        raise NotFound(f"Volume Type {volume_type['id']} has no extra specs with key {key}.")
    del specs[key]
    http.backend(request).set_extra_specs(volume_type["id"], specs, replace=True)
    return empty_response(202)


# ------------------------------------------------------------------- access
async def list_type_access(request: Request) -> Response:
    """GET .../types/{type_id}/os-volume-type-access (admin)."""
    ctx = http.caller(request)
    http.check_admin(ctx, "volume_extension:volume_type_access")
    volume_type = find(request, ctx, request.path_params["type_id"])
    if volume_type["is_public"]:
        raise NotFound("Access list not available for public volume types.")
    projects = http.backend(request).type_access(volume_type["id"])
    return json_response({"volume_type_access": [
        {"volume_type_id": volume_type["id"], "project_id": p} for p in projects]})


async def type_action(request: Request) -> Response:
    """POST .../types/{type_id}/action: addProjectAccess / removeProjectAccess (admin)."""
    ctx = http.caller(request)
    body = await http.body_of(request)
    if len(body) != 1:
        raise BadRequest("Malformed request body")
    (name, args), = body.items()
    if name not in ("addProjectAccess", "removeProjectAccess"):
        raise BadRequest(f"There is no such action: {name}")
    action = "addProjectAccess" if name == "addProjectAccess" else "removeProjectAccess"
    http.check_admin(ctx, f"volume_extension:volume_type_access:{action}")
    if not isinstance(args, dict) or not isinstance(args.get("project"), str):
        raise BadRequest("Missing required element 'project' in request body.")
    volume_type = find(request, ctx, request.path_params["type_id"])
    if volume_type["is_public"]:
        raise BadRequest("Invalid volume type: Type access modification is not applicable to "
                         "public volume type.")
    backend = http.backend(request)
    if name == "addProjectAccess":
        backend.add_type_access(volume_type["id"], args["project"])
    else:
        backend.remove_type_access(volume_type["id"], args["project"])
    return empty_response(202)


ROUTES: RouteTable = (
    ("/types", list_types, GET),
    ("/types", create_type, POST),
    ("/types/{type_id}", show_type, GET),
    ("/types/{type_id}", update_type, PUT),
    ("/types/{type_id}", delete_type, DELETE),
    ("/types/{type_id}/action", type_action, POST),
    ("/types/{type_id}/extra_specs", list_extra_specs, GET),
    ("/types/{type_id}/extra_specs", create_extra_specs, POST),
    ("/types/{type_id}/extra_specs/{key}", show_extra_spec, GET),
    ("/types/{type_id}/extra_specs/{key}", update_extra_spec, PUT),
    ("/types/{type_id}/extra_specs/{key}", delete_extra_spec, DELETE),
    ("/types/{type_id}/os-volume-type-access", list_type_access, GET),
)
