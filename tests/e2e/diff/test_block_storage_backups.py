"""`volume backup create|set|unset|show|list|restore|delete` and `volume backup record
export|import`: ostack prints what the official client prints, on the same local cloud
(ostack's extra `--wait` aside, and where the official client is broken, said below)."""

from __future__ import annotations

import pytest
from tests.support.servers import Fixtures, unique

pytestmark = pytest.mark.official

IDS = {"id", "name", "volume_id", "data_timestamp"}


def test_backup_lifecycle(differ, localcloud):
    ours, theirs = unique("ost"), unique("osc")
    with Fixtures(localcloud) as made:
        vol_ours, vol_theirs = made.volumes("backup")
        storage = made.conn.block_storage
        try:
            create = ["--name", None, "--description", "d", "--property", "a=b",
                      "--container", "volumebackups"]
            mine, official = differ.pair(
                ["volume", "backup", "create", vol_ours.name, "--wait",
                 *[ours if a is None else a for a in create]],
                ["volume", "backup", "create", vol_theirs.name,
                 *[theirs if a is None else a for a in create]])
            differ.assert_same(mine, official, ignore=IDS)
            assert storage.get_backup(mine.data["id"]).status == "available"  # --wait
            storage.wait_for_backup(official.data["id"], status="available", wait=30,
                                    interval=0.2)
            differ.pair(["volume", "backup", "set", ours, "--property", "c=d",
                         "--description", "e", "--no-property"],
                        ["volume", "backup", "set", theirs, "--property", "c=d",
                         "--description", "e", "--no-property"], fmt=None)
            mine, official = differ.pair(["volume", "backup", "show", ours],
                                         ["volume", "backup", "show", theirs])
            differ.assert_same(mine, official, ignore=IDS)
            assert mine.data["metadata"] == {"c": "d"} and mine.data["description"] == "e"
            mine, official = differ.pair(["volume", "backup", "show", ours],
                                         ["volume", "backup", "show", theirs], fmt="table")
            assert "| metadata              | {'c': 'd'}" in mine.stdout
            mine, official = differ.pair(["volume", "backup", "list", "--long", "--volume",
                                          vol_ours.name],
                                         ["volume", "backup", "list", "--long", "--volume",
                                          vol_theirs.name])
            differ.assert_same(mine, official, ignore={"ID", "Name", "Volume", "Created At"})
            assert [row["Volume"] for row in mine.data] == [vol_ours.id]
            # Unsetting the last property: both exit 0; the official client then removes
            # nothing (it deletes the properties that remain, through an API Cinder lacks),
            # ostack removes it.
            mine, official = differ.pair(
                ["volume", "backup", "unset", ours, "--property", "c", "--property", "zz"],
                ["volume", "backup", "unset", theirs, "--property", "c", "--property", "zz"],
                fmt=None)
            for outcome, name in ((mine, ours), (official, theirs)):
                assert f"'zz' is not a valid property for backup '{name}'" in outcome.stderr
            assert storage.find_backup(ours).metadata == {}
            mine, official = differ.pair(
                ["--os-volume-api-version", "3.42", "volume", "backup", "unset", ours,
                 "--property", "c"],
                ["--os-volume-api-version", "3.42", "volume", "backup", "unset", theirs,
                 "--property", "c"], fmt=None, code=1)
            for outcome in (mine, official):
                assert "--os-volume-api-version 3.43 or greater is required" in outcome.stderr
            # Restore into a new volume, and (refused without --force) into an existing one.
            mine, official = differ.pair(["volume", "backup", "restore", ours, ours],
                                         ["volume", "backup", "restore", theirs, theirs])
            differ.assert_same(mine, official, ignore={"id", "volume_id", "volume_name"})
            assert mine.data["volume_name"] == ours
            for data in (mine.data, official.data):
                made.made["volumes"].append(data["volume_id"])
            mine, official = differ.pair(
                ["volume", "backup", "restore", ours, vol_ours.name],
                ["volume", "backup", "restore", theirs, vol_theirs.name], fmt=None, code=1)
            for outcome, volume in ((mine, vol_ours), (official, vol_theirs)):
                assert f"Volume '{volume.name}' already exists; if you want to restore" in (
                    outcome.stderr)
            for backup in (ours, theirs):
                storage.wait_for_backup(storage.find_backup(backup), status="available",
                                        wait=30, interval=0.2)
            mine, official = differ.pair(["volume", "backup", "record", "export", ours],
                                         ["volume", "backup", "record", "export", theirs])
            differ.assert_same(mine, official, ignore={"backup_url"})
            record = mine.data
            mine, official = differ.pair(["volume", "backup", "record", "export", ours],
                                         ["volume", "backup", "record", "export", theirs],
                                         fmt="table")
            assert "| Backup Service |" in mine.stdout and "| Metadata       |" in mine.stdout
            mine, official = differ.pair(["volume", "backup", "delete", ours, "nope"],
                                         ["volume", "backup", "delete", theirs, "nope"],
                                         fmt=None, code=1)
            for outcome in (mine, official):
                assert "1 of 2 backups failed to delete." in outcome.stderr
            found = storage.find_backup(ours)
            if found is not None:
                storage.wait_for_delete(found, wait=30, interval=0.2)
            # Import: the official client posts to /backups/export_record (an openstacksdk
            # bug) and fails; ostack imports the record.
            argv = ["volume", "backup", "record", "import", record["backup_service"],
                    record["backup_url"]]
            official = differ.run("openstack", argv)
            assert official.code == 1 and "405" in official.stderr, official.describe()
            mine = differ.run("ostack", argv)
            assert mine.code == 0, mine.describe()
            assert mine.data["name"] == ours and "links" not in mine.data
        finally:
            for name in (ours, theirs):
                backup = storage.find_backup(name)
                if backup is not None:
                    storage.delete_backup(backup)
                    storage.wait_for_delete(backup, wait=30, interval=0.2)
