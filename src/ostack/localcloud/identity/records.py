"""Identity's small documents kept as JSON in one table: credentials, policies, endpoint
groups, OAuth consumers and domain configurations. Each kind is a few fields with no query
beyond its owner, so one generic state class serves them all."""

from __future__ import annotations

import uuid
from typing import Any

from ..store import Store, dumps, loads


class Records:
    """CRUD of `kind` records (`{"id": ..., ...}`), optionally owned by a user or a domain."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def create(self, kind: str, data: dict[str, Any], owner_id: str | None = None,
               record_id: str | None = None) -> dict[str, Any]:
        record = {**data, "id": record_id or uuid.uuid4().hex}
        self.store.execute("INSERT INTO identity_records (kind, id, owner_id, data) VALUES "
                           "(?, ?, ?, ?)", (kind, record["id"], owner_id, dumps(record)))
        return record

    def put(self, kind: str, record_id: str, data: dict[str, Any],
            owner_id: str | None = None) -> dict[str, Any]:
        """Create or replace the record `record_id`."""
        record = {**data, "id": record_id}
        self.store.execute("INSERT OR REPLACE INTO identity_records (kind, id, owner_id, data) "
                           "VALUES (?, ?, ?, ?)", (kind, record_id, owner_id, dumps(record)))
        return record

    def get(self, kind: str, record_id: str) -> dict[str, Any] | None:
        row = self.store.query_one("SELECT data FROM identity_records WHERE kind = ? AND id = ?",
                                   (kind, record_id))
        return loads(row["data"]) if row else None

    def list(self, kind: str, owner_id: str | None = None) -> list[dict[str, Any]]:
        sql, params = "SELECT data FROM identity_records WHERE kind = ?", [kind]
        if owner_id is not None:
            sql += " AND owner_id = ?"
            params.append(owner_id)
        return [loads(row["data"]) for row in self.store.query(sql + " ORDER BY rowid", params)]

    def update(self, kind: str, record_id: str, changes: dict[str, Any],
               owner_id: str | None = None) -> dict[str, Any] | None:
        record = self.get(kind, record_id)
        if record is None:
            return None
        record.update(changes)
        sql, params = "UPDATE identity_records SET data = ?", [dumps(record)]
        if owner_id is not None:
            sql += ", owner_id = ?"
            params.append(owner_id)
        self.store.execute(sql + " WHERE kind = ? AND id = ?", [*params, kind, record_id])
        return record

    def delete(self, kind: str, record_id: str) -> bool:
        return self.store.execute("DELETE FROM identity_records WHERE kind = ? AND id = ?",
                                  (kind, record_id)) > 0

    def delete_owned(self, kind: str, owner_id: str) -> None:
        """Forget the records of a deleted user or domain."""
        self.store.execute("DELETE FROM identity_records WHERE kind = ? AND owner_id = ?",
                           (kind, owner_id))
