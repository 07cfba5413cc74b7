"""`/v2.1/os-aggregates` (admin): host aggregates, their hosts and metadata, and image
pre-caching on their hosts (`/images`, 2.81). Nova answers 200 where 201/204 would fit (create,
delete, actions) and shows `uuid` from 2.41."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import BadRequest, NotFound
from ..interfaces import Images
from ..policy import require_admin
from ..routing import DELETE, GET, POST, PUT, RouteTable
from ..service import empty_response, json_response, peers_of, read_json
from . import validation
from .http import backend, caller
from .versions import microversion

Row = dict[str, Any]

ZONE = {"type": ["string", "null"], "minLength": 1, "maxLength": 255,
        "pattern": r"^(?![\s])[^\x00-\x1f\x7f]*(?<![\s])$"}
METADATA_WITH_NULL = {"type": "object", "patternProperties": {
    r"^[a-zA-Z0-9-_:. ]{1,255}$": {"type": ["string", "null"], "maxLength": 255}},
    "additionalProperties": False}


def _admin(request: Request, rule: str) -> None:
    action = f"os_compute_api:os-aggregates:{rule}"
    require_admin(caller(request, action), action)


def _aggregate_id(request: Request) -> int:
    """The path's aggregate id: Nova wants an integer (400 otherwise)."""
    text = request.path_params["aggregate_id"]
    try:
        return int(text)
    except ValueError:
        raise BadRequest("Invalid input received: id must be an integer") from None


def _time(ts: float | None) -> str | None:
    return timestamps.iso_micro(ts) if ts is not None else None


def aggregate_view(request: Request, row: Row, full: bool = True) -> dict[str, Any]:
    """An aggregate as Nova marshals it (without hosts and metadata after a create)."""
    view: dict[str, Any] = {
        "availability_zone": row["availability_zone"],
        "created_at": _time(row["created_at"]),
        "deleted": False,
        "deleted_at": None,
        "id": row["id"],
        "name": row["name"],
        "updated_at": _time(row["updated_at"]),
    }
    if full:
        view["hosts"] = row["hosts"]
        view["metadata"] = row["metadata"]
    if microversion(request) >= (2, 41):
        view["uuid"] = row["uuid"]
    return view


async def list_aggregates(request: Request) -> Response:
    """GET /os-aggregates."""
    _admin(request, "index")
    rows = backend(request).aggregates.list()
    return json_response({"aggregates": [aggregate_view(request, r) for r in rows]})


async def create_aggregate(request: Request) -> Response:
    """POST /os-aggregates: 200 with the new aggregate (no hosts or metadata shown)."""
    _admin(request, "create")
    body = await read_json(request)
    data = validation.body_of(body, "aggregate", {
        "type": "object", "properties": {"name": validation.NAME, "availability_zone": ZONE},
        "required": ["name"], "additionalProperties": False})
    row = backend(request).aggregates.create(data["name"], data.get("availability_zone"))
    return json_response({"aggregate": aggregate_view(request, row, full=False)})


async def show_aggregate(request: Request) -> Response:
    """GET /os-aggregates/{id}."""
    _admin(request, "show")
    row = backend(request).aggregates.get(_aggregate_id(request))
    return json_response({"aggregate": aggregate_view(request, row)})


async def update_aggregate(request: Request) -> Response:
    """PUT /os-aggregates/{id}: name and/or availability zone."""
    _admin(request, "update")
    aggregate_id = _aggregate_id(request)
    body = await read_json(request)
    data = validation.body_of(body, "aggregate", {
        "type": "object", "properties": {"name": validation.NAME, "availability_zone": ZONE},
        "additionalProperties": False, "minProperties": 1})
    row = backend(request).aggregates.update(
        aggregate_id, data.get("name"), data.get("availability_zone") if
        "availability_zone" in data else ...)
    return json_response({"aggregate": aggregate_view(request, row)})


async def delete_aggregate(request: Request) -> Response:
    """DELETE /os-aggregates/{id}: 200 without a body; 400 while it holds hosts."""
    _admin(request, "delete")
    backend(request).aggregates.delete(_aggregate_id(request))
    return empty_response(200)


def _host_schema(action: str) -> dict[str, Any]:
    return {"type": "object", "properties": {action: {
        "type": "object", "properties": {"host": validation.HOSTNAME}, "required": ["host"],
        "additionalProperties": False}}, "required": [action], "additionalProperties": False}


async def aggregate_action(request: Request) -> Response:
    """POST /os-aggregates/{id}/action: add_host, remove_host or set_metadata."""
    body = await read_json(request)
    action = next(iter(body), None) if len(body) == 1 else None
    if action not in ("add_host", "remove_host", "set_metadata"):
        _admin(request, "index")
        raise BadRequest(f"There is no such action: {action}" if action else
                         "Invalid action request: exactly one action is expected.")
    _admin(request, action)
    aggregate_id = _aggregate_id(request)
    state = backend(request).aggregates
    if action == "set_metadata":
        validation.validate({"type": "object", "properties": {"set_metadata": {
            "type": "object", "properties": {"metadata": METADATA_WITH_NULL},
            "required": ["metadata"], "additionalProperties": False}},
            "additionalProperties": False}, body)
        row = state.set_metadata(aggregate_id, body["set_metadata"]["metadata"])
        return json_response({"aggregate": aggregate_view(request, row)})
    validation.validate(_host_schema(action), body)
    host = body[action]["host"]
    computes = {r["host"] for r in backend(request).services.list()
                if r["binary"] == "nova-compute"}
    if action == "add_host":
        state.get(aggregate_id)
        if host not in computes:
            raise NotFound(f"Compute host {host} could not be found.")
        row = state.add_host(aggregate_id, host)
    else:
        try:
            row = state.remove_host(aggregate_id, host)
        except NotFound:
            raise NotFound(f"Cannot remove host {host} in aggregate {aggregate_id}") from None
    return json_response({"aggregate": aggregate_view(request, row)})


async def cache_images(request: Request) -> Response:
    """POST /os-aggregates/{id}/images (2.81): ask the aggregate's hosts to cache images; 202.
    The images must exist (400 otherwise)."""
    if microversion(request) < (2, 81):
        raise NotFound("The resource could not be found.")
    ctx = caller(request, "compute:aggregates:images")
    require_admin(ctx, "compute:aggregates:images")
    aggregate_id = _aggregate_id(request)
    body = await read_json(request)
    validation.validate({"type": "object", "properties": {"cache": {
        "type": "array", "minItems": 1, "items": {
            "type": "object", "properties": {"id": validation.UUID}, "required": ["id"],
            "additionalProperties": False}}}, "required": ["cache"],
        "additionalProperties": False}, body)
    image_ids = [item["id"] for item in body["cache"]]
    if len(set(image_ids)) != len(image_ids):
        raise BadRequest("Duplicate images in request")
    backend(request).aggregates.get(aggregate_id)
    images = peers_of(request).need(Images)
    for image_id in image_ids:
        image = images.get_image(image_id)
        if image is None or not images.visible(image, ctx.project_id, ctx.is_admin):
            raise BadRequest(f"Image {image_id} could not be found.")
    return empty_response(202)

ROUTES: RouteTable = (
    ("/os-aggregates", list_aggregates, GET),
    ("/os-aggregates", create_aggregate, POST),
    ("/os-aggregates/{aggregate_id}", show_aggregate, GET),
    ("/os-aggregates/{aggregate_id}", update_aggregate, PUT),
    ("/os-aggregates/{aggregate_id}", delete_aggregate, DELETE),
    ("/os-aggregates/{aggregate_id}/action", aggregate_action, POST),
    ("/os-aggregates/{aggregate_id}/images", cache_images, POST),
)
