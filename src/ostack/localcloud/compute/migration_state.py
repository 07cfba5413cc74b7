"""Migration records as Nova keeps them: one per cold migration, resize, live migration and
evacuation, with the status each step of the move reaches. Part of the compute backend
(`ComputeBackend.migrations`); the HTTP side is `migrations.py`, the moves `server_moves.py`.

A server's task steps carry a `migration` entry (`{"id": ..., "status": ...}`) that the
backend applies with the step (`apply`), so a migration's status follows its server's.
"""

from __future__ import annotations

import uuid
from typing import Any

from .. import timestamps
from ..store import Store, dumps, loads

Row = dict[str, Any]

#: Statuses of a live migration still under way (Nova shows those under /servers/{id}/migrations).
LIVE_IN_PROGRESS = ("queued", "preparing", "running", "post-migrating")


class MigrationState:
    """The migrations table."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def flavor_number(self, flavor_id: str) -> int | None:
        """The flavor's internal integer id (Nova's `*_instance_type_id`)."""
        return self.store.scalar("SELECT rowid FROM flavors WHERE id = ?", (flavor_id,))

    def create(self, server: Row, user_id: str, migration_type: str, status: str,
               dest: str | None, new_flavor_id: str | None = None) -> Row:
        """Record a move of `server` (a server row) to host `dest`."""
        now = timestamps.now()
        old = self.flavor_number(server["flavor"]["id"])
        new = self.flavor_number(new_flavor_id) if new_flavor_id else old
        migration_uuid = str(uuid.uuid4())
        self.store.execute(
            "INSERT INTO migrations (uuid, server_id, project_id, user_id, migration_type,"
            " status, source_compute, dest_compute, old_flavor_id, new_flavor_id,"
            " memory_total, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (migration_uuid, server["id"], server["project_id"], user_id, migration_type,
             status, server["host"], dest, old, new,
             int(server["flavor"].get("ram", 0)) * 1024 * 1024, now))
        return self.store.query_one("SELECT * FROM migrations WHERE uuid = ?",
                                    (migration_uuid,))  # type: ignore[return-value]

    @staticmethod
    def apply(db: Any, change: Row, when: float) -> None:
        """Apply a step's `migration` entry inside the backend's transaction."""
        columns = {k: v for k, v in change.items() if k in ("status", "dest_compute")}
        if not columns:
            return
        sets = ", ".join(f"{k} = ?" for k in columns)
        db.execute(f"UPDATE migrations SET {sets}, updated_at = ? WHERE id = ?",
                   (*columns.values(), when, change["id"]))

    def set_status(self, migration_id: int, status: str) -> None:
        self.store.execute("UPDATE migrations SET status = ?, updated_at = ? WHERE id = ?",
                           (status, timestamps.now(), migration_id))

    def get(self, migration_id: int) -> Row | None:
        return self.store.query_one("SELECT * FROM migrations WHERE id = ?", (migration_id,))

    def latest(self, server_id: str, statuses: tuple[str, ...],
               types: tuple[str, ...] | None = None) -> Row | None:
        """The newest migration of a server in one of `statuses` (and of one of `types`)."""
        marks = ",".join("?" * len(statuses))
        sql = f"SELECT * FROM migrations WHERE server_id = ? AND status IN ({marks})"
        params: list[Any] = [server_id, *statuses]
        if types:
            sql += f" AND migration_type IN ({','.join('?' * len(types))})"
            params += list(types)
        return self.store.query_one(sql + " ORDER BY id DESC LIMIT 1", params)

    def list(self, where: list[str], params: list[Any]) -> list[Row]:
        """Migrations matching SQL conditions (built by the handler), newest first."""
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        return self.store.query(f"SELECT * FROM migrations{clause}"
                                f" ORDER BY created_at DESC, id DESC", params)

    def forget(self, db: Any, server_ids: list[str]) -> None:
        """A deleted server's migrations go with it (inside the backend's transaction)."""
        marks = ",".join("?" * len(server_ids))
        db.execute(f"DELETE FROM migrations WHERE server_id IN ({marks})", server_ids)

    # ------------------------------------------------------------------ hurrying a task
    def finish_now(self, server_id: str) -> None:
        """Make every remaining step of a server's task due now (live migration
        force-complete): the background loop applies them at once."""
        row = self.store.query_one("SELECT pending FROM servers WHERE id = ?", (server_id,))
        steps = loads(row["pending"] if row else None, [])
        for step in steps:
            step["delay"] = 0.0
        self.store.execute("UPDATE servers SET due_at = ?, pending = ? WHERE id = ?",
                           (timestamps.now(), dumps(steps) if steps else None, server_id))
