"""`address group *`: ostack prints what the official client prints, on the same local
cloud; security group rules refer to address groups."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.official


def test_address_group_lifecycle(differ):
    tag = uuid.uuid4().hex[:8]
    ours, theirs = f"ost-{tag}", f"osc-{tag}"
    group = f"ag-sg-{tag}"
    done = False
    try:
        mine, official = differ.pair(
            ["address", "group", "create", ours, "--address", "10.0.0.1", "--address",
             "10.1.0.0/16", "--description", "d"],
            ["address", "group", "create", theirs, "--address", "10.0.0.1", "--address",
             "10.1.0.0/16", "--description", "d"])
        differ.assert_same(mine, official, ignore={"id", "name"})
        differ.pair(["address", "group", "set", ours, "--name", ours + "x", "--address",
                     "fd00::1", "--description", "e"],
                    ["address", "group", "set", theirs, "--name", theirs + "x", "--address",
                     "fd00::1", "--description", "e"], fmt=None)
        ours, theirs = ours + "x", theirs + "x"
        differ.pair(["address", "group", "unset", ours, "--address", "10.0.0.1"],
                    ["address", "group", "unset", theirs, "--address", "10.0.0.1"], fmt=None)
        mine, official = differ.pair(["address", "group", "show", ours],
                                     ["address", "group", "show", theirs])
        differ.assert_same(mine, official, ignore={"id", "name"})
        assert mine.data["addresses"] == ["10.1.0.0/16", "fd00::1/128"]
        differ.same("address", "group", "list", "--name", ours, "--project", "admin",
                    fmt="table")
        # An address already in the group is Neutron's 400.
        mine, official = differ.pair(
            ["address", "group", "set", ours, "--address", "10.1.0.0/16"],
            ["address", "group", "set", theirs, "--address", "10.1.0.0/16"], fmt=None, code=1)
        assert "already exist" in mine.stderr and "already exist" in official.stderr
        # A rule refers to the group by name; the group is then in use.
        differ.run("openstack", ["security", "group", "create", group])
        mine, official = differ.pair(
            ["security", "group", "rule", "create", group, "--remote-address-group", ours],
            ["security", "group", "rule", "create", group, "--remote-address-group", theirs])
        differ.assert_same(mine, official, ignore={"id", "remote_address_group_id"})
        assert mine.data["remote_address_group_id"] and mine.data["remote_ip_prefix"] is None
        mine, official = differ.pair(["address", "group", "delete", ours],
                                     ["address", "group", "delete", theirs], fmt=None, code=1)
        assert "is in use" in mine.stderr and "is in use" in official.stderr
        differ.run("openstack", ["security", "group", "delete", group], fmt=None)
        mine, official = differ.pair(["address", "group", "delete", ours, "nope"],
                                     ["address", "group", "delete", theirs, "nope"],
                                     fmt=None, code=1)
        assert "1 of 2 address groups failed to delete." in mine.stderr
        assert "1 of 2 address groups failed to delete." in official.stderr
        done = True
    finally:
        if not done:
            differ.run("openstack", ["security", "group", "delete", group], fmt=None)
            differ.run("openstack", ["address", "group", "delete", ours, theirs,
                                     ours + "x", theirs + "x"], fmt=None)
