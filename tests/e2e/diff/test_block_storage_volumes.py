"""`volume create|set|unset|show|list|migrate|summary|delete`: ostack prints what the official
client prints, on the same local cloud (ostack's extra `--wait` aside)."""

from __future__ import annotations

import pytest
from tests.support.servers import Fixtures, unique

pytestmark = pytest.mark.official

def test_volume_lifecycle(differ, localcloud):
    ours, theirs, extra = unique("ost"), unique("osc"), unique("ost")
    with Fixtures(localcloud) as made:
        try:
            create = ["--size", "1", "--property", "a=b", "--description", "d", "--bootable",
                      "--read-only", "--hint", "same_host=x", "--hint", "k=v"]
            mine, official = differ.pair(["volume", "create", *create, ours],
                                         ["volume", "create", *create, theirs])
            differ.assert_same(mine, official, ignore={"id", "name"})
            for outcome in (mine, official):  # --bootable waited for it to be available
                made.conn.block_storage.wait_for_volume(outcome.data["id"], status="available",
                                                        wait=30, interval=0.2)
            set_ = ["--no-property", "--property", "x=y", "--image-property", "k=v", "--size",
                    "2", "--non-bootable", "--read-write", "--description", "e", "--state",
                    "available"]
            differ.pair(["volume", "set", ours, *set_], ["volume", "set", theirs, *set_],
                        fmt=None)
            mine, official = differ.pair(["volume", "show", ours], ["volume", "show", theirs])
            differ.assert_same(mine, official, ignore={"id", "name"})
            assert mine.data["properties"] == {"x": "y", "readonly": "False"}
            assert mine.data["size"] == 2
            assert mine.data["volume_image_metadata"] == {"k": "v"}
            ids = (mine.data["id"], official.data["id"])
            mine, official = differ.pair(["volume", "show", ours], ["volume", "show", theirs],
                                         fmt="table")
            lines = [[line for line in out.stdout.replace(*ids).replace(ours, theirs).splitlines()
                      if "_at " not in line] for out in (mine, official)]
            assert lines[0] == lines[1]
            unset = ["--property", "x", "--image-property", "k"]
            differ.pair(["volume", "unset", ours, *unset], ["volume", "unset", theirs, *unset],
                        fmt=None)
            mine, official = differ.pair(["volume", "show", ours], ["volume", "show", theirs])
            differ.assert_same(mine, official, ignore={"id", "name"})
            assert mine.data["properties"] == {"readonly": "False"}
            mine, official = differ.pair(["volume", "list", "--name", ours, "--long"],
                                         ["volume", "list", "--name", theirs, "--long"])
            differ.assert_same(mine, official, ignore={"ID", "Name"})
            assert [row["Name"] for row in mine.data] == [ours]
            # A failed step: the error, then the summary line, exit 1.
            mine, official = differ.pair(["volume", "set", ours, "--size", "1"],
                                         ["volume", "set", theirs, "--size", "1"], fmt=None,
                                         code=1)
            for outcome in (mine, official):
                assert "Failed to set volume size: New size must be greater than 2 GB" in (
                    outcome.stderr)
                assert "One or more of the set operations failed" in outcome.stderr
            # One back end: a migration to it (or to a host that does not exist) is refused.
            mine, official = differ.pair(
                ["volume", "migrate", ours, "--host", "localcloud@lvmdriver-1"],
                ["volume", "migrate", theirs, "--host", "localcloud@lvmdriver-1"],
                fmt=None, code=1)
            for outcome in (mine, official):
                assert "Destination host must be different than the current host" in (
                    outcome.stderr)
            mine, official = differ.pair(
                ["volume", "migrate", ours, "--host", "nowhere", "--force-host-copy",
                 "--lock-volume"],
                ["volume", "migrate", theirs, "--host", "nowhere", "--force-host-copy",
                 "--lock-volume"], fmt=None, code=1)
            for outcome in (mine, official):
                assert "No available service named 'nowhere'" in outcome.stderr
            # ostack's own --wait: the volume is available when create prints it ...
            waited = differ.run("ostack", ["volume", "create", "--size", "1", "--wait", extra])
            assert waited.code == 0 and waited.data["status"] == "available", waited.describe()
            # ... and gone when delete returns.
            mine, official = differ.pair(["volume", "delete", ours, extra, "nope", "--wait"],
                                         ["volume", "delete", theirs, "nope"], fmt=None, code=1)
            assert "1 of 3 volumes failed to delete." in mine.stderr
            assert "1 of 2 volumes failed to delete." in official.stderr
            for name in (ours, extra):
                assert made.conn.block_storage.find_volume(name) is None
        finally:
            for name in (ours, theirs, extra):
                found = made.conn.block_storage.find_volume(name)
                if found is not None:
                    made.made["volumes"].append(found.id)


def test_volume_summary(differ):
    # Other tests change the totals at any moment: the fields, and that they are counts.
    for argv in (["volume", "summary"],
                 ["--os-volume-api-version", "3.12", "volume", "summary", "--all-projects"]):
        mine, official = differ.same(*argv, ignore={"Total Count", "Total Size", "Metadata"})
        assert isinstance(mine.data["Total Count"], int)
    mine, official = differ.pair(["--os-volume-api-version", "3.11", "volume", "summary"],
                                 fmt=None, code=1)
    for outcome in (mine, official):
        assert "--os-volume-api-version 3.12 or greater is required" in outcome.stderr


def test_volume_manage_and_unmanage(differ, localcloud):
    with Fixtures(localcloud) as made:
        vol_ours, vol_theirs = made.volumes("unmanage")
        # --remote: the volume leaves Cinder (the back end keeps it).
        differ.pair(["volume", "delete", "--remote", vol_ours.name],
                    ["volume", "delete", "--remote", vol_theirs.name], fmt=None)
        mine, official = differ.pair(["volume", "delete", "--remote", "--force", "x"],
                                     fmt=None, code=1)
        for outcome in (mine, official):
            assert "The --force and --cascade options are not supported with the --remote " \
                   "parameter." in outcome.stderr
        mine, official = differ.pair(["volume", "create", "--size", "1",
                                      "--consistency-group", "nope", "x"], fmt=None, code=1)
        for outcome in (mine, official):
            assert "nope" in outcome.stderr and "404" in outcome.stderr
        mine, official = differ.pair(["volume", "create", "--remote-source", "source-name=x",
                                      "x"], fmt=None, code=1)
        for outcome in (mine, official):
            assert "One of --host or --cluster needs to be specified" in outcome.stderr
        # Adopting a back-end volume: openstacksdk asks for microversion 3.71, which this
        # cloud (3.70) refuses; ostack adopts it, and the reference not being found on the
        # back end, the volume ends in error_managing, as Cinder leaves it.
        name = unique("ost")
        argv = ["volume", "create", "--remote-source", "source-name=gone", "--host",
                "localcloud@lvmdriver-1", "--property", "a=b", name]
        official = differ.run("openstack", argv)
        assert official.code == 1 and "3.71" in official.stderr, official.describe()
        mine = differ.run("ostack", argv)
        assert mine.code == 0 and mine.data["status"] == "managing", mine.describe()
        storage = made.conn.block_storage
        managed = storage.wait_for_volume(mine.data["id"], status="error_managing", wait=30,
                                          interval=0.2)
        storage.delete_volume(managed)
        storage.wait_for_delete(managed, wait=30, interval=0.2)
        made.made["volumes"].clear()  # unmanaged: gone from Cinder
        for volume in (vol_ours, vol_theirs):
            found = storage.find_volume(volume.id)
            if found is not None:
                storage.wait_for_delete(found, wait=30, interval=0.2)
