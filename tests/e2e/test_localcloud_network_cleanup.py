"""Neutron behaviours Tempest checks, over raw HTTP: what goes with a deleted external network
or auto-address subnet, `routes: null` clearing a router's routes, the security group rule
errors (wording, a remote group that is no id), and the agents list by role."""

from __future__ import annotations

from typing import Any

import pytest
from tests.support.neutron import Neutron, as_user, member


@pytest.fixture(scope="module")
def demo(localcloud: Any) -> Neutron:
    return member(localcloud)


@pytest.fixture(scope="module")
def admin(localcloud: Any) -> Neutron:
    return as_user(localcloud, "admin")


def test_deleting_an_external_network_deletes_its_unassociated_floating_ips(admin):
    net = admin.network(**{"router:external": True})
    subnet = admin.subnet(net["id"], "203.0.113.0/28", enable_dhcp=False)
    fip = admin.ok("POST", "/floatingips", {"floatingip": {
        "floating_network_id": net["id"]}})["floatingip"]
    admin.ok("DELETE", f"/networks/{net['id']}")
    assert fip["id"] not in {f["id"] for f in admin.ok("GET", "/floatingips")["floatingips"]}
    assert admin.call("GET", f"/subnets/{subnet['id']}").status == 404
    assert admin.ok("GET", f"/ports?device_id={fip['id']}")["ports"] == []


@pytest.mark.parametrize("mode", ["slaac", "dhcpv6-stateless"])
def test_auto_address_subnet_is_deleted_from_under_its_ports(demo, mode):
    net = demo.network()
    subnet = demo.subnet(net["id"], "2001:db8:1::/64", ipv6_ra_mode=mode,
                         ipv6_address_mode=mode)
    port = demo.port(net["id"])
    assert [ip["subnet_id"] for ip in port["fixed_ips"]] == [subnet["id"]]
    demo.ok("DELETE", f"/subnets/{subnet['id']}")
    assert demo.ok("GET", f"/ports/{port['id']}")["port"]["fixed_ips"] == []
    # a stateful subnet still refuses while ports hold its addresses
    stateful = demo.subnet(net["id"], "2001:db8:2::/64", ipv6_ra_mode="dhcpv6-stateful",
                           ipv6_address_mode="dhcpv6-stateful")
    demo.port(net["id"])
    demo.error("DELETE", f"/subnets/{stateful['id']}", status=409, kind="SubnetInUse")


def test_null_routes_clear_a_routers_routes(demo):
    net = demo.network()
    subnet = demo.subnet(net["id"], "10.120.0.0/24")
    router = demo.ok("POST", "/routers", {"router": {"name": "routes"}})["router"]
    path = f"/routers/{router['id']}"
    demo.ok("PUT", f"{path}/add_router_interface", {"subnet_id": subnet["id"]})
    route = {"destination": "10.121.0.0/24", "nexthop": "10.120.0.5"}
    assert demo.ok("PUT", path, {"router": {"routes": [route]}})["router"]["routes"] == [route]
    assert demo.ok("PUT", path, {"router": {"routes": None}})["router"]["routes"] == []


def test_security_group_rule_errors(demo):
    group = demo.ok("POST", "/security-groups", {"security_group": {
        "name": "sg-errors"}})["security_group"]
    base = {"security_group_id": group["id"], "direction": "ingress", "protocol": "icmp"}
    message = demo.error("POST", "/security-group-rules", {"security_group_rule": {
        **base, "port_range_min": 1, "port_range_max": 256}},
        kind="SecurityGroupInvalidIcmpValue")
    assert message.startswith("Invalid value for ICMP code (port_range_max) 256")
    message = demo.error("POST", "/security-group-rules", {"security_group_rule": {
        **base, "port_range_min": 300, "port_range_max": 1}})
    assert message.startswith("Invalid value for ICMP type (port_range_min) 300")
    # a remote group id of any form that names no group is not found
    for remote in ("bad_group_id", "9d6a3c2e-0000-4000-8000-000000000000"):
        demo.error("POST", "/security-group-rules", {"security_group_rule": {
            **base, "protocol": "tcp", "remote_group_id": remote}}, status=404)


def test_agents_are_listed_to_admins_only(demo, admin):
    assert demo.ok("GET", "/agents", validate=False) == {"agents": []}
    agents = admin.ok("GET", "/agents", validate=False)["agents"]
    assert {a["agent_type"] for a in agents} >= {"DHCP agent", "L3 agent"}
    assert all(a["alive"] and a["admin_state_up"] for a in agents)
    dhcp = admin.ok("GET", "/agents?agent_type=DHCP%20agent", validate=False)["agents"]
    assert dhcp and {a["binary"] for a in dhcp} == {"neutron-dhcp-agent"}
