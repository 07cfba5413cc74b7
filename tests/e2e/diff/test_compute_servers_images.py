"""`server image create` and `server backup create`: a server's disk saved as an image, shown
as `image show` shows it, the same from both clients."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.official

IMAGE = "cirros-0.6.2-x86_64-disk"
#: What differs between two images saved alike (their names, IDs, times, contents' digests).
VARIES = {"id", "name", "file", "checksum", "os_hash_value", "instance_uuid", "owner_id"}


@pytest.fixture
def twins(differ, localcloud):
    """Two ACTIVE servers, ours and theirs; they and their images are deleted afterwards."""
    from tests.support.sdk import connect

    conn, close = connect("sync", localcloud)
    base = f"dimg-{uuid.uuid4().hex[:8]}"
    names = (f"{base}-o", f"{base}-t")
    for name in names:
        out = differ.run("ostack", ["server", "create", "--image", IMAGE, "--flavor",
                                    "m1.tiny", "--wait", name])
        assert out.code == 0, out.describe()
    yield names
    for image in list(conn.image.images()):
        if (image.name or "").startswith(base):
            conn.image.delete_image(image)
    for server in list(conn.compute.servers(name=base)):
        conn.compute.delete_server(server)
        conn.compute.wait_for_delete(server, wait=60, interval=0.1)
    close()


def _idle(localcloud, names) -> None:
    """Wait until the servers have no task under way (an image upload blocks the next)."""
    from tests.support.sdk import connect

    conn, close = connect("sync", localcloud)
    try:
        for name in names:
            server = conn.compute.find_server(name, ignore_missing=False)
            conn.compute.wait_for_status(server, "None", attribute="task_state", wait=60,
                                         interval=0.1)
    finally:
        close()


def test_server_image_create(differ, twins, localcloud):
    ours, theirs = twins
    mine, official = differ.pair(
        ["server", "image", "create", ours, "--name", ours + "-snap", "--property", "p=1",
         "--wait"],
        ["server", "image", "create", theirs, "--name", theirs + "-snap", "--property", "p=1",
         "--wait"])
    differ.assert_same(mine, official, ignore=VARIES)
    assert mine.data["status"] == "active" and mine.data["properties"]["p"] == "1"
    _idle(localcloud, twins)
    # Named after the server by default; shown as it is after the request.
    mine, official = differ.pair(["server", "image", "create", ours],
                                 ["server", "image", "create", theirs])
    differ.assert_same(mine, official, ignore=VARIES | {"status", "updated_at", "size",
                                                        "virtual_size", "os_hash_algo"})
    assert mine.data["name"] == ours
    differ.pair(["server", "image", "create", "no-such-server"], code=1)


def test_server_backup_create(differ, twins, localcloud):
    ours, theirs = twins
    mine, official = differ.pair(
        ["server", "backup", "create", ours, "--name", ours + "-bk", "--type", "daily",
         "--rotate", "2", "--wait"],
        ["server", "backup", "create", theirs, "--name", theirs + "-bk", "--type", "daily",
         "--rotate", "2", "--wait"])
    # Both show the image as it was right after the request, before the wait: the official
    # client, slower to start, may find it further along (saving, with a size and digest).
    stable = ("container_format", "disk_format", "min_disk", "min_ram", "owner", "protected",
              "schema", "tags", "visibility")
    assert {k: mine.data[k] for k in stable} == {k: official.data[k] for k in stable}
    kept = ("image_type", "base_image_ref", "user_id", "backup_type")
    assert {k: mine.data["properties"][k] for k in kept} == {
        k: official.data["properties"][k] for k in kept}
    assert list(mine.data) == [k for k in official.data if k in mine.data]
    assert mine.data["name"] == ours + "-bk"
    assert mine.data["properties"]["backup_type"] == "daily"
    _idle(localcloud, twins)
    differ.pair(["server", "backup", "create", ours, "--rotate", "x"],
                ["server", "backup", "create", theirs, "--rotate", "x"], code=2)
    differ.pair(["server", "backup", "create", "no-such-server"], code=1)
