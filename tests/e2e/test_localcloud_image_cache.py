"""Glance's image cache API over raw HTTP (`/v2/cache`, administrators only): queueing an active
image (it is cached after the task delay), downloads that cache and count hits, deleting one
image from the cache and queue, clearing the cache, the queue or both, and Glance's errors."""

from __future__ import annotations

import test_localcloud_image as common
from test_localcloud_image import check, upload

tokens, created = common.tokens, common.created  # the fixtures

CACHE = "/image/v2/cache"


def _state(cloud, token: str) -> dict:
    reply = cloud.call("GET", CACHE, token=token)
    assert reply.status == 200, reply.body
    check("/v2/cache", "get", reply.json)
    return reply.json


def _cached(cloud, token: str) -> dict[str, dict]:
    return {c["image_id"]: c for c in _state(cloud, token)["cached_images"]}


def test_cache_is_for_admins(localcloud, created, tokens):
    demo, admin = tokens["demo"], tokens["admin"]
    image = created.make()
    upload(localcloud, demo, image["id"], b"data")
    for method, path in (("GET", CACHE), ("DELETE", CACHE), ("PUT", f"{CACHE}/{image['id']}"),
                         ("DELETE", f"{CACHE}/{image['id']}")):
        reply = localcloud.call(method, path, token=demo)
        assert reply.status == 403, (method, path, reply.body)
    assert localcloud.call("GET", CACHE).status == 401
    missing = localcloud.call("PUT", f"{CACHE}/no-such-image", token=admin)
    assert missing.status == 404 and missing.json["message"] == "Image no-such-image not found."
    assert localcloud.call("DELETE", f"{CACHE}/no-such-image", token=admin).status == 404
    queued = created.make()
    reply = localcloud.call("PUT", f"{CACHE}/{queued['id']}", token=admin)
    assert reply.status == 400
    assert reply.json["message"] == ("Only images with status active can be targeted for "
                                     "queueing")


def test_queue_cache_and_clear(localcloud, created, tokens):
    demo, admin = tokens["demo"], tokens["admin"]
    first, second = created.make(), created.make()
    upload(localcloud, demo, first["id"], b"first data")
    upload(localcloud, demo, second["id"], b"second")
    assert localcloud.call("PUT", f"{CACHE}/{first['id']}", token=admin).status == 202
    state = _state(localcloud, admin)
    assert first["id"] in state["queued_images"] or first["id"] in [
        c["image_id"] for c in state["cached_images"]]
    entry = localcloud.wait_for(lambda: _cached(localcloud, admin).get(first["id"]))
    assert (entry["hits"], entry["size"]) == (0, len(b"first data"))
    assert isinstance(entry["last_accessed"], float) and entry["last_modified"] > 0
    assert first["id"] not in _state(localcloud, admin)["queued_images"]
    # a download is served from the cache: a hit; an uncached image gets cached by it
    for _ in range(2):
        reply = localcloud.call("GET", f"/image/v2/images/{first['id']}/file", token=demo)
        assert reply.status == 200
    assert _cached(localcloud, admin)[first["id"]]["hits"] == 2
    assert localcloud.call("GET", f"/image/v2/images/{second['id']}/file",
                           token=demo).status == 200
    assert _cached(localcloud, admin)[second["id"]]["hits"] == 0
    # one image out
    assert localcloud.call("DELETE", f"{CACHE}/{second['id']}", token=admin).status == 204
    assert second["id"] not in _cached(localcloud, admin)
    # clearing: the queue only, the cache only, both; a bad target is refused
    reply = localcloud.call("DELETE", CACHE, token=admin,
                            headers={"x-image-cache-clear-target": "nothing"})
    assert reply.status == 400 and "x-image-cache-clear-target" in reply.json["message"]
    assert localcloud.call("DELETE", CACHE, token=admin,
                           headers={"x-image-cache-clear-target": "queue"}).status == 204
    assert first["id"] in _cached(localcloud, admin)
    assert localcloud.call("DELETE", CACHE, token=admin,
                           headers={"x-image-cache-clear-target": "cache"}).status == 204
    assert first["id"] not in _cached(localcloud, admin)
    assert localcloud.call("PUT", f"{CACHE}/{first['id']}", token=admin).status == 202
    assert localcloud.call("DELETE", CACHE, token=admin).status == 204
    state = _state(localcloud, admin)
    assert state["cached_images"] == [] and state["queued_images"] == []
    # a deleted image leaves the cache
    localcloud.call("GET", f"/image/v2/images/{first['id']}/file", token=demo)
    assert first["id"] in _cached(localcloud, admin)
    assert localcloud.call("DELETE", f"/image/v2/images/{first['id']}", token=demo).status == 204
    assert first["id"] not in _cached(localcloud, admin)
