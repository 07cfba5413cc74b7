"""`server add|remove volume` and `server volume list|set|update`: ostack and the official
client attach, update and detach volumes of twin servers alike and print the same."""

from __future__ import annotations

import pytest
from tests.support.servers import Fixtures

pytestmark = pytest.mark.official

IDS = {"ID", "Server ID", "Volume ID", "Attachment ID", "BlockDeviceMapping UUID"}


def test_attach_list_update_detach(differ, localcloud):
    with Fixtures(localcloud) as made:
        ours, theirs = made.servers("vol")
        vol_ours, vol_theirs = made.volumes("vol")
        mine, official = differ.pair(
            ["server", "add", "volume", ours.name, vol_ours.name, "--tag", "data",
             "--enable-delete-on-termination"],
            ["server", "add", "volume", theirs.name, vol_theirs.name, "--tag", "data",
             "--enable-delete-on-termination"])
        differ.assert_same(mine, official, ignore={"ID", "Server ID", "Volume ID"})
        assert mine.data["Volume ID"] == mine.data["ID"] == vol_ours.id
        assert mine.data["Server ID"] == ours.id
        for volume in (vol_ours, vol_theirs):
            made.conn.block_storage.wait_for_volume(volume, status="in-use", wait=30,
                                                    interval=0.2)
        mine, official = differ.pair(["server", "volume", "list", ours.id],
                                     ["server", "volume", "list", theirs.id])
        differ.assert_same(mine, official, ignore=IDS)
        assert [row["Volume ID"] for row in mine.data] == [vol_ours.id]
        assert mine.data[0]["Delete On Termination?"] is True
        # set --preserve-on-termination, then update (its deprecated name) back again.
        differ.pair(["server", "volume", "set", ours.id, vol_ours.id,
                     "--preserve-on-termination"],
                    ["server", "volume", "set", theirs.id, vol_theirs.id,
                     "--preserve-on-termination"], fmt=None)
        mine, official = differ.pair(["server", "volume", "list", ours.id],
                                     ["server", "volume", "list", theirs.id], fmt="table")
        assert "| False " in mine.stdout and "| False " in official.stdout
        assert mine.stdout.splitlines()[1] == official.stdout.splitlines()[1]
        differ.pair(["server", "volume", "update", ours.id, vol_ours.name,
                     "--delete-on-termination"],
                    ["server", "volume", "update", theirs.id, vol_theirs.name,
                     "--delete-on-termination"], fmt=None)
        assert made.conn.compute.get_volume_attachment(ours, vol_ours).delete_on_termination
        # No option: nothing is asked, by either client.
        differ.pair(["server", "volume", "set", ours.id, vol_ours.id],
                    ["server", "volume", "set", theirs.id, vol_theirs.id], fmt=None)
        mine, official = differ.pair(
            ["--os-compute-api-version", "2.84", "server", "volume", "set", ours.id,
             vol_ours.id, "--delete-on-termination"],
            ["--os-compute-api-version", "2.84", "server", "volume", "set", theirs.id,
             vol_theirs.id, "--delete-on-termination"], fmt=None, code=1)
        for outcome in (mine, official):
            assert "--os-compute-api-version 2.85 or greater is required" in outcome.stderr
        # At 2.1 the list has the attachment's ID and none of the later columns.
        mine, official = differ.pair(
            ["--os-compute-api-version", "2.1", "server", "volume", "list", ours.id],
            ["--os-compute-api-version", "2.1", "server", "volume", "list", theirs.id])
        differ.assert_same(mine, official, ignore=IDS)
        assert list(mine.data[0]) == ["ID", "Device", "Server ID", "Volume ID"]
        differ.pair(["server", "remove", "volume", ours.id, vol_ours.name],
                    ["server", "remove", "volume", theirs.id, vol_theirs.name], fmt=None)
        for volume in (vol_ours, vol_theirs):
            made.conn.block_storage.wait_for_volume(volume, status="available", wait=30,
                                                    interval=0.2)
        differ.pair(["server", "volume", "list", ours.id],
                    ["server", "volume", "list", theirs.id])
        mine, official = differ.pair(["server", "remove", "volume", ours.id, vol_ours.name],
                                     ["server", "remove", "volume", theirs.id,
                                      vol_theirs.name], fmt=None, code=1)
        for outcome, volume in ((mine, vol_ours), (official, vol_theirs)):
            assert f"No volume Block Device Mapping with id {volume.id}." in outcome.stderr


def test_add_volume_needs_a_volume_and_microversions(differ, localcloud):
    with Fixtures(localcloud) as made:
        (server,) = made.servers("vol", count=1)
        differ.same("server", "add", "volume", server.id, "no-such-volume", code=1)
        (volume,) = made.volumes("vol", count=1)
        mine, official = differ.same("--os-compute-api-version", "2.48", "server", "add",
                                     "volume", server.id, volume.id, "--tag", "x", code=1)
        for outcome in (mine, official):
            assert ("--os-compute-api-version 2.49 or greater is required to support the "
                    "--tag option") in outcome.stderr
        mine, official = differ.same("--os-compute-api-version", "2.78", "server", "add",
                                     "volume", server.id, volume.id,
                                     "--disable-delete-on-termination", code=1)
        for outcome in (mine, official):
            assert ("--os-compute-api-version 2.79 or greater is required to support the "
                    "--disable-delete-on-termination option.") in outcome.stderr
