"""Volumes, volume snapshots and backups: lists, create, extend, delete, snapshot, and
backups created and restored (Cinder through the SDK)."""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.requests import Request

from ostack.dashboard import tables as t

PATH = "/project/volumes"
SNAPSHOTS = "/project/snapshots"
BACKUPS = "/project/backups"


def _attached(volume: Any) -> str:
    return ", ".join(a.get("device") or a.get("server_id", "") for a in volume.attachments or [])


async def _all(conn: Any) -> tuple[list[Any], list[Any], list[Any]]:
    return await asyncio.gather(t.listing(conn.block_storage.volumes),
                                t.listing(conn.block_storage.snapshots),
                                t.listing(conn.block_storage.backups))


async def build_volumes(request: Request) -> dict[str, Any]:
    conn = request.state.conn
    (volumes, snapshots, _), types, images = await asyncio.gather(
        _all(conn), t.listing(conn.block_storage.types), t.listing(conn.image.images))
    rows = [{
        "key": v.name or v.id,
        "cells": [v.name or v.id, v.description or "", f"{v.size} GiB", v.status,
                  v.volume_type or "", _attached(v), "yes" if v.is_bootable else "no"],
        "buttons": [t.button("delete", "Delete", {"volume_id": v.id},
                             confirm=f"Delete volume {v.name or v.id}?", danger=True)],
    } for v in volumes]
    volume_choice = t.options_of(volumes)
    return {
        "title": "Volumes",
        "links": [{"text": "Snapshots", "href": SNAPSHOTS}],
        "tables": [t.table("volumes", None, ["Name", "Description", "Size", "Status", "Type",
                                             "Attached to", "Bootable"], rows, "No volumes.")],
        "forms": [
            t.form("create", "Create volume", [
                t.field("name", "Name", required=True),
                t.field("description", "Description"),
                t.field("size", "Size (GiB)", "number", required=True, value="1"),
                t.field("volume_type", "Type", "select",
                        options=[("", "Default")] + [(x.name, x.name) for x in types]),
                t.field("image_id", "From image", "select",
                        options=t.options_of(images, blank="No image")),
                t.field("snapshot_id", "From snapshot", "select",
                        options=t.options_of(snapshots, blank="No snapshot")),
            ], "Create volume"),
            t.form("extend", "Extend volume", [
                t.field("volume_id", "Volume", "select", options=volume_choice, required=True),
                t.field("size", "New size (GiB)", "number", required=True),
            ], "Extend"),
            t.form("snapshot", "Create snapshot", [
                t.field("volume_id", "Volume", "select", options=volume_choice, required=True),
                t.field("name", "Snapshot name", required=True),
                t.field("force", "Even if attached (force)", "checkbox"),
            ], "Create snapshot"),
            t.form("backup", "Create backup", [
                t.field("volume_id", "Volume", "select", options=volume_choice, required=True),
                t.field("name", "Backup name", required=True),
                t.field("incremental", "Incremental", "checkbox"),
            ], "Create backup"),
        ],
    }


async def create(conn: Any, values: dict[str, Any]) -> str:
    attrs: dict[str, Any] = {"name": t.required(values, "name", "Name"),
                             "size": t.integer(values, "size", "Size")}
    for key in ("description", "volume_type", "image_id", "snapshot_id"):
        if t.text(values, key):
            attrs[key] = t.text(values, key)
    volume = await conn.block_storage.create_volume(**attrs)
    return f"Volume {volume.name} is being created."


async def extend(conn: Any, values: dict[str, Any]) -> str:
    await conn.block_storage.extend_volume(t.required(values, "volume_id", "Volume"),
                                           t.integer(values, "size", "New size"))
    return "Volume is being extended."


async def delete(conn: Any, values: dict[str, Any]) -> str:
    await conn.block_storage.delete_volume(t.required(values, "volume_id", "Volume"),
                                           ignore_missing=False)
    return "Volume is being deleted."


async def snapshot(conn: Any, values: dict[str, Any]) -> str:
    made = await conn.block_storage.create_snapshot(
        volume_id=t.required(values, "volume_id", "Volume"),
        name=t.required(values, "name", "Snapshot name"), force=t.checked(values, "force"))
    return f"Snapshot {made.name} is being created."


async def backup(conn: Any, values: dict[str, Any]) -> str:
    made = await conn.block_storage.create_backup(
        volume_id=t.required(values, "volume_id", "Volume"),
        name=t.required(values, "name", "Backup name"),
        is_incremental=t.checked(values, "incremental"))
    return f"Backup {made.name} is being created."


async def build_snapshots(request: Request) -> dict[str, Any]:
    conn = request.state.conn
    volumes, snapshots, backups = await _all(conn)
    names = {v.id: v.name or v.id for v in volumes}
    snap_rows = [{
        "key": s.name or s.id,
        "cells": [s.name or s.id, f"{s.size} GiB", s.status, names.get(s.volume_id, s.volume_id)],
        "buttons": [t.button("delete_snapshot", "Delete", {"snapshot_id": s.id},
                             confirm=f"Delete snapshot {s.name or s.id}?", danger=True)],
    } for s in snapshots]
    backup_rows = [{
        "key": b.name or b.id,
        "cells": [b.name or b.id, f"{b.size} GiB", b.status,
                  names.get(b.volume_id, b.volume_id),
                  "yes" if b.is_incremental else "no"],
        "buttons": [t.button("delete_backup", "Delete", {"backup_id": b.id},
                             confirm=f"Delete backup {b.name or b.id}?", danger=True)],
    } for b in backups]
    return {
        "title": "Volume snapshots and backups",
        "links": [{"text": "Volumes", "href": PATH}],
        "tables": [
            t.table("snapshots", "Snapshots", ["Name", "Size", "Status", "Volume"], snap_rows,
                    "No snapshots."),
            t.table("backups", "Backups", ["Name", "Size", "Status", "Volume", "Incremental"],
                    backup_rows, "No backups."),
        ],
        "forms": [t.form("restore", "Restore a backup", [
            t.field("backup_id", "Backup", "select", options=t.options_of(backups),
                    required=True),
            t.field("volume_id", "Into volume", "select",
                    options=t.options_of(volumes, blank="A new volume")),
            t.field("name", "New volume's name"),
        ], "Restore")],
    }


async def delete_snapshot(conn: Any, values: dict[str, Any]) -> str:
    await conn.block_storage.delete_snapshot(t.required(values, "snapshot_id", "Snapshot"),
                                             ignore_missing=False)
    return "Snapshot is being deleted."


async def delete_backup(conn: Any, values: dict[str, Any]) -> str:
    await conn.block_storage.delete_backup(t.required(values, "backup_id", "Backup"),
                                           ignore_missing=False)
    return "Backup is being deleted."


async def restore(conn: Any, values: dict[str, Any]) -> str:
    await conn.block_storage.restore_backup(
        t.required(values, "backup_id", "Backup"), volume=t.text(values, "volume_id") or None,
        name=t.text(values, "name") or None)
    return "Backup is being restored."


ROUTES = [
    *t.resource_routes(PATH, build_volumes, {
        "create": create, "extend": extend, "delete": delete, "snapshot": snapshot,
        "backup": backup}),
    *t.resource_routes(SNAPSHOTS, build_snapshots, {
        "delete_snapshot": delete_snapshot, "delete_backup": delete_backup,
        "restore": restore}),
]

NAV = [("Volumes", "Volumes", PATH, False),
       ("Volumes", "Snapshots and backups", SNAPSHOTS, False)]
