"""`network flavor *` and `network flavor profile *`: ostack prints what the official client
prints, on the same local cloud."""

from __future__ import annotations

import uuid

import pytest
from tests.support.differential import Differ

pytestmark = pytest.mark.official

DRIVER = "neutron.services.l3_router.service_providers.single_node.SingleNodeDriver"


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_flavor_and_profile_lifecycle(differ):
    ours, theirs = _name("ost"), _name("osc")
    flavors = {"ours": "nope-1", "theirs": "nope-1"}
    profiles = {"ours": "nope-1", "theirs": "nope-1"}
    try:
        mine, official = differ.pair(
            ["network", "flavor", "create", ours, "--service-type", "L3_ROUTER_NAT",
             "--description", "d", "--disable"],
            ["network", "flavor", "create", theirs, "--service-type", "L3_ROUTER_NAT",
             "--description", "d", "--disable"])
        flavors = {"ours": mine.data["id"], "theirs": official.data["id"]}
        differ.assert_same(mine, official, ignore={"id", "name"})
        mine, official = differ.pair(
            ["network", "flavor", "profile", "create", "--driver", DRIVER, "--description", "p"])
        profiles = {"ours": mine.data["id"], "theirs": official.data["id"]}
        differ.assert_same(mine, official, ignore={"id"})
        # the client's own check, and the cloud's (an unknown service type)
        differ.pair(["network", "flavor", "profile", "create"], fmt=None, code=1)
        differ.pair(["network", "flavor", "create", _name("x"), "--service-type", "VPN"],
                    fmt=None, code=1)
        # a member reads flavors but may not make them
        demo = Differ(differ.cloud, "local-demo")
        demo.pair(["network", "flavor", "show", flavors["ours"]],
                  ["network", "flavor", "show", flavors["theirs"]])
        mine, official = demo.pair(["network", "flavor", "create", _name("x"),
                                    "--service-type", "L3_ROUTER_NAT"], fmt=None, code=1)
        assert "rule:create_flavor is disallowed by policy" in mine.stderr
        differ.pair(["network", "flavor", "set", ours, "--enable", "--name", ours + "b"],
                    ["network", "flavor", "set", theirs, "--enable", "--name", theirs + "b"],
                    fmt=None)
        ours, theirs = ours + "b", theirs + "b"
        differ.pair(["network", "flavor", "profile", "set", profiles["ours"], "--disable",
                     "--metainfo", "{}"],
                    ["network", "flavor", "profile", "set", profiles["theirs"], "--disable",
                     "--metainfo", "{}"], fmt=None)
        differ.pair(["network", "flavor", "add", "profile", ours, profiles["ours"]],
                    ["network", "flavor", "add", "profile", theirs, profiles["theirs"]],
                    fmt=None)
        mine, official = differ.pair(["network", "flavor", "show", ours],
                                     ["network", "flavor", "show", theirs])
        differ.assert_same(mine, official, ignore={"id", "name", "service_profile_ids"})
        assert mine.data["service_profile_ids"] == [profiles["ours"]]
        differ.pair(["network", "flavor", "show", ours], ["network", "flavor", "show", theirs],
                    fmt="table")
        mine, official = differ.pair(["network", "flavor", "profile", "show", profiles["ours"]],
                                     ["network", "flavor", "profile", "show",
                                      profiles["theirs"]])
        differ.assert_same(mine, official, ignore={"id"})
        differ.same("network", "flavor", "list", key="ID")
        differ.same("network", "flavor", "profile", "list", key="ID")
        differ.pair(["network", "flavor", "remove", "profile", ours, profiles["ours"]],
                    ["network", "flavor", "remove", "profile", theirs, profiles["theirs"]],
                    fmt=None)
        # not bound any more: the cloud's 404 is ignored by both
        differ.pair(["network", "flavor", "remove", "profile", ours, profiles["ours"]],
                    ["network", "flavor", "remove", "profile", theirs, profiles["theirs"]],
                    fmt=None)
    finally:
        mine, official = differ.pair(["network", "flavor", "delete", flavors["ours"], "nope"],
                                     ["network", "flavor", "delete", flavors["theirs"], "nope"],
                                     fmt=None, code=1)
        for outcome in (mine, official):
            assert "1 of 2 flavors failed to delete." in outcome.stderr
        mine, official = differ.pair(
            ["network", "flavor", "profile", "delete", profiles["ours"], "nope"],
            ["network", "flavor", "profile", "delete", profiles["theirs"], "nope"],
            fmt=None, code=1)
        for outcome in (mine, official):
            assert "1 of 2 flavor_profiles failed to delete." in outcome.stderr
