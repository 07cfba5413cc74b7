"""An image's data arriving: `PUT .../file` (upload), `PUT .../stage` (staging for the
interoperable import) and the import methods (`glance-direct`, `web-download`, `copy-image`),
each moving the image between statuses. Part of the image backend (`ImageBackend.data`); the
HTTP side is `data.py` and `imports.py`, the import tasks are `task_state.py`.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from .. import timestamps
from ..errors import Conflict
from ..store import Store, dumps, loads
from .image_data import ImageFiles
from .image_state import ImageState
from .task_state import TaskState
from .transition_state import TransitionState


class DataState:
    """Uploads, staged data and imports."""

    def __init__(self, store: Store, files: ImageFiles, images: ImageState,
                 transitions: TransitionState, tasks: TaskState,
                 task_delay: float = 0.5) -> None:
        self.store = store
        self.files = files
        self.images = images
        self.transitions = transitions
        self.tasks = tasks
        self.task_delay = task_delay

    def begin_upload(self, image_id: str) -> Path:
        """queued -> saving for a `PUT .../file`; the path to write. 409 otherwise."""
        if not self.images.set_status(image_id, "saving", ("queued",)):
            image = self.images.get_image(image_id)
            status = image["status"] if image else "deleted"
            raise Conflict(f"Image status transition from {status} to saving is not allowed")
        path = self.files.data_path(image_id)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        return path

    def finish_upload(self, image_id: str, fields: dict[str, Any],
                      virtual_size: int | None = None) -> bool:
        """saving -> active with the data's size and digests; False when the image was
        deleted meanwhile."""
        now = timestamps.now()
        return self.store.execute(
            "UPDATE images SET status = 'active', size = ?, checksum = ?, os_hash_algo = ?,"
            " os_hash_value = ?, virtual_size = ?, updated_at = ? WHERE id = ?"
            " AND status = 'saving'",
            (fields["size"], fields["checksum"], fields["os_hash_algo"],
             fields["os_hash_value"], virtual_size, now, image_id)) > 0

    def abort_upload(self, image_id: str, status: str = "queued") -> None:
        """A failed upload: back to `queued` (Glance's behaviour on a broken connection)."""
        with contextlib.suppress(FileNotFoundError):
            self.files.data_path(image_id).unlink()
        self.images.set_status(image_id, status, ("saving", "uploading"))

    def begin_stage(self, image_id: str) -> Path:
        """queued -> uploading for a `PUT .../stage`; the staging path. 409 otherwise."""
        if not self.images.set_status(image_id, "uploading", ("queued",)):
            image = self.images.get_image(image_id)
            status = image["status"] if image else "deleted"
            raise Conflict(f"Image status transition from {status} to uploading is not"
                           " allowed")
        path = self.files.staging_path(image_id)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        return path

    def finish_stage(self, image_id: str, fields: dict[str, Any]) -> None:
        """Remember the staged data's size and digests until the import."""
        self.store.execute(
            "INSERT OR REPLACE INTO image_transitions (image_id, status, due_at, data)"
            " VALUES (?, 'staged', NULL, ?)", (image_id, dumps(fields)))

    def staged(self, image_id: str) -> dict[str, Any] | None:
        row = self.store.query_one(
            "SELECT data FROM image_transitions WHERE image_id = ? AND status = 'staged'",
            (image_id,))
        return loads(row["data"], {}) if row is not None else None

    def import_staged(self, image_id: str) -> None:
        """uploading -> importing now, -> active after the task delay (glance-direct)."""
        fields = self.staged(image_id)
        if fields is None or not self.images.set_status(image_id, "importing", ("uploading",)):
            raise Conflict(f"Image {image_id} has no data staged for import")
        with self.store.transaction() as db:
            db.execute("DELETE FROM image_transitions WHERE image_id = ? AND status = 'staged'",
                       (image_id,))
            self.transitions.schedule(image_id, "active", timestamps.now() + self.task_delay,
                                      dict(fields, kind="import", expected=["importing"]),
                                      db=db)

    def begin_web_download(self, image_id: str) -> Path:
        """queued -> importing for `web-download`; the staging path the data goes to."""
        if not self.images.set_status(image_id, "importing", ("queued",)):
            raise Conflict("Image needs to be in queued state to use 'web-download' method")
        self.store.execute(
            "INSERT OR REPLACE INTO image_transitions (image_id, status, due_at, data)"
            " VALUES (?, 'fetching', NULL, ?)", (image_id, dumps({"started": timestamps.now()})))
        path = self.files.staging_path(image_id)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        return path

    def finish_web_download(self, image_id: str, fields: dict[str, Any] | None) -> None:
        """The data arrived (`fields`: its size and digests): active once the task delay since
        the import began has passed. None: the download failed, back to `queued`."""
        row = self.store.query_one(
            "SELECT data FROM image_transitions WHERE image_id = ? AND status = 'fetching'",
            (image_id,))
        if row is None:  # deleted meanwhile
            self.files.remove(image_id, keep_data=True)
            return
        started = loads(row["data"], {}).get("started", timestamps.now())
        with self.store.transaction() as db:
            db.execute("DELETE FROM image_transitions WHERE image_id = ? AND status ="
                       " 'fetching'", (image_id,))
            if fields is None:
                db.execute("UPDATE images SET status = 'queued', updated_at = ? WHERE id = ?"
                           " AND status = 'importing'", (timestamps.now(), image_id))
            else:
                self.transitions.schedule(image_id, "active",
                                          max(timestamps.now(), started + self.task_delay),
                                          dict(fields, kind="import", expected=["importing"]),
                                          db=db)
        if fields is None:
            self.files.remove(image_id, keep_data=True)
            self.tasks.fail(image_id, "Image import failed: the data could not be fetched.")

    def begin_copy(self, image_id: str) -> None:
        """`copy-image`: the image stays active; the copies are in place after the task
        delay (the import task records to which stores)."""
        self.transitions.schedule(image_id, "active", timestamps.now() + self.task_delay,
                                  {"kind": "copy", "expected": ["active"]})

