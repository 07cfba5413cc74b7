"""Neutron routers (interfaces by subnet and by port, external gateways, extra routes) and
floating IPs (allocation from external networks, association through a router, Neutron's
errors when no router joins the two) over raw HTTP, validated against the network spec."""

from __future__ import annotations

import ipaddress
import uuid
from typing import Any

import pytest
from tests.support.neutron import Neutron, as_user, member

PUBLIC_CIDR = ipaddress.ip_network("172.24.4.0/24")


@pytest.fixture(scope="module")
def demo(localcloud: Any) -> Neutron:
    """A member of a project of its own."""
    return member(localcloud)


@pytest.fixture(scope="module")
def admin(localcloud: Any) -> Neutron:
    return as_user(localcloud, "admin")


@pytest.fixture(scope="module")
def public(demo: Neutron) -> dict[str, Any]:
    return demo.find("networks", "public")


def _topology(demo: Neutron, cidr: str) -> tuple[dict[str, Any], dict[str, Any]]:
    net = demo.network()
    return net, demo.subnet(net["id"], cidr)


def test_router_interfaces(demo):
    net, subnet = _topology(demo, "10.100.0.0/24")
    router = demo.ok("POST", "/routers", {"router": {"name": "r-if", "description": "d"}})[
        "router"]
    assert router["external_gateway_info"] is None and router["status"] == "ACTIVE"
    assert router["routes"] == [] and router["project_id"] == demo.project
    assert "distributed" not in router and "ha" not in router  # admin-only attributes
    path = f"/routers/{router['id']}"
    info = demo.ok("PUT", f"{path}/add_router_interface", {"subnet_id": subnet["id"]})
    assert info["id"] == router["id"] and info["subnet_id"] == subnet["id"]
    assert info["subnet_ids"] == [subnet["id"]] and info["network_id"] == net["id"]
    assert info["project_id"] == info["tenant_id"] == demo.project
    port = demo.ok("GET", f"/ports/{info['port_id']}")["port"]
    assert port["device_owner"] == "network:router_interface"
    assert port["device_id"] == router["id"] and port["status"] == "ACTIVE"
    assert port["fixed_ips"] == [{"subnet_id": subnet["id"], "ip_address": "10.100.0.1"}]
    assert port["security_groups"] == []
    message = demo.error("PUT", f"{path}/add_router_interface", {"subnet_id": subnet["id"]},
                         kind="BadRequest")
    assert message == f"Bad router request: Router already has a port on subnet {subnet['id']}."
    message = demo.error("DELETE", f"/ports/{port['id']}", status=409, kind="ServicePortInUse")
    assert "network:router_interface" in message
    demo.error("DELETE", path, status=409, kind="RouterInUse")
    demo.error("DELETE", f"/subnets/{subnet['id']}", status=409, kind="SubnetInUse")
    # overlapping subnet on the same router
    net3, overlap = _topology(demo, "10.100.0.0/25")
    assert "overlaps" in demo.error("PUT", f"{path}/add_router_interface",
                                    {"subnet_id": overlap["id"]}, kind="BadRequest")
    # by port
    net2, subnet2 = _topology(demo, "10.101.0.0/24")
    own = demo.port(net2["id"], fixed_ips=[{"ip_address": "10.101.0.9"}])
    by_port = demo.ok("PUT", f"{path}/add_router_interface", {"port_id": own["id"]})
    assert by_port["port_id"] == own["id"] and by_port["subnet_id"] == subnet2["id"]
    attached = demo.ok("GET", f"/ports/{own['id']}")["port"]
    assert attached["device_owner"] == "network:router_interface"
    demo.error("PUT", f"{path}/add_router_interface", {"port_id": own["id"]}, status=409,
               kind="PortInUse")
    # request checks
    demo.error("PUT", f"{path}/add_router_interface", {}, kind="BadRequest")
    demo.error("PUT", f"{path}/add_router_interface",
               {"subnet_id": subnet["id"], "port_id": own["id"]}, kind="BadRequest")
    demo.error("PUT", f"{path}/add_router_interface", {"subnet_id": "junk"})
    demo.error("PUT", f"{path}/add_router_interface", {"subnet_id": str(uuid.uuid4())},
               status=404, kind="SubnetNotFound")
    net4, no_gateway = _topology(demo, "10.102.0.0/24")
    demo.ok("PUT", f"/subnets/{no_gateway['id']}", {"subnet": {"gateway_ip": None}})
    assert "gateway IP" in demo.error("PUT", f"{path}/add_router_interface",
                                      {"subnet_id": no_gateway["id"]}, kind="BadRequest")
    demo.error("PUT", f"/routers/{uuid.uuid4()}/add_router_interface",
               {"subnet_id": subnet["id"]}, status=404, kind="RouterNotFound")
    # extra routes need a connected next hop
    routes = [{"destination": "192.168.200.0/24", "nexthop": "10.100.0.50"}]
    updated = demo.ok("PUT", path, {"router": {"routes": routes}})["router"]
    assert updated["routes"] == routes
    demo.error("PUT", path, {"router": {"routes": [{"destination": "1.2.3.0/24",
                                                    "nexthop": "8.8.8.8"}]}},
               kind="InvalidRoutes")
    added = demo.ok("PUT", f"{path}/add_extraroutes", {"router": {"routes": [
        {"destination": "192.168.201.0/24", "nexthop": "10.101.0.20"}]}})["router"]
    assert len(added["routes"]) == 2
    removed = demo.ok("PUT", f"{path}/remove_extraroutes", {"router": {"routes": routes}})[
        "router"]
    assert removed["routes"] == [{"destination": "192.168.201.0/24", "nexthop": "10.101.0.20"}]
    demo.ok("PUT", path, {"router": {"routes": []}})
    # removal by subnet and by port
    demo.error("PUT", f"{path}/remove_router_interface", {"subnet_id": overlap["id"]},
               status=404, kind="RouterInterfaceNotFoundForSubnet")
    demo.error("PUT", f"{path}/remove_router_interface", {"port_id": str(uuid.uuid4())},
               status=404, kind="RouterInterfaceNotFound")
    gone = demo.ok("PUT", f"{path}/remove_router_interface", {"subnet_id": subnet["id"]})
    assert gone["port_id"] == port["id"]
    demo.error("GET", f"/ports/{port['id']}", status=404, kind="PortNotFound")
    demo.ok("PUT", f"{path}/remove_router_interface", {"port_id": own["id"]})
    demo.error("GET", f"/ports/{own['id']}", status=404)
    assert demo.ok("GET", path)["router"]["revision_number"] > router["revision_number"]
    demo.ok("DELETE", path)
    demo.error("GET", path, status=404, kind="RouterNotFound")
    for item in (net, net2, net3, net4):
        demo.ok("DELETE", f"/networks/{item['id']}")


def test_router_gateway(demo, admin, public):
    router = demo.ok("POST", "/routers", {"router": {
        "name": "r-gw", "external_gateway_info": {"network_id": public["id"]}}})["router"]
    gateway = router["external_gateway_info"]
    assert gateway["network_id"] == public["id"] and gateway["enable_snat"] is True
    address = gateway["external_fixed_ips"][0]["ip_address"]
    assert ipaddress.ip_address(address) in PUBLIC_CIDR
    ports = admin.ok("GET", f"/ports?device_id={router['id']}")["ports"]
    assert [p["device_owner"] for p in ports] == ["network:router_gateway"]
    assert ports[0]["project_id"] == "" and ports[0]["fixed_ips"][0]["ip_address"] == address
    path = f"/routers/{router['id']}"
    # enable_snat and fixed addresses of the gateway are an admin's
    message = demo.error("PUT", path, {"router": {"external_gateway_info": {
        "network_id": public["id"], "enable_snat": False}}}, status=403,
        kind="PolicyNotAuthorized")
    assert "external_gateway_info:enable_snat" in message
    chosen = str(PUBLIC_CIDR[200])
    updated = admin.ok("PUT", path, {"router": {"external_gateway_info": {
        "network_id": public["id"], "enable_snat": False,
        "external_fixed_ips": [{"ip_address": chosen}]}}})["router"]
    assert updated["external_gateway_info"]["enable_snat"] is False
    assert updated["external_gateway_info"]["external_fixed_ips"][0]["ip_address"] == chosen
    assert updated["distributed"] is False and updated["ha"] is False  # admins see them
    cleared = demo.ok("PUT", path, {"router": {"external_gateway_info": {}}})["router"]
    assert cleared["external_gateway_info"] is None
    assert admin.ok("GET", f"/ports?device_id={router['id']}")["ports"] == []
    internal = demo.network()
    message = demo.error("PUT", path, {"router": {"external_gateway_info": {
        "network_id": internal["id"]}}}, kind="BadRequest")
    assert message == f"Bad router request: Network {internal['id']} is not an external " \
                      f"network."
    demo.error("PUT", path, {"router": {"external_gateway_info": {
        "network_id": str(uuid.uuid4())}}}, status=404, kind="NetworkNotFound")
    demo.error("PUT", path, {"router": {"external_gateway_info": {"enable_snat": True}}})
    demo.error("POST", "/routers", {"router": {"name": "x" * 256}})
    demo.error("POST", "/routers", {"router": {"routes": []}})
    demo.ok("PUT", path, {"router": {"external_gateway_info": {"network_id": public["id"]}}})
    demo.ok("DELETE", path)
    assert admin.ok("GET", f"/ports?device_id={router['id']}")["ports"] == []
    demo.ok("DELETE", f"/networks/{internal['id']}")


def test_floating_ips(demo, admin, public):
    net, subnet = _topology(demo, "10.110.0.0/24")
    router = demo.ok("POST", "/routers", {"router": {
        "name": "r-fip", "external_gateway_info": {"network_id": public["id"]}}})["router"]
    port = demo.port(net["id"])
    fip = demo.ok("POST", "/floatingips", {"floatingip": {
        "floating_network_id": public["id"], "description": "web"}})["floatingip"]
    assert fip["status"] == "DOWN" and fip["port_id"] is None and fip["router_id"] is None
    assert fip["fixed_ip_address"] is None and fip["port_details"] is None
    assert ipaddress.ip_address(fip["floating_ip_address"]) in PUBLIC_CIDR
    assert fip["project_id"] == demo.project and fip["description"] == "web"
    path = f"/floatingips/{fip['id']}"
    # no router between the port's subnet and the external network yet
    message = demo.error("PUT", path, {"floatingip": {"port_id": port["id"]}}, status=404,
                         kind="ExternalGatewayForFloatingIPNotFound")
    assert message == (f"External network {public['id']} is not reachable from subnet "
                       f"{subnet['id']}.  Therefore, cannot associate Port {port['id']} with "
                       f"a Floating IP.")
    demo.ok("PUT", f"/routers/{router['id']}/add_router_interface", {"subnet_id": subnet["id"]})
    associated = demo.ok("PUT", path, {"floatingip": {"port_id": port["id"]}})["floatingip"]
    assert associated["status"] == "ACTIVE" and associated["router_id"] == router["id"]
    assert associated["fixed_ip_address"] == port["fixed_ips"][0]["ip_address"]
    details = associated["port_details"]
    assert details["mac_address"] == port["mac_address"] and details["network_id"] == net["id"]
    listed = demo.ok("GET", f"/floatingips?port_id={port['id']}")["floatingips"]
    assert [f["id"] for f in listed] == [fip["id"]]
    # what depends on the association
    demo.error("PUT", f"/routers/{router['id']}/remove_router_interface",
               {"subnet_id": subnet["id"]}, status=409,
               kind="RouterInterfaceInUseByFloatingIP")
    demo.error("PUT", f"/routers/{router['id']}", {"router": {"external_gateway_info": {}}},
               status=409, kind="RouterExternalGatewayInUseByFloatingIp")
    second = demo.ok("POST", "/floatingips", {"floatingip": {
        "floating_network_id": public["id"]}})["floatingip"]
    demo.error("PUT", f"/floatingips/{second['id']}", {"floatingip": {"port_id": port["id"]}},
               status=409, kind="FloatingIPPortAlreadyAssociated")
    demo.error("PUT", f"/floatingips/{second['id']}", {"floatingip": {
        "port_id": port["id"], "fixed_ip_address": "10.110.0.200"}}, kind="BadRequest")
    # disassociate, then associate again at creation
    freed = demo.ok("PUT", path, {"floatingip": {"port_id": None}})["floatingip"]
    assert freed["status"] == "DOWN" and freed["port_id"] is None and freed["router_id"] is None
    third = demo.ok("POST", "/floatingips", {"floatingip": {
        "floating_network_id": public["id"], "port_id": port["id"]}})["floatingip"]
    assert third["status"] == "ACTIVE" and third["port_id"] == port["id"]
    # deleting the port lets its floating IP go
    demo.ok("DELETE", f"/ports/{port['id']}")
    after = demo.ok("GET", f"/floatingips/{third['id']}")["floatingip"]
    assert after["port_id"] is None and after["status"] == "DOWN"
    # checks
    demo.error("POST", "/floatingips", {"floatingip": {"floating_network_id": net["id"]}},
               kind="BadRequest")
    demo.error("POST", "/floatingips", {"floatingip": {}}, kind="HTTPBadRequest")
    demo.error("POST", "/floatingips", {"floatingip": {
        "floating_network_id": public["id"], "floating_ip_address": str(PUBLIC_CIDR[99])}},
        status=403, kind="PolicyNotAuthorized")
    chosen = admin.ok("POST", "/floatingips", {"floatingip": {
        "floating_network_id": public["id"], "floating_ip_address": str(PUBLIC_CIDR[99]),
        "project_id": demo.project}})["floatingip"]
    assert chosen["floating_ip_address"] == str(PUBLIC_CIDR[99])
    admin.error("POST", "/floatingips", {"floatingip": {
        "floating_network_id": public["id"], "floating_ip_address": str(PUBLIC_CIDR[99])}},
        status=409, kind="IpAddressAlreadyAllocated")
    other = member(demo.cloud)
    other.error("GET", path, status=404, kind="FloatingIPNotFound")
    other_port = other.port(public["id"])
    demo.error("PUT", path, {"floatingip": {"port_id": other_port["id"]}}, status=404,
               kind="PortNotFound")
    other.ok("DELETE", f"/ports/{other_port['id']}")
    for item in (fip, second, third, chosen):
        demo.ok("DELETE", f"/floatingips/{item['id']}")
    demo.error("GET", path, status=404, kind="FloatingIPNotFound")
    fip_ports = admin.ok("GET", "/ports?device_owner=network:floatingip")["ports"]
    assert not {p["device_id"] for p in fip_ports} & {fip["id"], second["id"], third["id"]}
    demo.ok("PUT", f"/routers/{router['id']}/remove_router_interface",
            {"subnet_id": subnet["id"]})
    demo.ok("DELETE", f"/routers/{router['id']}")
    demo.ok("DELETE", f"/networks/{net['id']}")


def test_floating_ip_pool_exhausted(admin, localcloud):
    ext = admin.network(**{"router:external": True})
    admin.subnet(ext["id"], "203.0.113.0/30")  # one address: .2 (gateway .1)
    first = admin.ok("POST", "/floatingips", {"floatingip": {
        "floating_network_id": ext["id"]}})["floatingip"]
    assert first["floating_ip_address"] == "203.0.113.2"
    message = admin.error("POST", "/floatingips", {"floatingip": {
        "floating_network_id": ext["id"]}}, kind="ExternalIpAddressExhausted")
    assert ext["id"] in message
    # external but not shared: others see it, use it for floating IPs, but cannot plug ports
    user = member(localcloud)
    assert user.ok("GET", f"/networks/{ext['id']}")["network"]["router:external"] is True
    user.error("POST", "/ports", {"port": {"network_id": ext["id"]}}, status=403,
               kind="PolicyNotAuthorized")
    admin.ok("DELETE", f"/floatingips/{first['id']}")
    admin.ok("DELETE", f"/networks/{ext['id']}")
