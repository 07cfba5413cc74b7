"""`volume message list|show|delete` (volume API 3.3): the messages two unschedulable volumes
leave, read and deleted through both clients."""

from __future__ import annotations

import pytest
from tests.support.sdk import connect
from tests.support.servers import unique

pytestmark = pytest.mark.official

V = ["--os-volume-api-version", "3.3"]


@pytest.fixture
def messages(localcloud):
    """Two volumes no back end can hold, and the message each left."""
    conn, close = connect("sync", localcloud)
    bs = conn.block_storage
    volume_type = bs.create_type(name=unique("nowhere"),
                                 extra_specs={"volume_backend_name": "no-such-backend"})
    volumes = [bs.create_volume(size=1, name=unique("msg"), volume_type=volume_type.name)
               for _ in range(2)]
    try:
        for volume in volumes:
            bs.wait_for_volume(volume, status="error", failures=(), wait=30, interval=0.2)
        by_volume = {m.resource_uuid: m for m in bs.messages()}
        yield [by_volume[v.id] for v in volumes]
    finally:
        for volume in volumes:
            bs.delete_volume(volume.id, ignore_missing=True)
        for volume in volumes:
            bs.wait_for_delete(volume, wait=30, interval=0.2)
        bs.delete_type(volume_type, ignore_missing=True)
        close()


def test_message_lifecycle(differ, messages):
    first, second = messages
    mine, official = differ.pair([*V, "volume", "message", "list", "--project", "admin"],
                                 [*V, "volume", "message", "list", "--project", "admin"])
    ours = [row for row in mine.data if row["ID"] in (first.id, second.id)]
    assert len(ours) == 2
    assert ours == [row for row in official.data if row["ID"] in (first.id, second.id)]
    # `show`: openstacksdk 4.22 reads a message under the key "messages" (Cinder answers
    # "message"), so the official client shows only the ID; ostack shows what its own
    # listing row says.
    mine, official = differ.pair([*V, "volume", "message", "show", first.id],
                                 [*V, "volume", "message", "show", first.id])
    assert list(mine.data) == list(official.data)
    assert official.data["ID"] == mine.data["ID"] == first.id
    assert mine.data == {key: value for row in ours if row["ID"] == first.id
                         for key, value in row.items()} | {"ID": first.id}
    assert mine.data["Message Level"] == "ERROR"
    mine, official = differ.pair([*V, "volume", "message", "list", "--limit", "1"],
                                 [*V, "volume", "message", "list", "--limit", "1"])
    differ.assert_same(mine, official)
    mine, official = differ.pair(["--os-volume-api-version", "3.2", "volume", "message",
                                  "list"], code=1)
    assert "3.3 or greater is required" in mine.stderr
    assert "3.3 or greater is required" in official.stderr
    differ.pair([*V, "volume", "message", "delete", first.id],
                [*V, "volume", "message", "delete", second.id], fmt=None)
    mine, official = differ.pair([*V, "volume", "message", "delete", first.id, second.id],
                                 fmt=None, code=1)
    for outcome in (mine, official):
        assert "Failed to delete 2 of 2 messages." in outcome.stderr
    differ.pair([*V, "volume", "message", "show", first.id],
                [*V, "volume", "message", "show", second.id], code=1)
