"""Nova's block storage proxy: `/v2.1/os-volumes` (+ `/detail`, `/{id}`) and `/v2.1/os-snapshots`
(+ `/detail`, `/{id}`): the project's volumes and volume snapshots in the block storage
service, in Nova's camel-case view (`displayName`, `availabilityZone`, `createdAt` ...), paged
with `offset` and `limit`. Deprecated in 2.36: from that microversion on they answer 404."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import ApiError, BadRequest, Forbidden, NotFound
from ..policy import Context
from ..routing import DELETE, GET, POST, RouteTable
from ..service import empty_response, json_response, peers_of, read_json
from . import validation, volume
from .http import MAX_LIMIT, caller
from .images import require_proxy

Row = dict[str, Any]

#: Cinder's only storage availability zone ([DEFAULT] storage_availability_zone, DevStack's).
STORAGE_AZ = "nova"

VOLUME_CREATE = {"type": "object", "properties": {
    "volume_type": {"type": "string"},
    "metadata": {"type": "object"},
    "snapshot_id": {"type": "string"},
    "size": validation.POSITIVE_INTEGER,
    "availability_zone": {"type": "string"},
    "display_name": {"type": "string"},
    "display_description": {"type": "string"},
}, "required": ["size"], "additionalProperties": False}

SNAPSHOT_CREATE = {"type": "object", "properties": {
    "volume_id": {"type": "string"},
    "force": validation.BOOLEAN,
    "display_name": {"type": "string"},
    "display_description": {"type": "string"},
}, "required": ["volume_id"], "additionalProperties": False}


def block_storage(request: Request) -> Any:
    """The block storage backend; 404 on a cloud without one (as Nova without Cinder)."""
    found = volume.backend(peers_of(request))
    if found is None:
        raise NotFound("The resource could not be found.")
    return found


def _caller(request: Request, action: str) -> tuple[Context, Any]:
    require_proxy(request)
    ctx = caller(request, f"os_compute_api:os-volumes:{action}")
    return ctx, block_storage(request)


def limited(request: Request, items: list[Row]) -> list[Row]:
    """Nova's `offset`/`limit` paging of the old proxy APIs (limit at most 1000)."""
    values = {}
    for name in ("offset", "limit"):
        raw = request.query_params.get(name)
        if raw is None:
            continue
        try:
            values[name] = int(raw)
        except ValueError:
            raise BadRequest(f"{name} param must be an integer") from None
        if values[name] < 0:
            raise BadRequest(f"{name} param must be positive")
    offset = values.get("offset", 0)
    limit = min(MAX_LIMIT, values.get("limit") or MAX_LIMIT)
    return items[offset:offset + limit]


def volume_view(row: Row) -> dict[str, Any]:
    """A volume as Nova's os-volumes shows it (`attachments` is `[{}]` when detached)."""
    attachments = [{"id": row["id"], "volumeId": row["id"], "serverId": a["server_id"],
                    "device": a["device"]}
                   for a in row["attachments"] if a.get("server_id")]
    volume_type = row.get("type") or {}
    return {
        "id": row["id"], "status": row["status"], "size": row["size"],
        "availabilityZone": row["availability_zone"],
        "createdAt": timestamps.iso_micro(row["created_at"]),
        "attachments": attachments or [{}],
        "displayName": row["name"], "displayDescription": row["description"],
        "volumeType": volume_type.get("name", row["volume_type_id"]),
        "snapshotId": row["snapshot_id"], "metadata": row["metadata"] or {},
    }


def snapshot_view(row: Row) -> dict[str, Any]:
    """A volume snapshot as Nova's os-snapshots shows it (size: the volume's)."""
    return {"id": row["id"], "volumeId": row["volume_id"], "status": row["status"],
            "size": row["size"], "createdAt": timestamps.iso_micro(row["created_at"]),
            "displayName": row["name"], "displayDescription": row["description"]}


def find_volume(storage: Any, ctx: Context, volume_id: str) -> Row:
    row = storage.get_volume(volume_id)
    if row is None or not (ctx.is_admin or row["project_id"] == ctx.project_id):
        raise NotFound(f"Volume {volume_id} could not be found.")
    return row


def find_snapshot(storage: Any, ctx: Context, snapshot_id: str) -> Row:
    row = storage.get_snapshot(snapshot_id)
    if row is None or not (ctx.is_admin or row["project_id"] == ctx.project_id):
        raise NotFound(f"Snapshot {snapshot_id} could not be found.")
    return row


def _quota(err: ApiError) -> ApiError:
    """Nova answers the block storage service's quota errors with 403."""
    return Forbidden(err.message) if err.status == 413 else err


# ------------------------------------------------------------------ volumes
async def list_volumes(request: Request) -> Response:
    """GET /os-volumes: the project's volumes."""
    ctx, storage = _caller(request, "list")
    rows = storage.list_volumes(["project_id = ?"], [ctx.project_id], [("created_at", "desc")])
    return json_response({"volumes": [volume_view(r) for r in limited(request, rows)]})


async def list_volumes_detail(request: Request) -> Response:
    """GET /os-volumes/detail (the same view as the list)."""
    return await list_volumes(request)


async def show_volume(request: Request) -> Response:
    """GET /os-volumes/{id}."""
    ctx, storage = _caller(request, "show")
    return json_response({"volume": volume_view(
        find_volume(storage, ctx, request.path_params["volume_id"]))})


async def create_volume(request: Request) -> Response:
    """POST /os-volumes: a volume in `creating` (200, with its Location)."""
    ctx, storage = _caller(request, "create")
    body = validation.body_of(await read_json(request), "volume", VOLUME_CREATE)
    spec: dict[str, Any] = {"size": int(body["size"]), "name": body.get("display_name"),
                            "description": body.get("display_description"),
                            "metadata": {str(k): str(v) for k, v in
                                         (body.get("metadata") or {}).items()}}
    zone = body.get("availability_zone")
    if zone:
        if zone != STORAGE_AZ:
            raise BadRequest(f"Invalid input received: Availability zone '{zone}' is invalid.")
        spec["availability_zone"] = zone
    if body.get("volume_type"):
        found = storage.get_type(body["volume_type"])
        if found is None or not storage.type_visible(found, ctx.project_id, ctx.is_admin):
            raise NotFound(f"Volume type with name {body['volume_type']} could not be found.")
        spec["volume_type"] = found
    if body.get("snapshot_id"):
        spec["snapshot"] = find_snapshot(storage, ctx, body["snapshot_id"])
    try:
        row = storage.create_volume(ctx.project_id, ctx.user_id, spec)
    except ApiError as err:
        raise _quota(err) from None
    return json_response({"volume": volume_view(row)},
                         headers={"Location": f"{request.url}/{row['id']}"})


async def delete_volume(request: Request) -> Response:
    """DELETE /os-volumes/{id}: 202 (the block storage service's 400 when it refuses)."""
    ctx, storage = _caller(request, "delete")
    row = find_volume(storage, ctx, request.path_params["volume_id"])
    storage.delete_volume(row)
    return empty_response(202)


# ------------------------------------------------------------------ snapshots
def _snapshots(request: Request, action: str) -> tuple[Context, Any]:
    require_proxy(request)
    ctx = caller(request, f"os_compute_api:os-volumes:snapshots:{action}")
    return ctx, block_storage(request)


async def list_snapshots(request: Request) -> Response:
    """GET /os-snapshots: the project's volume snapshots."""
    ctx, storage = _snapshots(request, "list")
    rows = storage.list_snapshots(["project_id = ?"], [ctx.project_id],
                                  [("created_at", "desc")])
    return json_response({"snapshots": [snapshot_view(r) for r in limited(request, rows)]})


async def list_snapshots_detail(request: Request) -> Response:
    """GET /os-snapshots/detail (the same view as the list)."""
    return await list_snapshots(request)


async def show_snapshot(request: Request) -> Response:
    """GET /os-snapshots/{id}."""
    ctx, storage = _snapshots(request, "show")
    return json_response({"snapshot": snapshot_view(
        find_snapshot(storage, ctx, request.path_params["snapshot_id"]))})


async def create_snapshot(request: Request) -> Response:
    """POST /os-snapshots: a snapshot of a volume (`force` for one in use); 200."""
    ctx, storage = _snapshots(request, "create")
    body = validation.body_of(await read_json(request), "snapshot", SNAPSHOT_CREATE)
    row = find_volume(storage, ctx, body["volume_id"])
    force = body.get("force") in validation.TRUE_VALUES
    try:
        snapshot = storage.create_snapshot(ctx.project_id, ctx.user_id, row,
                                           body.get("display_name"),
                                           body.get("display_description"), {}, force=force)
    except ApiError as err:
        raise _quota(err) from None
    return json_response({"snapshot": snapshot_view(snapshot)})


async def delete_snapshot(request: Request) -> Response:
    """DELETE /os-snapshots/{id}: 202."""
    ctx, storage = _snapshots(request, "delete")
    row = find_snapshot(storage, ctx, request.path_params["snapshot_id"])
    storage.delete_snapshot(row)
    return empty_response(202)

ROUTES: RouteTable = (
    ("/os-volumes", list_volumes, GET),
    ("/os-volumes", create_volume, POST),
    ("/os-volumes/detail", list_volumes_detail, GET),
    ("/os-volumes/{volume_id}", show_volume, GET),
    ("/os-volumes/{volume_id}", delete_volume, DELETE),
    ("/os-snapshots", list_snapshots, GET),
    ("/os-snapshots", create_snapshot, POST),
    ("/os-snapshots/detail", list_snapshots_detail, GET),
    ("/os-snapshots/{snapshot_id}", show_snapshot, GET),
    ("/os-snapshots/{snapshot_id}", delete_snapshot, DELETE),
)
