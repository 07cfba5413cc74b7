"""Nova's key pairs, owned by a user (not a project). Part of the compute backend
(`ComputeBackend.keypairs`); the HTTP side is `keypairs.py`."""

from __future__ import annotations

from typing import Any

from .. import timestamps
from ..errors import Conflict
from ..store import Store

Row = dict[str, Any]


class KeypairState:
    """The keypairs table."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, user_id: str, name: str) -> Row | None:
        return self.store.query_one("SELECT * FROM keypairs WHERE user_id = ? AND name = ?",
                                    (user_id, name))

    def list(self, user_id: str) -> list[Row]:
        return self.store.query("SELECT * FROM keypairs WHERE user_id = ? ORDER BY name",
                                (user_id,))

    def create(self, user_id: str, name: str, type_: str, public_key: str,
               fingerprint: str) -> Row:
        try:
            self.store.execute(
                "INSERT INTO keypairs (user_id, name, type, public_key, fingerprint, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (user_id, name, type_, public_key, fingerprint, timestamps.now()))
        except Exception as exc:
            if "UNIQUE" in str(exc):
                raise Conflict(f"Key pair '{name}' already exists.") from None
            raise
        return self.get(user_id, name)  # type: ignore[return-value]

    def delete(self, user_id: str, name: str) -> bool:
        return self.store.execute("DELETE FROM keypairs WHERE user_id = ? AND name = ?",
                                  (user_id, name)) > 0

    def count(self, user_id: str) -> int:
        return self.store.scalar("SELECT COUNT(*) FROM keypairs WHERE user_id = ?", (user_id,))
