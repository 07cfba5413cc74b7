"""`network trunk *`, `network trunk subport *` and `network subport list`: ostack prints
what the official client prints, on the same local cloud."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.official


@pytest.fixture
def ports(differ):
    """A network with eight ports (made with the ostack SDK), removed afterwards."""
    import ostack

    conn = ostack.connect(cloud="local", env=differ.cloud.environ())
    tag = uuid.uuid4().hex[:8]
    network = conn.network.create_network(name=f"trunk-net-{tag}")
    made = [conn.network.create_port(network_id=network.id, name=f"tp{i}-{tag}")
            for i in range(8)]
    try:
        yield [p.name for p in made]
    finally:
        for trunk in conn.network.trunks():
            if trunk.port_id in {p.id for p in made}:
                conn.network.delete_trunk(trunk)
        for port in made:
            conn.network.delete_port(port)
        conn.network.delete_network(network)


def test_network_trunk_lifecycle(differ, ports):
    tag = uuid.uuid4().hex[:8]
    ours, theirs = f"ost-{tag}", f"osc-{tag}"
    p = ports  # ours: p[0] parent, p[1] p[2] p[3] subports; theirs: p[4] .. p[7]
    mine, official = differ.pair(
        ["network", "trunk", "create", ours, "--parent-port", p[0], "--description", "d",
         "--subport", f"port={p[1]},segmentation-type=vlan,segmentation-id=10", "--disable"],
        ["network", "trunk", "create", theirs, "--parent-port", p[4], "--description", "d",
         "--subport", f"port={p[5]},segmentation-type=vlan,segmentation-id=10", "--disable"])
    differ.assert_same(mine, official, ignore={"id", "name", "port_id", "sub_ports"})
    differ.pair(["network", "trunk", "set", ours, "--name", ours + "x", "--enable",
                 "--subport", f"port={p[2]},segmentation-type=vlan,segmentation-id=11"],
                ["network", "trunk", "set", theirs, "--name", theirs + "x", "--enable",
                 "--subport", f"port={p[6]},segmentation-type=vlan,segmentation-id=11"],
                fmt=None)
    ours, theirs = ours + "x", theirs + "x"
    differ.pair(["network", "trunk", "subport", "add", ours, p[3], "--segmentation-type",
                 "vlan", "--segmentation-id", "12"],
                ["network", "trunk", "subport", "add", theirs, p[7], "--segmentation-type",
                 "vlan", "--segmentation-id", "12"], fmt=None)
    mine, official = differ.pair(["network", "trunk", "show", ours],
                                 ["network", "trunk", "show", theirs])
    differ.assert_same(mine, official, ignore={"id", "name", "port_id", "sub_ports"})
    assert [s["segmentation_id"] for s in mine.data["sub_ports"]] == [10, 11, 12]
    mine, official = differ.pair(["network", "trunk", "subport", "list", ours],
                                 ["network", "trunk", "subport", "list", theirs])
    differ.assert_same(mine, official, ignore={"Port"})
    mine, official = differ.pair(["network", "trunk", "list", "--long"],
                                 ["network", "trunk", "list", "--long"])
    differ.assert_same(mine, official, key="ID")
    # A port that is already a parent, a VLAN used twice: Neutron's 409s.
    mine, official = differ.pair(["network", "trunk", "create", "again", "--parent-port", p[0]],
                                 ["network", "trunk", "create", "again", "--parent-port", p[4]],
                                 code=1)
    assert "is in use by another trunk" in mine.stderr
    assert "is in use by another trunk" in official.stderr
    mine, official = differ.pair(
        ["network", "trunk", "set", ours, "--subport",
         f"port={p[3]},segmentation-type=vlan,segmentation-id=13"],
        ["network", "trunk", "set", theirs, "--subport",
         f"port={p[7]},segmentation-type=vlan,segmentation-id=13"], fmt=None, code=1)
    assert "Failed to add subports to trunk" in mine.stderr
    assert "Failed to add subports to trunk" in official.stderr
    differ.pair(["network", "trunk", "unset", ours, "--subport", p[3]],
                ["network", "trunk", "unset", theirs, "--subport", p[7]], fmt=None)
    differ.pair(["network", "trunk", "subport", "remove", ours, p[1], p[2]],
                ["network", "trunk", "subport", "remove", theirs, p[5], p[6]], fmt=None)
    mine, official = differ.pair(["network", "subport", "list", "--trunk", ours],
                                 ["network", "subport", "list", "--trunk", theirs])
    assert mine.data == official.data == []
    mine, official = differ.pair(["network", "trunk", "delete", ours, "nope"],
                                 ["network", "trunk", "delete", theirs, "nope"],
                                 fmt=None, code=1)
    assert "1 of 2 trunks failed to delete." in mine.stderr
    assert "1 of 2 trunks failed to delete." in official.stderr
