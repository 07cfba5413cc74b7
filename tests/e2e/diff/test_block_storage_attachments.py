"""`volume attachment create|set|complete|show|list|delete`: ostack prints what the official
client prints, on the same local cloud (a server made through the SDK, no network)."""

from __future__ import annotations

import pytest
from tests.support.servers import Fixtures

pytestmark = pytest.mark.official

IDS = {"ID", "Volume ID", "Properties"}


def test_attachment_lifecycle(differ, localcloud):
    with Fixtures(localcloud) as made:
        (server,) = made.servers("att", 1)
        vol_ours, vol_theirs = made.volumes("att")
        mine, official = differ.pair(
            ["volume", "attachment", "create", vol_ours.name, "--server", server.name],
            ["volume", "attachment", "create", vol_theirs.name, "--server", server.name])
        differ.assert_same(mine, official, ignore=IDS)
        assert mine.data["Status"] == "reserved" and mine.data["Instance ID"] == server.id
        ours, theirs = mine.data["ID"], official.data["ID"]
        connect = ["--initiator", "iqn.2026-01.org.example:diff", "--host", "h1", "--multipath",
                   "--mountpoint", "/dev/vdb"]
        mine, official = differ.pair(["volume", "attachment", "set", ours, *connect],
                                     ["volume", "attachment", "set", theirs, *connect])
        differ.assert_same(mine, official, ignore=IDS)
        assert mine.data["Status"] == "attaching" and mine.data["Properties"]
        differ.pair(["volume", "attachment", "complete", ours],
                    ["volume", "attachment", "complete", theirs], fmt=None)
        mine, official = differ.pair(["volume", "attachment", "show", ours],
                                     ["volume", "attachment", "show", theirs])
        differ.assert_same(mine, official, ignore=IDS | {"Attached At"})
        assert mine.data["Status"] == "attached" and mine.data["Attached At"]
        # The volume is in use: the listing names the server in a table.
        mine, official = differ.pair(["volume", "list", "--name", vol_ours.name],
                                     ["volume", "list", "--name", vol_theirs.name],
                                     fmt="table")
        assert mine.stdout.replace(vol_ours.name, vol_theirs.name).replace(
            vol_ours.id, vol_theirs.id) == official.stdout
        assert f"Attached to {server.name} on " in mine.stdout
        mine, official = differ.pair(
            ["volume", "attachment", "list", "--volume-id", vol_ours.id],
            ["volume", "attachment", "list", "--volume-id", vol_theirs.id])
        differ.assert_same(mine, official, ignore={"ID", "Volume ID"})
        assert [row["ID"] for row in mine.data] == [ours]
        mine, official = differ.pair(
            ["--os-volume-api-version", "3.43", "volume", "attachment", "complete", ours],
            ["--os-volume-api-version", "3.43", "volume", "attachment", "complete", theirs],
            fmt=None, code=1)
        for outcome in (mine, official):
            assert ("--os-volume-api-version 3.44 or greater is required to support the "
                    "'volume attachment complete' command") in outcome.stderr
        differ.pair(["volume", "attachment", "delete", ours],
                    ["volume", "attachment", "delete", theirs], fmt=None)
        for volume in (vol_ours, vol_theirs):
            assert made.conn.block_storage.get_volume(volume).status == "available"
