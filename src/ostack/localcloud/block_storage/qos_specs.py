"""QoS specs (admin): `/qos-specs` create, list, show, set and delete keys, delete, and their
association with volume types (`associate`, `disassociate`, `disassociate_all`,
`associations`). A type's `qos_specs_id` names the specs associated with it. The local cloud
keeps the specs; it does not throttle anything."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import ApiError, BadRequest, NotFound
from ..routing import DELETE, GET, POST, PUT, RouteTable
from ..service import empty_response, json_response
from . import http

KIND = "qos_specs"
CONSUMERS = ("front-end", "back-end", "both")


def _admin(request: Request, action: str) -> Any:
    ctx = http.caller(request)
    http.check_admin(ctx, f"volume_extension:qos_specs_manage:{action}")
    return ctx


def view(spec: dict[str, Any]) -> dict[str, Any]:
    return {"id": spec["id"], "name": spec["name"], "consumer": spec["consumer"],
            "specs": spec["specs"]}


def _links(request: Request, ctx: Any, spec_id: str) -> list[dict[str, str]]:
    return http.links(request, ctx, "qos-specs", spec_id)


def _find(request: Request) -> dict[str, Any]:
    spec_id = request.path_params["qos_id"]
    spec = http.backend(request).records.get(KIND, spec_id)
    if spec is None:
        raise NotFound(f"QoS Specs {spec_id} could not be found.")
    return spec


def associated_with(request: Request) -> dict[str, str]:
    """{volume type id: the QoS specs id associated with it}."""
    return {type_id: spec["id"] for spec in http.backend(request).records.list(KIND)
            for type_id in spec.get("types", [])}


def _spec_values(values: Any) -> dict[str, str]:
    if not isinstance(values, dict):
        raise BadRequest("Invalid input received: qos_specs must be an object.")
    for key, value in values.items():
        if not isinstance(key, str) or not key or not isinstance(value, str | int | float):
            raise BadRequest(f"Invalid input received: Invalid QoS specs key or value "
                             f"{key!r}.")
    return {key: str(value) for key, value in values.items()}


async def create_qos(request: Request) -> Response:
    """POST /qos-specs: `{"qos_specs": {"name", "consumer"?, <key>: <value> ...}}`."""
    ctx = _admin(request, "create")
    body = await http.body_of(request, "qos_specs")
    name = body.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 255:
        raise BadRequest("Invalid input received: Please specify a name for QoS specs.")
    consumer = body.get("consumer", "back-end")
    if consumer not in CONSUMERS:
        raise BadRequest(f"Invalid input received: Valid consumer of QoS specs are: "
                         f"{list(CONSUMERS)}")
    records = http.backend(request).records
    if any(s["name"] == name for s in records.list(KIND)):
        raise ApiError(f"QoS Specs {name} already exists.", status=409)
    specs = _spec_values({k: v for k, v in body.items() if k not in ("name", "consumer")})
    spec = records.create(KIND, {"name": name, "consumer": consumer, "specs": specs,
                                 "types": []})
    return json_response({"qos_specs": view(spec), "links": _links(request, ctx, spec["id"])})


async def list_qos(request: Request) -> Response:
    _admin(request, "get_all")
    return json_response({"qos_specs": [view(s) for s in
                                        http.backend(request).records.list(KIND)]})


async def show_qos(request: Request) -> Response:
    ctx = _admin(request, "get")
    spec = _find(request)
    return json_response({"qos_specs": view(spec), "links": _links(request, ctx, spec["id"])})


async def set_keys(request: Request) -> Response:
    """PUT /qos-specs/{id}: add or change keys; answers the keys set."""
    _admin(request, "update")
    spec = _find(request)
    values = _spec_values(await http.body_of(request, "qos_specs"))
    spec["specs"].update(values)
    http.backend(request).records.save(KIND, spec)
    return json_response({"qos_specs": values})


async def delete_keys(request: Request) -> Response:
    """PUT /qos-specs/{id}/delete_keys: `{"keys": [...]}`; 404 for a key not there."""
    _admin(request, "delete_keys")
    spec = _find(request)
    body = await http.body_of(request)
    keys = body.get("keys") if isinstance(body, dict) else None
    if not isinstance(keys, list):
        raise BadRequest("Invalid input received: keys must be a list.")
    for key in keys:
        if key not in spec["specs"]:
            raise NotFound(f"QoS spec {key} could not be found.")
    for key in keys:
        del spec["specs"][key]
    http.backend(request).records.save(KIND, spec)
    return empty_response(202)


async def delete_qos(request: Request) -> Response:
    """DELETE /qos-specs/{id}[?force=true]: 400 while associated, unless forced."""
    _admin(request, "delete")
    spec = _find(request)
    if spec["types"] and not http.bool_param(request, "force"):
        raise BadRequest(f"QoS Specs {spec['id']} is still associated with entities.")
    http.backend(request).records.delete(KIND, spec["id"])
    return empty_response(202)


async def list_associations(request: Request) -> Response:
    _admin(request, "get")
    spec = _find(request)
    backend = http.backend(request)
    found = []
    for type_id in spec["types"]:
        volume_type = backend.get_type(type_id)
        if volume_type is not None:
            found.append({"association_type": "volume_type", "id": type_id,
                          "name": volume_type["name"]})
    return json_response({"qos_associations": found})


def _type_id(request: Request) -> str:
    type_id = request.query_params.get("vol_type_id")
    if not type_id:
        raise BadRequest("Invalid input received: Volume Type id must not be None.")
    volume_type = http.backend(request).get_type(type_id)
    if volume_type is None or volume_type["id"] != type_id:
        raise NotFound(f"Volume type {type_id} could not be found.")
    return type_id


async def associate(request: Request) -> Response:
    """GET /qos-specs/{id}/associate?vol_type_id=: a type has one QoS specs at most."""
    _admin(request, "associate")
    spec = _find(request)
    type_id = _type_id(request)
    current = associated_with(request).get(type_id)
    if current is not None and current != spec["id"]:
        raise BadRequest(f"Type {type_id} is already associated with another qos specs: "
                         f"{current}")
    if type_id not in spec["types"]:
        spec["types"].append(type_id)
        http.backend(request).records.save(KIND, spec)
    return empty_response(202)


async def disassociate(request: Request) -> Response:
    _admin(request, "disassociate")
    spec = _find(request)
    type_id = _type_id(request)
    spec["types"] = [t for t in spec["types"] if t != type_id]
    http.backend(request).records.save(KIND, spec)
    return empty_response(202)


async def disassociate_all(request: Request) -> Response:
    _admin(request, "disassociate_all")
    spec = _find(request)
    spec["types"] = []
    http.backend(request).records.save(KIND, spec)
    return empty_response(202)


ROUTES: RouteTable = (
    ("/qos-specs", list_qos, GET),
    ("/qos-specs", create_qos, POST),
    ("/qos-specs/{qos_id}", show_qos, GET),
    ("/qos-specs/{qos_id}", set_keys, PUT),
    ("/qos-specs/{qos_id}", delete_qos, DELETE),
    ("/qos-specs/{qos_id}/delete_keys", delete_keys, PUT),
    ("/qos-specs/{qos_id}/associations", list_associations, GET),
    ("/qos-specs/{qos_id}/associate", associate, GET),
    ("/qos-specs/{qos_id}/disassociate", disassociate, GET),
    ("/qos-specs/{qos_id}/disassociate_all", disassociate_all, GET),
)
