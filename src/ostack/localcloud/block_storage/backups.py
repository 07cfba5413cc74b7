"""Backups: create (full or incremental, `force` for an in-use volume), list and detail, show,
update (3.9; metadata 3.43), delete, restore into a new or an existing volume, and the admin
actions `os-reset_status` / `os-force_delete`. No data is copied: the statuses move as in
Cinder (`creating` -> `available`, the volume `backing-up` meanwhile)."""

from __future__ import annotations

import base64
import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import BadRequest, NotFound
from ..policy import Context
from ..routing import DELETE, GET, POST, PUT, RouteTable
from ..service import empty_response, json_response
from . import http, snapshots, volumes
from .common import DEFAULT_AZ

NOT_FILTERS = frozenset(("sort", "sort_key", "sort_dir", "limit", "marker", "offset",
                         "with_count", "all_tenants", "project_id"))
FILTERS = ("name", "status", "volume_id")
SORT_COLUMNS = {"id": "id", "name": "name", "status": "status", "size": "size",
                "created_at": "created_at", "updated_at": "updated_at",
                "volume_id": "volume_id", "project_id": "project_id"}
STATUSES = ("creating", "available", "deleting", "error", "restoring", "error_restoring",
            "error_deleting")



def summary(request: Request, ctx: Context, backup: dict[str, Any]) -> dict[str, Any]:
    return {"id": backup["id"], "name": backup["name"],
            "links": http.links(request, ctx, "backups", backup["id"])}


def view(request: Request, ctx: Context, backup: dict[str, Any]) -> dict[str, Any]:
    """Cinder's backup detail view at the request's microversion."""
    version = http.mv(request)
    body: dict[str, Any] = {
        "id": backup["id"], "status": backup["status"], "size": backup["size"],
        "object_count": 0 if backup["status"] != "available" else max(1, backup["size"]),
        "availability_zone": backup["availability_zone"], "container": backup["container"],
        "created_at": http.timestamp(backup["created_at"]),
        "updated_at": http.timestamp(backup["updated_at"]),
        "name": backup["name"], "description": backup["description"],
        "fail_reason": backup["fail_reason"], "volume_id": backup["volume_id"],
        "links": http.links(request, ctx, "backups", backup["id"]),
        "is_incremental": backup["parent_id"] is not None,
        "has_dependent_backups": backup["has_dependent_backups"],
        "snapshot_id": backup["snapshot_id"],
        "data_timestamp": http.timestamp(backup["data_timestamp"]),
    }
    if version >= (3, 43):
        body["metadata"] = backup["metadata"]
    if ctx.is_admin:
        if version >= (3, 18):
            body["os-backup-project-attr:project_id"] = backup["project_id"]
        if version >= (3, 56):
            body["user_id"] = backup["user_id"]
    return body


def find(request: Request, ctx: Context, backup_id: str) -> dict[str, Any]:
    return http.readable(http.backend(request).get_backup(backup_id), ctx,
                         f"Backup {backup_id} could not be found.")


def writable(request: Request, ctx: Context, backup_id: str, action: str) -> dict[str, Any]:
    return http.writable(find(request, ctx, backup_id), ctx, action)


async def _list(request: Request, detail: bool) -> Response:
    ctx = http.caller(request)
    version = http.mv(request)
    where, params, filters = http.listing_scope(request, ctx, NOT_FILTERS, FILTERS)
    for key, value in filters.items():
        like = key.endswith("~") and version >= (3, 34)
        name = key.rstrip("~")
        if name in FILTERS:
            where.append(f"{name} LIKE ?" if like else f"{name} = ?")
            params.append(f"%{value}%" if like else value)
    order = http.sort_param(request, SORT_COLUMNS)
    found = http.backend(request).list_backups(where, params, order)
    render = view if detail else summary
    return http.listing(request, ctx, "backups", "backups/detail" if detail else "backups",
                        found, lambda b: render(request, ctx, b))


async def list_backups(request: Request) -> Response:
    """GET /v3/{project_id}/backups."""
    return await _list(request, detail=False)


async def list_backups_detail(request: Request) -> Response:
    """GET /v3/{project_id}/backups/detail."""
    return await _list(request, detail=True)


async def create_backup(request: Request) -> Response:
    """POST /v3/{project_id}/backups: 202 with the new backup's id, name and links."""
    ctx = http.caller(request)
    project_id = http.project_of(ctx)
    version = http.mv(request)
    body = await http.body_of(request, "backup")
    allowed = ("volume_id", "container", "description", "incremental", "force", "name",
               "snapshot_id")
    if version >= (3, 43):
        allowed += ("metadata",)
    if version >= (3, 51):
        allowed += ("availability_zone",)
    http.no_extra(body, allowed, "backup")
    if "volume_id" not in body:
        raise http.invalid("backup", body, "'volume_id' is a required property")
    volume_id = http.string(body["volume_id"], "volume_id", nullable=False)
    spec: dict[str, Any] = {
        "name": http.string(body.get("name"), "name"),
        "description": http.string(body.get("description"), "description"),
        "container": http.string(body.get("container"), "container"),
        "incremental": http.bool_value(body.get("incremental", False), "incremental"),
        "force": http.bool_value(body.get("force", False), "force"),
        "metadata": http.metadata(body.get("metadata")),
    }
    zone = http.string(body.get("availability_zone"), "availability_zone")
    if zone is not None and zone != DEFAULT_AZ:
        raise BadRequest(f"Invalid input received: Availability zone '{zone}' is invalid.")
    spec["availability_zone"] = zone
    volume = volumes.writable(request, ctx, volume_id,  # type: ignore[arg-type]
                              "backup:create")
    if body.get("snapshot_id") is not None:
        snapshot = snapshots.find(request, ctx, http.string(  # type: ignore[arg-type]
            body["snapshot_id"], "snapshot_id"))
        if snapshot["volume_id"] != volume["id"]:
            raise BadRequest(f"Invalid snapshot: Snapshot {snapshot['id']} is not a snapshot "
                             f"of volume {volume['id']}.")
        spec["snapshot"] = snapshot
    backup = http.backend(request).create_backup(project_id, ctx.user_id, volume, spec)
    return json_response({"backup": summary(request, ctx, backup)}, status=202)


async def show_backup(request: Request) -> Response:
    """GET /v3/{project_id}/backups/{backup_id}."""
    ctx = http.caller(request)
    backup = find(request, ctx, request.path_params["backup_id"])
    return json_response({"backup": view(request, ctx, backup)})


async def update_backup(request: Request) -> Response:
    """PUT /v3/{project_id}/backups/{backup_id} (3.9): name, description (metadata 3.43)."""
    ctx = http.caller(request)
    version = http.mv(request)
    if version < (3, 9):
        raise NotFound("The resource could not be found.")
    body = await http.body_of(request, "backup")
    allowed = ("name", "description") + (("metadata",) if version >= (3, 43) else ())
    http.no_extra(body, allowed, "backup")
    backup = writable(request, ctx, request.path_params["backup_id"], "backup:update")
    changes: dict[str, Any] = {}
    for key in ("name", "description"):
        if key in body:
            changes[key] = http.string(body[key], key)
    if "metadata" in body:
        changes["metadata"] = http.metadata(body["metadata"], nullable=False)
    backup = http.backend(request).update_backup(backup["id"], changes)
    # Cinder answers an update with the summary (and the metadata it may have changed)
    body = summary(request, ctx, backup)
    if version >= (3, 43):
        body["metadata"] = backup["metadata"]
    return json_response({"backup": body})


async def delete_backup(request: Request) -> Response:
    """DELETE /v3/{project_id}/backups/{backup_id}: 202, `deleting`, then gone."""
    ctx = http.caller(request)
    backup = writable(request, ctx, request.path_params["backup_id"], "backup:delete")
    http.backend(request).delete_backup(backup)
    return empty_response(202)


async def restore_backup(request: Request) -> Response:
    """POST /v3/{project_id}/backups/{backup_id}/restore: into `volume_id` or a new volume."""
    ctx = http.caller(request)
    project_id = http.project_of(ctx)
    raw = await http.body_of(request)
    http.no_extra(raw, ("restore",), "body")
    if "restore" not in raw:
        raise BadRequest("Missing required element 'restore' in request body.")
    body = raw["restore"] or {}
    if not isinstance(body, dict):
        raise http.invalid("restore", body, f"{body!r} is not of type 'object', 'null'")
    http.no_extra(body, ("volume_id", "name"), "restore")
    name = http.string(body.get("name"), "name")
    backup = writable(request, ctx, request.path_params["backup_id"], "backup:restore")
    target = None
    if body.get("volume_id") is not None:
        target = volumes.writable(request, ctx, http.string(  # type: ignore[arg-type]
            body["volume_id"], "volume_id"), "backup:restore")
    volume = http.backend(request).restore_backup(project_id, ctx.user_id, backup, target,
                                                  name)
    return json_response({"restore": {"backup_id": backup["id"], "volume_id": volume["id"],
                                      "volume_name": volume["name"]}}, status=202)


async def backup_action(request: Request) -> Response:
    """POST .../backups/{backup_id}/action: os-reset_status, os-force_delete (admin)."""
    ctx = http.caller(request)
    body = await http.body_of(request)
    if len(body) != 1:
        raise BadRequest("Malformed request body")
    (name, args), = body.items()
    if name not in ("os-reset_status", "os-force_delete"):
        raise BadRequest(f"There is no such action: {name}")
    backup = find(request, ctx, request.path_params["backup_id"])
    http.check_admin(ctx, f"volume_extension:backup_admin_actions:{name.removeprefix('os-')}")
    backend = http.backend(request)
    if name == "os-force_delete":
        backend.delete_backup(backup, force=True)
        return empty_response(202)
    if not isinstance(args, dict) or args.get("status") not in STATUSES:
        raise BadRequest("Must specify a valid status")
    backend.update_backup(backup["id"], {"status": args["status"]})
    return empty_response(202)


# ------------------------------------------------------------------- export and import
#: The record's fields, as the exported backup_url carries them.
RECORD_FIELDS = ("id", "project_id", "user_id", "volume_id", "snapshot_id", "parent_id",
                 "name", "description", "size", "container", "availability_zone", "metadata",
                 "created_at", "data_timestamp")
BACKUP_SERVICE = "cinder.backup.drivers.swift.SwiftBackupDriver"


async def export_record(request: Request) -> Response:
    """GET /backups/{id}/export_record (admin): the record, base64 JSON, to import later."""
    ctx = http.caller(request)
    http.check_admin(ctx, "backup:export-import")
    backup = find(request, ctx, request.path_params["backup_id"])
    if backup["status"] != "available":
        raise BadRequest(f"Invalid backup: Backup status must be available and not "
                         f"{backup['status']}.")
    record = {key: backup[key] for key in RECORD_FIELDS}
    url = base64.b64encode(json.dumps(record).encode()).decode()
    return json_response({"backup-record": {"backup_service": BACKUP_SERVICE,
                                            "backup_url": url}})


async def import_record(request: Request) -> Response:
    """POST /backups/import_record (admin): a backup from an exported record; 201."""
    ctx = http.caller(request)
    http.check_admin(ctx, "backup:export-import")
    body = await http.body_of(request, "backup-record")
    service, url = body.get("backup_service"), body.get("backup_url")
    if not isinstance(service, str) or not isinstance(url, str):
        raise BadRequest("Incorrect request body format.")
    try:
        record = json.loads(base64.b64decode(url))
        values = {key: record[key] for key in RECORD_FIELDS}
    except (ValueError, TypeError, KeyError):
        raise BadRequest("Invalid input received: Can't parse backup record.") from None
    backend = http.backend(request)
    if backend.get_backup(values["id"]) is not None:
        raise BadRequest(f"Invalid backup: Backup {values['id']} already exists.")
    # the imported backup belongs to the importer (Cinder takes the caller's project)
    values["project_id"], values["user_id"] = http.project_of(ctx), ctx.user_id
    values["metadata"] = json.dumps(values["metadata"] or {})
    for key in ("created_at", "data_timestamp"):
        value = values[key]
        values[key] = timestamps.parse_iso(value) if isinstance(value, str) else value
    values["created_at"] = values["created_at"] or timestamps.now()
    columns = ", ".join(values)
    backend.store.execute(
        f"INSERT INTO backups ({columns}, status, updated_at) VALUES "
        f"({', '.join('?' * len(values))}, 'available', ?)",
        (*values.values(), timestamps.now()))
    backup = backend.get_backup(values["id"])
    assert backup is not None
    return json_response({"backup": summary(request, ctx, backup)}, status=201)


ROUTES: RouteTable = (
    ("/backups", list_backups, GET),
    ("/backups", create_backup, POST),
    ("/backups/detail", list_backups_detail, GET),
    ("/backups/import_record", import_record, POST),
    ("/backups/{backup_id}", show_backup, GET),
    ("/backups/{backup_id}", update_backup, PUT),
    ("/backups/{backup_id}", delete_backup, DELETE),
    ("/backups/{backup_id}/restore", restore_backup, POST),
    ("/backups/{backup_id}/export_record", export_record, GET),
    ("/backups/{backup_id}/action", backup_action, POST),
)
