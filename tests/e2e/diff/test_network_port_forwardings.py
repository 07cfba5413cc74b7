"""`floating ip port forwarding *`: ostack prints what the official client prints, on the
same local cloud."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.official


@pytest.fixture
def forwarding_setup(differ):
    """Two floating IPs and a port with a fixed IP (made with the ostack SDK), removed
    afterwards: (floating IP ids, port name, its address)."""
    import ostack

    conn = ostack.connect(cloud="local", env=differ.cloud.environ())
    tag = uuid.uuid4().hex[:8]
    network = conn.network.create_network(name=f"pf-net-{tag}")
    subnet = conn.network.create_subnet(network_id=network.id, ip_version=4,
                                        cidr="10.77.0.0/24", name=f"pf-sub-{tag}")
    port = conn.network.create_port(network_id=network.id, name=f"pf-port-{tag}")
    public = conn.network.find_network("public", ignore_missing=False)
    fips = [conn.network.create_ip(floating_network_id=public.id) for _ in range(2)]
    try:
        yield [f.id for f in fips], port.name, port.fixed_ips[0]["ip_address"]
    finally:
        for fip in fips:
            conn.network.delete_ip(fip)
        conn.network.delete_port(port)
        conn.network.delete_subnet(subnet)
        conn.network.delete_network(network)


def test_port_forwarding_lifecycle(differ, forwarding_setup):
    (ours, theirs), port, address = forwarding_setup
    common = ["--port", port, "--internal-ip-address", address, "--protocol", "tcp"]
    mine, official = differ.pair(
        ["floating", "ip", "port", "forwarding", "create", ours, *common,
         "--internal-protocol-port", "80", "--external-protocol-port", "8080",
         "--description", "d"],
        ["floating", "ip", "port", "forwarding", "create", theirs, *common,
         "--internal-protocol-port", "80", "--external-protocol-port", "8080",
         "--description", "d"])
    differ.assert_same(mine, official, ignore={"id"})
    mine_id, their_id = mine.data["id"], official.data["id"]
    differ.pair(["floating", "ip", "port", "forwarding", "set", ours, mine_id,
                 "--internal-protocol-port", "81:90", "--external-protocol-port", "9081:9090",
                 "--description", "e"],
                ["floating", "ip", "port", "forwarding", "set", theirs, their_id,
                 "--internal-protocol-port", "81:90", "--external-protocol-port", "9081:9090",
                 "--description", "e"], fmt=None)
    mine, official = differ.pair(["floating", "ip", "port", "forwarding", "show", ours, mine_id],
                                 ["floating", "ip", "port", "forwarding", "show", theirs,
                                  their_id])
    differ.assert_same(mine, official, ignore={"id"})
    assert mine.data["external_port_range"] == "9081:9090"
    differ.pair(["floating", "ip", "port", "forwarding", "show", ours, mine_id],
                ["floating", "ip", "port", "forwarding", "show", theirs, their_id],
                fmt="table")
    mine, official = differ.pair(
        ["floating", "ip", "port", "forwarding", "list", ours, "--port", port, "--protocol",
         "tcp", "--external-protocol-port", "9081:9090"],
        ["floating", "ip", "port", "forwarding", "list", theirs, "--port", port,
         "--protocol", "tcp", "--external-protocol-port", "9081:9090"])
    differ.assert_same(mine, official, ignore={"ID"})
    assert len(mine.data) == 1
    # The same external port twice on one floating IP is refused by Neutron; a bad range by
    # the client.
    mine, official = differ.pair(
        ["floating", "ip", "port", "forwarding", "create", ours, *common,
         "--internal-protocol-port", "22", "--external-protocol-port", "9085"],
        ["floating", "ip", "port", "forwarding", "create", theirs, *common,
         "--internal-protocol-port", "22", "--external-protocol-port", "9085"], code=1)
    assert "duplicate" in mine.stderr and "duplicate" in official.stderr
    mine, official = differ.pair(
        ["floating", "ip", "port", "forwarding", "create", ours, *common,
         "--internal-protocol-port", "22:24", "--external-protocol-port", "2222:2230"],
        ["floating", "ip", "port", "forwarding", "create", theirs, *common,
         "--internal-protocol-port", "22:24", "--external-protocol-port", "2222:2230"],
        code=1)
    assert "does not match the pattern 1:N and N:N" in mine.stderr
    mine, official = differ.pair(
        ["floating", "ip", "port", "forwarding", "delete", ours, mine_id, "nope"],
        ["floating", "ip", "port", "forwarding", "delete", theirs, their_id, "nope"],
        fmt=None, code=1)
    assert "1 of 2 Port forwarding failed to delete." in mine.stderr
    assert "1 of 2 Port forwarding failed to delete." in official.stderr
