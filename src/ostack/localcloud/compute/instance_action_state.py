"""Nova's instance actions (what `os-instance-actions` lists): one per request that changed a
server, with its events, finished when the task's last step is applied. Part of the compute
backend (`ComputeBackend.actions`); the HTTP side is `instance_actions.py`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import timestamps
from ..store import Store, dumps, loads

Row = dict[str, Any]


class InstanceActionState:
    """The instance_actions table. `advance` brings the servers' pending steps up to date
    before a read (their last step finishes the action)."""

    def __init__(self, store: Store, advance: Callable[[], Any]) -> None:
        self.store = store
        self.advance = advance

    def insert(self, db: Any, server_id: str, action: str, project_id: str, user_id: str,
               request_id: str, now: float, events: list[str], finished: bool = False,
               message: str | None = None) -> None:
        """Record an action in the open transaction `db`."""
        items = [{"event": name, "start_time": now, "finish_time": now if finished else None,
                  "result": "Success" if finished else None, "host": None}
                 for name in events]
        db.execute(
            "INSERT INTO instance_actions (request_id, server_id, action, project_id, user_id,"
            " message, start_time, updated_at, events) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (request_id, server_id, action, project_id, user_id, message, now, now,
             dumps(items)))

    def record(self, server_id: str, action: str, project_id: str, user_id: str,
               request_id: str, events: list[str] | None = None,
               finished: bool = True) -> None:
        """Record an instance action with its events; `finished` ones are done at once (lock,
        interface and volume attachments ...)."""
        with self.store.transaction() as db:
            self.insert(db, server_id, action, project_id, user_id, request_id,
                        timestamps.now(), events or [], finished=finished)

    def finish(self, db: Any, server_id: str, request_id: str, when: float,
               result: str) -> None:
        """Finish the open events of the action of `request_id` (in transaction `db`)."""
        row = db.execute("SELECT seq, events FROM instance_actions WHERE server_id = ? AND"
                         " request_id = ?", (server_id, request_id)).fetchone()
        if row is None:
            return
        events = loads(row["events"], [])
        host = db.execute("SELECT host FROM servers WHERE id = ?", (server_id,)).fetchone()
        for event in events:
            if event["finish_time"] is None:
                event.update(finish_time=when, result=result,
                             host=host[0] if host else None)
        db.execute("UPDATE instance_actions SET events = ?, updated_at = ?,"
                   " message = CASE WHEN ? = 'Error' THEN 'Error' ELSE message END"
                   " WHERE seq = ?", (dumps(events), when, result, row["seq"]))

    def finish_latest(self, db: Any, server_ids: list[str], action: str, when: float) -> None:
        """Finish the latest `action` of each server (deleted servers' `delete`)."""
        for server_id in server_ids:
            row = db.execute("SELECT request_id FROM instance_actions WHERE server_id = ? AND"
                             " action = ? ORDER BY seq DESC LIMIT 1",
                             (server_id, action)).fetchone()
            if row is not None:
                self.finish(db, server_id, row[0], when, "Success")

    def list(self, server_id: str) -> list[Row]:
        """The server's instance actions, newest first."""
        self.advance()
        rows = self.store.query("SELECT * FROM instance_actions WHERE server_id = ?"
                                " ORDER BY start_time DESC, seq DESC", (server_id,))
        for row in rows:
            row["events"] = loads(row["events"], [])
        return rows

    def owner(self, server_id: str) -> str | None:
        """The project of a (possibly deleted) server from its recorded actions."""
        return self.store.scalar("SELECT project_id FROM instance_actions WHERE server_id = ?"
                                 " ORDER BY seq LIMIT 1", (server_id,))
