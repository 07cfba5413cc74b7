"""Volume actions and metadata through the SDK, sync and async."""

from __future__ import annotations

import pytest
from tests.support.servers import unique

from ostack import exceptions


def _volume(bs, **attrs):
    made = bs.create_volume(name=unique("sdkvolact"), size=1, **attrs)
    return bs.wait_for_volume(made, status="available", wait=30, interval=0.1)


def test_volume_actions(sdk):
    bs = sdk.block_storage
    volume = _volume(bs)
    new_type = bs.create_type(name=unique("sdkretype"))
    try:
        bs.extend_volume(volume, 2)
        assert bs.wait_for_volume(volume, status="available", wait=30, interval=0.1).size == 2

        bs.set_volume_bootable_status(volume, True)
        assert bs.get_volume(volume).is_bootable in (True, "true")
        bs.set_volume_bootable_status(volume, False)
        assert bs.get_volume(volume).is_bootable in (False, "false")

        bs.set_volume_readonly(volume)
        assert bs.get_volume(volume).metadata.get("readonly") in ("True", "true")
        bs.set_volume_readonly(volume, False)
        assert bs.get_volume(volume).metadata.get("readonly") in ("False", "false")

        bs.retype_volume(volume, new_type)
        got = bs.wait_for_volume(volume, status="available", wait=30, interval=0.1)
        assert got.volume_type == new_type.name

        bs.reset_volume_status(volume, status="error")
        assert bs.get_volume(volume).status == "error"
        bs.reset_volume_status(volume, status="available", attach_status="detached")
        assert bs.get_volume(volume).status == "available"

        snapshot = bs.create_snapshot(volume_id=volume.id, name=unique("sdkrevert"))
        bs.wait_for_snapshot(snapshot, status="available", wait=30, interval=0.1)
        bs.revert_volume_to_snapshot(volume, snapshot)
        bs.wait_for_volume(volume, status="available", wait=30, interval=0.1)
        with pytest.raises(exceptions.NotFound):
            bs.revert_volume_to_snapshot(volume, "0" * 32)
        bs.delete_snapshot(snapshot)
        bs.wait_for_delete(snapshot, wait=30, interval=0.1)
    finally:
        bs.delete_volume(volume, force=True)
        bs.wait_for_delete(volume, wait=30, interval=0.1)
        bs.delete_type(new_type)
    bs.delete_volume(volume)  # ignored
    with pytest.raises(exceptions.NotFound):
        bs.delete_volume(volume, ignore_missing=False, cascade=True)


def test_force_delete_and_cascade(sdk):
    bs = sdk.block_storage
    stuck = _volume(bs)
    bs.reset_volume_status(stuck, status="error_deleting")
    with pytest.raises(exceptions.BadRequest):
        bs.delete_volume(stuck)  # not in a deletable state
    bs.delete_volume(stuck, force=True)
    assert bs.wait_for_delete(stuck, wait=30, interval=0.1) is stuck

    parent = _volume(bs)
    snapshot = bs.create_snapshot(volume_id=parent.id, name=unique("sdkcascade"))
    bs.wait_for_snapshot(snapshot, status="available", wait=30, interval=0.1)
    bs.delete_volume(parent, cascade=True)
    bs.wait_for_delete(parent, wait=30, interval=0.1)
    assert bs.find_snapshot(snapshot.id) is None


def test_volume_metadata(sdk):
    bs = sdk.block_storage
    volume = _volume(bs, metadata={"keep": "1"})
    try:
        answer = bs.set_volume_metadata(volume, a="x", b="y")
        assert answer.id == volume.id and answer.metadata == {"keep": "1", "a": "x", "b": "y"}
        assert bs.fetch_volume_metadata(volume).metadata == answer.metadata
        assert bs.get_volume_metadata(volume.id).metadata == answer.metadata
        bs.delete_volume_metadata(volume, keys=["a"])
        assert bs.fetch_volume_metadata(volume).metadata == {"keep": "1", "b": "y"}
        with pytest.raises(exceptions.NotFound):
            bs.delete_volume_metadata(volume, keys=["a"])
        bs.delete_volume_metadata(volume)
        assert bs.get_volume(volume).metadata == {}
    finally:
        bs.delete_volume(volume)
        bs.wait_for_delete(volume, wait=30, interval=0.1)
