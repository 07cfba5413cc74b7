"""Swift accounts (`AUTH_<project id>`): created on first use (Swift's account_autocreate),
their metadata, counts and container listing. Part of the object store backend
(`ObjectStoreBackend.accounts`); the HTTP side is `accounts.py`."""

from __future__ import annotations

from typing import Any

from .. import timestamps
from ..store import Store, dumps, loads
from .container_state import ContainerState
from .records import LISTING_LIMIT, listing, merged, not_expired


class AccountState:
    """The accounts table."""

    def __init__(self, store: Store, containers: ContainerState) -> None:
        self.store = store
        self.containers = containers

    def get_account(self, account: str) -> dict[str, Any] | None:
        row = self.store.query_one("SELECT * FROM swift_accounts WHERE name = ?", (account,))
        if row is not None:
            row["metadata"] = loads(row["metadata"], {})
        return row

    def ensure_account(self, account: str) -> dict[str, Any]:
        """The account, created on first use (Swift's account_autocreate)."""
        row = self.get_account(account)
        if row is None:
            now = timestamps.now()
            self.store.execute(
                "INSERT OR IGNORE INTO swift_accounts (name, metadata, created_at, put_at)"
                " VALUES (?, '{}', ?, ?)", (account, now, now))
            row = self.get_account(account)
        assert row is not None
        return row

    def update_account(self, account: str, changes: dict[str, str | None]) -> None:
        """Set metadata items; a None or empty value removes the item."""
        with self.store.transaction() as db:
            row = db.execute("SELECT metadata FROM swift_accounts WHERE name = ?",
                             (account,)).fetchone()
            metadata = merged(loads(row[0], {}) if row else {}, changes)
            if row is None:
                now = timestamps.now()
                db.execute("INSERT INTO swift_accounts (name, metadata, created_at, put_at)"
                           " VALUES (?, ?, ?, ?)", (account, dumps(metadata), now, now))
            else:
                db.execute("UPDATE swift_accounts SET metadata = ? WHERE name = ?",
                           (dumps(metadata), account))

    def account_stats(self, account: str) -> dict[str, int]:
        """Containers, objects and bytes of an account."""
        condition, args = not_expired(timestamps.now())
        containers = self.store.scalar(
            "SELECT COUNT(*) FROM swift_containers WHERE account = ?", (account,))
        objects, used = self.store.query_one(
            "SELECT COUNT(*) AS n, COALESCE(SUM(bytes), 0) AS b FROM swift_objects"
            f" WHERE account = ? AND {condition}", (account, *args)).values()
        return {"containers": containers, "objects": objects, "bytes": used}

    def list_containers(self, account: str, prefix: str = "", delimiter: str = "",
                        marker: str = "", end_marker: str = "", limit: int = LISTING_LIMIT,
                        reverse: bool = False) -> list[dict[str, Any]]:
        """Containers by name (UTF-8 byte order), with their counts; `subdir` entries for
        names that continue past `delimiter`."""
        page = listing(self.store, "swift_containers", "account = ?", (account,), prefix,
                       delimiter, marker, end_marker, limit, reverse)
        names = [row["name"] for row in page if "name" in row]
        stats = self.containers.stats(account, names)
        for row in page:
            if "name" in row:
                count, used = stats.get(row["name"], (0, 0))
                row.update(count=count, bytes=used)
        return page
