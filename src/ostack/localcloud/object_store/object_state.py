"""Swift objects: their records (size, ETag, content type, metadata, X-Delete-At), replaced
whole by each upload, and the object expirer. Part of the object store backend
(`ObjectStoreBackend.objects`); the HTTP side is `objects.py` and `large_objects.py`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import timestamps
from ..store import Store, dumps, loads
from .object_files import ObjectFiles


class ObjectState:
    """The objects table; `wake` tells the cloud's loop that an object will expire."""

    def __init__(self, store: Store, files: ObjectFiles, wake: Callable[[], None]) -> None:
        self.store = store
        self.files = files
        self.wake = wake

    def get_object(self, account: str, container: str, name: str) -> dict[str, Any] | None:
        """The object's record (None when absent or expired)."""
        row = self.store.query_one(
            "SELECT * FROM swift_objects WHERE account = ? AND container = ? AND name = ?",
            (account, container, name))
        if row is None:
            return None
        if row["delete_at"] is not None and row["delete_at"] <= timestamps.now():
            self.purge_expired()
            return None
        row["metadata"] = loads(row["metadata"], {})
        return row

    def put_object(self, account: str, container: str, name: str, file_id: str,
                   tmp: Path | None, size: int, etag: str, content_type: str,
                   metadata: dict[str, str], delete_at: int | None) -> dict[str, Any]:
        """Store an uploaded file (`tmp`, moved into place) or a linked copy (`tmp` None:
        `file_id` is already in place) as the object, replacing any earlier version."""
        if tmp is not None:
            self.files.commit(file_id, tmp)
        now = timestamps.now()
        with self.store.transaction() as db:
            old = db.execute("SELECT file FROM swift_objects WHERE account = ? AND container = ?"
                             " AND name = ?", (account, container, name)).fetchone()
            db.execute(
                "INSERT OR REPLACE INTO swift_objects (account, container, name, file, bytes,"
                " etag, content_type, metadata, created_at, updated_at, delete_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (account, container, name, file_id, size, etag, content_type, dumps(metadata),
                 now, now, delete_at))
        if old is not None and old[0] != file_id:
            self.files.remove(old[0])
        if delete_at is not None:
            self.wake()
        row = self.get_object(account, container, name)
        assert row is not None
        return row

    def update_object(self, account: str, container: str, name: str, content_type: str,
                      metadata: dict[str, str], delete_at: int | None) -> bool:
        """Replace the object's metadata (Swift's POST); False when it does not exist."""
        changed = self.store.execute(
            "UPDATE swift_objects SET content_type = ?, metadata = ?, delete_at = ?,"
            " updated_at = ? WHERE account = ? AND container = ? AND name = ?",
            (content_type, dumps(metadata), delete_at, timestamps.now(), account, container,
             name))
        if delete_at is not None:
            self.wake()
        return changed > 0

    def delete_object(self, account: str, container: str, name: str) -> bool:
        """Delete the object and its data; False when it does not exist."""
        with self.store.transaction() as db:
            row = db.execute("SELECT file, delete_at FROM swift_objects WHERE account = ? AND"
                             " container = ? AND name = ?", (account, container, name)).fetchone()
            if row is None:
                return False
            db.execute("DELETE FROM swift_objects WHERE account = ? AND container = ? AND"
                       " name = ?", (account, container, name))
        self.files.remove(row[0])
        return row[1] is None or row[1] > timestamps.now()

    # ----------------------------------------------------------------- expiry
    def purge_expired(self, now: float | None = None) -> int:
        """Delete the objects whose X-Delete-At has passed."""
        now = timestamps.now() if now is None else now
        if self.store.scalar("SELECT 1 FROM swift_objects WHERE delete_at IS NOT NULL AND"
                             " delete_at <= ? LIMIT 1", (now,)) is None:
            return 0
        with self.store.transaction() as db:
            rows = db.execute("SELECT account, container, name, file FROM swift_objects"
                              " WHERE delete_at IS NOT NULL AND delete_at <= ?",
                              (now,)).fetchall()
            for row in rows:
                db.execute("DELETE FROM swift_objects WHERE account = ? AND container = ? AND"
                           " name = ?", (row[0], row[1], row[2]))
        for row in rows:
            self.files.remove(row[3])
        return len(rows)

    def advance(self, now: float | None = None) -> float | None:
        """The object expirer: delete what expired; return when the next object expires."""
        now = timestamps.now() if now is None else now
        self.purge_expired(now)
        return self.store.scalar("SELECT MIN(delete_at) FROM swift_objects"
                                 " WHERE delete_at IS NOT NULL")
