"""`router ndp proxy *`: ostack prints what the official client prints, on the same cloud."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.official

VARYING = {"id", "name", "port_id", "ip_address"}


def test_ndp_proxy_lifecycle(differ):
    net = f"ndp-{uuid.uuid4().hex[:8]}"
    ours, theirs = net + "-ost", net + "-osc"
    made: list[tuple[str, str]] = []
    proxies = {"ours": "nope-1", "theirs": "nope-1"}
    try:
        for argv in (["network", "create", net],
                     ["subnet", "create", "--network", net, "--ip-version", "6",
                      "--subnet-range", "fd00:78::/64", net],
                     ["port", "create", "--network", net, ours],
                     ["port", "create", "--network", net, theirs],
                     ["router", "create", net]):
            made.append((argv[0], differ.run("openstack", argv).data["id"]))
        mine, official = differ.pair(
            ["router", "ndp", "proxy", "create", net, "--port", ours, "--name", ours,
             "--description", "d"],
            ["router", "ndp", "proxy", "create", net, "--port", theirs, "--name", theirs,
             "--description", "d"])
        proxies = {"ours": mine.data["id"], "theirs": official.data["id"]}
        differ.assert_same(mine, official, ignore=VARYING)
        # the same address twice on one router: Neutron's 409 for both
        differ.pair(["router", "ndp", "proxy", "create", net, "--port", ours],
                    ["router", "ndp", "proxy", "create", net, "--port", theirs],
                    fmt=None, code=1)
        differ.pair(["router", "ndp", "proxy", "set", ours, "--description", "e"],
                    ["router", "ndp", "proxy", "set", theirs, "--description", "e"], fmt=None)
        mine, official = differ.pair(["router", "ndp", "proxy", "show", proxies["ours"]],
                                     ["router", "ndp", "proxy", "show", proxies["theirs"]])
        differ.assert_same(mine, official, ignore=VARYING)
        assert mine.data["description"] == "e" and mine.data["revision_number"] == 2
        mine, _ = differ.same("router", "ndp", "proxy", "list", "--router", net, key="ID")
        assert len(mine.data) == 2
        differ.same("router", "ndp", "proxy", "list", "--port", ours, fmt="table")
    finally:
        mine, official = differ.pair(
            ["router", "ndp", "proxy", "delete", proxies["ours"], "nope"],
            ["router", "ndp", "proxy", "delete", proxies["theirs"], "nope"], fmt=None, code=1)
        for outcome in (mine, official):
            assert "1 of 2 NDP proxies failed to delete." in outcome.stderr
        for kind, ident in reversed(made):
            differ.run("openstack", [kind, "delete", ident], fmt=None)
