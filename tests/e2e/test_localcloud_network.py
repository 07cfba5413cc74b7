"""Neutron v2.0 of the local cloud over raw HTTP: version documents, the DevStack seed,
networks, subnets (IPv4, IPv6, pools, gateways), ports (address allocation, MACs, bindings,
security), listings (filters, tags, sorting, pagination links, fields), tags, quotas,
extensions, policy and Neutron's error body. Every body of a success is validated against the
network OpenAPI spec.

The helpers here (`Neutron`, `check`, `member`) are shared with test_localcloud_network_*.py.
"""

from __future__ import annotations

import ipaddress
import json
import re
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
MAC = re.compile(r"^fa:16:3e(:[0-9a-f]{2}){3}$")


# ------------------------------------------------------------------ helpers
# Properties the network spec types wrongly (`security_group_rules` as a string ...): the
# official samples and Neutron answer them with these types; `check` verifies the type and
# leaves them out of the schema validation.
SPEC_ERRATA: dict[str, tuple[type, ...]] = {
    "security_group_rules": (list,), "port_details": (dict, type(None)),
    "port_forwardings": (list,), "port_range_min": (int, type(None)),
    "port_range_max": (int, type(None)),
}


def _without_errata(node: Any) -> Any:
    if isinstance(node, list):
        return [_without_errata(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in SPEC_ERRATA:
            assert isinstance(value, SPEC_ERRATA[key]), (key, value)
            continue
        out[key] = _without_errata(value)
    return out


def check(path: str, method: str, body: Any) -> None:
    """Validate a body against the network OpenAPI schema (the machinery of
    test_localcloud_schemas); says why when the reference material is absent."""
    if not (SHARED / "openapi").is_dir():
        print(f"not validated against OpenAPI: no reference material at {SHARED.resolve()}")
        return
    import test_localcloud_schemas as schemas

    schemas.validate("network", path, method, _without_errata(body))


def spec_path(path: str) -> str:
    """`/v2.0/networks/<uuid>/tags` -> `/v2.0/networks/{network_id}/tags` (the spec's name
    for the id of each collection)."""
    names = {"networks": "network_id", "subnets": "subnet_id", "ports": "port_id",
             "routers": "id", "floatingips": "id", "security-groups": "id",
             "security-group-rules": "id", "quotas": "id", "extensions": "id"}
    tag_names = {"routers": "router_id", "floatingips": "floatingip_id",
                 "security-groups": "security_group_id"}
    parts = path.split("?")[0].strip("/").split("/")
    out = []
    for index, part in enumerate(parts):
        previous = parts[index - 1] if index else ""
        if index >= 2 and previous in names:
            tagged = index + 1 < len(parts) and parts[index + 1] == "tags"
            out.append("{" + (tag_names.get(previous) if tagged and previous in tag_names
                              else names[previous]) + "}")
        elif index >= 2 and previous == "tags":
            out.append("{id}")
        else:
            out.append(part)
    return "/" + "/".join(out)


class Neutron:
    """Raw calls to /network/v2.0 as one token; successes checked against the spec."""

    def __init__(self, cloud: Any, token: str, project: str) -> None:
        self.cloud, self.token, self.project = cloud, token, project

    def call(self, method: str, path: str, body: Any = None, raw: bytes | None = None,
             token: str | None = None) -> Any:
        return self.cloud.call(method, "/network/v2.0" + path, body, raw=raw,
                               token=self.token if token is None else token)

    def ok(self, method: str, path: str, body: Any = None, status: int | None = None,
           validate: bool = True) -> Any:
        reply = self.call(method, path, body)
        expected = status or {"POST": 201, "DELETE": 204}.get(method, 200)
        assert reply.status == expected, (method, path, reply.status, reply.body)
        assert reply.header("x-openstack-request-id", ).startswith("req-")
        if reply.body and validate and expected != 204:
            check(spec_path("/v2.0" + path), method.lower(), reply.json)
        return reply.json

    def error(self, method: str, path: str, body: Any = None, status: int = 400,
              kind: str | None = None, raw: bytes | None = None) -> str:
        """The message of Neutron's error body, after checking its status and type."""
        reply = self.call(method, path, body, raw=raw)
        assert reply.status == status, (method, path, reply.status, reply.body)
        assert reply.header("x-openstack-request-id")
        error = reply.json["NeutronError"]
        assert set(error) == {"type", "message", "detail"}, error
        if kind is not None:
            assert error["type"] == kind, error
        return error["message"]

    # conveniences
    def network(self, **attrs: Any) -> dict[str, Any]:
        attrs.setdefault("name", f"net-{uuid.uuid4().hex[:8]}")
        return self.ok("POST", "/networks", {"network": attrs})["network"]

    def subnet(self, network_id: str, cidr: str, **attrs: Any) -> dict[str, Any]:
        body = {"network_id": network_id, "cidr": cidr,
                "ip_version": ipaddress.ip_network(cidr).version, **attrs}
        return self.ok("POST", "/subnets", {"subnet": body})["subnet"]

    def port(self, network_id: str, **attrs: Any) -> dict[str, Any]:
        return self.ok("POST", "/ports", {"port": {"network_id": network_id, **attrs}})["port"]

    def find(self, collection: str, name: str) -> dict[str, Any]:
        key = collection.replace("-", "_")
        found = self.ok("GET", f"/{collection}?name={name}")[key]
        assert len(found) == 1, found
        return found[0]


def identity_id(cloud: Any, token: str, path: str, key: str, name: str) -> str:
    return cloud.call("GET", f"/identity/v3/{path}?name={name}", token=token).json[key][0]["id"]


def member(cloud: Any, role: str = "member") -> Neutron:
    """A new project with a new user holding `role` on it (as admin through Keystone)."""
    admin = cloud.token()
    name = f"net-{uuid.uuid4().hex[:8]}"
    project = cloud.call("POST", "/identity/v3/projects", {"project": {
        "name": name, "domain_id": "default"}}, token=admin).json["project"]["id"]
    password = uuid.uuid4().hex
    user = cloud.call("POST", "/identity/v3/users", {"user": {
        "name": name, "domain_id": "default", "password": password}},
        token=admin).json["user"]["id"]
    role_id = identity_id(cloud, admin, "roles", "roles", role)
    reply = cloud.call("PUT", f"/identity/v3/projects/{project}/users/{user}/roles/{role_id}",
                       token=admin)
    assert reply.status == 204, reply.body
    reply = cloud.authenticate(name, name, password=password)
    assert reply.status == 201, reply.body
    return Neutron(cloud, reply.header("x-subject-token"), project)


def as_user(cloud: Any, user: str) -> Neutron:
    reply = cloud.authenticate(user)
    assert reply.status == 201, reply.body
    return Neutron(cloud, reply.header("x-subject-token"), reply.json["token"]["project"]["id"])


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


# ------------------------------------------------------------------ listings
def test_pagination_sorting_fields_and_filters(demo):
    tag = f"page-{uuid.uuid4().hex[:8]}"
    made = []
    for index in range(5):
        made.append(demo.ok("POST", "/networks", {"network": {
            "name": f"{tag}-{index}", "admin_state_up": index % 2 == 0,
            "tags": [tag]}})["network"])
    ids = sorted(n["id"] for n in made)
    seen: list[str] = []
    page = demo.ok("GET", f"/networks?tags={tag}&limit=2")
    while True:
        seen += [n["id"] for n in page["networks"]]
        links = {link["rel"]: link["href"] for link in page.get("networks_links", [])}
        assert "previous" in links
        if "next" not in links:
            break
        assert len(page["networks"]) == 2
        parts = urlsplit(links["next"])
        assert parts.path == "/network/v2.0/networks" and "marker=" in parts.query
        page = demo.ok("GET", f"/networks?{parts.query}")
    assert seen == ids
    back = demo.ok("GET", f"/networks?tags={tag}&limit=2&marker={ids[3]}&page_reverse=True")
    assert [n["id"] for n in back["networks"]] == ids[1:3]
    ordered = demo.ok("GET", f"/networks?tags={tag}&sort_key=name&sort_dir=desc")["networks"]
    assert [n["name"] for n in ordered] == [f"{tag}-{i}" for i in (4, 3, 2, 1, 0)]
    two_keys = demo.ok("GET", f"/networks?tags={tag}&sort_key=admin_state_up&sort_dir=asc"
                              f"&sort_key=name&sort_dir=asc")["networks"]
    assert [n["name"][-1] for n in two_keys] == ["1", "3", "0", "2", "4"]
    fields = demo.ok("GET", f"/networks?tags={tag}&fields=id&fields=name", validate=False)
    assert all(set(n) == {"id", "name"} for n in fields["networks"])
    shown = demo.ok("GET", f"/networks/{made[0]['id']}?fields=status", validate=False)
    assert shown == {"network": {"status": "ACTIVE"}}
    down = demo.ok("GET", f"/networks?tags={tag}&admin_state_up=False")["networks"]
    assert sorted(n["name"][-1] for n in down) == ["1", "3"]
    either = demo.ok("GET", f"/networks?name={tag}-1&name={tag}-2")["networks"]
    assert len(either) == 2
    external = demo.ok("GET", "/networks?router:external=True")["networks"]
    assert [n["name"] for n in external] == ["public"]
    assert demo.ok("GET", f"/networks?tags={tag}&limit=10").get("networks_links") == [
        {"rel": "previous", "href": demo.ok("GET", f"/networks?tags={tag}&limit=10")[
            "networks_links"][0]["href"]}]
    demo.error("GET", "/networks?bogus=1", kind="HTTPBadRequest")
    demo.error("GET", "/networks?sort_key=name")
    demo.error("GET", "/networks?sort_key=bogus&sort_dir=asc")
    demo.error("GET", "/networks?sort_key=name&sort_dir=up")
    demo.error("GET", "/networks?limit=-1")
    demo.error("GET", "/networks?limit=x")
    demo.error("GET", "/networks?admin_state_up=maybe")
    demo.error("GET", f"/networks?limit=1&marker={uuid.uuid4()}", status=404,
               kind="NetworkNotFound")
    for item in made:
        demo.ok("DELETE", f"/networks/{item['id']}")


def test_tags(demo):
    net = demo.network()
    path = f"/networks/{net['id']}/tags"
    assert demo.ok("PUT", path, {"tags": ["red", "blue", "red"]}) == {"tags": ["red", "blue"]}
    assert demo.ok("GET", path) == {"tags": ["red", "blue"]}
    reply = demo.call("PUT", f"{path}/green")
    assert reply.status == 201
    assert demo.call("GET", f"{path}/green").status == 204
    message = demo.error("GET", f"{path}/pink", status=404, kind="TagNotFound")
    assert "pink" in message
    assert demo.call("DELETE", f"{path}/green").status == 204
    demo.error("DELETE", f"{path}/green", status=404, kind="TagNotFound")
    demo.error("PUT", path, {"tags": "red"})
    demo.error("PUT", path, {"tags": ["a,b"]})
    demo.error("PUT", path, {"tags": ["x" * 256]})
    demo.error("PUT", path, {"other": []})
    shown = demo.ok("GET", f"/networks/{net['id']}")["network"]
    assert shown["tags"] == ["red", "blue"] and shown["revision_number"] > net["revision_number"]
    second = demo.network(tags=["blue", "green"])
    assert second["tags"] == ["blue", "green"]

    def names(query: str) -> set[str]:
        found = demo.ok("GET", f"/networks?{query}")["networks"]
        return {n["id"] for n in found} & {net["id"], second["id"]}

    assert names("tags=red,blue") == {net["id"]}
    assert names("tags=blue") == {net["id"], second["id"]}
    assert names("tags-any=red,green") == {net["id"], second["id"]}
    assert names("not-tags=blue,green") == {net["id"]}
    assert names("not-tags-any=red") == {second["id"]}
    assert demo.call("DELETE", path).status == 204
    assert demo.ok("GET", path) == {"tags": []}
    # the other taggable collections
    subnet = demo.subnet(net["id"], "10.70.0.0/24")
    port = demo.port(net["id"])
    group = demo.ok("POST", "/security-groups", {"security_group": {"name": "tagged"}})[
        "security_group"]
    router = demo.ok("POST", "/routers", {"router": {"name": "tagged"}})["router"]
    for collection, ident in (("subnets", subnet["id"]), ("ports", port["id"]),
                              ("security-groups", group["id"]), ("routers", router["id"])):
        assert demo.ok("PUT", f"/{collection}/{ident}/tags", {"tags": ["t"]}) == {"tags": ["t"]}
        assert demo.ok("GET", f"/{collection}?tags=t")[collection.replace("-", "_")]
    demo.error("PUT", f"/ports/{uuid.uuid4()}/tags", {"tags": ["t"]}, status=404,
               kind="PortNotFound")
    for path in (f"/ports/{port['id']}", f"/security-groups/{group['id']}",
                 f"/routers/{router['id']}", f"/networks/{net['id']}",
                 f"/networks/{second['id']}"):
        demo.ok("DELETE", path)


# ------------------------------------------------------------------ quotas and extensions
def test_quotas(admin, localcloud):
    user = member(localcloud)
    defaults = {"network": 100, "subnet": 100, "port": 500, "router": 10, "floatingip": 50,
                "security_group": 10, "security_group_rule": 100}
    quota = user.ok("GET", f"/quotas/{user.project}")["quota"]
    assert {k: quota[k] for k in defaults} == defaults
    assert user.ok("GET", f"/quotas/{user.project}/default")["quota"]["port"] == 500
    net = user.network()
    details = user.ok("GET", f"/quotas/{user.project}/details")["quota"]
    assert details["network"] == {"used": 1, "limit": 100, "reserved": 0}
    assert details["security_group"]["used"] == 1  # the default group
    assert details["security_group_rule"]["used"] == 4
    user.error("PUT", f"/quotas/{user.project}", {"quota": {"network": 5}}, status=403)
    user.error("GET", f"/quotas/{admin.project}", status=403)
    user.error("GET", "/quotas", status=403)
    updated = admin.ok("PUT", f"/quotas/{user.project}", {"quota": {
        "network": 1, "port": 2}})["quota"]
    assert updated["network"] == 1 and updated["port"] == 2 and updated["router"] == 10
    assert user.project in {q["project_id"] for q in admin.ok("GET", "/quotas")["quotas"]}
    message = user.error("POST", "/networks", {"network": {"name": "two"}}, status=409,
                         kind="OverQuota")
    assert "network" in message
    user.subnet(net["id"], "10.80.0.0/24")
    user.port(net["id"])
    user.port(net["id"])
    user.error("POST", "/ports", {"port": {"network_id": net["id"]}}, status=409,
               kind="OverQuota")
    admin.error("PUT", f"/quotas/{user.project}", {"quota": {"network": -2}})
    admin.error("PUT", f"/quotas/{user.project}", {"quota": {"networks": 2}})
    admin.error("PUT", f"/quotas/{user.project}", {"quota": {"network": "many"}})
    admin.ok("PUT", f"/quotas/{user.project}", {"quota": {"network": -1}})
    user.network()
    admin.ok("DELETE", f"/quotas/{user.project}")
    assert user.ok("GET", f"/quotas/{user.project}")["quota"]["port"] == 500


def test_extensions(demo):
    listed = demo.ok("GET", "/extensions")["extensions"]
    aliases = {e["alias"] for e in listed}
    assert {"router", "external-net", "security-group", "quotas", "standard-attr-tag",
            "standard-attr-description", "standard-attr-timestamp",
            "standard-attr-revisions", "binding", "allowed-address-pairs", "port-security",
            "pagination", "sorting"} <= aliases
    assert "agent" in aliases and "dvr" not in aliases
    shown = demo.ok("GET", "/extensions/router")["extension"]
    assert shown["alias"] == "router" and set(shown) == {"alias", "name", "description",
                                                         "updated", "links"}
    demo.error("GET", "/extensions/dvr", status=404)


# Attributes of the official samples that belong to extensions this cloud does not offer
# (DNS integration, QoS, pvlan, QinQ, VLAN transparency, data plane status, conntrack helpers,
# service types, hardware offload, uplink status, auto-allocated topology) or that the spec
# and the samples type differently (l2_adjacency).
NOT_OFFERED = {"dns_domain", "dns_name", "dns_assignment", "is_default", "l2_adjacency", "pvlan",
               "qinq", "vlan_transparent", "qos_policy_id", "qos_network_policy_id",
               "data_plane_status", "hardware_offload_type", "propagate_uplink_status",
               "pvlan_community", "pvlan_type", "conntrack_helpers", "service_type_id"}
# What the samples (made without the admin-only extension attributes) do not show.
ADMIN_EXTRA = {"provider:network_type", "provider:physical_network", "provider:segmentation_id",
               "binding:host_id", "binding:profile", "binding:vif_details", "binding:vif_type",
               "binding:vnic_type", "description"}


def test_keys_match_the_samples(localcloud, admin):
    if not (SHARED / "api-samples").is_dir():
        pytest.skip(f"no reference samples at {SHARED.resolve()}")
    samples = SHARED / "api-samples" / "neutron"
    public = admin.find("networks", "public")
    fip = admin.ok("POST", "/floatingips", {"floatingip": {
        "floating_network_id": public["id"]}})["floatingip"]
    ours = {
        "networks/network-show-response.json": public,
        "subnets/subnet-show-response.json": admin.ok(
            "GET", f"/subnets/{public['subnets'][0]}")["subnet"],
        "ports/port-show-response.json": admin.ok("GET", "/ports?limit=1")["ports"][0],
        "routers/router-show-response.json": admin.find("routers", "router1"),
        "security-groups/security-group-show-response.json": admin.ok(
            "GET", "/security-groups?limit=1")["security_groups"][0],
        "security-groups/security-group-rule-show-response.json": admin.ok(
            "GET", "/security-group-rules?limit=1")["security_group_rules"][0],
        "floatingips/floatingip-show-response.json": fip,
    }
    for name, item in ours.items():
        sample = next(iter(json.loads((samples / name).read_text()).values()))
        assert set(sample) - NOT_OFFERED <= set(item), (name, set(sample) - set(item))
        assert set(item) - set(sample) <= ADMIN_EXTRA, (name, set(item) - set(sample))
    admin.ok("DELETE", f"/floatingips/{fip['id']}")
