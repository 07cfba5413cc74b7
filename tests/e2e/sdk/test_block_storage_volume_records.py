"""What the volume commands added to the SDK, sync and async: image metadata, summary,
migration refusals, snapshot and backup actions (restore, export and import records), and
volume type encryption."""

from __future__ import annotations

import pytest
from tests.support.servers import unique

from ostack import exceptions


def _wait(bs, volume):
    return bs.wait_for_volume(volume, status="available", wait=30, interval=0.1)


def test_volume_snapshot_backup_records(sdk):
    bs = sdk.block_storage
    volume = _wait(bs, bs.create_volume(name=unique("sdkrec"), size=1))
    restored = None
    try:
        bs.set_volume_image_metadata(volume, k="v", j="w")
        assert bs.get_volume(volume).volume_image_metadata == {"k": "v", "j": "w"}
        bs.delete_volume_image_metadata(volume, keys=["k"])
        assert bs.get_volume(volume).volume_image_metadata == {"j": "w"}
        bs.delete_volume_image_metadata(volume)
        assert not bs.get_volume(volume).volume_image_metadata

        summary = bs.summary(all_projects=True)
        assert summary["total_count"] >= 1 and summary["total_size"] >= 1
        with pytest.raises(exceptions.BadRequest, match="Destination host must be different"):
            bs.migrate_volume(volume, host="localcloud@lvmdriver-1")

        snapshot = bs.create_snapshot(volume_id=volume.id, name=unique("sdkrec"))
        snapshot = bs.wait_for_snapshot(snapshot, status="available", wait=30, interval=0.1)
        assert bs.set_snapshot_metadata(snapshot, a="b").metadata == {"a": "b"}
        bs.delete_snapshot_metadata(snapshot, keys=["a"])
        assert bs.get_snapshot(snapshot).metadata == {}
        bs.reset_snapshot_status(snapshot, "error")
        assert bs.get_snapshot(snapshot).status == "error"
        bs.delete_snapshot(snapshot, force=True)
        bs.wait_for_delete(snapshot, wait=30, interval=0.1)
        kept = bs.create_snapshot(volume_id=volume.id, name=unique("sdkrec"))
        kept = bs.wait_for_snapshot(kept, status="available", wait=30, interval=0.1)
        bs.unmanage_snapshot(kept)  # gone from Cinder, left on the back end
        bs.wait_for_delete(kept, wait=30, interval=0.1)

        backup = bs.create_backup(volume_id=volume.id, name=unique("sdkrec"),
                                  is_incremental=False, metadata={"x": "y"})
        backup = bs.wait_for_backup(backup, status="available", wait=30, interval=0.1)
        bs.update_backup(backup, description="d")
        assert bs.get_backup(backup).description == "d"
        restore = bs.restore_backup(backup, name=unique("sdkrestored"))
        assert restore.id == backup.id and restore.volume_id
        restored = restore.volume_id
        bs.wait_for_backup(backup, status="available", wait=30, interval=0.1)
        _wait(bs, restored)
        # openstacksdk's keyword: restore into that existing volume
        again = bs.restore_backup(backup, volume_id=restored)
        assert again.volume_id == restored
        bs.wait_for_backup(backup, status="available", wait=30, interval=0.1)
        record = bs.export_backup(backup)["backup-record"]
        assert record["backup_service"] and record["backup_url"]
        bs.reset_backup_status(backup, "error")
        bs.delete_backup(backup, force=True)
        bs.wait_for_delete(backup, wait=30, interval=0.1)
        imported = bs.import_backup(record["backup_service"], record["backup_url"])
        assert imported.id == backup.id
        assert bs.get_backup(imported).status == "available"
        bs.delete_backup(imported)
        bs.wait_for_delete(imported, wait=30, interval=0.1)
    finally:
        for ident in (restored, volume.id):
            if ident:
                _wait(bs, ident)
                bs.delete_volume(ident)


def test_type_encryption(sdk):
    bs = sdk.block_storage
    volume_type = bs.create_type(name=unique("sdkenc"))
    try:
        assert bs.get_type_encryption(volume_type).encryption_id is None
        made = bs.create_type_encryption(volume_type, provider="luks", cipher="aes-xts-plain64",
                                         key_size=256, control_location="front-end")
        assert made.provider == "luks" and made.encryption_id
        bs.update_type_encryption(None, volume_type, control_location="back-end")
        got = bs.get_type_encryption(volume_type)
        assert got.control_location == "back-end" and got.volume_type_id == volume_type.id
        bs.delete_type_encryption(None, volume_type)
        assert bs.get_type_encryption(volume_type).encryption_id is None
        with pytest.raises(exceptions.NotFound):
            bs.update_type_encryption(None, volume_type, key_size=128)
    finally:
        bs.delete_type(volume_type)
