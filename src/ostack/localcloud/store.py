"""The local cloud's state: one SQLite database (WAL mode) behind one connection and a lock.

Every service keeps its records here, so the cloud survives a restart. The handlers never touch
SQL: they call the service backends (`identity/backend.py`, `compute/backend.py`,
`image/backend.py`), which use this store.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SCHEMA_VERSION = "1"

#: The store's own table; each service declares its tables in `<service>/schema.py`.
META_SCHEMA = "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
_TABLE = re.compile(r"CREATE TABLE IF NOT EXISTS (\w+)")


def tables_of(schema: str) -> list[str]:
    """The tables a schema creates, in order."""
    return _TABLE.findall(schema)


class Store:
    """One SQLite database; safe to share between threads (a lock guards the connection)."""

    def __init__(self, path: str | Path, schema: str = "") -> None:
        """Open (or create) the database at `path` with the tables of `schema` (the declared
        services' schemas, joined) besides the store's own `meta` table."""
        self.path = str(path)
        self.schema = META_SCHEMA + "\n" + schema
        if self.path != ":memory:" and not os.path.exists(self.path):
            # Create it 0600 first: SQLite gives its -wal and -shm files the same mode.
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute("PRAGMA busy_timeout=5000")
        self._create()

    def _create(self) -> None:
        with self._lock:
            self._conn.executescript(self.schema)
            self._conn.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)",
                (SCHEMA_VERSION,),
            )

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run several statements atomically (BEGIN IMMEDIATE ... COMMIT)."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement in its own transaction; return the number of rows changed."""
        with self._lock:
            return self._conn.execute(sql, params).rowcount

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows as dicts."""
        with self._lock:
            return [dict(row) for row in self._conn.execute(sql, params)]

    def query_one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        """The first row as a dict, or None."""
        with self._lock:
            row = self._conn.execute(sql, params).fetchone()
        return dict(row) if row is not None else None

    def column(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """The first column of every row."""
        with self._lock:
            return [row[0] for row in self._conn.execute(sql, params)]

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first column of the first row, or None."""
        with self._lock:
            row = self._conn.execute(sql, params).fetchone()
        return row[0] if row is not None else None

    def create_function(self, name: str, arity: int, func: Any) -> None:
        """Register a Python function for SQL (e.g. `regexp` for the REGEXP operator)."""
        with self._lock:
            self._conn.create_function(name, arity, func, deterministic=True)

    def get_meta(self, key: str) -> str | None:
        return self.scalar("SELECT value FROM meta WHERE key = ?", (key,))

    def set_meta(self, key: str, value: str) -> None:
        self.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def wipe(self) -> None:
        """Drop every record (the operator's reset); the schema is created again, empty."""
        with self._lock:
            for table in tables_of(self.schema):
                self._conn.execute(f"DROP TABLE IF EXISTS {table}")
            self._create()

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def dumps(value: Any) -> str:
    """JSON for a column."""
    return json.dumps(value, separators=(",", ":"))


def loads(text: str | None, default: Any = None) -> Any:
    """A JSON column back to Python."""
    return default if text is None else json.loads(text)
