"""Swift containers: their metadata (ACLs included), object counts and bytes used, and their
object listing. Part of the object store backend (`ObjectStoreBackend.containers`); the HTTP
side is `containers.py`."""

from __future__ import annotations

from typing import Any

from .. import timestamps
from ..errors import Conflict
from ..store import Store, dumps, loads
from .records import LISTING_LIMIT, listing, merged, not_expired


class ContainerState:
    """The containers table."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def stats(self, account: str, names: list[str]) -> dict[str, tuple[int, int]]:
        """(objects, bytes) of each named container that holds unexpired objects."""
        if not names:
            return {}
        condition, args = not_expired(timestamps.now())
        marks = ",".join("?" * len(names))
        rows = self.store.query(
            "SELECT container, COUNT(*) AS n, COALESCE(SUM(bytes), 0) AS b FROM swift_objects"
            f" WHERE account = ? AND container IN ({marks}) AND {condition}"
            " GROUP BY container", (account, *names, *args))
        return {row["container"]: (row["n"], row["b"]) for row in rows}

    def container_record(self, account: str, name: str) -> dict[str, Any] | None:
        """The container's record and metadata (no counts); None if absent."""
        row = self.store.query_one(
            "SELECT * FROM swift_containers WHERE account = ? AND name = ?", (account, name))
        if row is not None:
            row["metadata"] = loads(row["metadata"], {})
        return row

    def get_container(self, account: str, name: str) -> dict[str, Any] | None:
        """The container with its metadata, object count and bytes used; None if absent."""
        row = self.container_record(account, name)
        if row is None:
            return None
        count, used = self.stats(account, [name]).get(name, (0, 0))
        row.update(count=count, bytes=used)
        return row

    def put_container(self, account: str, name: str,
                      changes: dict[str, str | None]) -> bool:
        """Create the container (its account exists), or update its metadata; True when it
        was created."""
        now = timestamps.now()
        with self.store.transaction() as db:
            row = db.execute("SELECT metadata FROM swift_containers WHERE account = ? AND"
                             " name = ?", (account, name)).fetchone()
            if row is None:
                db.execute("INSERT INTO swift_containers (account, name, metadata, created_at,"
                           " put_at) VALUES (?, ?, ?, ?, ?)",
                           (account, name, dumps(merged({}, changes)), now, now))
                return True
            db.execute("UPDATE swift_containers SET metadata = ?, put_at = ? WHERE account = ?"
                       " AND name = ?",
                       (dumps(merged(loads(row[0], {}), changes)), now, account, name))
            return False

    def update_container(self, account: str, name: str,
                         changes: dict[str, str | None]) -> bool:
        """Set or remove container metadata; False when the container does not exist."""
        with self.store.transaction() as db:
            row = db.execute("SELECT metadata FROM swift_containers WHERE account = ? AND"
                             " name = ?", (account, name)).fetchone()
            if row is None:
                return False
            db.execute("UPDATE swift_containers SET metadata = ? WHERE account = ? AND name = ?",
                       (dumps(merged(loads(row[0], {}), changes)), account, name))
            return True

    def delete_container(self, account: str, name: str) -> bool:
        """Delete an empty container (409 when it holds objects, expired ones purged
        first); False when absent."""
        with self.store.transaction() as db:
            if db.execute("SELECT 1 FROM swift_objects WHERE account = ? AND container = ?"
                          " LIMIT 1", (account, name)).fetchone():
                raise Conflict("")
            return db.execute("DELETE FROM swift_containers WHERE account = ? AND name = ?",
                              (account, name)).rowcount > 0

    def list_objects(self, account: str, container: str, prefix: str = "",
                     delimiter: str = "", marker: str = "", end_marker: str = "",
                     limit: int = LISTING_LIMIT, reverse: bool = False) -> list[dict[str, Any]]:
        """Objects by name with `hash`, `bytes`, `content_type`, `updated_at`; `subdir`
        entries for names that continue past `delimiter`."""
        condition, args = not_expired(timestamps.now())
        return listing(self.store, "swift_objects",
                       f"account = ? AND container = ? AND {condition}",
                       (account, container, *args), prefix, delimiter, marker, end_marker,
                       limit, reverse)
