"""Block storage's smaller resources kept as JSON in one table (QoS specs, transfers,
encryption specs of types): a few fields each, looked up by id or by project."""

from __future__ import annotations

import uuid
from typing import Any

from .. import timestamps
from ..store import Store, dumps, loads


class VolumeRecords:
    """CRUD of `kind` records (`{"id": ..., ...}`), optionally of a project."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def create(self, kind: str, data: dict[str, Any], project_id: str | None = None,
               record_id: str | None = None) -> dict[str, Any]:
        now = timestamps.now()
        record = {**data, "id": record_id or str(uuid.uuid4()), "created_at": now}
        self.store.execute("INSERT INTO volume_records (kind, id, project_id, data, created_at)"
                           " VALUES (?, ?, ?, ?, ?)",
                           (kind, record["id"], project_id, dumps(record), now))
        return record

    def get(self, kind: str, record_id: str) -> dict[str, Any] | None:
        row = self.store.query_one("SELECT data FROM volume_records WHERE kind = ? AND id = ?",
                                   (kind, record_id))
        return loads(row["data"]) if row else None

    def list(self, kind: str, project_id: str | None = None) -> list[dict[str, Any]]:
        sql, params = "SELECT data FROM volume_records WHERE kind = ?", [kind]
        if project_id is not None:
            sql += " AND project_id = ?"
            params.append(project_id)
        return [loads(r["data"]) for r in self.store.query(sql + " ORDER BY created_at",
                                                           params)]

    def save(self, kind: str, record: dict[str, Any], project_id: str | None = None) -> None:
        sql, params = "UPDATE volume_records SET data = ?", [dumps(record)]
        if project_id is not None:
            sql += ", project_id = ?"
            params.append(project_id)
        self.store.execute(sql + " WHERE kind = ? AND id = ?", [*params, kind, record["id"]])

    def delete(self, kind: str, record_id: str) -> bool:
        return self.store.execute("DELETE FROM volume_records WHERE kind = ? AND id = ?",
                                  (kind, record_id)) > 0
