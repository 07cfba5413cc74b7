"""`network *`: ostack prints what the official client prints, on the same local cloud."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.official


DHCP_AGENT = "5e1b7cb4-3a0f-4c55-9d5c-6a1b8e0d1a02"


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def devstack_private(differ) -> str:
    """The ID of DevStack's `private` network (the demo project's; other test modules make
    networks of that name in projects of their own)."""
    out = differ.run("ostack", ["network", "list", "--name", "private", "--project", "demo"])
    assert out.code == 0 and len(out.data) == 1, out.describe()
    return out.data[0]["ID"]


def test_network_list_show(differ):
    private = devstack_private(differ)
    differ.same("network", "show", private)
    differ.same("network", "show", "public", fmt="table")
    # Other tests' external networks come and go between the two runs: `public` compared.
    mine, official = differ.pair(["network", "list", "--external", "--long"])
    rows = [[r for r in out.data if r["Name"] == "public"] for out in (mine, official)]
    assert rows[0] == rows[1] and len(rows[0]) == 1, rows
    assert list(mine.data[0]) == list(official.data[0])
    differ.same("network", "list", "--name", "private", "--project", "demo", "--enable",
                fmt="table")
    differ.same("network", "show", "no-such-network", code=1)
    # The networks of DevStack's DHCP agent (others' networks come and go meanwhile).
    mine, official = differ.pair(["network", "list", "--agent", DHCP_AGENT])
    for out in (mine, official):
        assert [r for r in out.data if r["ID"] == private] == [
            r for r in mine.data if r["ID"] == private] != []


def test_network_lifecycle(differ):
    ours, theirs = _name("ost"), _name("osc")
    try:
        mine, official = differ.pair(
            ["network", "create", ours, "--description", "d", "--disable", "--tag", "b",
             "--tag", "a", "--mtu", "1400"],
            ["network", "create", theirs, "--description", "d", "--disable", "--tag", "b",
             "--tag", "a", "--mtu", "1400"])
        differ.assert_same(mine, official, ignore={"id", "name", "provider:segmentation_id"})
        differ.pair(["network", "set", ours, "--enable", "--tag", "c", "--no-share",
                     "--extra-property", "type=str,name=dns_domain,value=example.org."],
                    ["network", "set", theirs, "--enable", "--tag", "c", "--no-share",
                     "--extra-property", "type=str,name=dns_domain,value=example.org."],
                    fmt=None)
        differ.pair(["network", "unset", ours, "--tag", "a"],
                    ["network", "unset", theirs, "--tag", "a"], fmt=None)
        mine, official = differ.pair(["network", "show", ours], ["network", "show", theirs])
        differ.assert_same(mine, official, ignore={"id", "name", "provider:segmentation_id"})
        assert mine.data["tags"] == ["b", "c"]
        mine, official = differ.pair(
            ["network", "list", "--tags", "b,c", "--not-any-tags", "a", "--long"],
            ["network", "list", "--tags", "b,c", "--not-any-tags", "a", "--long"])
        assert {row["Name"] for row in mine.data} >= {ours, theirs}
        differ.assert_same(mine, official, key="ID")
        differ.pair(["network", "create", ours + "x", "--provider-segment", "7"],
                    ["network", "create", theirs + "x", "--provider-segment", "7"], code=1)
    finally:
        mine, official = differ.pair(["network", "delete", ours, "nope"],
                                     ["network", "delete", theirs, "nope"], fmt=None, code=1)
    assert "1 of 2 networks failed to delete." in mine.stderr
    assert "1 of 2 networks failed to delete." in official.stderr
