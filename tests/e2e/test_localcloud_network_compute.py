"""Nova and Neutron together over raw HTTP: the ports of servers (`networks` as auto, network,
fixed IP or port), their addresses and floating IPs in the server view, security groups added
and removed through server actions, `os-interface` (list, attach, show, detach; validated
against the compute spec per microversion) and what a server's deletion does to its ports."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from tests.support.neutron import Neutron

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
CIRROS_ID = "6f1ad2f8-5fa2-4b67-9d16-0c1e0dbd9a1a"


def check_compute(path: str, method: str, body: Any, mv: str) -> None:
    if not (SHARED / "openapi").is_dir():
        print(f"not validated against OpenAPI: no reference material at {SHARED.resolve()}")
        return
    import test_localcloud_schemas as schemas

    version = tuple(int(p) for p in mv.split("."))
    schemas.validate("compute", path, method, body, version)


class Nova:
    def __init__(self, cloud: Any, neutron: Neutron) -> None:
        self.cloud, self.token = cloud, neutron.token

    def call(self, method: str, path: str, body: Any = None, mv: str = "2.96") -> Any:
        return self.cloud.call(method, "/compute/v2.1" + path, body, token=self.token,
                               headers={"OpenStack-API-Version": f"compute {mv}"})

    def boot(self, networks: Any, name: str = "net-vm", **extra: Any) -> dict[str, Any]:
        reply = self.call("POST", "/servers", {"server": {
            "name": name, "imageRef": CIRROS_ID, "flavorRef": "1", "networks": networks,
            **extra}})
        assert reply.status == 202, reply.body
        server_id = reply.json["server"]["id"]
        self.cloud.wait_for(lambda: self.server(server_id)["status"] == "ACTIVE", timeout=15)
        return self.server(server_id)

    def server(self, server_id: str) -> dict[str, Any]:
        reply = self.call("GET", f"/servers/{server_id}")
        assert reply.status == 200, reply.body
        return reply.json["server"]

    def delete(self, server_id: str) -> None:
        assert self.call("DELETE", f"/servers/{server_id}").status == 204
        self.cloud.wait_for(lambda: self.call("GET", f"/servers/{server_id}").status == 404,
                            timeout=15)

    def fault(self, reply: Any, status: int, name: str) -> str:
        assert reply.status == status, reply.body
        return reply.json[name]["message"]


def test_boot_ports_addresses_and_deletion(demo, admin, nova, private):
    server = nova.boot("auto")
    sid = server["id"]
    ports = demo.ok("GET", f"/ports?device_id={sid}")["ports"]
    assert len(ports) == 1
    port = ports[0]
    assert port["device_owner"] == "compute:nova" and port["status"] == "ACTIVE"
    assert port["network_id"] == private["id"]
    assert admin.ok("GET", f"/ports/{port['id']}")["port"]["binding:host_id"] == "localcloud"
    address = port["fixed_ips"][0]["ip_address"]
    assert server["addresses"] == {"private": [{
        "version": 4, "addr": address, "OS-EXT-IPS:type": "fixed",
        "OS-EXT-IPS-MAC:mac_addr": port["mac_address"]}]}
    assert server["security_groups"] == [{"name": "default"}]
    # a floating IP on the server's port shows among its addresses
    public = demo.find("networks", "public")
    fip = demo.ok("POST", "/floatingips", {"floatingip": {
        "floating_network_id": public["id"], "port_id": port["id"]}})["floatingip"]
    addresses = nova.server(sid)["addresses"]["private"]
    assert [a["OS-EXT-IPS:type"] for a in addresses] == ["fixed", "floating"]
    assert addresses[1]["addr"] == fip["floating_ip_address"]
    listed = nova.call("GET", f"/servers/detail?name=^{server['name']}$").json["servers"]
    assert any(s["id"] == sid and s["addresses"] == {"private": addresses} for s in listed)
    nova.delete(sid)
    demo.error("GET", f"/ports/{port['id']}", status=404, kind="PortNotFound")
    assert demo.ok("GET", f"/floatingips/{fip['id']}")["floatingip"]["port_id"] is None
    demo.ok("DELETE", f"/floatingips/{fip['id']}")


def test_boot_on_networks_ports_and_fixed_ips(demo, nova, private):
    net = demo.network()
    subnet = demo.subnet(net["id"], "10.140.0.0/24")
    own = demo.port(net["id"], name="mine")
    server = nova.boot([{"uuid": net["id"], "fixed_ip": "10.140.0.77"}, {"port": own["id"]}])
    sid = server["id"]
    addresses = server["addresses"][net["name"]]
    assert sorted(a["addr"] for a in addresses) == sorted(
        ["10.140.0.77", own["fixed_ips"][0]["ip_address"]])
    bound = demo.ok("GET", f"/ports/{own['id']}")["port"]
    assert bound["device_id"] == sid and bound["device_owner"] == "compute:nova"
    # Nova's 400 and 409 for what cannot be used
    bare = demo.network()
    for networks, status, text in (
            ([{"uuid": bare["id"]}], 400, "requires a subnet"),
            ("auto", 409, "Multiple possible networks found"),
            ([{"uuid": str(uuid.uuid4())}], 400, "could not be found"),
            ([{"port": str(uuid.uuid4())}], 400, "could not be found"),
            ([{"port": own["id"]}], 409, "still in use"),
            ([{"uuid": net["id"], "fixed_ip": "10.140.0.77"}], 409, "already in use")):
        reply = nova.call("POST", "/servers", {"server": {
            "name": "bad", "imageRef": CIRROS_ID, "flavorRef": "1", "networks": networks}})
        name = "badRequest" if status == 400 else "conflictingRequest"
        assert text in nova.fault(reply, status, name), (networks, reply.body)
    nova.delete(sid)
    # the port Nova made is gone, the user's own is unbound and kept
    remaining = demo.ok("GET", f"/ports?network_id={net['id']}")["ports"]
    assert [p["id"] for p in remaining] == [own["id"]]
    assert remaining[0]["device_id"] == "" and remaining[0]["status"] == "DOWN"
    assert demo.ok("GET", f"/subnets/{subnet['id']}")["subnet"]["id"] == subnet["id"]
    demo.ok("DELETE", f"/ports/{own['id']}")
    demo.ok("DELETE", f"/networks/{net['id']}")
    demo.ok("DELETE", f"/networks/{bare['id']}")


def test_security_group_actions(demo, nova, private):
    server = nova.boot("auto", name="sg-vm")
    sid = server["id"]
    group = demo.ok("POST", "/security-groups", {"security_group": {
        "name": f"sg-{uuid.uuid4().hex[:6]}"}})["security_group"]
    reply = nova.call("POST", f"/servers/{sid}/action", {"addSecurityGroup": {
        "name": group["name"]}})
    assert reply.status == 202, reply.body
    port = demo.ok("GET", f"/ports?device_id={sid}")["ports"][0]
    assert group["id"] in port["security_groups"] and len(port["security_groups"]) == 2
    names = {g["name"] for g in nova.server(sid)["security_groups"]}
    assert names == {"default", group["name"]}
    demo.error("DELETE", f"/security-groups/{group['id']}", status=409,
               kind="SecurityGroupInUse")
    reply = nova.call("POST", f"/servers/{sid}/action", {"removeSecurityGroup": {
        "name": group["name"]}})
    assert reply.status == 202, reply.body
    assert nova.server(sid)["security_groups"] == [{"name": "default"}]
    reply = nova.call("POST", f"/servers/{sid}/action", {"removeSecurityGroup": {
        "name": group["name"]}})
    assert "not associated" in nova.fault(reply, 400, "badRequest")
    reply = nova.call("POST", f"/servers/{sid}/action", {"addSecurityGroup": {
        "name": "no-such-group"}})
    assert reply.status == 404, reply.body
    nova.delete(sid)
    demo.ok("DELETE", f"/security-groups/{group['id']}")


@pytest.mark.parametrize("mv", ["2.1", "2.49", "2.70", "2.96"])
def test_os_interface(demo, nova, private, mv):
    server = nova.boot("none", name=f"if-vm-{mv}")
    sid = server["id"]
    base = f"/servers/{sid}/os-interface"
    listed = nova.call("GET", base, mv=mv)
    assert listed.status == 200 and listed.json == {"interfaceAttachments": []}
    check_compute("/v2.1/servers/{server_id}/os-interface", "get", listed.json, mv)
    net = demo.network()
    subnet = demo.subnet(net["id"], "10.150.0.0/24")
    body: dict[str, Any] = {"net_id": net["id"], "fixed_ips": [{"ip_address": "10.150.0.9"}]}
    if mv >= "2.49":
        body["tag"] = "nic1"
    reply = nova.call("POST", base, {"interfaceAttachment": body}, mv=mv)
    assert reply.status == 200, reply.body
    check_compute("/v2.1/servers/{server_id}/os-interface", "post", reply.json, mv)
    attached = reply.json["interfaceAttachment"]
    assert attached["net_id"] == net["id"] and attached["port_state"] == "ACTIVE"
    assert attached["fixed_ips"] == [{"ip_address": "10.150.0.9", "subnet_id": subnet["id"]}]
    assert ("tag" in attached) == (tuple(map(int, mv.split("."))) >= (2, 70))
    if "tag" in attached:
        assert attached["tag"] == "nic1"
    own = demo.port(net["id"])
    reply = nova.call("POST", base, {"interfaceAttachment": {"port_id": own["id"]}}, mv=mv)
    assert reply.status == 200 and reply.json["interfaceAttachment"]["port_id"] == own["id"]
    shown = nova.call("GET", f"{base}/{own['id']}", mv=mv)
    assert shown.status == 200, shown.body
    check_compute("/v2.1/servers/{server_id}/os-interface/{id}", "get", shown.json, mv)
    assert shown.json["interfaceAttachment"]["mac_addr"] == own["mac_address"]
    all_of_them = nova.call("GET", base, mv=mv).json["interfaceAttachments"]
    assert {i["port_id"] for i in all_of_them} == {attached["port_id"], own["id"]}
    assert {a["addr"] for a in nova.server(sid)["addresses"][net["name"]]} == {
        "10.150.0.9", own["fixed_ips"][0]["ip_address"]}
    # Nova's errors
    for payload, status in (
            ({"interfaceAttachment": {"net_id": net["id"], "port_id": own["id"]}}, 400),
            ({"interfaceAttachment": {"fixed_ips": [{"ip_address": "10.150.0.3"}]}}, 400),
            ({"interfaceAttachment": {"net_id": "junk"}}, 400),
            ({"interfaceAttachment": {"bogus": 1}}, 400),
            ({"interfaceAttachment": {"net_id": str(uuid.uuid4())}}, 404),
            ({"interfaceAttachment": {"port_id": str(uuid.uuid4())}}, 404),
            ({"interfaceAttachment": {"port_id": own["id"]}}, 409),
            ({"interfaceAttachment": {"net_id": net["id"],
                                      "fixed_ips": [{"ip_address": "10.150.0.9"}]}}, 409)):
        reply = nova.call("POST", base, payload, mv=mv)
        assert reply.status == status, (payload, reply.body)
        assert set(reply.json) <= {"badRequest", "itemNotFound", "conflictingRequest"}
    if mv < "2.49":
        reply = nova.call("POST", base, {"interfaceAttachment": {"net_id": net["id"],
                                                                 "tag": "x"}}, mv=mv)
        assert reply.status == 400, reply.body
    missing = nova.call("GET", f"{base}/{uuid.uuid4()}", mv=mv)
    assert missing.status == 404 and "itemNotFound" in missing.json
    # detach: Nova's port is deleted, the user's is unbound
    assert nova.call("DELETE", f"{base}/{attached['port_id']}", mv=mv).status == 202
    assert nova.call("DELETE", f"{base}/{own['id']}", mv=mv).status == 202
    assert nova.call("DELETE", f"{base}/{own['id']}", mv=mv).status == 404
    demo.error("GET", f"/ports/{attached['port_id']}", status=404)
    assert demo.ok("GET", f"/ports/{own['id']}")["port"]["device_id"] == ""
    assert nova.call("GET", base, mv=mv).json == {"interfaceAttachments": []}
    stranger = nova.call("GET", f"/servers/{uuid.uuid4()}/os-interface", mv=mv)
    assert stranger.status == 404
    nova.delete(sid)
    demo.ok("DELETE", f"/ports/{own['id']}")
    demo.ok("DELETE", f"/networks/{net['id']}")
