"""Snapshots: create (`force` for an in-use volume), list and detail, show, update, delete,
metadata, and the admin actions `os-reset_status` / `os-force_delete`."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest
from ..policy import Context
from ..routing import DELETE, GET, POST, PUT, RouteTable
from ..service import empty_response, json_response
from . import http, metadata, volumes

NOT_FILTERS = frozenset(("sort", "sort_key", "sort_dir", "limit", "marker", "offset",
                         "with_count", "all_tenants", "project_id"))
FILTERS = ("name", "display_name", "status", "volume_id", "metadata", "availability_zone")
SORT_COLUMNS = {"id": "id", "name": "name", "display_name": "name", "status": "status",
                "size": "size", "created_at": "created_at", "updated_at": "updated_at",
                "volume_id": "volume_id", "project_id": "project_id"}
STATUSES = ("creating", "available", "backing-up", "deleting", "error", "deleted",
            "unmanaging", "restoring", "error_deleting")



def summary(request: Request, snapshot: dict[str, Any]) -> dict[str, Any]:
    """Cinder's snapshot summary (the plain listing)."""
    body = {"id": snapshot["id"], "created_at": http.timestamp(snapshot["created_at"]),
            "updated_at": http.timestamp(snapshot["updated_at"]), "name": snapshot["name"],
            "description": snapshot["description"], "volume_id": snapshot["volume_id"],
            "status": snapshot["status"], "size": snapshot["size"],
            "metadata": snapshot["metadata"]}
    version = http.mv(request)
    if version >= (3, 14):
        body["group_snapshot_id"] = None
    if version >= (3, 41):
        body["user_id"] = snapshot["user_id"]
    if version >= (3, 65):
        body["consumes_quota"] = True
    return body


def view(request: Request, snapshot: dict[str, Any]) -> dict[str, Any]:
    """Cinder's snapshot detail view (with the extended attributes)."""
    body = summary(request, snapshot)
    body["os-extended-snapshot-attributes:progress"] = snapshot["progress"]
    body["os-extended-snapshot-attributes:project_id"] = snapshot["project_id"]
    return body


def find(request: Request, ctx: Context, snapshot_id: str) -> dict[str, Any]:
    return http.readable(http.backend(request).get_snapshot(snapshot_id), ctx,
                         f"Snapshot {snapshot_id} could not be found.")


def writable(request: Request, ctx: Context, snapshot_id: str, action: str) -> dict[str, Any]:
    return http.writable(find(request, ctx, snapshot_id), ctx, action)


async def _list(request: Request, detail: bool) -> Response:
    ctx = http.caller(request)
    version = http.mv(request)
    where, params, filters = http.listing_scope(request, ctx, NOT_FILTERS, FILTERS)
    metadata: dict[str, str] = {}
    for key, value in filters.items():
        like = key.endswith("~") and version >= (3, 34)
        name = key.rstrip("~")
        if name in ("name", "display_name", "status", "volume_id"):
            column = "name" if name == "display_name" else name
            where.append(f"{column} LIKE ?" if like else f"{column} = ?")
            params.append(f"%{value}%" if like else value)
        elif name == "metadata":
            metadata.update(http.metadata_filter(value))
    order = http.sort_param(request, SORT_COLUMNS)
    found = http.backend(request).list_snapshots(where, params, order)
    if metadata:
        found = [s for s in found if all(s["metadata"].get(k) == v
                                         for k, v in metadata.items())]
    render = view if detail else summary
    return http.listing(request, ctx, "snapshots",
                        "snapshots/detail" if detail else "snapshots", found,
                        lambda s: render(request, s))


async def list_snapshots(request: Request) -> Response:
    """GET /v3/{project_id}/snapshots."""
    return await _list(request, detail=False)


async def list_snapshots_detail(request: Request) -> Response:
    """GET /v3/{project_id}/snapshots/detail."""
    return await _list(request, detail=True)


async def create_snapshot(request: Request) -> Response:
    """POST /v3/{project_id}/snapshots: 202 with the snapshot in `creating`."""
    ctx = http.caller(request)
    project_id = http.project_of(ctx)
    body = await http.body_of(request, "snapshot")
    http.no_extra(body, ("volume_id", "force", "name", "description", "display_name",
                         "display_description", "metadata"), "snapshot")
    if "volume_id" not in body:
        raise http.invalid("snapshot", body, "'volume_id' is a required property")
    # Cinder's schema allows a null volume_id; the lookup then finds no volume (404).
    volume_id = http.string(body["volume_id"], "volume_id") or "None"
    name = http.name_field(body.get("name", body.get("display_name")))
    description = http.string(body.get("description", body.get("display_description")),
                              "description")
    metadata = http.metadata(body.get("metadata"))
    force = http.bool_value(body.get("force", False), "force")
    volume = volumes.find(request, ctx, volume_id)  # type: ignore[arg-type]
    http.check_write(ctx, volume["project_id"], "volume:create_snapshot")
    snapshot = http.backend(request).create_snapshot(
        project_id, ctx.user_id, volume, name, description, metadata, force=force)
    # Cinder's extension adds its attributes to show and list only, not to create or update.
    return json_response({"snapshot": summary(request, snapshot)}, status=202)


async def show_snapshot(request: Request) -> Response:
    """GET /v3/{project_id}/snapshots/{snapshot_id}."""
    ctx = http.caller(request)
    snapshot = find(request, ctx, request.path_params["snapshot_id"])
    return json_response({"snapshot": view(request, snapshot)})


async def update_snapshot(request: Request) -> Response:
    """PUT /v3/{project_id}/snapshots/{snapshot_id}: name, description."""
    ctx = http.caller(request)
    body = await http.body_of(request, "snapshot")
    http.no_extra(body, ("name", "description", "display_name", "display_description"),
                  "snapshot")
    if not body:
        raise http.invalid("snapshot", body, "{} is not valid under any of the given schemas")
    snapshot = writable(request, ctx, request.path_params["snapshot_id"],
                        "volume:update_snapshot")
    changes: dict[str, Any] = {}
    if "name" in body or "display_name" in body:
        changes["name"] = http.name_field(body.get("name", body.get("display_name")))
    if "description" in body or "display_description" in body:
        changes["description"] = http.string(
            body.get("description", body.get("display_description")), "description")
    snapshot = http.backend(request).update_snapshot(snapshot["id"], changes)
    return json_response({"snapshot": summary(request, snapshot)})


async def delete_snapshot(request: Request) -> Response:
    """DELETE /v3/{project_id}/snapshots/{snapshot_id}: 202, `deleting`, then gone."""
    ctx = http.caller(request)
    snapshot = writable(request, ctx, request.path_params["snapshot_id"],
                        "volume:delete_snapshot")
    http.backend(request).delete_snapshot(snapshot)
    return empty_response(202)


async def snapshot_action(request: Request) -> Response:
    """POST .../snapshots/{snapshot_id}/action: os-reset_status, os-force_delete, os-unmanage
    (admin), os-update_snapshot_status."""
    ctx = http.caller(request)
    body = await http.body_of(request)
    if len(body) != 1:
        raise BadRequest("Malformed request body")
    (name, args), = body.items()
    if name not in ("os-reset_status", "os-force_delete", "os-update_snapshot_status",
                    "os-unmanage"):
        raise BadRequest(f"There is no such action: {name}")
    snapshot = find(request, ctx, request.path_params["snapshot_id"])
    if name == "os-update_snapshot_status":
        return _update_status(request, ctx, snapshot, args)
    if name == "os-unmanage":  # the snapshot leaves Cinder; its data stays on the back end
        http.check_admin(ctx, "volume_extension:snapshot_unmanage")
        http.backend(request).delete_snapshot(snapshot)
        return empty_response(202)
    action = name.removeprefix("os-")
    http.check_admin(ctx, f"volume_extension:snapshot_admin_actions:{action}")
    backend = http.backend(request)
    if name == "os-force_delete":
        backend.delete_snapshot(snapshot, force=True)
        return empty_response(202)
    if not isinstance(args, dict) or "status" not in args:
        raise BadRequest("Must specify 'status'")
    status = args["status"]
    if status not in STATUSES:
        raise BadRequest("Must specify a valid status")
    backend.store.execute("UPDATE snapshots SET pending_status = NULL, pending_at = NULL"
                          " WHERE id = ?", (snapshot["id"],))
    backend.update_snapshot(snapshot["id"], {"status": status})
    return empty_response(202)


#: The status changes `os-update_snapshot_status` allows (Cinder's: from the current one).
STATUS_UPDATES = {"creating": ("creating", "available", "error"),
                  "deleting": ("deleting", "error_deleting")}


def _update_status(request: Request, ctx: Context, snapshot: dict[str, Any],
                   args: Any) -> Response:
    """`os-update_snapshot_status` (the volume driver's call, e.g. Nova's assisted snapshots):
    status and progress of a snapshot being created or deleted."""
    http.check_write(ctx, snapshot["project_id"],
                     "snapshot_extension:snapshot_actions:update_snapshot_status")
    if not isinstance(args, dict) or "status" not in args:
        raise BadRequest("'status' must be specified.")
    status = args["status"]
    allowed = STATUS_UPDATES.get(snapshot["status"], ())
    if status not in allowed:
        raise BadRequest(f"Snapshot status {snapshot['status']} not allowed for "
                         f"update_snapshot_status")
    changes: dict[str, Any] = {"status": status}
    if "progress" in args:
        progress = args["progress"]
        if not isinstance(progress, str) or not progress.endswith("%"):
            raise BadRequest(f"progress must be an integer percentage: {progress!r}")
        changes["progress"] = progress
    backend = http.backend(request)
    backend.store.execute("UPDATE snapshots SET pending_status = NULL, pending_at = NULL"
                          " WHERE id = ?", (snapshot["id"],))
    backend.update_snapshot(snapshot["id"], changes)
    return empty_response(202)


# ------------------------------------------------------------------- metadata
METADATA = metadata.MetadataRoutes(
    "snapshot", find, writable,
    lambda request, ident, changes: http.backend(request).update_snapshot(ident, changes))


ROUTES: RouteTable = (
    ("/snapshots", list_snapshots, GET),
    ("/snapshots", create_snapshot, POST),
    ("/snapshots/detail", list_snapshots_detail, GET),
    ("/snapshots/{snapshot_id}", show_snapshot, GET),
    ("/snapshots/{snapshot_id}", update_snapshot, PUT),
    ("/snapshots/{snapshot_id}", delete_snapshot, DELETE),
    ("/snapshots/{snapshot_id}/action", snapshot_action, POST),
) + METADATA.routes("/snapshots/{snapshot_id}")
