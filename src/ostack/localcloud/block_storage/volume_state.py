"""Volumes: Cinder's `volumes` table, each volume shown with its type and attachments;
creation (blank, from an image, a snapshot or another volume), changes, status transitions
and deletion. Part of the block storage backend (`BlockStorageBackend.volumes`); the HTTP side
is `volumes.py`."""

from __future__ import annotations

from typing import Any

from .. import timestamps
from ..store import Store, dumps, loads
from .common import (
    DEFAULT_AZ,
    HOST,
    Row,
    chunks,
    decode_type,
    decode_volume,
    image_metadata_of,
    invalid_volume,
    new_id,
    order_clause,
)
from .quota_state import QuotaState
from .tasks import Tasks
from .type_state import TypeState

#: States from which a volume may be deleted (cinder.volume.api.API.delete).
DELETABLE = ("available", "error", "error_restoring", "error_extending", "error_managing")


class VolumeState:
    """The volumes table."""

    def __init__(self, store: Store, tasks: Tasks, types: TypeState,
                 quotas: QuotaState) -> None:
        self.store = store
        self.tasks = tasks
        self.types = types
        self.quotas = quotas

    def get_volume(self, volume_id: str) -> Row | None:
        self.tasks.advance()
        row = self.store.query_one("SELECT * FROM volumes WHERE id = ?", (volume_id,))
        if row is None:
            return None
        return self._decorate([decode_volume(row)])[0]

    def list_volumes(self, where: list[str], params: list[Any],
                     order_by: list[tuple[str, str]]) -> list[Row]:
        """Volumes matching SQL conditions (built by the handler from Cinder's filters)."""
        self.tasks.advance()
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        order = order_clause(order_by)
        rows = self.store.query(f"SELECT * FROM volumes{clause} ORDER BY {order}", params)
        return self._decorate([decode_volume(r) for r in rows])

    def _decorate(self, volumes: list[Row]) -> list[Row]:
        """Add each volume's type record and attachments (one query each)."""
        if not volumes:
            return volumes
        types = {r["id"]: decode_type(r) for r in self.store.query("SELECT * FROM volume_types")}
        ids = [v["id"] for v in volumes]
        by_volume: dict[str, list[Row]] = {}
        for chunk in chunks(ids, 500):
            for row in self.store.query(
                    f"SELECT * FROM volume_attachments WHERE volume_id IN"
                    f" ({','.join('?' * len(chunk))}) ORDER BY created_at", chunk):
                by_volume.setdefault(row["volume_id"], []).append(row)
        for volume in volumes:
            volume["type"] = types.get(volume["volume_type_id"])
            volume["attachments"] = by_volume.get(volume["id"], [])
        return volumes

    def create_volume(self, project_id: str, user_id: str, spec: Row,
                      status: str = "creating") -> Row:
        """A new volume (`creating`, then `available` after the task delay).

        `spec`: size, name, description, volume_type (a type record), availability_zone,
        metadata, image (an image record), snapshot (a record), source (a volume record),
        multiattach.
        """
        volume_type = spec.get("volume_type") or self.types.default_type()
        size = int(spec["size"])
        self.quotas.check_quota(project_id, volume_type["name"], volumes=1, gigabytes=size)
        now = timestamps.now()
        volume_id = new_id()
        image = spec.get("image")
        image_metadata: dict[str, str] | None = None
        bootable = False
        if image is not None:
            image_metadata = image_metadata_of(image)
            bootable = True
        source = spec.get("source") or None
        snapshot = spec.get("snapshot") or None
        if source is not None:
            image_metadata = source.get("image_metadata")
            bootable = bool(source["bootable"])
        if snapshot is not None:
            parent = self.store.query_one("SELECT bootable, image_metadata FROM volumes"
                                          " WHERE id = ?", (snapshot["volume_id"],))
            if parent is not None:
                bootable = bool(parent["bootable"])
                image_metadata = loads(parent["image_metadata"])
        self.store.execute(
            "INSERT INTO volumes (id, project_id, user_id, name, description, size, status,"
            " attach_status, volume_type_id, availability_zone, bootable, multiattach,"
            " metadata, image_metadata, snapshot_id, source_volid, host, created_at,"
            " pending_status, pending_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'detached', ?, ?, ?,"
            " ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (volume_id, project_id, user_id, spec.get("name"), spec.get("description"), size,
             status, volume_type["id"], spec.get("availability_zone") or DEFAULT_AZ,
             int(bootable), int(bool(spec.get("multiattach")) or str(
                 volume_type["extra_specs"].get("multiattach", "")).lower() == "<is> true"),
             dumps(spec.get("metadata") or {}),
             dumps(image_metadata) if image_metadata is not None else None,
             snapshot["id"] if snapshot else None, source["id"] if source else None,
             HOST, now, "available" if status == "creating" else None,
             self.tasks.due() if status == "creating" else None))
        if status == "creating":
            self.tasks.schedule(self.tasks.due())
        return self.get_volume(volume_id)  # type: ignore[return-value]

    def update_volume(self, volume_id: str, changes: Row) -> Row:
        """Change columns of a volume (name, description, metadata, bootable, status ...)."""
        allowed = ("name", "description", "metadata", "bootable", "status", "attach_status",
                   "migration_status", "readonly", "volume_type_id", "size", "image_metadata")
        columns = [c for c in changes if c in allowed]
        if columns:
            values = [dumps(changes[c]) if c in ("metadata", "image_metadata")
                      else int(changes[c]) if c in ("bootable", "readonly") else changes[c]
                      for c in columns]
            sets = ", ".join(f"{c} = ?" for c in columns)
            self.store.execute(f"UPDATE volumes SET {sets}, updated_at = ? WHERE id = ?",
                               (*values, timestamps.now(), volume_id))
        return self.get_volume(volume_id)  # type: ignore[return-value]

    def transition(self, volume_id: str, status: str, target: str,
                   delay: float | None = None, **changes: Any) -> Row:
        """Put a volume in `status` now and `target` after the task delay."""
        due = self.tasks.due(delay)
        sets = ", ".join(f"{c} = ?" for c in changes)
        self.store.execute(
            f"UPDATE volumes SET status = ?, pending_status = ?, pending_at = ?,"
            f" updated_at = ?{', ' + sets if sets else ''} WHERE id = ?",
            (status, target, due, timestamps.now(), *changes.values(), volume_id))
        self.tasks.schedule(due)
        return self.get_volume(volume_id)  # type: ignore[return-value]

    def delete_volume(self, volume: Row, force: bool = False,
                      cascade: bool = False) -> None:
        """Start deleting (`deleting`, gone after the task delay); Cinder's 400s otherwise."""
        volume_id = volume["id"]
        if not force and volume["status"] not in DELETABLE:
            raise invalid_volume("Volume status must be available or error or "
                                 "error_restoring or error_extending or error_managing and "
                                 "must not be migrating, attached, belong to a group, have "
                                 "snapshots, awaiting a transfer, or be disassociated from "
                                 "snapshots after volume transfer.")
        if volume["attachments"] and not force:
            raise invalid_volume("Volume cannot be deleted while in attached state")
        snapshots = self.store.column("SELECT id FROM snapshots WHERE volume_id = ?",
                                      (volume_id,))
        if snapshots and not cascade:
            raise invalid_volume(f"Volume still has {len(snapshots)} dependent snapshots.")
        due = self.tasks.due()
        with self.store.transaction() as db:
            if snapshots:
                db.execute("UPDATE snapshots SET status = 'deleting', pending_status ="
                           " 'deleted', pending_at = ? WHERE volume_id = ?", (due, volume_id))
            db.execute("UPDATE volumes SET status = 'deleting', pending_status = 'deleted',"
                       " pending_at = ?, updated_at = ? WHERE id = ?",
                       (due, timestamps.now(), volume_id))
        self.tasks.schedule(due)

