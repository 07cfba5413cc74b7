"""Group types, groups and group snapshots through the SDK, sync and async."""

from __future__ import annotations

import pytest
from tests.support.servers import unique

from ostack import exceptions

WAIT = {"wait": 30, "interval": 0.1}


def test_group_types(sdk):
    bs = sdk.block_storage
    name = unique("sdkgtype")
    made = bs.create_group_type(name=name, description="one", group_specs={"a": "1"})
    try:
        assert made.name == name and made.group_specs == {"a": "1"} and made.is_public
        assert bs.get_group_type(made.id).description == "one"
        assert bs.find_group_type(name).id == made.id
        assert bs.find_group_type(unique("nope")) is None
        assert made.id in [t.id for t in bs.group_types()]
        assert bs.update_group_type(made, description="two").description == "two"

        assert bs.fetch_group_type_group_specs(made).group_specs == {"a": "1"}
        answer = bs.create_group_type_group_specs(made, {"b": "2", "c": "3"})
        assert answer.id == made.id and answer.group_specs == {"b": "2", "c": "3"}
        assert bs.get_group_type_group_specs_property(made, "b") == "2"
        assert bs.update_group_type_group_specs_property(made.id, "b", "20") == "20"
        bs.delete_group_type_group_specs_property(made, "c")
        assert bs.fetch_group_type_group_specs(made.id).group_specs == {"a": "1", "b": "20"}
        bs.delete_group_type_group_specs_property(made, "c")  # ignored
        with pytest.raises(exceptions.NotFound):
            bs.delete_group_type_group_specs_property(made, "c", ignore_missing=False)
    finally:
        bs.delete_group_type(made)
    assert bs.find_group_type(name) is None


def test_groups_and_group_snapshots(sdk):
    bs = sdk.block_storage
    group_type = bs.create_group_type(name=unique("sdkgrptype"))
    volume_type = bs.create_type(name=unique("sdkgrpvt"))
    name = unique("sdkgroup")
    group = bs.create_group(name=name, group_type=group_type.id, volume_types=[volume_type.id])
    copies = []
    volume = None
    try:
        group = bs.wait_for_group(group, status="available", **WAIT)
        assert group.group_type == group_type.id and group.volume_types == [volume_type.id]
        assert bs.find_group(name).id == group.id and bs.find_group(unique("nope")) is None
        assert group.id in [g.id for g in bs.groups()]
        assert group.id in [g.id for g in bs.groups(details=False)]
        volume = bs.create_volume(name=unique("sdkgrpvol"), size=1, group_id=group.id,
                                  volume_type=volume_type.id)
        bs.wait_for_volume(volume, status="available", **WAIT)
        bs.update_group(group, description="grouped")
        assert bs.get_group(group).description == "grouped"

        bs.reset_group_status(group, "error")
        assert bs.get_group(group).status == "error"
        bs.reset_group_status(group, "available")

        snapshot = bs.create_group_snapshot(group_id=group.id, name=unique("sdkgsnap"))
        snapshot = bs.wait_for_group_snapshot(snapshot, status="available", **WAIT)
        assert snapshot.group_id == group.id and snapshot.group_type_id == group_type.id
        assert bs.find_group_snapshot(snapshot.name).id == snapshot.id
        assert snapshot.id in [s.id for s in bs.group_snapshots()]
        bs.reset_group_snapshot_status(snapshot, "error")
        assert bs.get_group_snapshot(snapshot).status == "error"
        bs.reset_group_snapshot_status(snapshot, "available")

        copy = bs.create_group_from_source(group_snapshot_id=snapshot.id, name=unique("sdkcp"))
        copies.append(copy)
        assert bs.wait_for_group(copy, status="available", **WAIT).name == copy.name
        clone = bs.create_group_from_source(source_group_id=group.id, name=unique("sdkcl"))
        copies.append(clone)
        bs.wait_for_group(clone, status="available", **WAIT)

        for made in copies:
            members = [v for v in bs.volumes() if v.group_id == made.id]
            assert len(members) == 1  # a copy of the one volume
            for member in members:
                bs.wait_for_volume(member, status="available", **WAIT)
            bs.delete_group(made, delete_volumes=True)
            bs.wait_for_delete(made, **WAIT)
        bs.delete_group_snapshot(snapshot)
        bs.wait_for_delete(snapshot, **WAIT)
        bs.delete_group_snapshot(snapshot)  # ignored
        for member in bs.snapshots(volume_id=volume.id):  # the group snapshot's own
            bs.wait_for_delete(member, **WAIT)
        with pytest.raises(exceptions.BadRequest):
            bs.delete_group(group)  # it has a volume
    finally:
        for made in copies + [group]:
            bs.delete_group(made, delete_volumes=True)
        for made in copies + [group]:
            bs.wait_for_delete(made, **WAIT)
        if volume is not None:  # deleted with its group
            assert bs.wait_for_delete(volume, **WAIT) is volume
        bs.delete_type(volume_type)
        bs.delete_group_type(group_type)
    assert bs.find_group(name) is None
    with pytest.raises(exceptions.NotFound):
        bs.delete_group(group, ignore_missing=False)
