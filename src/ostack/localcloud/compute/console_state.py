"""Console authorization tokens as Nova's consoleauth keeps them: each remote console URL
carries a token that the console proxy (and `os-console-auth-tokens`) can check until it
expires ([consoleauth] token_ttl, 10 minutes). Only a hash of the token is stored. Part of the
compute backend (`ComputeBackend.consoles`)."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from .. import timestamps
from ..store import Store

TOKEN_TTL = 600.0

Row = dict[str, Any]


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ConsoleTokens:
    """The console_auth_tokens table."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def issue(self, server_id: str, console_type: str, host: str, port: int) -> str:
        """A new token for a console of the server on `host`:`port`."""
        token = secrets.token_hex(16)
        now = timestamps.now()
        with self.store.transaction() as db:
            db.execute("DELETE FROM console_auth_tokens WHERE expires <= ?", (now,))
            db.execute("INSERT INTO console_auth_tokens (token_hash, server_id, console_type,"
                       " host, port, expires) VALUES (?, ?, ?, ?, ?, ?)",
                       (_hash(token), server_id, console_type, host, port, now + TOKEN_TTL))
        return token

    def check(self, token: str) -> Row | None:
        """The connection a valid token gives, or None (unknown, expired, server gone)."""
        row = self.store.query_one(
            "SELECT t.* FROM console_auth_tokens t JOIN servers s ON s.id = t.server_id"
            " WHERE t.token_hash = ? AND t.expires > ?", (_hash(token), timestamps.now()))
        return row
