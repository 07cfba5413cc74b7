"""`network segment *` and `network segment range *`: ostack prints what the official client
prints, on the same local cloud (both are admin only)."""

from __future__ import annotations

import random
import uuid

import pytest

pytestmark = pytest.mark.official


@pytest.fixture
def network(differ):
    """A network made with the ostack SDK (its name), removed afterwards."""
    import ostack

    conn = ostack.connect(cloud="local", env=differ.cloud.environ())
    made = conn.network.create_network(name=f"seg-net-{uuid.uuid4().hex[:8]}")
    try:
        yield made.name
    finally:
        for segment in conn.network.segments(network_id=made.id):
            conn.network.delete_segment(segment)
        conn.network.delete_network(made)


def test_network_segment_lifecycle(differ, network):
    tag = uuid.uuid4().hex[:8]
    physnet = f"phys-{tag}"
    ours, theirs = f"ost-{tag}", f"osc-{tag}"
    mine, official = differ.pair(
        ["network", "segment", "create", ours, "--network", network, "--network-type", "vlan",
         "--physical-network", physnet, "--segment", "100", "--description", "d"],
        ["network", "segment", "create", theirs, "--network", network, "--network-type",
         "vlan", "--physical-network", physnet, "--segment", "101", "--description", "d"])
    differ.assert_same(mine, official, ignore={"id", "name", "segmentation_id"})
    differ.pair(["network", "segment", "set", ours, "--name", ours + "x", "--description", "e"],
                ["network", "segment", "set", theirs, "--name", theirs + "x", "--description",
                 "e"], fmt=None)
    ours, theirs = ours + "x", theirs + "x"
    mine, official = differ.pair(["network", "segment", "show", ours],
                                 ["network", "segment", "show", theirs], fmt="table")
    differ.same("network", "segment", "list", "--network", network, "--long", "--limit", "1",
                key="ID")
    # The same VLAN twice on one physical network: Neutron's 409.
    mine, official = differ.pair(
        ["network", "segment", "create", "dup", "--network", network, "--network-type",
         "vlan", "--physical-network", physnet, "--segment", "100"],
        ["network", "segment", "create", "dup", "--network", network, "--network-type",
         "vlan", "--physical-network", physnet, "--segment", "101"], code=1)
    assert "is in use" in mine.stderr and "is in use" in official.stderr
    mine, official = differ.pair(["network", "segment", "delete", ours, "nope"],
                                 ["network", "segment", "delete", theirs, "nope"],
                                 fmt=None, code=1)
    assert "1 of 2 network segments failed to delete." in mine.stderr
    assert "1 of 2 network segments failed to delete." in official.stderr


def test_network_segment_range_lifecycle(differ):
    tag = uuid.uuid4().hex[:8]
    ours, theirs = f"ost-{tag}", f"osc-{tag}"
    low = random.randrange(1000, 60000, 100)  # geneve ranges may not overlap across runs
    try:
        mine, official = differ.pair(
            ["network", "segment", "range", "create", ours, "--network-type", "geneve",
             "--minimum", str(low), "--maximum", str(low + 9), "--private"],
            ["network", "segment", "range", "create", theirs, "--network-type", "geneve",
             "--minimum", str(low + 10), "--maximum", str(low + 19), "--private"])
        differ.assert_same(mine, official, ignore={"id", "name", "minimum", "maximum",
                                                   "available"})
        differ.pair(["network", "segment", "range", "set", ours, "--name", ours + "x",
                     "--minimum", str(low), "--maximum", str(low + 4)],
                    ["network", "segment", "range", "set", theirs, "--name", theirs + "x",
                     "--minimum", str(low + 10), "--maximum", str(low + 14)], fmt=None)
        ours, theirs = ours + "x", theirs + "x"
        mine, official = differ.pair(["network", "segment", "range", "show", ours],
                                     ["network", "segment", "range", "show", theirs])
        differ.assert_same(mine, official, ignore={"id", "name", "minimum", "maximum",
                                                   "available"})
        assert mine.data["available"] == [f"{low}-{low + 4}"]
        differ.same("network", "segment", "range", "list", "--available", "--limit", "1",
                    key="ID")
        # Overlapping another range is Neutron's 409; --project needs --private.
        mine, official = differ.pair(
            ["network", "segment", "range", "create", "o", "--network-type", "geneve",
             "--minimum", str(low + 2), "--maximum", str(low + 12)],
            ["network", "segment", "range", "create", "o", "--network-type", "geneve",
             "--minimum", str(low + 2), "--maximum", str(low + 12)], code=1)
        assert "overlaps" in mine.stderr and "overlaps" in official.stderr
        mine, official = differ.pair(
            ["network", "segment", "range", "create", "p", "--network-type", "vxlan",
             "--minimum", "1", "--maximum", "2", "--project", "demo"],
            ["network", "segment", "range", "create", "p", "--network-type", "vxlan",
             "--minimum", "1", "--maximum", "2", "--project", "demo"], code=1)
        assert "--project is only allowed with --private" in mine.stderr
        from tests.support.differential import Differ

        demo = Differ(differ.cloud, "local-demo")
        mine, official = demo.pair(["network", "segment", "range", "create", "m",
                                    "--network-type", "vxlan", "--minimum", "1",
                                    "--maximum", "2"], code=1)
        assert "disallowed by policy" in mine.stderr and "disallowed by policy" in \
            official.stderr
    finally:
        mine, official = differ.pair(["network", "segment", "range", "delete", ours, "nope"],
                                     ["network", "segment", "range", "delete", theirs, "nope"],
                                     fmt=None, code=1)
        assert "1 of 2 network segment ranges failed to delete." in mine.stderr
        assert "1 of 2 network segment ranges failed to delete." in official.stderr
