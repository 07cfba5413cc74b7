"""Networks, subnets, subnet pools, ports, routers, floating IPs and tags through the SDK,
sync and async: the calls the network commands make, with openstacksdk's names."""

from __future__ import annotations

import uuid

import pytest

from ostack import exceptions


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_network_subnet_port_tags(sdk):
    network = sdk.network
    net = network.create_network(name=_name("sdk-net"))
    try:
        net = network.set_tags(net, ["b", "a"])
        assert sorted(net.tags) == ["a", "b"] and sorted(network.get_tags(net)) == ["a", "b"]
        net = network.remove_tag(network.add_tag(net, "c"), "a")
        assert sorted(network.get_network(net).tags) == ["b", "c"]
        assert [n.id for n in network.networks(any_tags="c,zz")] == [net.id]
        assert net.id not in [n.id for n in network.networks(not_tags="b")]
        pool = network.create_subnet_pool(name=_name("sdk-pool"), prefixes=["10.203.0.0/16"],
                                          default_prefix_length=24)
        try:
            assert pool.default_prefix_length == 24 and not pool.is_shared
            assert network.find_subnet_pool(pool.name).id == pool.id
            subnet = network.create_subnet(network_id=net.id, ip_version=4,
                                           subnet_pool_id=pool.id, name=_name("sdk-sub"))
            assert subnet.cidr == "10.203.0.0/24" and subnet.subnet_pool_id == pool.id
            port = network.create_port(network_id=net.id, fixed_ips=[
                {"subnet_id": subnet.id, "ip_address": "10.203.0.9"}],
                allowed_address_pairs=[{"ip_address": "10.1.1.1"}],
                binding_profile={"k": "v"})
            assert port.fixed_ips[0]["ip_address"] == "10.203.0.9"
            assert port.allowed_address_pairs[0]["ip_address"] == "10.1.1.1"
            assert port.binding_profile == {"k": "v"}
            pages = list(network.ports(network_id=net.id, limit=1))
            assert [p.id for p in pages] == [port.id]
            availability = network.find_network_ip_availability(net.id, ignore_missing=False)
            assert availability.network_name == net.name and availability.used_ips == 1
            assert availability.total_ips == 253
            network.delete_port(port)
        finally:
            network.delete_network(net)
            network.delete_subnet_pool(pool)
    except Exception:
        network.delete_network(net, ignore_missing=True)
        raise
    assert network.find_network(net.id) is None


def test_router_routes_and_interfaces(sdk):
    network = sdk.network
    net = network.create_network(name=_name("sdk-rnet"))
    router = None
    try:
        subnet = network.create_subnet(network_id=net.id, ip_version=4,
                                       cidr="10.204.0.0/24")
        public = network.find_network("public", ignore_missing=False)
        router = network.create_router(name=_name("sdk-router"),
                                       external_gateway_info={"network_id": public.id})
        answer = network.add_interface_to_router(router, subnet=subnet.id)
        assert answer["subnet_id"] == subnet.id and answer["port_id"]
        route = {"destination": "10.99.0.0/24", "nexthop": "10.204.0.7"}
        router = network.add_extra_routes_to_router(router, {"router": {"routes": [route]}})
        assert router.routes == [route]
        router = network.remove_extra_routes_from_router(router,
                                                         {"router": {"routes": [route]}})
        assert router.routes == []
        with pytest.raises(exceptions.NotFound):
            network.add_external_gateways(router, {"router": {"external_gateways": []}})
        network.remove_interface_from_router(router, subnet=subnet.id)
        fip = network.create_ip(floating_network_id=public.id)
        assert network.find_ip(fip.floating_ip_address).id == fip.id
        network.delete_ip(fip)
    finally:
        if router is not None:
            network.delete_router(router)
        network.delete_network(net)
