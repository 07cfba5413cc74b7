"""Consistency groups and their snapshots through the SDK, sync and async."""

from __future__ import annotations

import pytest
from tests.support.servers import unique

from ostack import exceptions

WAIT = {"wait": 30, "interval": 0.1}


def test_consistency_groups_and_snapshots(sdk):
    bs = sdk.block_storage
    name, snap_name, copy_name = unique("sdkcg"), unique("sdkcgs"), unique("sdkcgc")
    group = bs.create_consistency_group(name=name, volume_types=["lvmdriver-1"],
                                        description="one")
    volume = bs.create_volume(name=unique("sdkcgvol"), size=1, volume_type="lvmdriver-1")
    copy = snapshot = None
    try:
        assert group.description == "one" and group.volume_types == ["lvmdriver-1"]
        assert bs.find_consistency_group(name).id == group.id
        assert bs.find_consistency_group(unique("nope")) is None
        assert group.id in [g.id for g in bs.consistency_groups()]
        assert name in [g.name for g in bs.consistency_groups(details=False)]
        bs.wait_for_volume(volume, status="available", **WAIT)
        bs.update_consistency_group(group, add_volumes=volume.id, description="two")
        shown = bs.get_consistency_group(group.id)
        assert shown.description == "two" and shown.status == "available"

        snapshot = bs.create_consistency_group_snapshot(consistencygroup_id=group.id,
                                                        name=snap_name)
        assert snapshot.consistencygroup_id == group.id
        assert bs.find_consistency_group_snapshot(snap_name).status == "available"
        listed = bs.consistency_group_snapshots(consistencygroup_id=group.id)
        assert [s.name for s in listed] == [snap_name]
        copy = bs.create_consistency_group_from_source(consistency_group_snapshot=snapshot,
                                                       name=copy_name)
        assert bs.get_consistency_group(copy.id).volume_types == shown.volume_types
        for copied in bs.get_group(copy.id, list_volume=True).volumes:  # a copy each
            bs.wait_for_volume(copied, status="available", **WAIT)
        bs.delete_consistency_group_snapshot(snapshot)
        snapshot = None
        with pytest.raises(exceptions.BadRequest):  # it still holds the volume
            bs.delete_consistency_group(group)
        bs.update_consistency_group(group, remove_volumes=volume.id)
        bs.delete_consistency_group(group)
        assert bs.find_consistency_group(name) is None
        with pytest.raises(exceptions.NotFound):
            bs.delete_consistency_group(group, ignore_missing=False)
    finally:
        if snapshot is not None:
            bs.delete_consistency_group_snapshot(snapshot, ignore_missing=True)
        for made in (copy, group):
            if made is not None:
                bs.delete_consistency_group(made, force=True)
        for member in list(bs.snapshots(volume_id=volume.id)):  # the cgsnapshot's, going
            bs.wait_for_delete(member, **WAIT)
        bs.delete_volume(volume.id, ignore_missing=True)
