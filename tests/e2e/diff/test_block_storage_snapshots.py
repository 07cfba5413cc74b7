"""`volume snapshot create|set|unset|show|list|delete` and `volume revert`: ostack prints what
the official client prints, on the same local cloud."""

from __future__ import annotations

import pytest
from tests.support.servers import Fixtures, unique

pytestmark = pytest.mark.official


def test_snapshot_lifecycle_and_revert(differ, localcloud):
    ours, theirs = unique("ost"), unique("osc")
    with Fixtures(localcloud) as made:
        vol_ours, vol_theirs = made.volumes("snap")
        storage = made.conn.block_storage
        try:
            mine, official = differ.pair(
                ["volume", "snapshot", "create", ours, "--volume", vol_ours.name,
                 "--description", "d", "--property", "a=b"],
                ["volume", "snapshot", "create", theirs, "--volume", vol_theirs.name,
                 "--description", "d", "--property", "a=b"])
            differ.assert_same(mine, official, ignore={"id", "name", "volume_id"})
            set_ = ["--no-property", "--property", "c=d", "--description", "e", "--state",
                    "error"]
            differ.pair(["volume", "snapshot", "set", ours, *set_],
                        ["volume", "snapshot", "set", theirs, *set_], fmt=None)
            differ.pair(["volume", "snapshot", "unset", ours, "--property", "c"],
                        ["volume", "snapshot", "unset", theirs, "--property", "c"], fmt=None)
            mine, official = differ.pair(["volume", "snapshot", "show", ours],
                                         ["volume", "snapshot", "show", theirs])
            differ.assert_same(mine, official, ignore={"id", "name", "volume_id"})
            assert mine.data["status"] == "error" and mine.data["properties"] == {}
            mine, official = differ.pair(
                ["volume", "snapshot", "list", "--long", "--volume", vol_ours.name],
                ["volume", "snapshot", "list", "--long", "--volume", vol_theirs.name])
            differ.assert_same(mine, official, ignore={"ID", "Name", "Volume"})
            assert [row["Name"] for row in mine.data] == [ours]
            mine, official = differ.pair(
                ["volume", "snapshot", "list", "--name", ours, "--status", "error", "--long"],
                ["volume", "snapshot", "list", "--name", theirs, "--status", "error", "--long"],
                fmt="table")
            assert mine.stdout.replace(ours, theirs).splitlines()[1] == (
                official.stdout.splitlines()[1])
            assert f"| {vol_ours.name} " in mine.stdout  # the volume's name, in a table
            for name in (ours, theirs):
                storage.reset_snapshot_status(storage.find_snapshot(name), "available")
            differ.pair(["volume", "revert", ours], ["volume", "revert", theirs], fmt=None)
            for volume in (vol_ours, vol_theirs):
                storage.wait_for_volume(volume, status="available", wait=30, interval=0.2)
            mine, official = differ.pair(
                ["--os-volume-api-version", "3.39", "volume", "revert", ours],
                ["--os-volume-api-version", "3.39", "volume", "revert", theirs],
                fmt=None, code=1)
            for outcome in (mine, official):
                assert "--os-volume-api-version 3.40 or greater is required" in outcome.stderr
            mine, official = differ.pair(["volume", "snapshot", "delete", ours, "nope"],
                                         ["volume", "snapshot", "delete", theirs, "nope"],
                                         fmt=None, code=1)
            for outcome in (mine, official):
                assert "1 of 2 snapshots failed to delete." in outcome.stderr
            mine, official = differ.pair(["volume", "snapshot", "delete", "--remote",
                                          "--force", "x"], fmt=None, code=1)
            for outcome in (mine, official):
                assert "The --force option is not supported with the --remote parameter." in (
                    outcome.stderr)
            # This cloud's back end holds no snapshot to adopt, and it serves no adoption.
            mine, official = differ.pair(
                ["volume", "snapshot", "create", "--volume", vol_ours.name, "--remote-source",
                 "source-name=gone", ours],
                ["volume", "snapshot", "create", "--volume", vol_theirs.name,
                 "--remote-source", "source-name=gone", theirs], fmt=None, code=1)
            for outcome in (mine, official):
                assert "The method is not allowed for the requested URL" in outcome.stderr
        finally:
            for name in (ours, theirs):
                snapshot = storage.find_snapshot(name)
                if snapshot is not None:
                    storage.delete_snapshot(snapshot)
            for name in (ours, theirs):
                snapshot = storage.find_snapshot(name)
                if snapshot is not None:
                    storage.wait_for_delete(snapshot, wait=30, interval=0.2)
