"""Volume attachments (3.27+) through the SDK, sync and async."""

from __future__ import annotations

import uuid

import pytest
from tests.support.servers import unique

from ostack import exceptions

CONNECTOR = {"host": "sdk-host", "initiator": "iqn.2026-01.org.example:sdk", "platform": "x86_64",
             "os_type": "linux", "multipath": False, "mountpoint": "/dev/vdb"}


def test_attachments(sdk):
    bs = sdk.block_storage
    volume = bs.wait_for_volume(bs.create_volume(name=unique("sdkatt"), size=1),
                                status="available", wait=30, interval=0.1)
    instance = str(uuid.uuid4())
    try:
        reserved = bs.create_attachment(volume, instance=instance)
        assert reserved.status == "reserved" and reserved.volume_id == volume.id
        assert reserved.instance == instance
        assert bs.get_volume(volume).status == "reserved"
        assert bs.get_attachment(reserved.id).status == "reserved"
        assert bs.find_attachment(reserved.id).id == reserved.id
        assert reserved.id in [a.id for a in bs.attachments()]
        assert reserved.id in [a.id for a in bs.attachments(details=False, volume_id=volume.id)]

        updated = bs.update_attachment(reserved, connector=CONNECTOR)
        assert updated.id == reserved.id and updated.status == "attaching"
        assert updated.connection_info
        bs.complete_attachment(reserved)
        done = bs.get_attachment(reserved)
        assert done.status == "attached" and done.attach_mode == "rw" and done.attached_at
        assert bs.get_volume(volume).status == "in-use"

        bs.delete_attachment(reserved)
        assert bs.find_attachment(reserved.id) is None
        assert bs.get_volume(volume).status == "available"
        bs.delete_attachment(reserved)  # ignored
        with pytest.raises(exceptions.NotFound):
            bs.delete_attachment(reserved.id, ignore_missing=False)

        read_only = bs.create_attachment(volume.id, instance=instance, connector=CONNECTOR,
                                         mode="ro")
        assert read_only.status == "attaching" and read_only.attach_mode == "ro"
        bs.delete_attachment(read_only)
    finally:
        bs.delete_volume(volume, force=True)
        bs.wait_for_delete(volume, wait=30, interval=0.1)
