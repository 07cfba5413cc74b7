"""Neutron's address scopes, address groups, RBAC policies, segments, segment ranges, trunks,
default security group rules and port forwardings over raw HTTP, for what the clients do not
show: admin-only policy for members, error bodies and types, and bodies validated against the
network spec."""

from __future__ import annotations

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


def test_admin_only_for_members(admin, demo):
    """Segments and segment ranges are the admin's; the template of default rules is read by
    everyone, changed by admins."""
    body = {"network_segment_range": {"network_type": "vxlan", "minimum": 1, "maximum": 2}}
    assert "disallowed by policy" in demo.error("POST", "/network_segment_ranges", body, 403,
                                                "PolicyNotAuthorized")
    made = admin.ok("POST", "/network_segment_ranges", {"network_segment_range": {
        "network_type": "gre", "minimum": 7001, "maximum": 7002, "name": "r"}},
        validate=False)  # the spec names the collection network-segment-ranges
    span = made["network_segment_range"]
    try:
        assert span["available"] == [7001, 7002] and span["used"] == {}
        assert span["project_id"] is None and span["shared"] is True
        assert demo.ok("GET", "/network_segment_ranges",
                       validate=False)["network_segment_ranges"] == []
        demo.error("GET", f"/network_segment_ranges/{span['id']}", status=404,
                   kind="NetworkSegmentRangeNotFound")
        admin.error("PUT", f"/network_segment_ranges/{span['id']}", {
            "network_segment_range": {"minimum": 3, "maximum": 1}}, 400, "InvalidInput")
    finally:
        admin.ok("DELETE", f"/network_segment_ranges/{span['id']}", validate=False)
    assert demo.ok("GET", "/segments")["segments"] == []
    rules = demo.ok("GET", "/default-security-group-rules")["default_security_group_rules"]
    assert {r["remote_group_id"] for r in rules} >= {None, "PARENT"}
    assert "project_id" not in rules[0]
    demo.error("DELETE", f"/default-security-group-rules/{rules[0]['id']}", status=403,
               kind="PolicyNotAuthorized")


def test_error_bodies(admin, demo):
    scope = demo.ok("POST", "/address-scopes", {"address_scope": {
        "name": f"s-{uuid.uuid4().hex[:6]}", "ip_version": 4}})["address_scope"]
    try:
        assert set(scope) == {"id", "name", "ip_version", "shared", "project_id", "tenant_id"}
        demo.error("PUT", f"/address-scopes/{scope['id']}", {"address_scope": {
            "shared": True}}, 403, "PolicyNotAuthorized")
        admin.ok("PUT", f"/address-scopes/{scope['id']}", {"address_scope": {"shared": True}},
                 validate=False)
        message = admin.error("PUT", f"/address-scopes/{scope['id']}", {"address_scope": {
            "shared": False}}, 400, "AddressScopeUpdateError")
        assert "can't be unshared" in message
        rbac = {"rbac_policy": {"object_type": "address_scope", "object_id": scope["id"],
                                "action": "access_as_external", "target_tenant": "*"}}
        assert "Invalid action" in admin.error("POST", "/rbac-policies", rbac, 400,
                                               "InvalidActionForType")
        rbac["rbac_policy"]["action"] = "access_as_shared"
        policy = admin.ok("POST", "/rbac-policies", rbac)["rbac_policy"]
        admin.error("POST", "/rbac-policies", rbac, 409, "DuplicateRbacPolicy")
        admin.ok("DELETE", f"/rbac-policies/{policy['id']}", validate=False)
    finally:
        admin.ok("DELETE", f"/address-scopes/{scope['id']}", validate=False)
    demo.error("GET", f"/address-scopes/{scope['id']}", status=404, kind="AddressScopeNotFound")
    missing = str(uuid.uuid4())
    demo.error("GET", f"/trunks/{missing}", status=404, kind="TrunkNotFound")
    demo.error("GET", f"/address-groups/{missing}", status=404, kind="AddressGroupNotFound")
    demo.error("GET", f"/floatingips/{missing}/port_forwardings", status=404,
               kind="FloatingIPNotFound")
    demo.error("POST", "/trunks", {"trunk": {"port_id": missing}}, 404, "PortNotFound")
    group = demo.ok("POST", "/address-groups", {"address_group": {
        "name": "g", "addresses": ["10.0.0.1"]}})["address_group"]
    demo.error("PUT", f"/address-groups/{group['id']}/add_addresses",
               {"addresses": ["10.0.0.1/32"]}, 400, "AddressesAlreadyExist")
    demo.ok("PUT", f"/address-groups/{group['id']}/add_addresses", {"addresses": ["::1"]},
            validate=False)
    demo.ok("DELETE", f"/address-groups/{group['id']}", validate=False)


def test_trunk_ports_are_not_deleted(demo):
    """A trunk's parent port and its subports answer 409 to a delete; deleting the trunk
    frees them."""
    network = demo.network()
    demo.subnet(network["id"], "10.71.0.0/24")
    parent, child = demo.port(network["id"]), demo.port(network["id"])
    trunk = demo.ok("POST", "/trunks", {"trunk": {"port_id": parent["id"], "sub_ports": [{
        "port_id": child["id"], "segmentation_type": "vlan", "segmentation_id": 100}]}},
        validate=False)["trunk"]
    message = demo.error("DELETE", f"/ports/{parent['id']}", status=409,
                         kind="PortInUseAsTrunkParent")
    assert message == f"Port {parent['id']} is currently a parent port for trunk {trunk['id']}."
    message = demo.error("DELETE", f"/ports/{child['id']}", status=409,
                         kind="PortInUseAsSubPort")
    assert message == f"Port {child['id']} is currently a subport for trunk {trunk['id']}."
    demo.ok("DELETE", f"/trunks/{trunk['id']}", validate=False)
    for port in (child, parent):
        demo.ok("DELETE", f"/ports/{port['id']}")
    demo.ok("DELETE", f"/networks/{network['id']}")


def test_rbac_shares_a_network_with_a_project(admin, demo, localcloud):
    """`access_as_shared` lets the target project see the network (and its subnets) and make
    ports on it; `access_as_external` makes a network external for its target; removing the
    share while the target has ports on the network is a 409."""
    guest = member(localcloud)
    network = demo.network()
    subnet = demo.subnet(network["id"], "10.72.0.0/24")
    guest.error("GET", f"/networks/{network['id']}", status=404, kind="NetworkNotFound")
    guest.error("POST", "/ports", {"port": {"network_id": network["id"]}}, 404,
                "NetworkNotFound")
    share = demo.ok("POST", "/rbac-policies", {"rbac_policy": {
        "object_type": "network", "object_id": network["id"], "action": "access_as_shared",
        "target_tenant": guest.project}})["rbac_policy"]
    seen = guest.ok("GET", f"/networks/{network['id']}")["network"]
    assert seen["shared"] is True and seen["subnets"] == [subnet["id"]]
    assert network["id"] in {n["id"] for n in guest.ok("GET", "/networks?shared=True")[
        "networks"]}
    assert guest.ok("GET", f"/subnets/{subnet['id']}")["subnet"]["id"] == subnet["id"]
    port = guest.port(network["id"])
    assert port["project_id"] == guest.project
    message = demo.error("DELETE", f"/rbac-policies/{share['id']}", status=409,
                         kind="RbacPolicyInUse")
    assert message.startswith(f"RBAC policy on object {network['id']} cannot be removed "
                              f"because other objects depend on it.")
    # the owner itself still sees its network as not shared
    assert demo.ok("GET", f"/networks/{network['id']}")["network"]["shared"] is False
    guest.ok("DELETE", f"/ports/{port['id']}")
    demo.ok("DELETE", f"/rbac-policies/{share['id']}", validate=False)
    guest.error("GET", f"/networks/{network['id']}", status=404, kind="NetworkNotFound")

    outside = admin.network()
    admin.subnet(outside["id"], "10.73.0.0/24")
    guest.error("GET", f"/networks/{outside['id']}", status=404, kind="NetworkNotFound")
    external = admin.ok("POST", "/rbac-policies", {"rbac_policy": {
        "object_type": "network", "object_id": outside["id"],
        "action": "access_as_external", "target_tenant": guest.project}})["rbac_policy"]
    assert guest.ok("GET", f"/networks/{outside['id']}")["network"]["router:external"] is True
    assert outside["id"] in {n["id"] for n in guest.ok(
        "GET", "/networks?router:external=True")["networks"]}
    demo.error("GET", f"/networks/{outside['id']}", status=404, kind="NetworkNotFound")
    fip = guest.ok("POST", "/floatingips", {"floatingip": {
        "floating_network_id": outside["id"]}})["floatingip"]
    guest.ok("DELETE", f"/floatingips/{fip['id']}")
    admin.ok("DELETE", f"/rbac-policies/{external['id']}", validate=False)
    admin.ok("DELETE", f"/networks/{outside['id']}")
    demo.ok("DELETE", f"/networks/{network['id']}")
