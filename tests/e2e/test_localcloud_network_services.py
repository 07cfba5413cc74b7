"""Neutron's QoS, agents, metering, flavors, local IPs, NDP proxies and conntrack helpers over
raw HTTP, for what the clients do not show: policy for members (403 on admin-only writes, no
agents and no profiles seen), error bodies and types, and bodies validated against the network
spec."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from test_localcloud_network import Neutron, as_user, member


@pytest.fixture(scope="module")
def demo(localcloud: Any) -> Neutron:
    return member(localcloud)


@pytest.fixture(scope="module")
def admin(localcloud: Any) -> Neutron:
    return as_user(localcloud, "admin")


def _name() -> str:
    return f"raw-{uuid.uuid4().hex[:8]}"


def test_qos_policy_rules_and_policy(admin, demo):
    assert "rule:create_policy is disallowed" in demo.error(
        "POST", "/qos/policies", {"policy": {"name": _name()}}, 403, "PolicyNotAuthorized")
    # (the spec types a policy's `rules` as a string: not validated)
    policy = admin.ok("POST", "/qos/policies", {"policy": {"name": _name(), "shared": True}},
                      validate=False)["policy"]
    base = f"/qos/policies/{policy['id']}"
    try:
        # a shared policy is read by every project, changed by none but the admin
        assert demo.ok("GET", base, validate=False)["policy"]["id"] == policy["id"]
        demo.error("PUT", base, {"policy": {"name": "x"}}, 403, "PolicyNotAuthorized")
        admin.ok("POST", f"{base}/bandwidth_limit_rules",
                 {"bandwidth_limit_rule": {"max_kbps": 100}}, validate=False)
        admin.error("POST", f"{base}/bandwidth_limit_rules",
                    {"bandwidth_limit_rule": {"max_kbps": 5}}, 409, "QoSRulesConflict")
        admin.error("POST", f"{base}/dscp_marking_rules", {"dscp_marking_rule": {
            "dscp_mark": 3}}, 400, "HTTPBadRequest")
        admin.error("GET", f"{base}/dscp_marking_rules/{uuid.uuid4()}", status=404,
                    kind="QosRuleNotFound")
        listed = admin.ok("GET", "/qos/policies", validate=False)["policies"]
        assert [p["rules"][0]["type"] for p in listed if p["id"] == policy["id"]] == [
            "bandwidth_limit"]
    finally:
        admin.ok("DELETE", base)
    admin.error("GET", base, status=404, kind="QosPolicyNotFound")


def test_agents_are_the_admins(admin, demo):
    agents = admin.ok("GET", "/agents", validate=False)["agents"]
    assert {a["binary"] for a in agents} >= {"neutron-dhcp-agent", "neutron-l3-agent"}
    assert demo.ok("GET", "/agents", validate=False)["agents"] == []
    demo.error("GET", f"/agents/{agents[0]['id']}", status=404, kind="AgentNotFound")
    ovs = next(a for a in agents if a["agent_type"] == "Open vSwitch agent")
    network = admin.network()
    try:
        admin.error("POST", f"/agents/{ovs['id']}/dhcp-networks",
                    {"network_id": network["id"]}, 409, "InvalidDHCPAgent")
        admin.error("PUT", f"/agents/{ovs['id']}", {"agent": {"host": "x"}}, 400)
    finally:
        admin.ok("DELETE", f"/networks/{network['id']}")


def test_metering_and_flavors_policy_and_errors(admin, demo):
    demo.error("POST", "/metering/metering-labels", {"metering_label": {"name": "m"}}, 403,
               "PolicyNotAuthorized")
    label = admin.ok("POST", "/metering/metering-labels", {"metering_label": {
        "name": _name()}}, validate=False)["metering_label"]
    try:
        assert demo.ok("GET", "/metering/metering-labels",
                       validate=False)["metering_labels"] == []
        admin.error("POST", "/metering/metering-label-rules", {"metering_label_rule": {
            "metering_label_id": label["id"]}}, 400)
        admin.error("POST", "/metering/metering-label-rules", {"metering_label_rule": {
            "metering_label_id": str(uuid.uuid4()), "remote_ip_prefix": "10.0.0.0/8"}},
            404, "MeteringLabelNotFound")
    finally:
        admin.ok("DELETE", f"/metering/metering-labels/{label['id']}")
    admin.error("POST", "/flavors", {"flavor": {"name": "f", "service_type": "VPN"}}, 400,
                "InvalidFlavorServiceType")
    admin.error("POST", "/service_profiles", {"service_profile": {}}, 400,
                "ServiceProfileEmpty")
    profile = admin.ok("POST", "/service_profiles", {"service_profile": {
        "metainfo": "{}"}}, validate=False)["service_profile"]
    try:
        assert demo.ok("GET", "/service_profiles", validate=False)["service_profiles"] == []
    finally:
        admin.ok("DELETE", f"/service_profiles/{profile['id']}")


def test_local_ip_ndp_proxy_conntrack_errors(admin, demo):
    network = admin.network()
    router = admin.ok("POST", "/routers", {"router": {"name": _name()}})["router"]
    try:
        admin.error("POST", "/local_ips", {"local_ip": {"name": "x"}}, 400)
        admin.subnet(network["id"], "10.78.0.0/24")
        port = admin.ok("POST", "/ports", {"port": {"network_id": network["id"]}})["port"]
        admin.error("POST", "/ndp_proxies", {"ndp_proxy": {
            "router_id": router["id"], "port_id": port["id"]}}, 400, "PortIPv6AddressNotFound")
        base = f"/routers/{router['id']}/conntrack_helpers"
        admin.error("POST", base, {"conntrack_helper": {
            "helper": "ftp", "protocol": "udp", "port": 21}}, 400, "ConntrackHelperNotAllowed")
        demo.error("GET", base, status=404, kind="RouterNotFound")
        local_ip = admin.ok("POST", "/local_ips", {"local_ip": {"local_port_id": port["id"]}},
                            validate=False)["local_ip"]
        admin.ok("POST", f"/local_ips/{local_ip['id']}/port_associations",
                 {"port_association": {"fixed_port_id": port["id"]}}, validate=False)
        admin.error("DELETE", f"/local_ips/{local_ip['id']}", status=409, kind="LocalIPInUse")
        admin.ok("DELETE", f"/local_ips/{local_ip['id']}/port_associations/{port['id']}")
        admin.ok("DELETE", f"/local_ips/{local_ip['id']}")
        admin.ok("DELETE", f"/ports/{port['id']}")
    finally:
        admin.ok("DELETE", f"/routers/{router['id']}")
        admin.ok("DELETE", f"/networks/{network['id']}")
