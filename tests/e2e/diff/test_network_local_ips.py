"""`local ip *` and `local ip association *`: ostack prints what the official client prints,
on the same local cloud."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.official

ADDRESSES = {"id", "name", "local_port_id", "local_ip_address", "local_ip_id"}


def test_local_ip_lifecycle(differ):
    net = f"lip-{uuid.uuid4().hex[:8]}"
    ours, theirs = net + "-ost", net + "-osc"
    made: list[tuple[str, str]] = []
    lips = {"ours": "nope-1", "theirs": "nope-1"}
    try:
        for argv in (["network", "create", net],
                     ["subnet", "create", "--network", net, "--subnet-range", "10.77.0.0/24",
                      net],
                     ["port", "create", "--network", net, net]):
            made.append((argv[0], differ.run("openstack", argv).data["id"]))
        mine, official = differ.pair(
            ["local", "ip", "create", "--network", net, "--name", ours, "--description", "d"],
            ["local", "ip", "create", "--network", net, "--name", theirs, "--description", "d"])
        lips = {"ours": mine.data["id"], "theirs": official.data["id"]}
        differ.assert_same(mine, official, ignore=ADDRESSES)
        differ.pair(["local", "ip", "set", ours, "--name", ours + "b"],
                    ["local", "ip", "set", theirs, "--name", theirs + "b"], fmt=None)
        ours, theirs = ours + "b", theirs + "b"
        mine, official = differ.pair(["local", "ip", "show", ours],
                                     ["local", "ip", "show", theirs])
        differ.assert_same(mine, official, ignore=ADDRESSES)
        assert mine.data["revision_number"] == 2
        mine, _ = differ.same("local", "ip", "list", "--network", net, key="ID")
        assert len(mine.data) == 2
        differ.same("local", "ip", "list", "--name", ours, fmt="table")
        mine, official = differ.pair(["local", "ip", "association", "create", ours, net],
                                     ["local", "ip", "association", "create", theirs, net])
        differ.assert_same(mine, official, ignore=ADDRESSES)
        differ.same("local", "ip", "association", "list", ours, "--fixed-port", net)
        # in use: the local IP stays
        differ.pair(["local", "ip", "delete", ours], ["local", "ip", "delete", theirs],
                    fmt=None, code=1)
        port_id = made[2][1]
        mine, official = differ.pair(
            ["local", "ip", "association", "delete", ours, port_id, "nope"],
            ["local", "ip", "association", "delete", theirs, port_id, "nope"],
            fmt=None, code=1)
        for outcome in (mine, official):
            assert "1 of 2 Local IP Associations failed to delete." in outcome.stderr
        differ.same("local", "ip", "association", "list", theirs)
    finally:
        mine, official = differ.pair(["local", "ip", "delete", lips["ours"], "nope"],
                                     ["local", "ip", "delete", lips["theirs"], "nope"],
                                     fmt=None, code=1)
        for outcome in (mine, official):
            assert "1 of 2 local IPs failed to delete." in outcome.stderr
        for kind, ident in reversed(made):
            differ.run("openstack", [kind, "delete", ident], fmt=None)
