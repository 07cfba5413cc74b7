"""`volume transfer request create|show|list|accept|delete`: ostack prints what the official
client prints, on the same local cloud; the admin hands volumes to the demo member's project."""

from __future__ import annotations

import pytest
from tests.support.servers import Fixtures, unique

pytestmark = pytest.mark.official

DEMO = ["--os-cloud", "local-demo"]


def test_transfer_lifecycle(differ, localcloud):
    ours, theirs = unique("ost"), unique("osc")
    with Fixtures(localcloud) as made:
        vol_ours, vol_theirs, vol_left = made.volumes("xfer", 3)
        try:
            mine, official = differ.pair(
                ["volume", "transfer", "request", "create", "--name", ours, vol_ours.name],
                ["volume", "transfer", "request", "create", "--name", theirs, vol_theirs.name])
            differ.assert_same(mine, official, ignore={"auth_key", "id", "name", "volume_id"})
            assert mine.data["volume_id"] == vol_ours.id and len(mine.data["auth_key"]) > 8
            made_ours, made_theirs = mine.data, official.data
            mine, official = differ.pair(["volume", "transfer", "request", "show", ours],
                                         ["volume", "transfer", "request", "show", theirs])
            differ.assert_same(mine, official, ignore={"id", "name", "volume_id"})
            mine, official = differ.pair(["volume", "transfer", "request", "list"])
            rows = [[{"Volume": r["Volume"]} for r in out.data if r["Name"] in (ours, theirs)]
                    for out in (mine, official)]
            assert len(rows[0]) == 2 and rows[0] == rows[1]
            assert list(mine.data[0]) == list(official.data[0]) == ["ID", "Name", "Volume"]
            # A third transfer, deleted again (one of two names unknown: exit 1).
            mine, official = differ.pair(
                ["--os-volume-api-version", "3.54", "volume", "transfer", "request", "create",
                 "--no-snapshots", vol_left.name], fmt=None, code=1)
            for outcome in (mine, official):
                assert "--os-volume-api-version 3.55 or greater is required" in outcome.stderr
            extra = differ.run("ostack", ["volume", "transfer", "request", "create",
                                          "--no-snapshots", vol_left.name])
            assert extra.code == 0, extra.describe()
            mine, official = differ.pair(
                ["volume", "transfer", "request", "delete", extra.data["id"], "nope"],
                ["volume", "transfer", "request", "delete", "nope"], fmt=None, code=1)
            assert "1 of 2 volume transfer requests failed to delete" in mine.stderr
            assert "1 of 1 volume transfer requests failed to delete" in official.stderr
            # The demo member accepts each (it cannot look the transfer up: by ID).
            accepted = []
            for client, made_one in (("ostack", made_ours), ("openstack", made_theirs)):
                outcome = differ.run(client, [*DEMO, "volume", "transfer", "request", "accept",
                                              made_one["id"], "--auth-key", made_one["auth_key"]])
                assert outcome.code == 0, outcome.describe()
                accepted.append(outcome)
            differ.assert_same(*accepted, ignore={"id", "name", "volume_id"})
            assert accepted[0].data == {"id": made_ours["id"], "name": ours,
                                        "volume_id": vol_ours.id}
            made.made["volumes"][:2] = []  # the demo project's now: deleted below as demo
            for volume in (vol_ours, vol_theirs):
                differ.run("ostack", [*DEMO, "volume", "delete", volume.id], fmt=None)
            refused = [differ.run(client, [*DEMO, "volume", "transfer", "request", "accept",
                                           made_ours["id"], "--auth-key", "wrong"])
                       for client in ("ostack", "openstack")]
            for outcome in refused:
                assert outcome.code == 1
        finally:
            storage = made.conn.block_storage
            for transfer in storage.transfers():
                if transfer.volume_id in (vol_ours.id, vol_theirs.id, vol_left.id):
                    storage.delete_transfer(transfer)
