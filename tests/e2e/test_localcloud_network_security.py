"""Neutron security groups and rules over raw HTTP: the `default` group of each project (made
on first use, with its four rules), groups with their two egress rules, rule validation
(protocols, port ranges, ICMP, ethertype against the prefix, remote group), duplicates,
deletion rules, quotas; validated against the network spec."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from tests.support.neutron import Neutron, as_user, member


@pytest.fixture(scope="module")
def demo(localcloud: Any) -> Neutron:
    """A member of a project of its own."""
    return member(localcloud)


@pytest.fixture(scope="module")
def admin(localcloud: Any) -> Neutron:
    return as_user(localcloud, "admin")


def _shape(rule: dict[str, Any]) -> tuple[Any, ...]:
    return (rule["direction"], rule["ethertype"], rule["protocol"], rule["remote_group_id"],
            rule["remote_ip_prefix"], rule["port_range_min"], rule["port_range_max"])


def test_default_group_made_on_first_use(localcloud, admin):
    user = member(localcloud)
    groups = user.ok("GET", "/security-groups")["security_groups"]
    assert [g["name"] for g in groups] == ["default"]
    default = groups[0]
    assert default["project_id"] == user.project and default["stateful"] is True
    assert default["description"] == "Default security group"
    rules = sorted(_shape(r) for r in default["security_group_rules"])
    assert rules == sorted([
        ("egress", "IPv4", None, None, None, None, None),
        ("egress", "IPv6", None, None, None, None, None),
        ("ingress", "IPv4", None, default["id"], None, None, None),
        ("ingress", "IPv6", None, default["id"], None, None, None)])
    assert all(r["belongs_to_default_sg"] for r in default["security_group_rules"])
    # asking again makes no second one
    assert len(user.ok("GET", "/security-groups")["security_groups"]) == 1
    listed = user.ok("GET", f"/security-group-rules?security_group_id={default['id']}")
    assert len(listed["security_group_rules"]) == 4
    # members cannot delete their default group; admins can, when unused
    message = user.error("DELETE", f"/security-groups/{default['id']}", status=409,
                         kind="SecurityGroupCannotRemoveDefault")
    assert message == "Removing default security group not allowed."
    user.error("PUT", f"/security-groups/{default['id']}",
               {"security_group": {"name": "renamed"}}, status=409,
               kind="SecurityGroupCannotUpdateDefault")
    user.ok("PUT", f"/security-groups/{default['id']}",
            {"security_group": {"description": "still default"}})
    net = user.network()
    user.subnet(net["id"], "10.120.0.0/24")
    port = user.port(net["id"])
    assert port["security_groups"] == [default["id"]]
    message = admin.error("DELETE", f"/security-groups/{default['id']}", status=409,
                          kind="SecurityGroupInUse")
    assert message == f"Security Group {default['id']} in use."
    user.ok("DELETE", f"/ports/{port['id']}")
    admin.ok("DELETE", f"/security-groups/{default['id']}")
    user.error("GET", f"/security-group-rules/{default['security_group_rules'][0]['id']}",
               status=404, kind="SecurityGroupRuleNotFound")


def test_groups_and_rules(demo):
    group = demo.ok("POST", "/security-groups", {"security_group": {
        "name": "web", "description": "web servers"}})["security_group"]
    assert group["name"] == "web" and group["project_id"] == demo.project
    assert sorted(_shape(r) for r in group["security_group_rules"]) == [
        ("egress", "IPv4", None, None, None, None, None),
        ("egress", "IPv6", None, None, None, None, None)]
    gid = group["id"]
    path = "/security-group-rules"

    def rule(**attrs: Any) -> dict[str, Any]:
        body = {"security_group_id": gid, "direction": "ingress", **attrs}
        return demo.ok("POST", path, {"security_group_rule": body})["security_group_rule"]

    def bad(status: int = 400, kind: str | None = None, **attrs: Any) -> str:
        body = {"security_group_id": gid, "direction": "ingress", **attrs}
        return demo.error("POST", path, {"security_group_rule": body}, status=status,
                          kind=kind)

    ssh = rule(protocol="tcp", port_range_min=22, port_range_max=22,
               remote_ip_prefix="0.0.0.0/0", description="ssh")
    assert ssh["ethertype"] == "IPv4" and ssh["protocol"] == "tcp"
    assert ssh["port_range_min"] == 22 and ssh["remote_group_id"] is None
    assert ssh["security_group_id"] == gid and ssh["project_id"] == demo.project
    assert demo.ok("GET", f"{path}/{ssh['id']}")["security_group_rule"] == ssh
    ping = rule(protocol="icmp", port_range_min=8, port_range_max=0)
    assert (ping["port_range_min"], ping["port_range_max"]) == (8, 0)
    numbered = rule(protocol="17", port_range_min=53, port_range_max=53)
    assert numbered["protocol"] == "17"
    v6 = rule(ethertype="IPv6", protocol="ipv6-icmp", remote_ip_prefix="2001:db8::/32")
    assert v6["remote_ip_prefix"] == "2001:db8::/32"
    normalized = rule(protocol="tcp", port_range_min=80, port_range_max=90,
                      remote_ip_prefix="192.168.1.7/24")
    assert normalized["remote_ip_prefix"] == "192.168.1.0/24"
    mates = rule(protocol="any", remote_group_id=gid, ethertype="ipv4")
    assert mates["protocol"] is None and mates["remote_group_id"] == gid
    message = bad(409, "SecurityGroupRuleExists", protocol="tcp", port_range_min=22,
                  port_range_max=22, remote_ip_prefix="0.0.0.0/0")
    assert message == f"Security group rule already exists. Rule id is {ssh['id']}."
    bad(409, "SecurityGroupRuleExists", protocol="6", port_range_min=22, port_range_max=22)
    assert "not supported" in bad(kind="SecurityGroupRuleInvalidProtocol", protocol="bogus")
    bad(kind="SecurityGroupRuleInvalidProtocol", protocol=256)
    bad(kind="SecurityGroupInvalidPortRange", protocol="tcp", port_range_min=90,
        port_range_max=80)
    bad(kind="SecurityGroupInvalidPortRange", protocol="udp", port_range_min=90)
    bad(kind="SecurityGroupInvalidPortValue", protocol="tcp", port_range_min=0,
        port_range_max=70000)
    bad(kind="SecurityGroupProtocolRequiredWithPorts", port_range_min=1, port_range_max=2)
    bad(kind="SecurityGroupInvalidIcmpValue", protocol="icmp", port_range_min=256)
    bad(kind="SecurityGroupMissingIcmpType", protocol="icmp", port_range_max=0)
    bad(kind="SecurityGroupInvalidProtoForPortRange", protocol="gre", port_range_min=1,
        port_range_max=2)
    assert "Conflicting value ethertype IPv4" in bad(
        kind="SecurityGroupRuleParameterConflict", remote_ip_prefix="fe80::/64")
    bad(kind="SecurityGroupRemoteGroupAndRemoteIpPrefix", remote_group_id=gid,
        remote_ip_prefix="10.0.0.0/8")
    bad(kind="SecurityGroupRuleInvalidEtherType", ethertype="IPv5")
    bad(kind="SecurityGroupEthertypeConflictWithProtocol", protocol="ipv6-icmp")
    assert "direction" in bad(direction="sideways")
    bad(port_range_min="x", protocol="tcp")
    bad(remote_ip_prefix="not-a-cidr")
    bad(404, "SecurityGroupNotFound", remote_group_id=str(uuid.uuid4()))
    demo.error("POST", path, {"security_group_rule": {"security_group_id": gid}})
    demo.error("POST", path, {"security_group_rule": {
        "security_group_id": str(uuid.uuid4()), "direction": "egress"}}, status=404,
        kind="SecurityGroupNotFound")
    shown = demo.ok("GET", f"/security-groups/{gid}")["security_group"]
    assert len(shown["security_group_rules"]) == 8
    assert shown["revision_number"] > group["revision_number"]
    ingress = demo.ok("GET", f"{path}?security_group_id={gid}&direction=ingress"
                             f"&protocol=tcp")["security_group_rules"]
    assert {r["id"] for r in ingress} == {ssh["id"], normalized["id"]}
    demo.ok("DELETE", f"{path}/{ping['id']}")
    demo.error("DELETE", f"{path}/{ping['id']}", status=404, kind="SecurityGroupRuleNotFound")
    # groups
    demo.error("POST", "/security-groups", {"security_group": {"name": "default"}}, status=409,
               kind="SecurityGroupDefaultAlreadyExists")
    demo.error("POST", "/security-groups", {"security_group": {"name": "x" * 256}})
    demo.error("POST", "/security-groups", {"security_group": {"rules": []}})
    renamed = demo.ok("PUT", f"/security-groups/{gid}", {"security_group": {
        "name": "web2", "description": "changed"}})["security_group"]
    assert renamed["name"] == "web2"
    other = member(demo.cloud)
    other.error("GET", f"/security-groups/{gid}", status=404, kind="SecurityGroupNotFound")
    other.error("POST", path, {"security_group_rule": {"security_group_id": gid,
                                                       "direction": "egress"}}, status=404)
    demo.ok("DELETE", f"/security-groups/{gid}")
    demo.error("GET", f"{path}/{ssh['id']}", status=404)
    demo.error("GET", f"/security-groups/{gid}", status=404, kind="SecurityGroupNotFound")


def test_security_group_in_use_and_quota(localcloud, admin):
    user = member(localcloud)
    net = user.network()
    user.subnet(net["id"], "10.121.0.0/24")
    group = user.ok("POST", "/security-groups", {"security_group": {"name": "g"}})[
        "security_group"]
    port = user.port(net["id"], security_groups=[group["id"]])
    assert port["security_groups"] == [group["id"]]
    user.error("DELETE", f"/security-groups/{group['id']}", status=409,
               kind="SecurityGroupInUse")
    user.ok("PUT", f"/ports/{port['id']}", {"port": {"security_groups": []}})
    user.ok("DELETE", f"/security-groups/{group['id']}")
    # quotas: the default group and its 4 rules count
    admin.ok("PUT", f"/quotas/{user.project}", {"quota": {"security_group": 2,
                                                          "security_group_rule": 7}})
    second = user.ok("POST", "/security-groups", {"security_group": {"name": "two"}})[
        "security_group"]
    user.error("POST", "/security-groups", {"security_group": {"name": "three"}}, status=409,
               kind="OverQuota")
    user.ok("POST", "/security-group-rules", {"security_group_rule": {
        "security_group_id": second["id"], "direction": "ingress", "protocol": "tcp",
        "port_range_min": 1, "port_range_max": 1}})
    user.error("POST", "/security-group-rules", {"security_group_rule": {
        "security_group_id": second["id"], "direction": "ingress", "protocol": "tcp",
        "port_range_min": 2, "port_range_max": 2}}, status=409, kind="OverQuota")
    admin.ok("DELETE", f"/quotas/{user.project}")
    user.ok("DELETE", f"/ports/{port['id']}")
