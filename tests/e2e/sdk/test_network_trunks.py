"""Trunks and their subports, and floating IP port forwardings, through the SDK, sync and
async."""

from __future__ import annotations

import uuid

import pytest

from ostack import exceptions


@pytest.fixture
def ports(sdk):
    network = sdk.network
    net = network.create_network(name=f"sdk-trunk-{uuid.uuid4().hex[:8]}")
    subnet = network.create_subnet(network_id=net.id, ip_version=4, cidr="10.88.0.0/24")
    made = [network.create_port(network_id=net.id) for _ in range(3)]
    try:
        yield made
    finally:
        for port in made:
            network.delete_port(port)
        network.delete_subnet(subnet)
        network.delete_network(net)


def test_trunk_subports(sdk, ports):
    network = sdk.network
    parent, first, second = ports
    trunk = network.create_trunk(name="sdk-trunk", port_id=parent.id, sub_ports=[
        {"port_id": first.id, "segmentation_type": "vlan", "segmentation_id": 100}])
    try:
        assert trunk.status == "DOWN" and trunk.is_admin_state_up is True
        trunk = network.add_trunk_subports(trunk, [
            {"port_id": second.id, "segmentation_type": "vlan", "segmentation_id": 101}])
        assert [s["segmentation_id"] for s in trunk.sub_ports] == [100, 101]
        assert network.get_port(second).device_owner == "trunk:subport"
        trunk = network.delete_trunk_subports(trunk, [{"port_id": first.id}])
        assert network.get_trunk_subports(trunk)["sub_ports"][0]["port_id"] == second.id
        with pytest.raises(exceptions.Conflict):
            network.create_trunk(port_id=parent.id)
    finally:
        network.delete_trunk(trunk)
    assert network.get_port(second).device_owner == ""


def test_port_forwardings(sdk, ports):
    network = sdk.network
    public = network.find_network("public", ignore_missing=False)
    fip = network.create_ip(floating_network_id=public.id)
    port = ports[0]
    try:
        made = network.create_floating_ip_port_forwarding(
            fip, internal_port_id=port.id, internal_ip_address=port.fixed_ips[0]["ip_address"],
            internal_port=22, external_port=2222, protocol="tcp")
        assert made.external_port == 2222 and made.floatingip_id == fip.id
        updated = network.update_floating_ip_port_forwarding(fip, made, external_port=2223)
        assert updated.external_port == 2223
        found = list(network.floating_ip_port_forwardings(fip, protocol="tcp"))
        assert [f.id for f in found] == [made.id]
        assert network.get_floating_ip_port_forwarding(fip, made).internal_port == 22
        assert network.find_floating_ip_port_forwarding(fip, made.id).id == made.id
        network.delete_floating_ip_port_forwarding(fip, made)
        assert list(network.floating_ip_port_forwardings(fip)) == []
    finally:
        network.delete_ip(fip)
