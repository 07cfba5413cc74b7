"""Volume backups: Cinder's `backups` table (full and incremental, each `creating` then
`available`, the volume `backing-up` meanwhile), and restores into a volume. Part of the block
storage backend (`BlockStorageBackend.backups`); the HTTP side is `backups.py`."""

from __future__ import annotations

from typing import Any

from .. import timestamps
from ..errors import BadRequest
from ..store import Store, dumps
from .common import Row, decode_metadata, invalid_volume, new_id, order_clause
from .quota_state import QuotaState
from .tasks import Tasks
from .volume_state import VolumeState


class BackupState:
    """The backups table."""

    def __init__(self, store: Store, tasks: Tasks, quotas: QuotaState,
                 volumes: VolumeState) -> None:
        self.store = store
        self.tasks = tasks
        self.quotas = quotas
        self.volumes = volumes

    # ----------------------------------------------------------------- backups
    def get_backup(self, backup_id: str) -> Row | None:
        self.tasks.advance()
        row = self.store.query_one("SELECT * FROM backups WHERE id = ?", (backup_id,))
        return self._decorate_backups([decode_metadata(row)])[0] if row is not None else None

    def list_backups(self, where: list[str], params: list[Any],
                     order_by: list[tuple[str, str]]) -> list[Row]:
        self.tasks.advance()
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        order = order_clause(order_by)
        return self._decorate_backups([decode_metadata(r) for r in self.store.query(
            f"SELECT * FROM backups{clause} ORDER BY {order}", params)])

    def _decorate_backups(self, backups: list[Row]) -> list[Row]:
        parents = set(self.store.column("SELECT DISTINCT parent_id FROM backups"
                                        " WHERE parent_id IS NOT NULL"))
        for backup in backups:
            backup["has_dependent_backups"] = backup["id"] in parents
        return backups

    def create_backup(self, project_id: str, user_id: str, volume: Row,
                      spec: Row) -> Row:
        """A backup of a volume (`creating`, then `available`; the volume is `backing-up`
        meanwhile). `spec`: name, description, container, incremental, force, snapshot,
        metadata, availability_zone."""
        allowed = ("available", "in-use") if spec.get("force") else ("available",)
        if volume["status"] not in allowed:
            if volume["status"] == "in-use":
                raise invalid_volume("Backing up an in-use volume must use the force flag.")
            raise invalid_volume(f"Volume to be backed up must be available or in-use, but "
                                 f"the current status is \"{volume['status']}\".")
        parent = None
        if spec.get("incremental"):
            parent = self.store.query_one(
                "SELECT id FROM backups WHERE volume_id = ? AND status = 'available'"
                " ORDER BY created_at DESC, seq DESC LIMIT 1", (volume["id"],))
            if parent is None:
                raise BadRequest("Invalid backup: No backups available to do an incremental "
                                 "backup.")
        self.quotas.check_backup_quota(project_id, volume["size"])
        backup_id = new_id()
        now = timestamps.now()
        due = self.tasks.due()
        snapshot = spec.get("snapshot")
        self.store.execute(
            "INSERT INTO backups (id, project_id, user_id, volume_id, snapshot_id, parent_id,"
            " name, description, size, status, container, availability_zone, metadata,"
            " created_at, data_timestamp, pending_status, pending_at) VALUES (?, ?, ?, ?, ?,"
            " ?, ?, ?, ?, 'creating', ?, ?, ?, ?, ?, 'available', ?)",
            (backup_id, project_id, user_id, volume["id"],
             snapshot["id"] if snapshot else None, parent["id"] if parent else None,
             spec.get("name"), spec.get("description"), volume["size"],
             spec.get("container") or "volumebackups",
             spec.get("availability_zone") or volume["availability_zone"],
             dumps(spec.get("metadata") or {}), now,
             snapshot["created_at"] if snapshot else now, due))
        self.volumes.transition(volume["id"], "backing-up", volume["status"])
        return self.get_backup(backup_id)  # type: ignore[return-value]

    def update_backup(self, backup_id: str, changes: Row) -> Row:
        """Change a backup's name, description, metadata, or (reset) status."""
        columns = [c for c in changes if c in ("name", "description", "metadata", "status")]
        if columns:
            values = [dumps(changes[c]) if c == "metadata" else changes[c] for c in columns]
            sets = ", ".join(f"{c} = ?" for c in columns)
            if "status" in columns:  # a reset: no pending transition any more
                sets += ", pending_status = NULL, pending_at = NULL"
            self.store.execute(f"UPDATE backups SET {sets}, updated_at = ? WHERE id = ?",
                               (*values, timestamps.now(), backup_id))
        return self.get_backup(backup_id)  # type: ignore[return-value]

    def delete_backup(self, backup: Row, force: bool = False) -> None:
        allowed = ("available", "error", "creating", "restoring") if force else (
            "available", "error")
        if backup["status"] not in allowed:
            raise BadRequest("Invalid backup: Backup status must be available or error")
        if backup["has_dependent_backups"]:
            raise BadRequest("Invalid backup: Incremental backups exist for this backup.")
        due = self.tasks.due()
        self.store.execute("UPDATE backups SET status = 'deleting', pending_status = 'deleted',"
                           " pending_at = ?, updated_at = ? WHERE id = ?",
                           (due, timestamps.now(), backup["id"]))
        self.tasks.schedule(due)

    def restore_backup(self, project_id: str, user_id: str, backup: Row,
                       volume: Row | None, name: str | None) -> Row:
        """Restore into `volume` (available, at least as large) or into a new volume; the
        backup is `restoring` and the volume `restoring-backup` until the task is done."""
        if backup["status"] != "available":
            raise BadRequest(f"Invalid backup: Backup status must be available but current "
                             f"status is {backup['status']}.")
        if volume is None:
            source = self.volumes.get_volume(backup["volume_id"])
            volume = self.volumes.create_volume(project_id, user_id, {
                "size": backup["size"],
                "name": name or f"restore_backup_{backup['id']}",
                "volume_type": source.get("type") if source else None,
                # the backup carries the volume's metadata, which the restore puts back
                "metadata": dict(source["metadata"]) if source else {},
                "description": None}, status="available")
        else:
            if volume["status"] != "available":
                raise invalid_volume(f"Volume to be restored to must be available but the "
                                     f"current status is \"{volume['status']}\".")
            if volume["size"] < backup["size"]:
                raise invalid_volume(f"volume size {volume['size']} is too small to restore "
                                     f"backup of size {backup['size']}.")
        due = self.tasks.due()
        self.store.execute("UPDATE backups SET status = 'restoring', pending_status ="
                           " 'available', pending_at = ?, updated_at = ? WHERE id = ?",
                           (due, timestamps.now(), backup["id"]))
        return self.volumes.transition(volume["id"], "restoring-backup", "available")


