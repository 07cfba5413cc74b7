"""`/v2.1/os-assisted-volume-snapshots` (admin or the `service` role): the block storage
service asks Nova to snapshot (or delete a snapshot of) a volume attached to a server, for
drivers whose volumes are files the hypervisor writes (NFS and the like). The volume must be
attached to a server on a host; Nova answers at once and the hypervisor does the work, which
here is nothing to do."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest, NotFound
from ..routing import DELETE, POST, RouteTable
from ..service import empty_response, json_response, peers_of, read_json
from . import validation, volume
from .http import backend, caller
from .server_external_events import require_service

CREATE = {"type": "object", "properties": {
    "snapshot": {"type": "object", "properties": {
        "volume_id": {"type": "string", "minLength": 1},
        "create_info": {"type": "object", "properties": {
            "snapshot_id": {"type": "string", "minLength": 1},
            "type": {"type": "string", "enum": ["qcow2"]},
            "new_file": {"type": "string", "minLength": 1},
            "id": {"type": "string", "minLength": 1},
        }, "required": ["snapshot_id", "type", "new_file"], "additionalProperties": False},
    }, "required": ["volume_id", "create_info"], "additionalProperties": False},
}, "required": ["snapshot"], "additionalProperties": False}


def _attached_server(request: Request, volume_id: str) -> dict[str, Any] | None:
    """The server the volume is attached to (its block device mapping), if any."""
    storage = volume.backend(peers_of(request))
    row = storage.get_volume(volume_id) if storage is not None else None
    for attachment in (row or {}).get("attachments", []):
        if attachment.get("server_id"):
            return backend(request).get_server(attachment["server_id"])
    return None


async def create_snapshot(request: Request) -> Response:
    """POST /os-assisted-volume-snapshots: `{"snapshot": {"id", "volumeId"}}` (200)."""
    action = "os_compute_api:os-assisted-volume-snapshots:create"
    ctx = caller(request, action)
    require_service(ctx, action)
    body = await read_json(request)
    validation.validate(CREATE, body)
    volume_id = body["snapshot"]["volume_id"]
    server = _attached_server(request, volume_id)
    if server is None:
        raise BadRequest(f"No volume Block Device Mapping with id {volume_id}.")
    if server.get("task_state") is not None or not server.get("host"):
        raise BadRequest(f"Instance {server['id']} in task_state {server.get('task_state')}. "
                         f"Cannot volume_snapshot_create while the instance is in this state.")
    return json_response({"snapshot": {"id": body["snapshot"]["create_info"].get("id"),
                                       "volumeId": volume_id}})


async def delete_snapshot(request: Request) -> Response:
    """DELETE /os-assisted-volume-snapshots/{id}?delete_info={"volume_id": ...}: 204."""
    action = "os_compute_api:os-assisted-volume-snapshots:delete"
    ctx = caller(request, action)
    require_service(ctx, action)
    raw = request.query_params.get("delete_info")
    if raw is None:
        raise BadRequest("Missing delete_info")
    try:
        info = json.loads(raw)
    except ValueError:
        raise BadRequest(f"Invalid delete_info: {raw}") from None
    if not isinstance(info, dict) or not isinstance(info.get("volume_id"), str):
        raise BadRequest("Missing required element 'volume_id' in delete_info")
    volume_id = info["volume_id"]
    if _attached_server(request, volume_id) is None:
        raise NotFound(f"No volume Block Device Mapping with id {volume_id}.")
    return empty_response(204)

ROUTES: RouteTable = (
    ("/os-assisted-volume-snapshots", create_snapshot, POST),
    ("/os-assisted-volume-snapshots/{snapshot_id}", delete_snapshot, DELETE),
)
