"""Glance's image cache (`/v2/cache`, API 2.14+): images cached on the API nodes, images
queued for caching, and the operations that queue, evict and clear them (admin only)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from ostack import exceptions
from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field, Resource


class CachedImage(Resource):
    """One cached image: its ID, size, hits and times (seconds since the epoch)."""

    id = Field("image_id")
    image_id = Field()
    hits = Field()
    last_accessed = Field()
    last_modified = Field()
    size = Field()


class Cache(Resource):
    resource_key = None
    base_path = "/cache"
    service_type = "image"
    allow_list = False
    status_attribute = None

    cached_images = Field(default=[])
    queued_images = Field(default=[])

    @property
    def cached(self) -> list[CachedImage]:
        """The cached images as resources."""
        return [CachedImage(item) for item in self.cached_images or []]


class CacheActions:
    """openstacksdk's names: get_image_cache, queue_image, cache_delete_image, clear_cache."""

    @operation
    def get_image_cache(self) -> Flow:
        """What is cached and what is queued for caching."""
        resp = yield Call("GET", Cache.base_path)
        return self.one(Cache, resp)

    @operation
    def queue_image(self, image: Any) -> Flow:
        """Queue an image for caching."""
        yield Call("PUT", f"{Cache.base_path}/{quote(resource_id(image), safe='')}")

    @operation
    def cache_delete_image(self, image: Any, ignore_missing: bool = True) -> Flow:
        """Evict an image from the cache (or its queue)."""
        try:
            yield Call("DELETE", f"{Cache.base_path}/{quote(resource_id(image), safe='')}")
        except exceptions.NotFound as exc:  # resent: the lost first one did it
            if not ignore_missing and not exc.resent:
                raise

    @operation
    def clear_cache(self, target: str = "both") -> Flow:
        """Empty the cache, the queue, or both (`target`: "cache", "queue" or "both")."""
        if target not in ("both", "cache", "queue"):
            raise exceptions.OstackError('Target must be "cache", "queue" or "both".')
        headers = {"x-image-cache-clear-target": target} if target != "both" else None
        yield Call("DELETE", Cache.base_path, headers=headers)
