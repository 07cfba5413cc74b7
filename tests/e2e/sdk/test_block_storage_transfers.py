"""Volume transfers through the SDK, sync and async: create, list, find, accept, delete."""

from __future__ import annotations

import pytest
from tests.support.servers import unique

from ostack import exceptions


def _volume(bs):
    made = bs.create_volume(name=unique("sdkxfer"), size=1)
    return bs.wait_for_volume(made, status="available", wait=30, interval=0.1)


def test_transfers(sdk):
    bs = sdk.block_storage
    volume = _volume(bs)
    other = _volume(bs)
    try:
        name = unique("sdkxfer")
        transfer = bs.create_transfer(volume_id=volume.id, name=name, no_snapshots=True)
        assert transfer.auth_key and transfer.volume_id == volume.id
        assert transfer.no_snapshots is True
        assert bs.get_volume(volume).status == "awaiting-transfer"
        shown = bs.get_transfer(transfer.id)
        assert shown.name == name and shown.auth_key is None
        assert bs.find_transfer(name).id == transfer.id
        assert bs.find_transfer(unique("nope")) is None
        assert transfer.id in [t.id for t in bs.transfers()]
        assert transfer.id in [t.id for t in bs.transfers(details=False, all_projects=True)]
        with pytest.raises(exceptions.BadRequest):
            bs.accept_transfer(transfer, "wrong-key")
        accepted = bs.accept_transfer(transfer.id, transfer.auth_key)
        assert accepted.id == transfer.id and accepted.volume_id == volume.id
        assert bs.find_transfer(transfer.id) is None
        assert bs.get_volume(volume).status == "available"

        dropped = bs.create_transfer(volume_id=other.id)
        bs.delete_transfer(dropped)
        assert bs.get_volume(other).status == "available"
        bs.delete_transfer(dropped)  # ignored
        with pytest.raises(exceptions.NotFound):
            bs.delete_transfer(dropped.id, ignore_missing=False)
    finally:
        for made in (volume, other):
            bs.delete_volume(made)
            bs.wait_for_delete(made, wait=30, interval=0.1)
