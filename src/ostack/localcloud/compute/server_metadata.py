"""`/v2.1/servers/{id}/metadata` (+ `/{key}`): list, merge, replace, show, set, delete a
server's metadata; the metadata_items quota is enforced (403), as are the lock and the
server's state (409)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest, Conflict, Forbidden, NotFound
from ..policy import Context
from ..routing import DELETE, GET, POST, PUT, RouteTable
from ..service import empty_response, json_response, read_json
from . import states, validation
from .http import backend, caller
from .server_views import find_server

UPDATABLE = (states.ACTIVE, states.PAUSED_VM, states.SUSPENDED_VM, states.STOPPED)


def metadata_limit_message(limit: int) -> str:
    """Nova's MetadataLimitExceeded message (answered with 403)."""
    return f"Maximum number of metadata items exceeds {limit}"


def _server(request: Request, write: bool) -> tuple[Context, dict[str, Any]]:
    ctx = caller(request, "os_compute_api:server-metadata:" + ("update" if write else "index"))
    row = find_server(request, ctx, request.path_params["server_id"])
    if write:
        if row["locked"] and not ctx.is_admin:
            raise Conflict(f"Instance {row['id']} is locked")
        if row["vm_state"] not in UPDATABLE or row["task_state"] is not None:
            attr, value = (("vm_state", row["vm_state"]) if row["vm_state"] not in UPDATABLE
                           else ("task_state", row["task_state"]))
            raise Conflict(f"Cannot 'update metadata' instance {row['id']} while it is in "
                           f"{attr} {value}")
    return ctx, row


def _save(request: Request, row: dict[str, Any], metadata: dict[str, str]) -> dict[str, str]:
    limit = backend(request).quotas.limit(row["project_id"], "metadata_items")
    if 0 <= limit < len(metadata):
        raise Forbidden(metadata_limit_message(limit))
    backend(request).update_server(row["id"], {"metadata": metadata})
    return metadata


async def list_metadata(request: Request) -> Response:
    """GET /servers/{id}/metadata."""
    _, row = _server(request, write=False)
    return json_response({"metadata": row["metadata"]})


async def _body(request: Request, key: str) -> Any:
    body = await read_json(request)
    return validation.body_of(body, key, validation.METADATA)


async def create_metadata(request: Request) -> Response:
    """POST /servers/{id}/metadata: merge the given items."""
    _, row = _server(request, write=True)
    items = await _body(request, "metadata")
    return json_response({"metadata": _save(request, row, {**row["metadata"], **items})})


async def replace_metadata(request: Request) -> Response:
    """PUT /servers/{id}/metadata: replace all items."""
    _, row = _server(request, write=True)
    items = await _body(request, "metadata")
    return json_response({"metadata": _save(request, row, dict(items))})


async def show_metadata_item(request: Request) -> Response:
    """GET /servers/{id}/metadata/{key}."""
    _, row = _server(request, write=False)
    key = request.path_params["key"]
    if key not in row["metadata"]:
        raise NotFound("Metadata item was not found")
    return json_response({"meta": {key: row["metadata"][key]}})


async def update_metadata_item(request: Request) -> Response:
    """PUT /servers/{id}/metadata/{key}: set one item (the body names the same key)."""
    _, row = _server(request, write=True)
    key = request.path_params["key"]
    body = await read_json(request)
    schema = dict(validation.METADATA, minProperties=1, maxProperties=1)
    meta = validation.body_of(body, "meta", schema)
    if key not in meta:
        raise BadRequest("Request body and URI mismatch")
    _save(request, row, {**row["metadata"], key: meta[key]})
    return json_response({"meta": {key: meta[key]}})


async def delete_metadata_item(request: Request) -> Response:
    """DELETE /servers/{id}/metadata/{key}."""
    _, row = _server(request, write=True)
    key = request.path_params["key"]
    if key not in row["metadata"]:
        raise NotFound("Metadata item was not found")
    backend(request).update_server(row["id"], {
        "metadata": {k: v for k, v in row["metadata"].items() if k != key}})
    return empty_response(204)

ROUTES: RouteTable = (
    ("/servers/{server_id}/metadata", list_metadata, GET),
    ("/servers/{server_id}/metadata", create_metadata, POST),
    ("/servers/{server_id}/metadata", replace_metadata, PUT),
    ("/servers/{server_id}/metadata/{key}", show_metadata_item, GET),
    ("/servers/{server_id}/metadata/{key}", update_metadata_item, PUT),
    ("/servers/{server_id}/metadata/{key}", delete_metadata_item, DELETE),
)
