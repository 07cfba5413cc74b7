"""`cached image list|queue|delete|clear`: the same output and exits as the official client.

The cache is one for the whole cloud, so both clients act and the listing is compared."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.official


@pytest.fixture
def images(localcloud):
    from tests.support.sdk import connect

    conn, close = connect("sync", localcloud)
    made = [conn.image.create_image(f"cache-{uuid.uuid4().hex[:8]}", data=b"cache me " * 99,
                                    disk_format="raw", allow_duplicates=True)
            for _ in range(2)]
    yield [i.id for i in made]
    for image in made:
        conn.image.delete_image(image)
    close()


def test_cached_images(differ, images):
    ours, theirs = images
    differ.same("cached", "image", "clear", fmt=None)
    differ.same("cached", "image", "list")
    differ.pair(["cached", "image", "queue", ours], ["cached", "image", "queue", theirs],
                fmt=None)
    differ.same("cached", "image", "list", key="ID")
    differ.same("cached", "image", "list", "-c", "ID", "-c", "State", fmt="table",
                columns_only=True)
    # A download caches an image (Glance's cache middleware).
    assert differ.run("ostack", ["image", "save", ours, "--file", "/dev/null"], None).code == 0
    differ.same("cached", "image", "list", key="ID")
    differ.same("cached", "image", "list", "-c", "ID", "-c", "State", "-c", "Size",
                fmt="table", columns_only=True)
    mine, official = differ.same("cached", "image", "queue", ours, "no-such-image",
                                 fmt=None, code=1)
    for out in (mine, official):
        assert "Failed to queue image with name or ID 'no-such-image'" in out.stderr
        assert "Failed to queue 1 of 2 images" in out.stderr
    differ.same("cached", "image", "delete", ours, fmt=None)
    differ.same("cached", "image", "list", key="ID")
    mine, official = differ.same("cached", "image", "delete", "no-such-image", fmt=None,
                                 code=1)
    for out in (mine, official):
        assert "Failed to delete 1 of 1 images." in out.stderr
    differ.same("cached", "image", "clear", "--queue", fmt=None)
    differ.same("cached", "image", "list", key="ID")
    differ.same("cached", "image", "clear", "--cache", fmt=None)
    differ.same("cached", "image", "list")
