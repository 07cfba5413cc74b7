"""`consistency group create|add volume|set|show|list|remove volume|delete` and `consistency
group snapshot create|show|list|delete`: one lifecycle through both clients, each on its own
consistency group (volumes made through the SDK)."""

from __future__ import annotations

import pytest
from tests.support.sdk import connect
from tests.support.servers import unique

pytestmark = pytest.mark.official

OWN = {"id", "name", "created_at", "consistencygroup_id"}
ROW_OWN = ("ID", "Name", "ConsistencyGroup ID", "Created At")


def _cg(*argv: str) -> list[str]:
    return ["consistency", "group", *argv]


def _row(outcome, name: str) -> dict:
    """The listing's row of this name, without what differs between the two objects."""
    rows = [row for row in outcome.data if row["Name"] == name]
    assert len(rows) == 1, outcome.describe()
    return {k: v for k, v in rows[0].items() if k not in ROW_OWN}


@pytest.fixture
def made(localcloud):
    """One volume per client, and a record of the names to clean up afterwards."""
    conn, close = connect("sync", localcloud)
    bs = conn.block_storage
    volumes = [bs.create_volume(size=1, name=unique(prefix), volume_type="lvmdriver-1")
               for prefix in ("ost-cgv", "osc-cgv")]
    for volume in volumes:
        bs.wait_for_volume(volume, status="available", wait=30, interval=0.2)
    names: list[str] = []
    try:
        yield volumes, names
    finally:
        for snapshot in list(bs.consistency_group_snapshots()):
            if snapshot.name in names:
                bs.delete_consistency_group_snapshot(snapshot, ignore_missing=True)
        for group in list(bs.consistency_groups()):
            if group.name in names:
                for member in bs.get_group(group.id, list_volume=True).volumes or ():
                    bs.wait_for_volume(member, status="available", wait=30, interval=0.2)
                bs.delete_consistency_group(group, force=True)
        for volume in volumes:
            for member in list(bs.snapshots(volume_id=volume.id)):  # the cgsnapshots', going
                bs.wait_for_delete(member, wait=30, interval=0.2)
            bs.delete_volume(volume.id, ignore_missing=True)
        close()


def test_consistency_group_lifecycle(differ, made):
    (our_volume, their_volume), names = made
    ours, theirs = unique("ost-cg"), unique("osc-cg")
    names += [ours, theirs]
    create = ["--volume-type", "lvmdriver-1", "--description", "d"]
    mine, official = differ.pair(_cg("create", *create, ours), _cg("create", *create, theirs))
    differ.assert_same(mine, official, ignore=OWN)
    assert mine.data["description"] == "d" and len(mine.data["volume_types"]) == 1

    differ.pair(_cg("add", "volume", ours, our_volume.name),
                _cg("add", "volume", theirs, their_volume.name), fmt=None)
    differ.pair(_cg("set", ours, "--description", "e"), _cg("set", theirs, "--description", "e"),
                fmt=None)
    mine, official = differ.pair(_cg("show", ours), _cg("show", theirs))
    differ.assert_same(mine, official, ignore=OWN)
    assert mine.data["description"] == "e" and mine.data["status"] == "available"
    mine, official = differ.pair(_cg("list", "--long"), _cg("list", "--long"))
    assert _row(mine, ours) == _row(official, theirs)

    # A volume that does not exist: both log it and go on (exit 0).
    mine, official = differ.pair(_cg("add", "volume", ours, "no-such-volume"),
                                 _cg("add", "volume", theirs, "no-such-volume"), fmt=None)
    assert "1 of 1 volumes failed to add." in mine.stderr
    assert "1 of 1 volumes failed to add." in official.stderr

    # Snapshots of each group, and a group made from each snapshot.
    snaps = unique("ost-cgs"), unique("osc-cgs")
    copies = unique("ost-cgc"), unique("osc-cgc")
    names += [*snaps, *copies]
    mine, official = differ.pair(
        _cg("snapshot", "create", snaps[0], "--consistency-group", ours, "--description", "s"),
        _cg("snapshot", "create", snaps[1], "--consistency-group", theirs, "--description",
            "s"))
    differ.assert_same(mine, official, ignore=OWN)
    mine, official = differ.pair(_cg("snapshot", "show", snaps[0]),
                                 _cg("snapshot", "show", snaps[1]))
    differ.assert_same(mine, official, ignore=OWN)
    assert mine.data["status"] == "available"
    # The official client filters its listing by --status and --consistency-group on its
    # side, with None for the one not given: only both together list anything there.
    mine, official = differ.pair(
        _cg("snapshot", "list", "--long", "--status", "available", "--consistency-group", ours),
        _cg("snapshot", "list", "--long", "--status", "available", "--consistency-group",
            theirs))
    assert _row(mine, snaps[0]) == _row(official, snaps[1])
    mine, official = differ.pair(_cg("create", "--snapshot", snaps[0], copies[0]),
                                 _cg("create", "--snapshot", snaps[1], copies[1]))
    differ.assert_same(mine, official, ignore=OWN)
    differ.pair(_cg("snapshot", "delete", snaps[0]), _cg("snapshot", "delete", snaps[1]),
                fmt=None)

    differ.pair(_cg("remove", "volume", ours, our_volume.id),
                _cg("remove", "volume", theirs, their_volume.id), fmt=None)
    mine, official = differ.pair(_cg("delete", "no-such-group"),
                                 _cg("delete", "no-such-group"), fmt=None, code=1)
    assert "1 of 1 consistency groups failed to delete." in mine.stderr
    assert "1 of 1 consistency groups failed to delete." in official.stderr

    # The official client sends its delete as {"consistency_group": ...}, which Cinder
    # refuses (it wants "consistencygroup"); ostack sends Cinder's body and deletes.
    official = differ.run("openstack", _cg("delete", theirs), fmt=None)
    assert official.code == 1, official.describe()
    assert "Missing required element 'consistencygroup' in request body." in official.stderr
    mine = differ.run("ostack", _cg("delete", ours, copies[0], "--force"), fmt=None)
    assert mine.code == 0, mine.describe()
    gone = differ.run("ostack", _cg("show", ours))
    assert gone.code == 1 and "Error: " in gone.stderr, gone.describe()
