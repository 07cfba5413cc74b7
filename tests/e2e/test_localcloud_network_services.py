"""Neutron's QoS, agents, metering, flavors, local IPs, NDP proxies and conntrack helpers over
raw HTTP, for what the clients do not show: policy for members (403 on admin-only writes, no
agents and no profiles seen), error bodies and types, and bodies validated against the network
spec."""

from __future__ import annotations

import sqlite3
import uuid
from typing import Any

import pytest
from tests.support.neutron import Neutron, as_user, member


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


def test_qos_policy_of_networks_and_ports(admin, demo):
    """`qos_policy_id` is kept and shown on networks and ports; a policy the project may not
    see is a 404; a policy in use is not deleted."""
    private = admin.ok("POST", "/qos/policies", {"policy": {"name": _name()}},
                       validate=False)["policy"]
    shared = admin.ok("POST", "/qos/policies", {"policy": {"name": _name(), "shared": True}},
                      validate=False)["policy"]
    missing = str(uuid.uuid4())
    for policy in (private["id"], missing):
        message = demo.error("POST", "/networks", {"network": {"qos_policy_id": policy}},
                             404, "QosPolicyNotFound")
        assert message == f"QoS policy {policy} could not be found."
    network = demo.network(qos_policy_id=shared["id"])
    assert network["qos_policy_id"] == shared["id"]
    demo.subnet(network["id"], "10.79.0.0/24")
    assert demo.ok("GET", f"/networks/{network['id']}")["network"]["qos_policy_id"] == shared[
        "id"]
    port = demo.port(network["id"])
    assert port["qos_policy_id"] is None
    demo.error("PUT", f"/ports/{port['id']}", {"port": {"qos_policy_id": private["id"]}}, 404,
               "QosPolicyNotFound")
    port = demo.ok("PUT", f"/ports/{port['id']}", {"port": {"qos_policy_id": shared["id"]}})[
        "port"]
    assert port["qos_policy_id"] == shared["id"]
    found = demo.ok("GET", f"/ports?qos_policy_id={shared['id']}")["ports"]
    assert [p["id"] for p in found] == [port["id"]]
    message = admin.error("DELETE", f"/qos/policies/{shared['id']}", status=409,
                          kind="QosPolicyInUse")
    assert message == f"QoS Policy {shared['id']} is used by network {network['id']}."
    demo.ok("PUT", f"/networks/{network['id']}", {"network": {"qos_policy_id": None}})
    message = admin.error("DELETE", f"/qos/policies/{shared['id']}", status=409,
                          kind="QosPolicyInUse")
    assert message == f"QoS Policy {shared['id']} is used by port {port['id']}."
    demo.ok("DELETE", f"/ports/{port['id']}")
    # an admin may use any project's policy
    net = admin.network(qos_policy_id=private["id"])
    admin.error("DELETE", f"/qos/policies/{private['id']}", status=409, kind="QosPolicyInUse")
    admin.ok("DELETE", f"/networks/{net['id']}")
    for policy in (shared, private):
        admin.ok("DELETE", f"/qos/policies/{policy['id']}", validate=False)
    demo.ok("DELETE", f"/networks/{network['id']}")


def test_conntrack_helpers_go_with_their_router(admin, localcloud):
    router = admin.ok("POST", "/routers", {"router": {"name": _name()}})["router"]
    base = f"/routers/{router['id']}/conntrack_helpers"
    helper = admin.ok("POST", base, {"conntrack_helper": {
        "helper": "ftp", "protocol": "tcp", "port": 21}}, validate=False)["conntrack_helper"]
    assert [h["id"] for h in admin.ok("GET", base, validate=False)[
        "conntrack_helpers"]] == [helper["id"]]
    admin.ok("DELETE", f"/routers/{router['id']}")
    admin.error("GET", base, status=404, kind="RouterNotFound")
    # the cloud's own store (read only) keeps no helper of the deleted router
    db = sqlite3.connect(f"file:{localcloud.state_dir / 'localcloud.db'}?mode=ro", uri=True)
    try:
        left = db.execute("SELECT COUNT(*) FROM conntrack_helpers WHERE router_id = ?",
                          (router["id"],)).fetchone()[0]
    finally:
        db.close()
    assert left == 0


def test_new_security_groups_follow_the_default_rule_template(admin, localcloud):
    """Groups made after a `default security group rule` exists get it: `default` groups the
    rules `used_in_default_sg`, the others those `used_in_non_default_sg`."""
    project = member(localcloud)
    template = "/default-security-group-rules"
    ssh = admin.ok("POST", template, {"default_security_group_rule": {
        "direction": "ingress", "protocol": "tcp", "port_range_min": 22,
        "port_range_max": 22, "remote_ip_prefix": "0.0.0.0/0",
        "used_in_default_sg": True, "used_in_non_default_sg": False}},
        validate=False)["default_security_group_rule"]
    web = admin.ok("POST", template, {"default_security_group_rule": {
        "direction": "ingress", "protocol": "tcp", "port_range_min": 80,
        "port_range_max": 80, "remote_group_id": "PARENT", "used_in_default_sg": False,
        "used_in_non_default_sg": True}}, validate=False)["default_security_group_rule"]
    try:
        groups = project.ok("GET", "/security-groups")["security_groups"]
        default = next(g for g in groups if g["name"] == "default")
        other = project.ok("POST", "/security-groups", {"security_group": {
            "name": _name()}})["security_group"]

        def ports(group: dict) -> set:
            return {(r["direction"], r["ethertype"], r["port_range_min"],
                     r["remote_group_id"] == group["id"], r["remote_ip_prefix"])
                    for r in group["security_group_rules"]}

        assert ports(default) == {
            ("egress", "IPv4", None, False, None), ("egress", "IPv6", None, False, None),
            ("ingress", "IPv4", None, True, None), ("ingress", "IPv6", None, True, None),
            ("ingress", "IPv4", 22, False, "0.0.0.0/0")}
        assert ports(other) == {
            ("egress", "IPv4", None, False, None), ("egress", "IPv6", None, False, None),
            ("ingress", "IPv4", 80, True, None)}
        assert all(r["belongs_to_default_sg"] for r in default["security_group_rules"])
        assert not any(r["belongs_to_default_sg"] for r in other["security_group_rules"])
        project.ok("DELETE", f"/security-groups/{other['id']}")
    finally:
        for rule in (ssh, web):
            admin.ok("DELETE", f"{template}/{rule['id']}", validate=False)
