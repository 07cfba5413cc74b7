"""Neutron v2.0 of the local cloud over raw HTTP: version documents, the DevStack seed,
networks (bulk creation, request checks, visibility and policy) and Neutron's error body.
Every body of a success is validated against the network OpenAPI spec. Subnets and ports,
listings and tags, quotas and extensions have files of their own
(test_localcloud_network_*.py); the helpers are in tests/support/neutron.py.
"""

from __future__ import annotations

import ipaddress
import json
import uuid
from typing import Any
from urllib.parse import urlsplit

import pytest
from tests.support.neutron import SHARED, Neutron, as_user, member


@pytest.fixture(scope="module")
def demo(localcloud: Any) -> Neutron:
    """A member of a project of its own (the bootstrap demo project keeps only its seed, so
    Nova's `networks: auto` still finds one network there whatever these tests leave)."""
    return member(localcloud)


@pytest.fixture(scope="module")
def admin(localcloud: Any) -> Neutron:
    return as_user(localcloud, "admin")


@pytest.fixture(scope="module")
def other(localcloud: Any) -> Neutron:
    return member(localcloud)


# ------------------------------------------------------------------ versions and seed
def test_version_documents(localcloud):
    root = localcloud.call("GET", "/network/")
    assert root.status == 200 and root.header("x-openstack-request-id")
    versions = root.json["versions"]
    assert [v["id"] for v in versions] == ["v2.0"] and versions[0]["status"] == "CURRENT"
    href = versions[0]["links"][0]["href"]
    assert urlsplit(href).path == "/network/v2.0/"
    assert localcloud.call("GET", "/network").status == 200
    resources = localcloud.call("GET", "/network/v2.0/").json["resources"]
    collections = {r["collection"]: r for r in resources}
    assert {"networks", "subnets", "ports", "routers", "floatingips"} <= set(collections)
    assert set(collections["networks"]) == {"links", "name", "collection"}
    if (SHARED / "api-samples").is_dir():
        sample = json.loads((SHARED / "api-samples/neutron/networks/versions-list-response.json"
                             ).read_text())
        assert set(versions[0]) == set(sample["versions"][0])
    catalog = localcloud.call("GET", "/identity/v3/auth/catalog",
                              token=localcloud.token()).json["catalog"]
    network = next(s for s in catalog if s["type"] == "network")
    assert network["name"] == "neutron"
    assert {urlsplit(e["url"]).path for e in network["endpoints"]} == {"/network"}


def test_devstack_seed(localcloud, admin):
    demo = as_user(localcloud, "demo")
    public = demo.find("networks", "public")
    assert public["router:external"] is True and public["shared"] is True
    assert public["project_id"] != demo.project
    private = demo.find("networks", "private")
    assert private["project_id"] == demo.project and private["router:external"] is False
    public_subnet = demo.ok("GET", f"/subnets/{public['subnets'][0]}")["subnet"]
    assert public_subnet["cidr"] == "172.24.4.0/24"
    assert public_subnet["gateway_ip"] == "172.24.4.1"
    private_subnet = demo.ok("GET", f"/subnets/{private['subnets'][0]}")["subnet"]
    assert private_subnet["cidr"] == "10.0.0.0/26"
    router = demo.find("routers", "router1")
    gateway = router["external_gateway_info"]
    assert gateway["network_id"] == public["id"] and gateway["enable_snat"] is True
    assert ipaddress.ip_address(gateway["external_fixed_ips"][0]["ip_address"]) in \
        ipaddress.ip_network("172.24.4.0/24")
    interfaces = demo.ok("GET", f"/ports?device_id={router['id']}"
                                f"&device_owner=network:router_interface")["ports"]
    assert [p["fixed_ips"][0]["ip_address"] for p in interfaces] == ["10.0.0.1"]
    # provider attributes are for admins
    assert "provider:network_type" not in public
    seen_by_admin = admin.ok("GET", f"/networks/{public['id']}")["network"]
    assert seen_by_admin["provider:network_type"] == "flat"
    assert seen_by_admin["provider:physical_network"] == "public"
    assert seen_by_admin["mtu"] == 1500 and private["mtu"] == 1442
    # each project has its default security group
    groups = demo.ok("GET", "/security-groups?name=default")["security_groups"]
    assert [g["project_id"] for g in groups] == [demo.project]


# ------------------------------------------------------------------ networks
def test_network_lifecycle(demo):
    created = demo.ok("POST", "/networks", {"network": {
        "name": "net-life", "description": "first", "admin_state_up": False,
        "port_security_enabled": False, "mtu": 1400}})["network"]
    assert created["status"] == "ACTIVE" and created["subnets"] == []
    assert created["project_id"] == created["tenant_id"] == demo.project
    assert created["admin_state_up"] is False and created["mtu"] == 1400
    assert created["port_security_enabled"] is False
    assert created["revision_number"] >= 1 and created["tags"] == []
    assert created["created_at"].endswith("Z") and created["availability_zones"] == ["nova"]
    shown = demo.ok("GET", f"/networks/{created['id']}")["network"]
    assert shown == created
    updated = demo.ok("PUT", f"/networks/{created['id']}", {"network": {
        "name": "net-life-2", "admin_state_up": "true"}})["network"]
    assert updated["name"] == "net-life-2" and updated["admin_state_up"] is True
    assert updated["revision_number"] > created["revision_number"]
    listed = demo.ok("GET", "/networks?name=net-life-2")["networks"]
    assert [n["id"] for n in listed] == [created["id"]]
    demo.ok("DELETE", f"/networks/{created['id']}")
    message = demo.error("GET", f"/networks/{created['id']}", status=404, kind="NetworkNotFound")
    assert message == f"Network {created['id']} could not be found."
    demo.error("DELETE", f"/networks/{created['id']}", status=404, kind="NetworkNotFound")


def test_bulk_create_is_all_or_nothing(demo):
    tag = uuid.uuid4().hex[:8]
    made = demo.ok("POST", "/networks", {"networks": [{"name": f"bulk-{tag}-1"},
                                                      {"name": f"bulk-{tag}-2"}]})["networks"]
    assert [n["name"] for n in made] == [f"bulk-{tag}-1", f"bulk-{tag}-2"]
    demo.error("POST", "/networks", {"networks": [{"name": f"bulk-{tag}-3"},
                                                  {"name": 5}]}, kind="HTTPBadRequest")
    net = made[0]["id"]
    demo.error("POST", "/subnets", {"subnets": [
        {"network_id": net, "cidr": "10.77.0.0/24", "ip_version": 4},
        {"network_id": net, "cidr": "10.77.0.0/25", "ip_version": 4}]}, kind="InvalidInput")
    assert demo.ok("GET", f"/subnets?network_id={net}")["subnets"] == []
    for item in made:
        demo.ok("DELETE", f"/networks/{item['id']}")


def test_network_requests_checked(demo, admin):
    demo.error("POST", "/networks", raw=b"{not json", kind="HTTPBadRequest")
    demo.error("POST", "/networks", raw=b"[]")
    demo.error("POST", "/networks", {"net": {}}, kind="HTTPBadRequest")
    message = demo.error("POST", "/networks", {"network": {"name": "x" * 256}})
    assert "exceeds maximum length of 255" in message
    assert "Unrecognized attribute" in demo.error("POST", "/networks", {"network": {"foo": 1}})
    assert "not allowed in POST" in demo.error("POST", "/networks", {"network": {"id": "x"}})
    assert "boolean" in demo.error("POST", "/networks", {"network": {"admin_state_up": "x"}})
    demo.error("POST", "/networks", {"network": {"mtu": "big"}})
    demo.error("POST", "/networks", {"network": {"name": ["a"]}})
    message = demo.error("POST", "/networks", {"network": {"shared": True}}, status=403,
                         kind="PolicyNotAuthorized")
    assert message == "(rule:create_network and rule:create_network:shared) is disallowed by " \
                      "policy"
    demo.error("POST", "/networks", {"network": {"router:external": True}}, status=403)
    demo.error("POST", "/networks", {"network": {"provider:network_type": "flat"}}, status=403)
    demo.error("POST", "/networks", {"network": {"project_id": admin.project}})
    net = demo.network()
    assert "read-only" in demo.error("PUT", f"/networks/{net['id']}",
                                     {"network": {"id": str(uuid.uuid4())}})
    demo.error("PUT", f"/networks/{net['id']}", {"network": {"shared": True}}, status=403)
    demo.error("GET", "/networks/not-a-uuid", status=404, kind="NetworkNotFound")
    demo.error("GET", "/nothing-here", status=404)
    demo.error("PATCH", "/networks", status=405)
    reply = demo.call("GET", "/networks", token="")
    assert reply.status == 401 and reply.header("www-authenticate")
    made = admin.ok("POST", "/networks", {"network": {
        "name": "admin-made", "project_id": demo.project, "provider:network_type": "vlan",
        "provider:physical_network": "physnet1", "provider:segmentation_id": 101}})["network"]
    assert made["project_id"] == demo.project and made["provider:segmentation_id"] == 101
    assert demo.ok("GET", f"/networks/{made['id']}")["network"]["mtu"] == 1500
    demo.ok("DELETE", f"/networks/{made['id']}")
    demo.ok("DELETE", f"/networks/{net['id']}")


def test_network_visibility_and_policy(demo, admin, other, localcloud):
    private = demo.network()
    shared = admin.network(shared=True)
    seen = {n["id"] for n in other.ok("GET", "/networks")["networks"]}
    assert shared["id"] in seen and private["id"] not in seen
    other.error("GET", f"/networks/{private['id']}", status=404, kind="NetworkNotFound")
    other.error("PUT", f"/networks/{private['id']}", {"network": {"name": "x"}}, status=404)
    other.error("DELETE", f"/networks/{private['id']}", status=404)
    # visible but not theirs: 403
    message = other.error("PUT", f"/networks/{shared['id']}", {"network": {"name": "x"}},
                          status=403, kind="PolicyNotAuthorized")
    assert message == "rule:update_network is disallowed by policy"
    other.error("DELETE", f"/networks/{shared['id']}", status=403)
    other.error("POST", "/subnets", {"subnet": {"network_id": shared["id"], "ip_version": 4,
                                                "cidr": "10.9.0.0/24"}}, status=403)
    other.error("POST", "/ports", {"port": {"network_id": private["id"]}}, status=404,
                kind="NetworkNotFound")
    # a port of another project on the shared network
    admin.subnet(shared["id"], "10.88.0.0/24")
    port = other.port(shared["id"])
    assert port["project_id"] == other.project
    assert port["id"] not in {p["id"] for p in demo.ok("GET", "/ports")["ports"]}
    assert port["id"] in {p["id"] for p in admin.ok("GET", "/ports")["ports"]}
    message = admin.error("PUT", f"/networks/{shared['id']}", {"network": {"shared": False}},
                          status=409, kind="InvalidSharedSetting")
    assert "Multiple tenants are using it" in message
    # admins see everything; readers cannot write
    assert private["id"] in {n["id"] for n in admin.ok("GET", "/networks")["networks"]}
    reader = member(localcloud, "reader")
    reader.ok("GET", "/networks")
    reader.error("POST", "/networks", {"network": {"name": "r"}}, status=403,
                 kind="PolicyNotAuthorized")
    other.ok("DELETE", f"/ports/{port['id']}")
    admin.ok("DELETE", f"/networks/{shared['id']}")
    demo.ok("DELETE", f"/networks/{private['id']}")
