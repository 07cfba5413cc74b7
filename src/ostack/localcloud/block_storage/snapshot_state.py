"""Volume snapshots: Cinder's `snapshots` table (`creating`, then `available` after the task
delay; `deleting`, then gone). Part of the block storage backend
(`BlockStorageBackend.snapshots`); the HTTP side is `snapshots.py`."""

from __future__ import annotations

from typing import Any

from .. import timestamps
from ..errors import BadRequest
from ..store import Store, dumps
from .common import Row, decode_metadata, invalid_volume, new_id, order_clause
from .quota_state import QuotaState
from .tasks import Tasks


class SnapshotState:
    """The snapshots table."""

    def __init__(self, store: Store, tasks: Tasks, quotas: QuotaState) -> None:
        self.store = store
        self.tasks = tasks
        self.quotas = quotas

    # ----------------------------------------------------------------- snapshots
    def get_snapshot(self, snapshot_id: str) -> Row | None:
        self.tasks.advance()
        row = self.store.query_one("SELECT * FROM snapshots WHERE id = ?", (snapshot_id,))
        return decode_metadata(row) if row is not None else None

    def list_snapshots(self, where: list[str], params: list[Any],
                       order_by: list[tuple[str, str]]) -> list[Row]:
        self.tasks.advance()
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        order = order_clause(order_by)
        return [decode_metadata(r) for r in self.store.query(
            f"SELECT * FROM snapshots{clause} ORDER BY {order}", params)]

    def create_snapshot(self, project_id: str, user_id: str, volume: Row,
                        name: str | None, description: str | None,
                        metadata: dict[str, str], force: bool = False) -> Row:
        """A snapshot of a volume (`creating`, then `available` after the task delay)."""
        allowed = ("available", "in-use") if force else ("available",)
        if volume["status"] not in allowed:
            raise invalid_volume(f"Volume {volume['id']} status must be available, but "
                                 f"current status is: {volume['status']}.")
        type_name = volume["type"]["name"] if volume.get("type") else None
        self.quotas.check_quota(project_id, type_name, snapshots=1, gigabytes=volume["size"])
        snapshot_id = new_id()
        now = timestamps.now()
        due = self.tasks.due()
        self.store.execute(
            "INSERT INTO snapshots (id, project_id, user_id, volume_id, name, description,"
            " size, status, progress, metadata, created_at, pending_status, pending_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, 'creating', '0%', ?, ?, 'available', ?)",
            (snapshot_id, project_id, user_id, volume["id"], name, description,
             volume["size"], dumps(metadata), now, due))
        self.tasks.schedule(due)
        return self.get_snapshot(snapshot_id)  # type: ignore[return-value]

    def update_snapshot(self, snapshot_id: str, changes: Row) -> Row:
        columns = [c for c in changes if c in ("name", "description", "metadata", "status",
                                               "progress")]
        if columns:
            values = [dumps(changes[c]) if c == "metadata" else changes[c] for c in columns]
            sets = ", ".join(f"{c} = ?" for c in columns)
            self.store.execute(f"UPDATE snapshots SET {sets}, updated_at = ? WHERE id = ?",
                               (*values, timestamps.now(), snapshot_id))
        return self.get_snapshot(snapshot_id)  # type: ignore[return-value]

    def delete_snapshot(self, snapshot: Row, force: bool = False) -> None:
        if not force and snapshot["status"] not in ("available", "error", "error_deleting"):
            raise BadRequest("Invalid snapshot: Snapshot status must be available or error "
                             "and must not be part of a group.")
        if self.store.scalar("SELECT 1 FROM volumes WHERE snapshot_id = ? AND status ="
                             " 'creating'", (snapshot["id"],)):
            raise BadRequest("Invalid snapshot: Snapshot is in use by a volume being created.")
        due = self.tasks.due()
        self.store.execute("UPDATE snapshots SET status = 'deleting', pending_status ="
                           " 'deleted', pending_at = ?, updated_at = ? WHERE id = ?",
                           (due, timestamps.now(), snapshot["id"]))
        self.tasks.schedule(due)
