"""Cinder's background work: the transitions of volumes, snapshots and backups that finish
after the task delay (`creating -> available`, `attaching -> in-use`, `detaching ->
available`, `extending -> available`, `deleting -> gone` ...).

A pending transition is a pair of columns in the row (`pending_status`, `pending_at`).
`advance()` applies the due ones; the app runs it in the background and the state classes
call it before reading, so the state is right across restarts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import timestamps
from ..store import Store, loads


class Tasks:
    """When the pending transitions are due, and applying them."""

    def __init__(self, store: Store, delay: float = 0.5,
                 wake: Callable[[], None] | None = None) -> None:
        self.store = store
        #: Seconds a transition takes (the `task_delay` setting, changed live).
        self.delay = delay
        self._wake = wake
        self._next_due: float | None = 0.0  # 0: look in the database at the first call

    def due(self, delay: float | None = None) -> float:
        """When a transition started now is over (after `delay`, or the task delay)."""
        return timestamps.now() + (self.delay if delay is None else delay)

    def schedule(self, due: float) -> None:
        """A transition is due at `due`: wake the background loop."""
        if self._next_due is None or due < self._next_due:
            self._next_due = due
        if self._wake is not None:
            self._wake()

    def advance(self, now: float | None = None) -> float | None:
        """Apply the transitions that are due; return when the next one is due (None: idle)."""
        now = timestamps.now() if now is None else now
        if self._next_due is None or now < self._next_due:
            return self._next_due
        with self.store.transaction() as db:
            rows = db.execute(
                "SELECT id, pending_status FROM volumes WHERE pending_at IS NOT NULL"
                " AND pending_at <= ?", (now,)).fetchall()
            for volume_id, target in rows:
                finish_volume(db, volume_id, target, now)
            for table in ("snapshots", "backups"):
                db.execute(f"DELETE FROM {table} WHERE pending_status = 'deleted'"
                           f" AND pending_at <= ?", (now,))
            db.execute(
                "UPDATE snapshots SET status = pending_status, pending_status = NULL,"
                " pending_at = NULL, updated_at = ?, progress = '100%'"
                " WHERE pending_at IS NOT NULL AND pending_at <= ?", (now, now))
            db.execute(
                "UPDATE backups SET status = pending_status, pending_status = NULL,"
                " pending_at = NULL, updated_at = ? WHERE pending_at IS NOT NULL"
                " AND pending_at <= ?", (now, now))
            row = db.execute(
                "SELECT MIN(t) FROM (SELECT MIN(pending_at) AS t FROM volumes UNION ALL"
                " SELECT MIN(pending_at) FROM snapshots UNION ALL"
                " SELECT MIN(pending_at) FROM backups)").fetchone()
        self._next_due = row[0] if row else None
        return self._next_due


def finish_volume(db: Any, volume_id: str, target: str, now: float) -> None:
    """Bring a volume to `target` inside a transaction: `deleted` removes it, `detached` drops
    the detaching attachments (`in-use` while others are left), `in-use` completes the
    attaching ones; a retype under way ends with the new type."""
    if target == "deleted":
        db.execute("DELETE FROM volume_attachments WHERE volume_id = ?", (volume_id,))
        db.execute("DELETE FROM volumes WHERE id = ?", (volume_id,))
        return
    if target == "detached":
        db.execute("DELETE FROM volume_attachments WHERE volume_id = ?"
                   " AND attach_status = 'detaching'", (volume_id,))
        left = db.execute("SELECT COUNT(*) FROM volume_attachments WHERE volume_id = ?",
                          (volume_id,)).fetchone()[0]
        target = "in-use" if left else "available"
    if target == "in-use":
        db.execute("UPDATE volume_attachments SET attach_status = 'attached',"
                   " attached_at = COALESCE(attached_at, ?), updated_at = ?"
                   " WHERE volume_id = ? AND attach_status = 'attaching'",
                   (now, now, volume_id))
    attach_status = "attached" if target == "in-use" else "detached"
    db.execute(
        "UPDATE volumes SET status = ?, attach_status = ?, pending_status = NULL,"
        " pending_at = NULL, updated_at = ?, launched_at = COALESCE(launched_at, ?)"
        " WHERE id = ?", (target, attach_status, now, now, volume_id))
    retype = db.execute("SELECT data FROM volume_records WHERE kind = 'retype' AND id = ?",
                        (volume_id,)).fetchone()
    if retype is not None:  # a retype ends with the new type, as the status comes back
        db.execute("UPDATE volumes SET volume_type_id = ? WHERE id = ?",
                   (loads(retype[0])["volume_type_id"], volume_id))
        db.execute("DELETE FROM volume_records WHERE kind = 'retype' AND id = ?",
                   (volume_id,))
