"""Nova's server groups (affinity policies) and their members. Part of the compute backend
(`ComputeBackend.server_groups`); the HTTP side is `server_groups.py`, the scheduler reads the
policy (`scheduler.py`)."""

from __future__ import annotations

import uuid
from typing import Any

from .. import timestamps
from ..errors import Forbidden
from ..store import Store, dumps, loads
from .quota_state import QuotaState

Row = dict[str, Any]


class ServerGroupState:
    """The server_groups and server_group_members tables."""

    def __init__(self, store: Store, quotas: QuotaState) -> None:
        self.store = store
        self.quotas = quotas

    def create(self, project_id: str, user_id: str, name: str, policy: str,
               rules: dict[str, Any]) -> Row:
        limit = self.quotas.limit(project_id, "server_groups")
        if 0 <= limit <= self.count(project_id):
            raise Forbidden("Quota exceeded, too many server groups.")
        group_id = str(uuid.uuid4())
        self.store.execute(
            "INSERT INTO server_groups (id, name, project_id, user_id, policy, rules,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (group_id, name, project_id, user_id, policy, dumps(rules), timestamps.now()))
        return self.get(group_id)  # type: ignore[return-value]

    def get(self, group_id: str) -> Row | None:
        row = self.store.query_one("SELECT * FROM server_groups WHERE id = ?", (group_id,))
        if row is None:
            return None
        row["rules"] = loads(row["rules"], {})
        row["members"] = self.store.column(
            "SELECT server_id FROM server_group_members WHERE group_id = ? ORDER BY rowid",
            (group_id,))
        return row

    def list(self, project_id: str | None) -> list[Row]:
        if project_id is None:
            rows = self.store.query("SELECT * FROM server_groups ORDER BY created_at, id")
        else:
            rows = self.store.query("SELECT * FROM server_groups WHERE project_id = ?"
                                    " ORDER BY created_at, id", (project_id,))
        members: dict[str, list[str]] = {}
        for m in self.store.query("SELECT group_id, server_id FROM server_group_members"
                                  " ORDER BY rowid"):
            members.setdefault(m["group_id"], []).append(m["server_id"])
        for row in rows:
            row["rules"] = loads(row["rules"], {})
            row["members"] = members.get(row["id"], [])
        return rows

    def delete(self, group_id: str) -> None:
        with self.store.transaction() as db:
            db.execute("DELETE FROM server_groups WHERE id = ?", (group_id,))
            db.execute("DELETE FROM server_group_members WHERE group_id = ?", (group_id,))

    def of_servers(self, server_ids: list[str]) -> dict[str, list[str]]:
        """The groups of each server (for the `server_groups` field from 2.71)."""
        if not server_ids:
            return {}
        found: dict[str, list[str]] = {}
        for row in self.store.query(
                f"SELECT server_id, group_id FROM server_group_members WHERE server_id IN"
                f" ({','.join('?' * len(server_ids))})", server_ids):
            found.setdefault(row["server_id"], []).append(row["group_id"])
        return found

    def count(self, project_id: str) -> int:
        return self.store.scalar("SELECT COUNT(*) FROM server_groups WHERE project_id = ?",
                                 (project_id,))
