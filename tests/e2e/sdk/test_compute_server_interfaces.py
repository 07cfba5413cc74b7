"""Server interfaces, fixed IPs and security groups through the SDK, sync and async; the
network resources they need (networks, ports, floating IPs, security groups)."""

from __future__ import annotations

import pytest
from tests.support.sdk import connect
from tests.support.servers import Fixtures

from ostack import exceptions


def test_server_interfaces(sdk, localcloud, request):
    with Fixtures(localcloud) as made:
        (server,) = made.servers("sdkif", count=1)
        network, subnet_id = made.network("sdkif", "10.71.0.0/24")
        compute = sdk.compute
        found = sdk.network.find_network(network.name, ignore_missing=False)
        assert found.id == network.id and subnet_id in found.subnet_ids
        made_if = compute.create_server_interface(
            server, net_id=network.id, fixed_ips=[{"ip_address": "10.71.0.20"}], tag="t1")
        assert made_if.server_id == server.id and made_if.net_id == network.id
        assert made_if.id == made_if.port_id and made_if.tag == "t1"
        assert made_if.fixed_ips[0]["ip_address"] == "10.71.0.20"
        listed = list(compute.server_interfaces(server))
        assert [i.port_id for i in listed] == [made_if.port_id]
        assert listed[0].server_id == server.id
        got = compute.get_server_interface(made_if.port_id, server)
        assert got.mac_addr == made_if.mac_addr and got.port_state == "ACTIVE"
        assert compute.get_server_interface(got).port_id == got.port_id
        port = sdk.network.get_port(made_if.port_id)
        assert port.device_id == server.id and port.network_id == network.id
        assert [p.id for p in sdk.network.ports(device_id=server.id)] == [port.id]
        # A port made first, attached by ID, then detached from the resource itself.
        own = made.port(network)
        attached = compute.create_server_interface(server.id, port_id=own.id)
        assert attached.port_id == own.id
        compute.delete_server_interface(attached)
        compute.delete_server_interface(made_if.port_id, server=server)
        assert list(compute.server_interfaces(server)) == []
        compute.delete_server_interface(made_if.port_id, server=server)  # ignored
        with pytest.raises(exceptions.NotFound):
            compute.delete_server_interface(made_if.port_id, server, ignore_missing=False)
        # The multinic actions are gone after 2.43; at 2.43, addFixedIp makes an interface
        # on the network and removeFixedIp takes the address off its port.
        with pytest.raises(exceptions.NotFound):
            compute.add_fixed_ip_to_server(server, network.id)
        kind = request.node.callspec.params["sdk"]
        old, close = connect(kind, localcloud, microversions={"compute": "2.43"})
        try:
            old.compute.add_fixed_ip_to_server(server, network)
            (interface,) = compute.server_interfaces(server)
            address = interface.fixed_ips[0]["ip_address"]
            old.compute.remove_fixed_ip_from_server(server, address)
            (interface,) = compute.server_interfaces(server)
            assert interface.fixed_ips == []
        finally:
            close()


def test_security_groups_and_floating_ips(sdk, localcloud):
    with Fixtures(localcloud) as made:
        network, _ = made.network("sdksg", "10.72.0.0/24", router=True)
        (server,) = made.servers("sdksg", count=1, networks=[{"uuid": network.id}])
        group = made.security_group("sdksg")
        compute = sdk.compute
        assert sdk.network.find_security_group(group.name).id == group.id
        compute.add_security_group_to_server(server, group.name)
        names = {g["name"] for g in compute.get_server(server.id).security_groups}
        assert names == {"default", group.name}
        compute.remove_security_group_from_server(server, sdk.network.get_security_group(
            group.id))
        names = {g["name"] for g in compute.get_server(server.id).security_groups}
        assert names == {"default"}
        with pytest.raises(exceptions.HttpError):
            compute.remove_security_group_from_server(server, {"name": group.name})
        # A floating IP found by its address and pointed at the server's port, then freed.
        ip = made.floating_ip()
        found = sdk.network.find_ip(ip.floating_ip_address, ignore_missing=False)
        assert found.id == ip.id and found.name == ip.floating_ip_address
        (port,) = sdk.network.ports(device_id=server.id)
        updated = sdk.network.update_ip(found, port_id=port.id)
        assert updated.port_id == port.id
        assert updated.fixed_ip_address == port.fixed_ips[0]["ip_address"]
        assert sdk.network.update_ip(found, port_id=None).port_id is None
        assert sdk.network.find_ip("192.0.2.254") is None
        # Nova's own floating IP actions went away at 2.44 (Nova: 404; the local cloud,
        # which never had them: 400).
        with pytest.raises((exceptions.NotFound, exceptions.BadRequest)):
            compute.add_floating_ip_to_server(server, ip.floating_ip_address)
