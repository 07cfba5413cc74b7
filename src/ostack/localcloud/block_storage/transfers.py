"""Volume transfers: `/os-volume-transfer` and, since 3.55, `/volume-transfers` (with
`no_snapshots`; 3.57 adds the source and destination projects and `accepted`).

Creating a transfer puts an available volume in `awaiting-transfer` and answers the one-time
auth key; another project accepts it with that key and owns the volume (and its snapshots
unless `no_snapshots`); deleting the transfer gives the volume back its `available`.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import BadRequest, NotFound
from ..policy import Context, can_read
from ..routing import DELETE, GET, POST, RouteTable
from ..service import empty_response, json_response
from . import http, volumes
from .common import invalid_volume

KIND = "transfer"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _links(request: Request, ctx: Context, transfer: dict[str, Any]) -> list[dict[str, str]]:
    return http.links(request, ctx, "os-volume-transfer", transfer["id"])


def summary(request: Request, ctx: Context, transfer: dict[str, Any]) -> dict[str, Any]:
    return {"id": transfer["id"], "name": transfer["name"], "volume_id": transfer["volume_id"],
            "links": _links(request, ctx, transfer)}


def view(request: Request, ctx: Context, transfer: dict[str, Any]) -> dict[str, Any]:
    body = summary(request, ctx, transfer)
    body["created_at"] = timestamps.iso_micro(transfer["created_at"])
    version = http.mv(request)
    if version >= (3, 55):
        body["no_snapshots"] = transfer["no_snapshots"]
    if version >= (3, 57):
        body.update(source_project_id=transfer["source_project_id"],
                    destination_project_id=transfer.get("destination_project_id"),
                    accepted=transfer.get("accepted", False))
    return body


def _find(request: Request, ctx: Context) -> dict[str, Any]:
    transfer_id = request.path_params["transfer_id"]
    transfer = http.backend(request).records.get(KIND, transfer_id)
    if transfer is None or transfer.get("accepted"):
        raise NotFound(f"Transfer {transfer_id} could not be found.")
    return transfer


async def create_transfer(request: Request) -> Response:
    """POST: `{"transfer": {"volume_id", "name"?, "no_snapshots"? (3.55)}}`; 202 with the
    auth key (shown only here)."""
    ctx = http.caller(request)
    body = await http.body_of(request, "transfer")
    volume_id = body.get("volume_id")
    if not isinstance(volume_id, str):
        raise BadRequest("Incorrect request body format")
    volume = volumes.find(request, ctx, volume_id)
    http.check_write(ctx, volume["project_id"], "volume:create_transfer")
    if volume["status"] != "available":
        raise invalid_volume(f"Volume {volume_id} status must be available, but current "
                             f"status is: {volume['status']}.")
    name = http.name_field(body.get("name"))
    no_snapshots = bool(body.get("no_snapshots", False)) if http.mv(request) >= (3, 55) \
        else False
    key = secrets.token_hex(8)
    backend = http.backend(request)
    transfer = backend.records.create(KIND, {
        "name": name, "volume_id": volume_id, "auth_key_hash": _hash(key),
        "no_snapshots": no_snapshots, "source_project_id": volume["project_id"],
        "destination_project_id": None, "accepted": False}, volume["project_id"])
    backend.update_volume(volume_id, {"status": "awaiting-transfer"})
    body = view(request, ctx, transfer)
    body["auth_key"] = key
    return json_response({"transfer": body}, status=202)


def _visible(ctx: Context, transfer: dict[str, Any]) -> bool:
    return not transfer.get("accepted") and can_read(ctx, transfer["source_project_id"])


async def _list(request: Request, detail: bool) -> Response:
    ctx = http.caller(request)
    all_projects = ctx.is_admin and http.bool_param(request, "all_tenants")
    rows = [t for t in http.backend(request).records.list(KIND)
            if not t.get("accepted") and (
                t["source_project_id"] == ctx.project_id or all_projects)]
    render = view if detail else summary
    return json_response({"transfers": [render(request, ctx, t) for t in rows]})


async def list_transfers(request: Request) -> Response:
    return await _list(request, detail=False)


async def list_transfers_detail(request: Request) -> Response:
    return await _list(request, detail=True)


async def show_transfer(request: Request) -> Response:
    ctx = http.caller(request)
    transfer = _find(request, ctx)
    if not _visible(ctx, transfer):
        raise NotFound(f"Transfer {transfer['id']} could not be found.")
    return json_response({"transfer": view(request, ctx, transfer)})


async def delete_transfer(request: Request) -> Response:
    """DELETE: the volume is `available` again; 202."""
    ctx = http.caller(request)
    transfer = _find(request, ctx)
    if not _visible(ctx, transfer):
        raise NotFound(f"Transfer {transfer['id']} could not be found.")
    http.check_write(ctx, transfer["source_project_id"], "volume:delete_transfer")
    backend = http.backend(request)
    backend.records.delete(KIND, transfer["id"])
    volume = backend.get_volume(transfer["volume_id"])
    if volume is not None and volume["status"] == "awaiting-transfer":
        backend.update_volume(volume["id"], {"status": "available"})
    return empty_response(202)


async def accept_transfer(request: Request) -> Response:
    """POST .../accept `{"accept": {"auth_key"}}`: the caller's project takes the volume."""
    ctx = http.caller(request)
    project_id = http.project_of(ctx)
    transfer = _find(request, ctx)
    body = await http.body_of(request, "accept")
    key = body.get("auth_key")
    if not isinstance(key, str) or _hash(key) != transfer["auth_key_hash"]:
        raise BadRequest(f"Invalid auth key: Attempt to transfer {transfer['id']} with "
                         f"invalid auth key.")
    backend = http.backend(request)
    volume = backend.get_volume(transfer["volume_id"])
    if volume is None:
        raise NotFound(f"Volume {transfer['volume_id']} could not be found.")
    backend.store.execute("UPDATE volumes SET project_id = ?, user_id = ?, status = ?,"
                          " updated_at = ? WHERE id = ?",
                          (project_id, ctx.user_id, "available", timestamps.now(),
                           volume["id"]))
    if not transfer["no_snapshots"]:
        backend.store.execute("UPDATE snapshots SET project_id = ?, user_id = ? WHERE "
                              "volume_id = ?", (project_id, ctx.user_id, volume["id"]))
    transfer.update(accepted=True, destination_project_id=project_id)
    backend.records.save(KIND, transfer)
    return json_response({"transfer": summary(request, ctx, transfer)}, status=202)


ROUTES: RouteTable = tuple(
    (f"/{base}{path}", handler, methods)
    for base in ("os-volume-transfer", "volume-transfers")
    for path, handler, methods in (
        ("", list_transfers, GET), ("", create_transfer, POST),
        ("/detail", list_transfers_detail, GET),
        ("/{transfer_id}", show_transfer, GET), ("/{transfer_id}", delete_transfer, DELETE),
        ("/{transfer_id}/accept", accept_transfer, POST)))
