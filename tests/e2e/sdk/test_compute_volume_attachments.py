"""Volume attachments through the SDK, sync and async: attach, list, read, update, detach,
with openstacksdk's `(server, volume)` arguments; volumes through `conn.block_storage`."""

from __future__ import annotations

import pytest
from tests.support.servers import Fixtures

from ostack import exceptions


def test_volume_attachments(sdk, localcloud):
    with Fixtures(localcloud) as made:
        (server,) = made.servers("sdkva", count=1)
        (volume,) = made.volumes("sdkva", count=1)
        compute = sdk.compute
        found = sdk.block_storage.find_volume(volume.name, ignore_missing=False)
        assert found.id == volume.id and found.size == 1 and found.status == "available"
        attachment = compute.create_volume_attachment(server, volume, tag="data",
                                                      delete_on_termination=True)
        assert attachment.volume_id == volume.id and attachment.server_id == server.id
        assert attachment.tag == "data" and attachment.delete_on_termination is True
        assert attachment.device.startswith("/dev/")
        sdk.block_storage.wait_for_volume(volume, status="in-use", wait=30, interval=0.1)
        (listed,) = compute.volume_attachments(server)
        assert listed.volume_id == volume.id and listed.attachment_id and listed.bdm_id
        got = compute.get_volume_attachment(server, volume.id)
        assert got.device == attachment.device and got.attachment_id == listed.attachment_id
        compute.update_volume_attachment(server, volume, delete_on_termination=False)
        assert compute.get_volume_attachment(server, listed).delete_on_termination is False
        compute.delete_volume_attachment(server, volume)
        sdk.block_storage.wait_for_volume(volume, status="available", wait=30, interval=0.1)
        assert list(compute.volume_attachments(server)) == []
        compute.delete_volume_attachment(server, volume)  # ignored
        with pytest.raises(exceptions.NotFound):
            compute.delete_volume_attachment(server, volume, ignore_missing=False)
        with pytest.raises(TypeError):
            compute.create_volume_attachment(server)
        # The legacy keyword (volume_id=) still attaches.
        legacy = compute.create_volume_attachment(server, volume_id=volume.id)
        assert legacy.volume_id == volume.id
        compute.delete_volume_attachment(server, volume)
