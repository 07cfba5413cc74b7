"""Glance's tasks and the bookkeeping of the interoperable import around them.

Every import (`glance-direct`, `web-download`, `copy-image`) is an `api_image_import` task, as
in Glance: `processing` while the data moves, then `success` (result `{"image_id": ...}`) or
`failure` (a message), expiring 48 hours later. While it runs the image carries Glance's
`os_glance_import_task` lock and `os_glance_importing_to_stores`; afterwards
`os_glance_importing_to_stores` is empty and `os_glance_failed_import` names the stores that
failed. The image backend calls `finish()` when the data is in place and `fail()` when it will
not come; a task left behind otherwise (an image deleted meanwhile, a restart) is settled when
tasks are next read.
"""

from __future__ import annotations

import uuid
from typing import Any

from .. import timestamps
from ..store import Store, dumps, loads
from .store_state import StoreState

TIME_TO_LIVE = 48 * 3600   # Glance's [task] task_time_to_live, in seconds
LOCK = "os_glance_import_task"
IMPORTING = "os_glance_importing_to_stores"
FAILED = "os_glance_failed_import"
SORT_KEYS = ("created_at", "expires_at", "id", "status", "type", "updated_at")


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    row["input"] = loads(row["input"], {})
    row["result"] = loads(row["result"], None)
    return row


class TaskState:
    """Task records, and the image side of imports."""

    def __init__(self, store: Store, stores: StoreState) -> None:
        self.store = store
        self.stores = stores

    # ----------------------------------------------------------------- records
    def create(self, task_type: str, owner: str | None, task_input: dict[str, Any],
               image_id: str | None = None, user_id: str | None = None,
               request_id: str | None = None, status: str = "processing") -> dict[str, Any]:
        now = timestamps.now()
        task_id = str(uuid.uuid4())
        self.store.execute(
            "INSERT INTO image_tasks (id, type, status, owner, image_id, request_id, user_id,"
            " input, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (task_id, task_type, status, owner, image_id, request_id, user_id,
             dumps(task_input), now, now))
        return self._get(task_id)  # type: ignore[return-value]

    def get(self, task_id: str) -> dict[str, Any] | None:
        self.settle()
        return self._get(task_id)

    def _get(self, task_id: str) -> dict[str, Any] | None:
        row = self.store.query_one("SELECT * FROM image_tasks WHERE id = ? AND (expires_at IS"
                                   " NULL OR expires_at >= ?)", (task_id, timestamps.now()))
        return _decode(row) if row is not None else None

    def list(self, owner: str | None, filters: dict[str, str], sort_key: str = "created_at",
             sort_dir: str = "desc") -> list[dict[str, Any]]:
        """Unexpired tasks (of `owner` unless None), filtered by `status` and `type`."""
        self.settle()
        sql, params = "SELECT * FROM image_tasks WHERE (expires_at IS NULL OR expires_at >= ?)", \
            [timestamps.now()]
        if owner is not None:
            sql += " AND owner = ?"
            params.append(owner)
        for key in ("status", "type"):
            if key in filters:
                sql += f" AND {key} = ?"
                params.append(filters[key])
        direction = "ASC" if sort_dir == "asc" else "DESC"
        sql += f" ORDER BY {sort_key} {direction}, created_at {direction}, seq {direction}"
        return [_decode(row) for row in self.store.query(sql, params)]

    def of_image(self, image_id: str) -> list[dict[str, Any]]:
        self.settle()
        return [_decode(row) for row in self.store.query(
            "SELECT * FROM image_tasks WHERE image_id = ? AND (expires_at IS NULL OR"
            " expires_at >= ?) ORDER BY seq", (image_id, timestamps.now()))]

    def _end(self, task_id: str, status: str, result: dict[str, Any] | None = None,
             message: str = "") -> None:
        now = timestamps.now()
        self.store.execute(
            "UPDATE image_tasks SET status = ?, result = ?, message = ?, expires_at = ?,"
            " updated_at = ? WHERE id = ? AND status IN ('pending', 'processing')",
            (status, dumps(result) if result is not None else None, message,
             now + TIME_TO_LIVE, now, task_id))

    def _running(self, image_id: str) -> dict[str, Any] | None:
        row = self.store.query_one(
            "SELECT * FROM image_tasks WHERE image_id = ? AND type IN ('api_image_import',"
            " 'import') AND status IN ('pending', 'processing') ORDER BY seq DESC LIMIT 1",
            (image_id,))
        return _decode(row) if row is not None else None

    # ----------------------------------------------------------------- imports
    def _set_properties(self, image_id: str, changes: dict[str, str | None]) -> None:
        """Set (None: remove) extra properties of the image, without other effects."""
        row = self.store.query_one("SELECT properties FROM images WHERE id = ?", (image_id,))
        if row is None:
            return
        properties = loads(row["properties"], {})
        for key, value in changes.items():
            if value is None:
                properties.pop(key, None)
            else:
                properties[key] = value
        self.store.execute("UPDATE images SET properties = ?, updated_at = ? WHERE id = ?",
                           (dumps(properties), timestamps.now(), image_id))

    def begin_import(self, image_id: str, owner: str | None, user_id: str | None,
                     request_id: str | None, body: dict[str, Any],
                     stores: list[str]) -> dict[str, Any]:
        """The task of an import, and the image's lock and stores in progress."""
        task = self.create("api_image_import", owner, {
            "image_id": image_id, "import_req": body, "backend": stores},
            image_id=image_id, user_id=user_id, request_id=request_id)
        self._set_properties(image_id, {LOCK: task["id"], IMPORTING: ",".join(stores),
                                        FAILED: ""})
        return task

    def finish(self, image_id: str) -> None:
        """The data reached its stores: record them (a copy keeps the others), release the
        lock, the task succeeds."""
        task = self._running(image_id)
        status = self.store.scalar("SELECT status FROM images WHERE id = ?", (image_id,))
        if status != "active":
            if task is not None:
                self._end(task["id"], "failure", message=f"Image {image_id} could not be "
                          "found after import. The image may have been deleted.")
            return
        if task is not None and task["type"] == "import":  # the legacy import task
            self._end(task["id"], "success", {"image_id": image_id})
            return
        stores = list(task["input"].get("backend") or []) if task else []
        if task is not None and stores:
            method = (task["input"].get("import_req") or {}).get("method") or {}
            self.stores.place(image_id, stores, keep=method.get("name") == "copy-image")
        self._set_properties(image_id, {LOCK: None, IMPORTING: "", FAILED: ""})
        if task is not None:
            self._end(task["id"], "success", {"image_id": image_id})

    def fail(self, image_id: str, message: str) -> None:
        """The import cannot complete: the stores it aimed at failed, the task fails."""
        task = self._running(image_id)
        stores = list(task["input"].get("backend") or []) if task else []
        self._set_properties(image_id, {LOCK: None, IMPORTING: "", FAILED: ",".join(stores)})
        if task is not None:
            self._end(task["id"], "failure", message=message)

    def settle(self) -> None:
        """Tasks whose work is gone (the image deleted, the server restarted meanwhile)
        end: `success` if the image became active, else `failure`."""
        rows = self.store.query(
            "SELECT t.id, t.image_id, i.status FROM image_tasks t LEFT JOIN images i ON"
            " i.id = t.image_id WHERE t.status IN ('pending', 'processing') AND t.type IN"
            " ('api_image_import', 'import') AND NOT EXISTS (SELECT 1 FROM image_transitions s"
            " WHERE s.image_id = t.image_id AND s.status IN ('active', 'fetching', 'staged'))")
        for row in rows:
            if row["status"] is None:
                self._end(row["id"], "failure", message=f"Image {row['image_id']} could not"
                          " be found after import. The image may have been deleted.")
            elif row["status"] == "active":
                self.finish(row["image_id"])
            else:
                self.fail(row["image_id"], "Image import did not complete.")
