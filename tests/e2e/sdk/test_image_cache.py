"""Glance's image cache through the SDK, sync and async (openstacksdk's method names)."""

from __future__ import annotations

import uuid

import pytest

from ostack import exceptions


def test_cache(sdk):
    images = [sdk.image.create_image(f"sdk-cache-{uuid.uuid4().hex[:8]}", data=b"c" * 50,
                                     disk_format="raw", allow_duplicates=True)
              for _ in range(2)]
    try:
        sdk.image.clear_cache()
        assert sdk.image.get_image_cache().queued_images == []
        sdk.image.queue_image(images[0])
        cache = sdk.image.get_image_cache()
        # Queued, unless the cloud's prefetcher cached it already.
        assert images[0].id in cache.queued_images + [c.image_id for c in cache.cached]
        sdk.image.download_image(images[1])  # served data is cached
        cached = {c.image_id: c for c in sdk.image.get_image_cache().cached}
        assert cached[images[1].id].size == 50
        sdk.image.download_image(images[1])  # served from the cache this time
        hits = {c.image_id: c.hits for c in sdk.image.get_image_cache().cached}
        assert hits[images[1].id] == cached[images[1].id].hits + 1
        sdk.image.cache_delete_image(images[1].id)
        assert images[1].id not in {c["image_id"] for c in
                                    sdk.image.get_image_cache().cached_images}
        sdk.image.cache_delete_image(images[1])  # not cached (any more): nothing to do
        sdk.image.queue_image(images[1])
        sdk.image.clear_cache("cache")
        assert sdk.image.get_image_cache().cached_images == []
        sdk.image.clear_cache("queue")
        assert sdk.image.get_image_cache().queued_images == []
        with pytest.raises(exceptions.OstackError, match="Target must be"):
            sdk.image.clear_cache("everything")
    finally:
        for image in images:
            sdk.image.delete_image(image)
