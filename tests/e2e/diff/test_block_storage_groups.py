"""`volume group create|set|show|list|add volume|remove volume|failover|delete` and `volume
group snapshot create|show|list|delete`: one lifecycle through both clients, each on its own
group (same group type, volume type and volumes made through the SDK)."""

from __future__ import annotations

import pytest
from tests.support.sdk import connect
from tests.support.servers import unique

pytestmark = pytest.mark.official

V = ["--os-volume-api-version", "3.38"]
OWN = {"ID", "Name", "Created At", "Volumes", "Group"}


def _vg(*argv: str) -> list[str]:
    return [*V, "volume", "group", *argv]


def _rows(outcome, *names: str) -> list[dict]:
    """A listing's rows of these names (other tests list theirs beside them)."""
    return sorted((row for row in outcome.data if row["Name"] in names),
                  key=lambda row: row["Name"])


@pytest.fixture
def made(localcloud):
    """A group type and one volume per client, removed afterwards."""
    conn, close = connect("sync", localcloud)
    bs = conn.block_storage
    group_type = bs.create_group_type(name=unique("gt"))
    volumes = [bs.create_volume(size=1, name=unique(prefix), volume_type="lvmdriver-1")
               for prefix in ("ost-gv", "osc-gv")]
    for volume in volumes:
        bs.wait_for_volume(volume, status="available", wait=30, interval=0.2)
    try:
        yield group_type, volumes
    finally:
        for volume in volumes:
            bs.delete_volume(volume.id, ignore_missing=True)
        for group in list(bs.groups()):
            if group.group_type == group_type.id:
                bs.delete_group(group, delete_volumes=True)
        for volume in volumes:
            try:
                bs.wait_for_delete(volume, wait=30, interval=0.2)
            except Exception:  # noqa: BLE001 - cleanup goes on
                pass
        bs.delete_group_type(group_type, ignore_missing=True)
        close()


def test_group_lifecycle(differ, made):
    group_type, (our_volume, their_volume) = made
    ours, theirs = unique("ost-vg"), unique("osc-vg")
    create = ["--volume-group-type", group_type.name, "--volume-type", "lvmdriver-1",
              "--description", "d"]
    mine, official = differ.pair(_vg("create", *create, "--name", ours),
                                 _vg("create", *create, "--name", theirs))
    differ.assert_same(mine, official, ignore=OWN)
    assert mine.data["Group Type"] == group_type.id

    differ.pair(_vg("add", "volume", ours, our_volume.name),
                _vg("add", "volume", theirs, their_volume.name), fmt=None)
    mine, official = differ.pair(_vg("show", ours, "--volumes"),
                                 _vg("show", theirs, "--volumes"))
    differ.assert_same(mine, official, ignore=OWN)
    assert mine.data["Volumes"] == [our_volume.id]
    mine, official = differ.pair(_vg("set", ours, "--description", "e"),
                                 _vg("set", theirs, "--description", "e"))
    differ.assert_same(mine, official, ignore=OWN)
    assert mine.data["Description"] == "e"
    mine, official = differ.pair(_vg("list"), _vg("list"))
    assert _rows(mine, ours, theirs) == _rows(official, ours, theirs)

    # Replication: this cloud's group types are not replicated; both clients fail alike.
    mine, official = differ.pair(_vg("failover", ours, "--allow-attached-volume"),
                                 _vg("failover", theirs, "--allow-attached-volume"),
                                 fmt=None, code=1)
    assert "HTTP 400" in mine.stderr and "400" in official.stderr

    # Group snapshots of each group.
    snaps = unique("ost-gs"), unique("osc-gs")
    mine, official = differ.pair(_vg("snapshot", "create", ours, "--name", snaps[0]),
                                 _vg("snapshot", "create", theirs, "--name", snaps[1]))
    differ.assert_same(mine, official, ignore=OWN)
    mine, official = differ.pair(_vg("snapshot", "show", snaps[0]),
                                 _vg("snapshot", "show", snaps[1]))
    differ.assert_same(mine, official, ignore=OWN)
    assert mine.data["Group Type"] == group_type.id
    mine, official = differ.pair(_vg("snapshot", "list"), _vg("snapshot", "list"))
    assert _rows(mine, *snaps) == _rows(official, *snaps)
    differ.pair(_vg("snapshot", "delete", snaps[0]), _vg("snapshot", "delete", snaps[1]),
                fmt=None)

    differ.pair(_vg("remove", "volume", ours, our_volume.id),
                _vg("remove", "volume", theirs, their_volume.id), fmt=None)
    mine, official = differ.pair(_vg("show", ours, "--volumes"),
                                 _vg("show", theirs, "--volumes"))
    assert mine.data["Volumes"] == official.data["Volumes"] == []
    mine, official = differ.pair(["--os-volume-api-version", "3.13", "volume", "group",
                                  "show", ours, "--volumes"],
                                 ["--os-volume-api-version", "3.13", "volume", "group",
                                  "show", theirs, "--volumes"], code=1)
    assert "3.25 or greater is required" in mine.stderr
    assert "3.25 or greater is required" in official.stderr
    differ.pair(_vg("delete", ours, "--force"), _vg("delete", theirs, "--force"), fmt=None)
