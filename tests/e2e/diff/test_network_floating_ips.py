"""`floating ip *`: ostack prints what the official client prints, on the same local cloud
(associated with a port through `floating ip set --port --fixed-ip-address`)."""

from __future__ import annotations

import json
import uuid

import pytest

pytestmark = pytest.mark.official

DIFFERENT = {"id", "name", "floating_ip_address", "fixed_ip_address", "port_id",
             "port_details", "revision_number"}


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def ports(differ):
    """Two ports on DevStack's private network (routed to `public` by router1)."""
    names = [_name("fip-port"), _name("fip-port")]
    found = []
    # by ID: other test modules make networks named `private` in projects of their own
    listed = differ.run("ostack", ["network", "list", "--name", "private", "--project", "demo"])
    private = listed.data[0]["ID"]
    for name in names:
        out = differ.run("ostack", ["port", "create", name, "--network", private])
        found.append((name, json.loads(out.stdout)["fixed_ips"][0]["ip_address"]))
    yield found
    differ.run("ostack", ["port", "delete", *names], fmt=None)


def test_floating_ip_lifecycle(differ, ports):
    (port1, ip1), (port2, ip2) = ports
    mine, official = differ.pair(
        ["floating", "ip", "create", "public", "--description", "d", "--tag", "a"],
        ["floating", "ip", "create", "public", "--description", "d", "--tag", "a"])
    differ.assert_same(mine, official, ignore=DIFFERENT)
    ours, theirs = mine.data["floating_ip_address"], official.data["floating_ip_address"]
    try:
        differ.pair(["floating", "ip", "set", ours, "--port", port1, "--fixed-ip-address", ip1,
                     "--tag", "b", "--description", "e"],
                    ["floating", "ip", "set", theirs, "--port", port2, "--fixed-ip-address",
                     ip2, "--tag", "b", "--description", "e"], fmt=None)
        mine, official = differ.pair(["floating", "ip", "show", ours],
                                     ["floating", "ip", "show", theirs])
        differ.assert_same(mine, official, ignore=DIFFERENT)
        assert mine.data["fixed_ip_address"] == ip1 and mine.data["port_details"]
        mine, official = differ.pair(["floating", "ip", "list", "--port", port1, "--long"],
                                     ["floating", "ip", "list", "--port", port2, "--long"])
        differ.assert_same(mine, official, ignore={"ID", "Floating IP Address",
                                                   "Fixed IP Address", "Port"})
        differ.pair(["floating", "ip", "unset", ours, "--port", "--tag", "a"],
                    ["floating", "ip", "unset", theirs, "--port", "--tag", "a"], fmt=None)
        mine, official = differ.pair(["floating", "ip", "show", ours],
                                     ["floating", "ip", "show", theirs], fmt="table")
        assert len(mine.stdout.splitlines()) == len(official.stdout.splitlines())
        mine, official = differ.pair(["floating", "ip", "list", "--network", "public",
                                      "--tags", "b", "--floating-ip-address", ours],
                                     ["floating", "ip", "list", "--network", "public",
                                      "--tags", "b", "--floating-ip-address", theirs])
        assert len(mine.data) == len(official.data) == 1
    finally:
        mine, official = differ.pair(["floating", "ip", "delete", ours, "nope"],
                                     ["floating", "ip", "delete", theirs, "nope"],
                                     fmt=None, code=1)
    assert "1 of 2 floating IPs failed to delete." in mine.stderr
    assert "1 of 2 floating IPs failed to delete." in official.stderr
