"""Block storage services and user messages through the SDK, sync and async."""

from __future__ import annotations

import pytest
from tests.support.servers import unique

from ostack import exceptions


def test_services(sdk):
    bs = sdk.block_storage
    services = list(bs.services())
    binaries = {s.binary for s in services}
    assert {"cinder-scheduler", "cinder-volume"} <= binaries
    assert all(s.name == s.binary and s.host and s.state for s in services)
    [backup] = [s for s in services if s.binary == "cinder-backup"][:1]
    assert [s.binary for s in bs.services(binary="cinder-backup")] == ["cinder-backup"]
    assert bs.find_service("cinder-backup").host == backup.host
    assert bs.find_service(unique("nope")) is None

    disabled = bs.disable_service(backup, reason="sdk test")
    try:
        assert disabled.status == "disabled" and disabled.disabled_reason == "sdk test"
        again = bs.find_service("cinder-backup", host=backup.host)
        assert again.status == "disabled" and again.disabled_reason == "sdk test"
        assert bs.disable_service(backup).status == "disabled"
    finally:
        enabled = bs.enable_service(backup)
    assert enabled.status == "enabled" and bs.find_service("cinder-backup").status == "enabled"

    [volume_service] = [s for s in services if s.binary == "cinder-volume"][:1]
    frozen = bs.freeze_service(volume_service)
    try:
        assert frozen.is_frozen is True
        assert bs.find_service("cinder-volume", host=volume_service.host).is_frozen is True
    finally:
        assert bs.thaw_service(volume_service).is_frozen is False
    assert bs.find_service("cinder-volume", host=volume_service.host).is_frozen is False
    with pytest.raises(exceptions.OstackError):
        bs.enable_service("cinder-backup")  # a name is not enough: host and binary


def test_messages(sdk):
    bs = sdk.block_storage
    bad_type = bs.create_type(name=unique("sdkmsg"), extra_specs={"storage_protocol": "nope"})
    volume = bs.create_volume(name=unique("sdkmsg"), size=1, volume_type=bad_type.id)
    try:
        bs.wait_for_volume(volume, status="error", failures=(), wait=30, interval=0.1)
        [message] = [m for m in bs.messages() if m.resource_uuid == volume.id]
        assert message.event_id == "VOLUME_VOLUME_001_002" and message.resource_type == "VOLUME"
        assert message.message_level == "ERROR" and message.user_message
        assert message.guaranteed_until and message.request_id
        shown = bs.get_message(message.id)
        assert shown.user_message == message.user_message
        assert bs.find_message(message.id).id == message.id
        bs.delete_message(message)
        assert bs.find_message(message.id) is None
        bs.delete_message(message)  # ignored
        with pytest.raises(exceptions.NotFound):
            bs.delete_message(message.id, ignore_missing=False)
    finally:
        bs.delete_volume(volume)
        bs.wait_for_delete(volume, wait=30, interval=0.1)
        bs.delete_type(bad_type)
