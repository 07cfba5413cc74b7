"""Glance's image cache (DevStack enables it): images queued for caching are cached by the
prefetcher after the task delay; a full download of an active image caches it too, and each
later download counts a hit, as Glance's cache middleware does. The cached data is the image's
own file: only the cache's records are kept here."""

from __future__ import annotations

from typing import Any

from .. import timestamps
from ..store import Store


class CacheState:
    """Cached and queued images."""

    def __init__(self, store: Store, task_delay: float = 0.5) -> None:
        self.store = store
        self.task_delay = task_delay

    def _prefetch(self) -> None:
        """Queued images whose time has come are cached (images gone meanwhile are not)."""
        now = timestamps.now()
        with self.store.transaction() as db:
            db.execute("DELETE FROM image_cache WHERE state = 'queued' AND due_at <= ? AND"
                       " image_id NOT IN (SELECT id FROM images WHERE status = 'active')",
                       (now,))
            db.execute(
                "UPDATE image_cache SET state = 'cached', hits = 0, last_accessed = ?,"
                " last_modified = ?, due_at = NULL, size = (SELECT size FROM images WHERE"
                " images.id = image_cache.image_id) WHERE state = 'queued' AND due_at <= ?",
                (now, now, now))

    def state(self) -> tuple[list[dict[str, Any]], list[str]]:
        """(cached images, queued image ids)."""
        self._prefetch()
        rows = self.store.query("SELECT * FROM image_cache ORDER BY last_modified, image_id")
        cached = [{"image_id": r["image_id"], "hits": r["hits"],
                   "last_accessed": r["last_accessed"], "last_modified": r["last_modified"],
                   "size": r["size"]} for r in rows if r["state"] == "cached"]
        return cached, [r["image_id"] for r in rows if r["state"] == "queued"]

    def contains(self, image_id: str) -> bool:
        self._prefetch()
        return self.store.scalar("SELECT 1 FROM image_cache WHERE image_id = ?",
                                 (image_id,)) is not None

    def queue(self, image_id: str) -> None:
        """Queue an image for the prefetcher (nothing to do when already cached)."""
        self.store.execute(
            "INSERT OR IGNORE INTO image_cache (image_id, state, due_at) VALUES"
            " (?, 'queued', ?)", (image_id, timestamps.now() + self.task_delay))

    def served(self, image_id: str, size: int) -> None:
        """A full download: cache the image, or count a hit if it was cached."""
        self._prefetch()
        now = timestamps.now()
        if self.store.execute("UPDATE image_cache SET hits = hits + 1, last_accessed = ?"
                              " WHERE image_id = ? AND state = 'cached'", (now, image_id)):
            return
        self.store.execute(
            "INSERT OR REPLACE INTO image_cache (image_id, state, hits, size, last_accessed,"
            " last_modified) VALUES (?, 'cached', 0, ?, ?, ?)", (image_id, size, now, now))

    def delete(self, image_id: str) -> None:
        """Out of the cache and out of the queue."""
        self.store.execute("DELETE FROM image_cache WHERE image_id = ?", (image_id,))

    def clear(self, cache: bool = True, queue: bool = True) -> dict[str, int]:
        """Empty the cache and/or the queue; how many of each went."""
        self._prefetch()
        counts = {}
        if cache:
            counts["cache_deleted"] = self.store.execute(
                "DELETE FROM image_cache WHERE state = 'cached'")
        if queue:
            counts["queue_deleted"] = self.store.execute(
                "DELETE FROM image_cache WHERE state = 'queued'")
        return counts

    forget = delete
