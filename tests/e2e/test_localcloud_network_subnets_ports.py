"""Neutron v2.0 subnets (IPv4 defaults and pools, validation, IPv6) and ports (address
allocation, MACs, attributes) of the local cloud over raw HTTP, validated against the
network OpenAPI spec (the `demo` and `admin` fixtures of tests/e2e/conftest.py).
"""

from __future__ import annotations

import ipaddress
import uuid
from typing import Any

from tests.support.neutron import MAC


# ------------------------------------------------------------------ subnets
def test_ipv4_subnet_defaults_and_pools(demo):
    net = demo.network()
    subnet = demo.subnet(net["id"], "192.168.50.0/24", name="v4", dns_nameservers=["8.8.8.8"],
                         host_routes=[{"destination": "10.10.0.0/16",
                                       "nexthop": "192.168.50.254"}])
    assert subnet["gateway_ip"] == "192.168.50.1"
    assert subnet["allocation_pools"] == [{"start": "192.168.50.2", "end": "192.168.50.254"}]
    assert subnet["enable_dhcp"] is True and subnet["ip_version"] == 4
    assert subnet["ipv6_address_mode"] is None and subnet["ipv6_ra_mode"] is None
    assert subnet["dns_nameservers"] == ["8.8.8.8"] and subnet["subnetpool_id"] is None
    network = demo.ok("GET", f"/networks/{net['id']}")["network"]
    assert network["subnets"] == [subnet["id"]]
    assert network["revision_number"] > net["revision_number"]
    no_gateway = demo.subnet(net["id"], "192.168.51.0/29", gateway_ip=None, enable_dhcp=False)
    assert no_gateway["gateway_ip"] is None
    assert no_gateway["allocation_pools"] == [{"start": "192.168.51.1", "end": "192.168.51.6"}]
    middle = demo.subnet(net["id"], "192.168.52.0/28", gateway_ip="192.168.52.5")
    assert middle["allocation_pools"] == [{"start": "192.168.52.1", "end": "192.168.52.4"},
                                          {"start": "192.168.52.6", "end": "192.168.52.14"}]
    pools = demo.subnet(net["id"], "192.168.53.0/24", allocation_pools=[
        {"start": "192.168.53.100", "end": "192.168.53.110"}])
    assert pools["allocation_pools"] == [{"start": "192.168.53.100", "end": "192.168.53.110"}]
    updated = demo.ok("PUT", f"/subnets/{pools['id']}", {"subnet": {
        "name": "renamed", "dns_nameservers": ["1.1.1.1", "9.9.9.9"],
        "allocation_pools": [{"start": "192.168.53.100", "end": "192.168.53.120"}]}})["subnet"]
    assert updated["name"] == "renamed" and updated["allocation_pools"][0]["end"] == \
        "192.168.53.120"
    demo.error("PUT", f"/subnets/{pools['id']}", {"subnet": {"cidr": "10.0.0.0/8"}})
    demo.error("PUT", f"/subnets/{pools['id']}", {"subnet": {"gateway_ip": "192.168.53.105"}},
               status=409, kind="GatewayConflictWithAllocationPools")
    listed = demo.ok("GET", f"/subnets?network_id={net['id']}&ip_version=4")["subnets"]
    assert len(listed) == 4
    for item in (subnet, no_gateway, middle, pools):
        demo.ok("DELETE", f"/subnets/{item['id']}")
    demo.error("GET", f"/subnets/{subnet['id']}", status=404, kind="SubnetNotFound")
    demo.ok("DELETE", f"/networks/{net['id']}")


def test_subnet_validation(demo):
    net = demo.network()
    path = "/subnets"

    def bad(status: int = 400, kind: str | None = None, **attrs: Any) -> str:
        body = {"network_id": net["id"], "ip_version": 4, "cidr": "10.20.0.0/24", **attrs}
        return demo.error("POST", path, {"subnet": body}, status=status, kind=kind)

    assert "not a valid IP subnet" in bad(cidr="10.20.0.0/33")
    assert "10.20.0.0/24" in bad(cidr="10.20.0.5/24")
    bad(cidr="fd00::/64", kind="InvalidInput")
    bad(ip_version=5)
    bad(ip_version=6, ipv6_address_mode="slaac")
    bad(gateway_ip="not-an-ip")
    bad(allocation_pools=[{"start": "10.20.0.50", "end": "10.20.0.10"}],
        kind="InvalidAllocationPool")
    bad(allocation_pools=[{"start": "10.20.0.250", "end": "10.20.1.10"}],
        kind="OutOfBoundsAllocationPool")
    bad(409, "OverlappingAllocationPools",
        allocation_pools=[{"start": "10.20.0.10", "end": "10.20.0.50"},
                          {"start": "10.20.0.40", "end": "10.20.0.60"}])
    bad(409, "GatewayConflictWithAllocationPools", gateway_ip="10.20.0.20",
        allocation_pools=[{"start": "10.20.0.10", "end": "10.20.0.50"}])
    bad(dns_nameservers=["1.1.1.1", "1.1.1.1"])
    bad(host_routes=[{"destination": "10.0.0.0/8"}])
    bad(subnetpool_id=str(uuid.uuid4()), status=404, kind="SubnetPoolNotFound")
    demo.error("POST", path, {"subnet": {"network_id": net["id"], "ip_version": 4}},
               kind="BadRequest")
    demo.error("POST", path, {"subnet": {"network_id": net["id"], "cidr": "10.1.0.0/24"}})
    demo.error("POST", path, {"subnet": {"network_id": str(uuid.uuid4()), "ip_version": 4,
                                         "cidr": "10.1.0.0/24"}}, status=404,
               kind="NetworkNotFound")
    demo.subnet(net["id"], "10.20.0.0/24")
    message = bad(cidr="10.20.0.128/25", kind="InvalidInput")
    assert "overlaps with another subnet" in message
    port = demo.port(net["id"])
    subnet_id = port["fixed_ips"][0]["subnet_id"]
    message = demo.error("DELETE", f"/subnets/{subnet_id}", status=409, kind="SubnetInUse")
    assert subnet_id in message
    demo.error("DELETE", f"/networks/{net['id']}", status=409, kind="NetworkInUse")
    demo.ok("DELETE", f"/ports/{port['id']}")
    demo.ok("DELETE", f"/networks/{net['id']}")
    demo.error("GET", f"/subnets/{subnet_id}", status=404)


def test_ipv6_subnets(demo):
    net = demo.network()
    slaac = demo.subnet(net["id"], "fd00:1::/64", ipv6_address_mode="slaac",
                        ipv6_ra_mode="slaac")
    assert slaac["ip_version"] == 6 and slaac["gateway_ip"] == "fd00:1::1"
    assert slaac["allocation_pools"] == [{"start": "fd00:1::2",
                                          "end": "fd00:1::ffff:ffff:ffff:ffff"}]
    v4 = demo.subnet(net["id"], "10.60.0.0/24")
    port = demo.port(net["id"])
    by_subnet = {ip["subnet_id"]: ip["ip_address"] for ip in port["fixed_ips"]}
    assert by_subnet[v4["id"]] == "10.60.0.2"
    # SLAAC: the address comes from the MAC (modified EUI-64)
    mac = [int(b, 16) for b in port["mac_address"].split(":")]
    expected = ipaddress.IPv6Address(
        int(ipaddress.IPv6Address("fd00:1::")) | int.from_bytes(
            bytes([mac[0] ^ 2, mac[1], mac[2], 0xFF, 0xFE, mac[3], mac[4], mac[5]]), "big"))
    assert by_subnet[slaac["id"]] == str(expected)
    stateful = demo.subnet(net["id"], "fd00:2::/64", ipv6_address_mode="dhcpv6-stateful")
    second = demo.port(net["id"], fixed_ips=[{"subnet_id": stateful["id"]}])
    # what was asked for, plus the SLAAC address every new port gets
    assert second["fixed_ips"][0] == {"subnet_id": stateful["id"], "ip_address": "fd00:2::2"}
    assert [ip["subnet_id"] for ip in second["fixed_ips"][1:]] == [slaac["id"]]
    # a router interface gets no SLAAC address besides the gateway it takes
    router = demo.ok("POST", "/routers", {"router": {"name": "v6"}})["router"]
    info = demo.ok("PUT", f"/routers/{router['id']}/add_router_interface",
                   {"subnet_id": stateful["id"]})
    interface = demo.ok("GET", f"/ports/{info['port_id']}")["port"]
    assert interface["fixed_ips"] == [{"subnet_id": stateful["id"], "ip_address": "fd00:2::1"}]
    demo.ok("PUT", f"/routers/{router['id']}/remove_router_interface",
            {"port_id": info["port_id"]})
    demo.ok("DELETE", f"/routers/{router['id']}")
    demo.error("POST", "/subnets", {"subnet": {
        "network_id": net["id"], "ip_version": 6, "cidr": "fd00:3::/64",
        "ipv6_address_mode": "slaac", "ipv6_ra_mode": "dhcpv6-stateful"}}, kind="InvalidInput")
    demo.error("POST", "/subnets", {"subnet": {
        "network_id": net["id"], "ip_version": 6, "cidr": "fd00:4::/80",
        "ipv6_address_mode": "slaac"}}, kind="InvalidInput")
    demo.error("POST", "/subnets", {"subnet": {
        "network_id": net["id"], "ip_version": 6, "cidr": "fd00:5::/64",
        "ipv6_address_mode": "slaac", "enable_dhcp": False}}, kind="InvalidInput")
    for item in (port, second):
        demo.ok("DELETE", f"/ports/{item['id']}")
    demo.ok("DELETE", f"/networks/{net['id']}")


# ------------------------------------------------------------------ ports
def test_port_addresses(demo):
    net = demo.network()
    subnet = demo.subnet(net["id"], "10.30.0.0/29")  # .2-.6 free (gateway .1)
    first = demo.port(net["id"], name="p1")
    assert first["fixed_ips"] == [{"subnet_id": subnet["id"], "ip_address": "10.30.0.2"}]
    assert MAC.match(first["mac_address"]) and first["status"] == "DOWN"
    assert first["device_owner"] == "" and first["device_id"] == ""
    assert first["admin_state_up"] is True and first["port_security_enabled"] is True
    default_group = demo.find("security-groups", "default")["id"]
    assert first["security_groups"] == [default_group]
    assert "binding:host_id" not in first and first["binding:vnic_type"] == "normal"
    explicit = demo.port(net["id"], fixed_ips=[{"ip_address": "10.30.0.5"}])
    assert explicit["fixed_ips"][0]["ip_address"] == "10.30.0.5"
    message = demo.error("POST", "/ports", {"port": {"network_id": net["id"], "fixed_ips": [
        {"ip_address": "10.30.0.5"}]}}, status=409, kind="IpAddressAlreadyAllocated")
    assert message == f"IP address 10.30.0.5 already allocated in subnet {subnet['id']}"
    demo.error("POST", "/ports", {"port": {"network_id": net["id"], "fixed_ips": [
        {"ip_address": "10.31.0.5"}]}}, kind="InvalidIpForNetwork")
    demo.error("POST", "/ports", {"port": {"network_id": net["id"], "fixed_ips": [
        {"subnet_id": subnet["id"], "ip_address": "10.99.0.5"}]}}, kind="InvalidIpForSubnet")
    demo.error("POST", "/ports", {"port": {"network_id": net["id"], "fixed_ips": [
        {"ip_address": "10.30.0.1"}]}}, status=409, kind="IpAddressAlreadyAllocated")
    demo.error("POST", "/ports", {"port": {"network_id": net["id"], "fixed_ips": [
        {"ip_address": "300.1.1.1"}]}}, kind="HTTPBadRequest")
    by_subnet = demo.port(net["id"], fixed_ips=[{"subnet_id": subnet["id"]}])
    assert by_subnet["fixed_ips"][0]["ip_address"] == "10.30.0.3"
    demo.port(net["id"])  # .4
    demo.port(net["id"])  # .6
    message = demo.error("POST", "/ports", {"port": {"network_id": net["id"]}}, status=409,
                         kind="IpAddressGenerationFailure")
    assert message == f"No more IP addresses available on network {net['id']}."
    # a freed address is used again
    demo.ok("DELETE", f"/ports/{first['id']}")
    assert demo.port(net["id"])["fixed_ips"][0]["ip_address"] == "10.30.0.2"
    # update: move to another address
    moved = demo.ok("PUT", f"/ports/{explicit['id']}", {"port": {"fixed_ips": []}})["port"]
    assert moved["fixed_ips"] == []
    again = demo.ok("PUT", f"/ports/{explicit['id']}", {"port": {"fixed_ips": [
        {"subnet_id": subnet["id"], "ip_address": "10.30.0.5"}]}})["port"]
    assert again["fixed_ips"][0]["ip_address"] == "10.30.0.5"
    filtered = demo.ok("GET", "/ports?fixed_ips=ip_address%3D10.30.0.5")["ports"]
    assert [p["id"] for p in filtered] == [explicit["id"]]
    substr = demo.ok("GET", f"/ports?network_id={net['id']}&fixed_ips=ip_address_substr%3D"
                            f"10.30.0.")["ports"]
    assert len(substr) == 5
    for port in demo.ok("GET", f"/ports?network_id={net['id']}")["ports"]:
        demo.ok("DELETE", f"/ports/{port['id']}")
    demo.ok("DELETE", f"/networks/{net['id']}")


def test_port_attributes(demo, admin):
    net = demo.network()
    demo.subnet(net["id"], "10.40.0.0/24")
    mac = "fa:16:3e:00:11:22"
    port = demo.port(net["id"], mac_address=mac, device_owner="compute:nova",
                     device_id="abc", allowed_address_pairs=[{"ip_address": "10.40.0.200"}],
                     extra_dhcp_opts=[{"opt_name": "bootfile-name", "opt_value": "pxe.0"}],
                     description="d")
    assert port["mac_address"] == mac and port["device_id"] == "abc"
    assert port["allowed_address_pairs"] == [{"ip_address": "10.40.0.200", "mac_address": mac}]
    assert port["extra_dhcp_opts"] == [{"opt_name": "bootfile-name", "opt_value": "pxe.0",
                                        "ip_version": 4}]
    demo.error("POST", "/ports", {"port": {"network_id": net["id"], "mac_address": mac}},
               status=409, kind="MacAddressInUse")
    demo.error("POST", "/ports", {"port": {"network_id": net["id"], "mac_address": "zz"}})
    demo.error("POST", "/ports", {"port": {"network_id": net["id"],
                                           "binding:host_id": "h"}}, status=403)
    demo.error("POST", "/ports", {"port": {"network_id": net["id"],
                                           "port_security_enabled": False,
                                           "security_groups": [str(uuid.uuid4())]}},
               kind="PortSecurityAndIPRequiredForSecurityGroups")
    demo.error("POST", "/ports", {"port": {"network_id": net["id"],
                                           "security_groups": [str(uuid.uuid4())]}},
               status=404, kind="SecurityGroupNotFound")
    demo.error("PUT", f"/ports/{port['id']}", {"port": {"port_security_enabled": False}},
               status=409)
    insecure = demo.ok("PUT", f"/ports/{port['id']}", {"port": {
        "port_security_enabled": False, "security_groups": [],
        "allowed_address_pairs": []}})["port"]
    assert insecure["port_security_enabled"] is False and insecure["security_groups"] == []
    bound = admin.ok("PUT", f"/ports/{port['id']}", {"port": {
        "binding:host_id": "localcloud"}})["port"]
    assert bound["status"] == "ACTIVE" and bound["binding:vif_type"] == "ovs"
    assert bound["binding:host_id"] == "localcloud"
    assert demo.ok("GET", f"/ports/{port['id']}")["port"]["status"] == "ACTIVE"
    demo.error("PUT", f"/ports/{port['id']}", {"port": {"network_id": net["id"]}})
    net_without_security = demo.network(port_security_enabled=False)
    demo.subnet(net_without_security["id"], "10.41.0.0/24")
    plain = demo.port(net_without_security["id"])
    assert plain["port_security_enabled"] is False and plain["security_groups"] == []
    for item in (port, plain):
        demo.ok("DELETE", f"/ports/{item['id']}")
    demo.ok("DELETE", f"/networks/{net['id']}")
    demo.ok("DELETE", f"/networks/{net_without_security['id']}")
