"""Identity's small documents kept as JSON in one table: credentials, policies, endpoint
groups, OAuth consumers and domain configurations. Each kind is a few fields with no query
beyond its owner, so one generic state class serves them all."""

from __future__ import annotations

import uuid
from typing import Any

from ..store import Store, dumps, loads


class Records:
    """CRUD of `kind` records (`{"id": ..., ...}`), optionally owned by a user or a domain.

    The `blob` of a kind named in `sealed` (credentials) is stored encrypted by its sealer
    (`credential_keys.CredentialKeys`) and read back in clear.
    """

    def __init__(self, store: Store, sealed: dict[str, Any] | None = None) -> None:
        self.store = store
        self.sealed = sealed or {}

    def _dump(self, kind: str, record: dict[str, Any]) -> str:
        sealer = self.sealed.get(kind)
        if sealer is not None and isinstance(record.get("blob"), str):
            stored = {k: v for k, v in record.items() if k != "blob"}
            stored["encrypted_blob"] = sealer.seal(record["blob"])
            return dumps(stored)
        return dumps(record)

    def _load(self, kind: str, text: str) -> dict[str, Any]:
        record = loads(text)
        sealer = self.sealed.get(kind)
        if sealer is not None and "encrypted_blob" in record:
            record["blob"] = sealer.open(record.pop("encrypted_blob"))
        return record

    def create(self, kind: str, data: dict[str, Any], owner_id: str | None = None,
               record_id: str | None = None) -> dict[str, Any]:
        record = {**data, "id": record_id or uuid.uuid4().hex}
        self.store.execute("INSERT INTO identity_records (kind, id, owner_id, data) VALUES "
                           "(?, ?, ?, ?)", (kind, record["id"], owner_id, self._dump(kind, record)))
        return record

    def put(self, kind: str, record_id: str, data: dict[str, Any],
            owner_id: str | None = None) -> dict[str, Any]:
        """Create or replace the record `record_id`."""
        record = {**data, "id": record_id}
        self.store.execute("INSERT OR REPLACE INTO identity_records (kind, id, owner_id, data) "
                           "VALUES (?, ?, ?, ?)",
                           (kind, record_id, owner_id, self._dump(kind, record)))
        return record

    def get(self, kind: str, record_id: str) -> dict[str, Any] | None:
        row = self.store.query_one("SELECT data FROM identity_records WHERE kind = ? AND id = ?",
                                   (kind, record_id))
        return self._load(kind, row["data"]) if row else None

    def list(self, kind: str, owner_id: str | None = None) -> list[dict[str, Any]]:
        sql, params = "SELECT data FROM identity_records WHERE kind = ?", [kind]
        if owner_id is not None:
            sql += " AND owner_id = ?"
            params.append(owner_id)
        rows = self.store.query(sql + " ORDER BY rowid", params)
        return [self._load(kind, row["data"]) for row in rows]

    def update(self, kind: str, record_id: str, changes: dict[str, Any],
               owner_id: str | None = None) -> dict[str, Any] | None:
        record = self.get(kind, record_id)
        if record is None:
            return None
        record.update(changes)
        sql, params = "UPDATE identity_records SET data = ?", [self._dump(kind, record)]
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
