"""Nova's proxy APIs to the network service over raw HTTP: `/os-security-groups` and
`/os-security-group-rules` (Nova's view of Neutron's groups, its own rule checks), a server's
`/os-security-groups`, `/os-floating-ips`, `/os-floating-ip-pools` and the `addFloatingIp` /
`removeFloatingIp` actions, `/os-networks` and `/os-tenant-networks`, `injectNetworkInfo`,
the 404 from 2.36 (2.44 for the actions) and the nova-network quotas of a quota class."""

from __future__ import annotations

import uuid

from raw_nova import ok
from test_localcloud_network_compute import Nova, check_compute

PROXY = "2.35"


def test_security_groups(demo, nova):
    name = f"sg-{uuid.uuid4().hex[:6]}"
    created = ok(nova.call("POST", "/os-security-groups", {"security_group": {
        "name": name, "description": "web"}}, mv=PROXY))["security_group"]
    check_compute("/v2.1/os-security-groups", "post", {"security_group": created}, PROXY)
    assert created == {"id": created["id"], "name": name, "description": "web",
                       "tenant_id": demo.project, "rules": []}
    listed = ok(nova.call("GET", "/os-security-groups", mv=PROXY))["security_groups"]
    check_compute("/v2.1/os-security-groups", "get", {"security_groups": listed}, PROXY)
    assert [g["name"] for g in listed] == sorted(g["name"] for g in listed)
    default = next(g for g in listed if g["name"] == "default")
    # the default group's ingress rules come from its own members
    assert {(r["ip_protocol"], r["from_port"], r["to_port"]) for r in default["rules"]} == {
        (None, None, None)}
    assert all(r["group"] == {"name": "default", "tenant_id": demo.project}
               and r["ip_range"] == {} for r in default["rules"])
    gid = created["id"]
    rule = ok(nova.call("POST", "/os-security-group-rules", {"security_group_rule": {
        "parent_group_id": gid, "ip_protocol": "tcp", "from_port": 22, "to_port": 22,
        "cidr": "10.2.3.124/24"}}, mv=PROXY))["security_group_rule"]
    assert rule == {"id": rule["id"], "parent_group_id": gid, "ip_protocol": "tcp",
                    "from_port": 22, "to_port": 22, "group": {},
                    "ip_range": {"cidr": "10.2.3.124/24"}}
    stored = demo.ok("GET", f"/security-group-rules/{rule['id']}")["security_group_rule"]
    assert (stored["direction"], stored["ethertype"], stored["port_range_min"],
            stored["remote_ip_prefix"]) == ("ingress", "IPv4", 22, "10.2.3.124/24")
    icmp = ok(nova.call("POST", "/os-security-group-rules", {"security_group_rule": {
        "parent_group_id": gid, "ip_protocol": "icmp", "from_port": -1,
        "to_port": -1}}, mv=PROXY))["security_group_rule"]
    assert (icmp["from_port"], icmp["to_port"], icmp["ip_range"]) == (
        -1, -1, {"cidr": "0.0.0.0/0"})
    peer = ok(nova.call("POST", "/os-security-group-rules", {"security_group_rule": {
        "parent_group_id": gid, "ip_protocol": "udp", "group_id": default["id"]}},
        mv=PROXY))["security_group_rule"]
    assert (peer["from_port"], peer["to_port"], peer["group"]) == (
        1, 65535, {"name": "default", "tenant_id": demo.project})
    shown = ok(nova.call("GET", f"/os-security-groups/{gid}", mv=PROXY))["security_group"]
    assert {r["id"] for r in shown["rules"]} == {rule["id"], icmp["id"], peer["id"]}
    # Nova's 400s, Neutron's 404 as Nova words it
    for body, text in (
            ({"ip_protocol": "tcp", "from_port": 22, "to_port": 22}, "already exists"),
            ({"ip_protocol": "gre", "from_port": 1, "to_port": 2}, "Invalid IP protocol gre"),
            ({"ip_protocol": "tcp", "from_port": 22, "to_port": 70000}, "Invalid port range"),
            ({"ip_protocol": "tcp", "from_port": 22, "to_port": 21}, "Invalid port range"),
            ({"ip_protocol": "tcp"}, "Not enough parameters"),
            ({"ip_protocol": "tcp", "from_port": 1, "to_port": 2, "cidr": "10.0.0.1"},
             "not a valid IP network")):
        reply = nova.call("POST", "/os-security-group-rules", {"security_group_rule": {
            "parent_group_id": gid, "cidr": "10.2.3.124/24", **body}}, mv=PROXY)
        assert text in nova.fault(reply, 400, "badRequest"), body
    reply = nova.call("POST", "/os-security-group-rules", {"security_group_rule": {
        "parent_group_id": "not-a-uuid", "ip_protocol": "tcp"}}, mv=PROXY)
    assert nova.fault(reply, 400, "badRequest") == "Security group id should be uuid"
    missing = str(uuid.uuid4())
    reply = nova.call("GET", f"/os-security-groups/{missing}", mv=PROXY)
    assert nova.fault(reply, 404, "itemNotFound") == f"Security group {missing} does not exist"
    reply = nova.call("DELETE", f"/os-security-group-rules/{missing}", mv=PROXY)
    assert reply.status == 404, reply.body
    renamed = ok(nova.call("PUT", f"/os-security-groups/{gid}", {"security_group": {
        "name": f"{name}-2", "description": "web 2"}}, mv=PROXY))["security_group"]
    assert (renamed["name"], renamed["description"]) == (f"{name}-2", "web 2")
    assert nova.call("DELETE", f"/os-security-group-rules/{icmp['id']}",
                     mv=PROXY).status == 202
    reply = nova.call("DELETE", f"/os-security-groups/{default['id']}", mv=PROXY)
    assert "default security group" in nova.fault(reply, 400, "badRequest")
    # gone from 2.36 on
    reply = nova.call("GET", "/os-security-groups", mv="2.36")
    assert nova.fault(reply, 404, "itemNotFound") == "The resource could not be found."
    assert nova.call("DELETE", f"/os-security-groups/{gid}", mv=PROXY).status == 202
    demo.error("GET", f"/security-groups/{gid}", status=404)


def test_server_groups_and_floating_ips(demo, nova, private):
    server = nova.boot("auto", name="fip-vm")
    sid = server["id"]
    fixed = server["addresses"]["private"][0]["addr"]
    group = ok(nova.call("POST", "/os-security-groups", {"security_group": {
        "name": f"sg-{uuid.uuid4().hex[:6]}", "description": ""}}, mv=PROXY))["security_group"]
    assert nova.call("POST", f"/servers/{sid}/action", {"addSecurityGroup": {
        "name": group["name"]}}).status == 202
    # the server's groups in full, at any microversion
    listed = ok(nova.call("GET", f"/servers/{sid}/os-security-groups"))["security_groups"]
    assert sorted(g["name"] for g in listed) == sorted(["default", group["name"]])
    reply = nova.call("DELETE", f"/os-security-groups/{group['id']}", mv=PROXY)
    assert "in use" in nova.fault(reply, 400, "badRequest")
    # pools and allocation
    pools = ok(nova.call("GET", "/os-floating-ip-pools", mv=PROXY))["floating_ip_pools"]
    assert {"name": "public"} in pools
    fip = ok(nova.call("POST", "/os-floating-ips", {"pool": "public"}, mv=PROXY))["floating_ip"]
    check_compute("/v2.1/os-floating-ips", "post", {"floating_ip": fip}, PROXY)
    assert (fip["pool"], fip["fixed_ip"], fip["instance_id"]) == ("public", None, None)
    reply = nova.call("POST", "/os-floating-ips", {"pool": "no-such-pool"}, mv=PROXY)
    assert nova.fault(reply, 404, "itemNotFound") == "Floating IP pool not found."
    listed = ok(nova.call("GET", "/os-floating-ips", mv=PROXY))["floating_ips"]
    assert fip in listed
    # associate, see it on the server, refuse to remove it from another server
    reply = nova.call("POST", f"/servers/{sid}/action", {"addFloatingIp": {
        "address": fip["ip"]}}, mv="2.43")
    assert reply.status == 202, reply.body
    shown = ok(nova.call("GET", f"/os-floating-ips/{fip['id']}", mv=PROXY))["floating_ip"]
    assert (shown["instance_id"], shown["fixed_ip"]) == (sid, fixed)
    assert fip["ip"] in [a["addr"] for a in nova.server(sid)["addresses"]["private"]]
    second = ok(nova.call("POST", "/os-floating-ips", {}, mv=PROXY))["floating_ip"]
    reply = nova.call("POST", f"/servers/{sid}/action", {"addFloatingIp": {
        "address": second["ip"]}}, mv="2.43")
    assert "already has a floating IP" in nova.fault(reply, 400, "badRequest")
    other = nova.boot("auto", name="fip-vm-2")["id"]
    reply = nova.call("POST", f"/servers/{other}/action", {"removeFloatingIp": {
        "address": fip["ip"]}}, mv="2.43")
    assert "is not associated with instance" in nova.fault(reply, 409, "conflictingRequest")
    reply = nova.call("POST", f"/servers/{sid}/action", {"addFloatingIp": {
        "address": "0.0.0.0"}}, mv="2.43")
    assert nova.fault(reply, 404, "itemNotFound") == "floating IP not found"
    reply = nova.call("POST", f"/servers/{sid}/action", {"addFloatingIp": {"address": ""}},
                      mv="2.43")
    assert reply.status == 400, reply.body
    reply = nova.call("POST", f"/servers/{sid}/action", {"removeFloatingIp": {
        "address": fip["ip"]}}, mv="2.44")
    assert reply.status == 404, reply.body
    assert nova.call("POST", f"/servers/{sid}/action", {"removeFloatingIp": {
        "address": fip["ip"]}}, mv="2.43").status == 202
    shown = ok(nova.call("GET", f"/os-floating-ips/{fip['id']}", mv=PROXY))["floating_ip"]
    assert (shown["instance_id"], shown["fixed_ip"]) == (None, None)
    for item in (fip, second):
        assert nova.call("DELETE", f"/os-floating-ips/{item['id']}", mv=PROXY).status == 202
    reply = nova.call("GET", f"/os-floating-ips/{fip['id']}", mv=PROXY)
    assert nova.fault(reply, 404, "itemNotFound") == f"Floating IP not found for ID {fip['id']}"
    assert nova.call("GET", "/os-floating-ips", mv="2.36").status == 404
    nova.delete(sid)
    nova.delete(other)
    assert nova.call("DELETE", f"/os-security-groups/{group['id']}", mv=PROXY).status == 202


def test_networks_and_inject_network_info(localcloud, demo, admin, nova, private):
    listed = ok(nova.call("GET", "/os-networks", mv=PROXY))["networks"]
    mine = next(n for n in listed if n["id"] == private["id"])
    assert mine["label"] == "private" and mine["cidr"] is None and "bridge" not in mine
    shown = ok(nova.call("GET", f"/os-networks/{private['id']}", mv=PROXY))["network"]
    assert shown == mine
    reply = nova.call("GET", f"/os-networks/{uuid.uuid4()}", mv=PROXY)
    assert nova.fault(reply, 404, "itemNotFound") == "Network not found"
    tenant = ok(nova.call("GET", "/os-tenant-networks", mv=PROXY))["networks"]
    assert {"id": private["id"], "cidr": "None", "label": "private"} in tenant
    assert "public" in [n["label"] for n in tenant]
    shown = ok(nova.call("GET", f"/os-tenant-networks/{private['id']}", mv=PROXY))
    assert shown == {"network": {"id": private["id"], "cidr": "None", "label": "private"}}
    for method, path in (("POST", "/os-networks"), ("POST", "/os-tenant-networks"),
                         ("DELETE", f"/os-networks/{private['id']}")):
        assert nova.call(method, path, {"network": {}}, mv=PROXY).status == 410
    assert nova.call("GET", "/os-tenant-networks", mv="2.36").status == 404
    # injectNetworkInfo: admins only
    sid = nova.boot("auto", name="inject-vm")["id"]
    reply = nova.call("POST", f"/servers/{sid}/action", {"injectNetworkInfo": None})
    assert reply.status == 403, reply.body
    as_admin = Nova(localcloud, admin)
    reply = as_admin.call("POST", f"/servers/{sid}/action", {"injectNetworkInfo": None})
    assert reply.status == 202, reply.body
    nova.delete(sid)


def test_quota_class_keeps_network_quotas(localcloud, admin):
    nova = Nova(localcloud, admin)
    path = "/os-quota-class-sets/default"
    before = ok(nova.call("GET", path, mv="2.49"))["quota_class_set"]
    assert before["floating_ips"] == 10
    changed = ok(nova.call("PUT", path, {"quota_class_set": {
        "floating_ips": 110, "security_groups": 111}}, mv="2.49"))["quota_class_set"]
    assert (changed["floating_ips"], changed["security_groups"]) == (110, 111)
    assert ok(nova.call("GET", path, mv="2.49"))["quota_class_set"]["floating_ips"] == 110
    assert "floating_ips" not in ok(nova.call("GET", path, mv="2.50"))["quota_class_set"]
    ok(nova.call("PUT", path, {"quota_class_set": {
        "floating_ips": before["floating_ips"],
        "security_groups": before["security_groups"]}}, mv="2.49"))
