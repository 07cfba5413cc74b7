"""Image status transitions that take time (a server snapshot saving, an import): each is a row
of `image_transitions` (the status the image takes and when), applied by `advance()`, which the
cloud's lifecycle loop calls (and every read of images, so that a client sees them on time).
Part of the image backend (`ImageBackend.transitions`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from .. import timestamps
from ..store import Store, dumps, loads
from .image_data import SERVER_IMAGE_SIZE, ImageFiles, generated_data, hash_of, virtual_size
from .task_state import TaskState


def _expected(data: dict[str, Any]) -> list[str]:
    """The statuses a transition applies to (the image may have moved on meanwhile)."""
    return list(data.get("expected") or ["queued", "saving", "importing", "uploading"])


class TransitionState:
    """The scheduled transitions and the time the next one is due."""

    def __init__(self, store: Store, files: ImageFiles, tasks: TaskState,
                 wake: Callable[[], None]) -> None:
        self.store = store
        self.files = files
        self.tasks = tasks
        self.wake = wake
        self._next_due: float | None = 0.0  # 0: look in the database at the first call
        self._recovered = False

    def advance(self, now: float | None = None) -> float | None:
        """Apply the transitions that are due (queued -> saving -> active for server images,
        importing -> active for imports); return when the next is due, None when idle."""
        now = timestamps.now() if now is None else now
        if not self._recovered:
            self._recover(now)
        if self._next_due is None or now < self._next_due:
            return self._next_due
        due = self.store.query(
            "SELECT * FROM image_transitions WHERE due_at IS NOT NULL AND due_at <= ?"
            " ORDER BY due_at", (now,))
        for row in due:
            self._apply(row, now)
        self._next_due = self.store.scalar(
            "SELECT MIN(due_at) FROM image_transitions WHERE due_at IS NOT NULL")
        return self._next_due

    def _recover(self, now: float) -> None:
        """At the first step after a start: data transfers that the last run left unfinished
        (an upload, a stage, a web download) are lost; their images go back to `queued`."""
        self._recovered = True
        with self.store.transaction() as db:
            db.execute("DELETE FROM image_transitions WHERE status = 'fetching'")
            stale = [row[0] for row in db.execute(
                "SELECT id FROM images WHERE status IN ('saving', 'uploading', 'importing')"
                " AND NOT EXISTS (SELECT 1 FROM image_transitions t WHERE t.image_id ="
                " images.id AND (t.due_at IS NOT NULL OR t.status = 'staged'))")]
            for image_id in stale:
                db.execute("UPDATE images SET status = 'queued', updated_at = ? WHERE id = ?",
                           (now, image_id))
        for image_id in stale:
            self.files.remove(image_id, keep_data=False)

    def schedule(self, image_id: str, status: str, due: float,
                 data: dict[str, Any] | None = None, db: Any = None) -> None:
        """The image takes `status` at `due` (`data`: `kind`, `expected` statuses, digests);
        within the transaction `db` when given."""
        sql = ("INSERT OR REPLACE INTO image_transitions (image_id, status, due_at, data)"
               " VALUES (?, ?, ?, ?)")
        params = (image_id, status, due, dumps(data or {}))
        if db is not None:
            db.execute(sql, params)
        else:
            self.store.execute(sql, params)
        if self._next_due is None or due < self._next_due:
            self._next_due = due
        self.wake()

    def _apply(self, row: dict[str, Any], now: float) -> None:
        image_id, status = row["image_id"], row["status"]
        data = loads(row["data"], {})
        fields: dict[str, Any] = {}
        if status == "active" and data.get("kind") in ("server", "volume"):
            content = generated_data(image_id, SERVER_IMAGE_SIZE, data.get("disk_format"),
                                     data.get("virtual_size") or SERVER_IMAGE_SIZE)
            if self.files.data_dir is not None:
                self.files.write(self.files.data_path(image_id), content)
            fields = hash_of(content)
            fields["virtual_size"] = virtual_size(content[:64], data.get("disk_format"),
                                                  len(content))
        elif status == "active" and data.get("kind") == "import":
            staged = self.files.staging_path(image_id)
            if staged.exists():
                os.replace(staged, self.files.data_path(image_id))
            fields = {k: data[k] for k in ("size", "checksum", "os_hash_algo", "os_hash_value")
                      if k in data}
            image = self.store.query_one("SELECT disk_format FROM images WHERE id = ?",
                                         (image_id,))
            path = self.files.data_path(image_id)
            if image is not None and path.exists():
                with open(path, "rb") as handle:
                    head = handle.read(64)
                fields["virtual_size"] = virtual_size(head, image["disk_format"],
                                                      int(data.get("size") or 0))
        expected = _expected(data)
        sets = ", ".join(["status = ?", "updated_at = ?"] + [f"{k} = ?" for k in fields])
        marks = ",".join("?" * len(expected))
        with self.store.transaction() as db:
            db.execute(f"UPDATE images SET {sets} WHERE id = ? AND status IN ({marks})",
                       [status, now, *fields.values(), image_id, *expected])
            db.execute("DELETE FROM image_transitions WHERE image_id = ? AND status = ?",
                       (image_id, status))
        if status == "active" and data.get("kind") in ("import", "copy"):
            self.tasks.finish(image_id)

    def forget(self, image_id: str, db: Any) -> None:
        """The image is deleted: its pending transitions go (within the transaction `db`)."""
        db.execute("DELETE FROM image_transitions WHERE image_id = ?", (image_id,))
