"""Volumes and servers: Nova's `/servers/{id}/os-volume_attachments` (attach -> attaching ->
in-use, detach -> detaching -> available, swap, delete_on_termination, Nova's 409/400/404),
boot from volume with `block_device_mapping_v2`, the volumes released when a server goes, and
Cinder's attachments API (3.27+). Responses are validated against the compute and block
storage OpenAPI specs at the requested microversion."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from tests.support.cinder import CIRROS_ID, Cinder

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
ATTACHMENTS = "/v2.1/servers/{server_id}/os-volume_attachments"


def check_compute(path: str, method: str, body: Any, mv: str) -> None:
    """Validate a Nova body against the compute OpenAPI schema at `mv`."""
    if not (SHARED / "openapi").is_dir():
        print(f"not validated against OpenAPI: no reference material at {SHARED.resolve()}")
        return
    import test_localcloud_schemas as schemas

    major, minor = mv.split(".")
    schemas.validate("compute", path, method, body, (int(major), int(minor)))


class Nova:
    """Raw compute calls as the same user as a `Cinder` helper."""

    def __init__(self, cinder: Cinder) -> None:
        self.cloud = cinder.cloud
        self.token = cinder.token

    def call(self, method: str, path: str, body: Any = None, mv: str = "2.1") -> Any:
        return self.cloud.call(method, f"/compute/v2.1{path}", body, token=self.token,
                               headers={"OpenStack-API-Version": f"compute {mv}"})

    def server(self, wait: bool = True, **fields: Any) -> dict[str, Any]:
        body = {"name": f"srv-{uuid.uuid4().hex[:6]}", "imageRef": CIRROS_ID,
                "flavorRef": "1", "networks": "none", **fields}
        reply = self.call("POST", "/servers", {"server": body}, mv="2.37")
        assert reply.status == 202, reply.body
        server = reply.json["server"]
        if wait:
            self.cloud.wait_for(lambda: self.show(server["id"])["status"] == "ACTIVE")
        return server

    def show(self, server_id: str, mv: str = "2.1") -> dict[str, Any]:
        reply = self.call("GET", f"/servers/{server_id}", mv=mv)
        assert reply.status == 200, reply.body
        return reply.json["server"]

    def delete(self, server_id: str) -> None:
        self.call("DELETE", f"/servers/{server_id}")
        self.cloud.wait_for(lambda: self.call("GET", f"/servers/{server_id}").status == 404)

    def fault(self, method: str, path: str, body: Any = None, status: int = 400,
              mv: str = "2.1") -> str:
        reply = self.call(method, path, body, mv=mv)
        assert reply.status == status, (method, path, reply.status, reply.body)
        names = {400: "badRequest", 403: "forbidden", 404: "itemNotFound",
                 409: "conflictingRequest"}
        (name, inner), = reply.json.items()
        assert name == names[status], reply.json
        return inner["message"]


@pytest.fixture(scope="module")
def demo(localcloud) -> Cinder:
    return Cinder(localcloud, "demo")


@pytest.fixture(scope="module")
def admin(localcloud) -> Cinder:
    return Cinder(localcloud, "admin")


@pytest.fixture(scope="module")
def server(demo) -> Any:
    nova = Nova(demo)
    found = nova.server()
    yield found
    nova.delete(found["id"])


# ------------------------------------------------------------------ Nova's attachments
@pytest.mark.parametrize("mv", ["2.1", "2.49", "2.70", "2.79", "2.85", "2.89", "2.96"])
def test_attach_and_detach_through_compute(demo, server, mv):
    nova = Nova(demo)
    volume = demo.volume()
    base = f"/servers/{server['id']}/os-volume_attachments"
    version = tuple(map(int, mv.split(".")))
    body: dict[str, Any] = {"volumeId": volume["id"]}
    if version >= (2, 49):
        body["tag"] = "data"
    if version >= (2, 79):
        body["delete_on_termination"] = True
    reply = nova.call("POST", base, {"volumeAttachment": body}, mv=mv)
    assert reply.status == 200, reply.body
    check_compute(ATTACHMENTS, "post", reply.json, mv)
    created = reply.json["volumeAttachment"]
    assert (created["id"], created["volumeId"], created["serverId"]) == (
        volume["id"], volume["id"], server["id"])
    assert created["device"].startswith("/dev/vd")
    assert ("tag" in created) == (version >= (2, 70))
    assert "attachment_id" not in created
    assert demo.show(volume["id"])["status"] in ("attaching", "in-use")
    in_use = demo.wait(volume["id"], "in-use")
    (attached,) = in_use["attachments"]
    assert (attached["server_id"], attached["volume_id"], attached["device"]) == (
        server["id"], volume["id"], created["device"])
    listed = nova.call("GET", base, mv=mv).json
    check_compute(ATTACHMENTS, "get", listed, mv)
    (item,) = [a for a in listed["volumeAttachments"] if a["volumeId"] == volume["id"]]
    shown = nova.call("GET", f"{base}/{volume['id']}", mv=mv).json
    check_compute(ATTACHMENTS + "/{id}", "get", shown, mv)
    assert shown["volumeAttachment"] == item
    assert ("id" in item) == (version < (2, 89))
    assert ("attachment_id" in item) == (version >= (2, 89))
    if version >= (2, 89):
        assert item["attachment_id"] == attached["attachment_id"]
    if version >= (2, 79):
        assert item["delete_on_termination"] is True
        assert item["tag"] == "data"
    server_view = nova.show(server["id"], mv="2.3")
    assert {"id": volume["id"]} in [
        {"id": v["id"]} for v in server_view["os-extended-volumes:volumes_attached"]]
    # Nova's errors: attached twice, a missing volume, a volume in use elsewhere
    message = nova.fault("POST", base, {"volumeAttachment": {"volumeId": volume["id"]}}, mv=mv)
    assert "already attached" in message
    assert nova.fault("POST", base, {"volumeAttachment": {"volumeId": str(uuid.uuid4())}},
                      status=404, mv=mv).endswith("could not be found.")
    reply = nova.call("DELETE", f"{base}/{volume['id']}", mv=mv)
    assert reply.status == 202 and reply.body == b""
    assert demo.show(volume["id"])["status"] in ("detaching", "available")
    detached = demo.wait(volume["id"], "available")
    assert detached["attachments"] == []
    assert nova.fault("GET", f"{base}/{volume['id']}", status=404, mv=mv)
    assert nova.fault("DELETE", f"{base}/{volume['id']}", status=404, mv=mv)
    demo.delete(volume["id"])


def test_attachment_errors_and_states(demo, admin, server):
    nova = Nova(demo)
    base = f"/servers/{server['id']}/os-volume_attachments"
    volume = demo.volume()
    # bad bodies
    assert "volumeId" in nova.fault("POST", base, {"volumeAttachment": {}})
    assert "uuid" in nova.fault("POST", base, {"volumeAttachment": {"volumeId": "nope"}})
    assert "device" in nova.fault("POST", base, {"volumeAttachment": {
        "volumeId": volume["id"], "device": "sdb"}})
    assert "tag" in nova.fault("POST", base, {"volumeAttachment": {
        "volumeId": volume["id"], "tag": "x"}})  # tags from 2.49
    assert "Additional properties" in nova.fault("POST", base, {"volumeAttachment": {
        "volumeId": volume["id"]}, "extra": 1})
    assert nova.fault("POST", f"/servers/{uuid.uuid4()}/os-volume_attachments", {
        "volumeAttachment": {"volumeId": volume["id"]}}, status=404)
    # a volume of another project is not found
    theirs = admin.volume()
    assert nova.fault("POST", base, {"volumeAttachment": {"volumeId": theirs["id"]}},
                      status=404)
    admin.delete(theirs["id"])
    # a volume in use by another server is not available: 400
    other = nova.server()
    reply = nova.call("POST", f"/servers/{other['id']}/os-volume_attachments",
                      {"volumeAttachment": {"volumeId": volume["id"], "device": "/dev/vdc"}})
    assert reply.status == 200, reply.body
    assert reply.json["volumeAttachment"]["device"] == "/dev/vdc"
    demo.wait(volume["id"], "in-use")
    message = nova.fault("POST", base, {"volumeAttachment": {"volumeId": volume["id"]}})
    assert message.startswith("Invalid volume:")
    # deleting the server releases the volume
    nova.delete(other["id"])
    assert demo.wait(volume["id"], "available")["attachments"] == []
    # a server still building refuses: 409
    building = nova.server(wait=False)
    message = nova.fault("POST", f"/servers/{building['id']}/os-volume_attachments",
                         {"volumeAttachment": {"volumeId": volume["id"]}}, status=409)
    assert message == (f"Cannot 'attach_volume' instance {building['id']} while it is in "
                       f"vm_state building")
    nova.delete(building["id"])
    # update: delete_on_termination from 2.85; swap to another volume is for admins
    reply = nova.call("POST", base, {"volumeAttachment": {"volumeId": volume["id"]}})
    assert reply.status == 200
    demo.wait(volume["id"], "in-use")
    path = f"{base}/{volume['id']}"
    update = {"volumeAttachment": {"volumeId": volume["id"], "delete_on_termination": True}}
    assert nova.fault("PUT", path, update, mv="2.84")
    assert nova.call("PUT", path, update, mv="2.85").status == 202
    shown = nova.call("GET", path, mv="2.85").json["volumeAttachment"]
    assert shown["delete_on_termination"] is True
    spare = demo.volume()
    swap = {"volumeAttachment": {"volumeId": spare["id"]}}
    assert nova.fault("PUT", path, swap, status=403)
    admin_nova = Nova(admin)
    reply = admin_nova.call("PUT", f"/servers/{server['id']}/os-volume_attachments/"
                                   f"{volume['id']}", swap)
    assert reply.status == 202, reply.body
    demo.wait(volume["id"], "available")
    swapped = demo.wait(spare["id"], "in-use")
    assert swapped["attachments"][0]["device"] == shown["device"]
    assert nova.call("DELETE", f"{base}/{spare['id']}").status == 202
    demo.wait(spare["id"], "available")
    for each in (volume, spare):
        demo.delete(each["id"])


def test_boot_from_volume(demo):
    nova = Nova(demo)
    kept = demo.volume(size=None, imageRef=CIRROS_ID)
    server = nova.server(imageRef="", block_device_mapping_v2=[
        {"boot_index": 0, "uuid": kept["id"], "source_type": "volume",
         "destination_type": "volume", "delete_on_termination": False},
        {"boot_index": -1, "source_type": "blank", "destination_type": "volume",
         "volume_size": 2, "delete_on_termination": True},
        {"boot_index": -1, "uuid": CIRROS_ID, "source_type": "image",
         "destination_type": "volume", "volume_size": 1, "delete_on_termination": True}])
    shown = nova.show(server["id"], mv="2.3")
    attached = shown["os-extended-volumes:volumes_attached"]
    assert len(attached) == 3 and attached[0]["id"] == kept["id"]
    volumes = {v["id"]: v for v in demo.ok("GET", "/volumes/detail")["volumes"]}
    made = [volumes[a["id"]] for a in attached[1:]]
    assert all(v["status"] == "in-use" for v in [volumes[kept["id"]], *made])
    assert volumes[kept["id"]]["attachments"][0]["device"] == "/dev/vda"
    assert sorted(v["size"] for v in made) == [1, 2]
    assert [v["bootable"] for v in made if v["size"] == 1] == ["true"]
    listed = nova.call("GET", f"/servers/{server['id']}/os-volume_attachments",
                       mv="2.79").json["volumeAttachments"]
    assert [a["delete_on_termination"] for a in listed] == [False, True, True]
    message = nova.fault("DELETE", f"/servers/{server['id']}/os-volume_attachments/"
                                   f"{kept['id']}")
    assert message == "Cannot detach a root device volume"
    nova.delete(server["id"])
    assert demo.wait(kept["id"], "available")["attachments"] == []
    for volume in made:
        demo.gone(volume["id"])
    # a volume that is not available cannot be booted from
    message = nova.fault("POST", "/servers", {"server": {
        "name": "bfv", "flavorRef": "1", "imageRef": "", "block_device_mapping_v2": [
            {"boot_index": 0, "uuid": str(uuid.uuid4()), "source_type": "volume",
             "destination_type": "volume"}]}})
    assert "could not be found" in message or "failed to get volume" in message
    for mapping, words in (
            ({"source_type": "image", "uuid": CIRROS_ID}, "need to have a non-zero size"),
            ({"source_type": "blank"}, "")):
        message = nova.fault("POST", "/servers", {"server": {
            "name": "bfv", "flavorRef": "1", "imageRef": "", "block_device_mapping_v2": [
                dict(mapping, boot_index=0, destination_type="volume")]}})
        assert message.startswith("Block Device Mapping is Invalid") and words in message
    demo.delete(kept["id"])


# ------------------------------------------------------------------ Cinder's attachments API
@pytest.mark.parametrize("mv", ["3.27", "3.44", "3.54", "3.70"])
def test_cinder_attachments_api(demo, mv):
    who = demo.at(mv)
    volume = who.volume()
    instance = str(uuid.uuid4())
    created = who.ok("POST", "/attachments", {"attachment": {
        "volume_uuid": volume["id"], "instance_uuid": instance}},
        spec="/attachments")["attachment"]
    assert (created["status"], created["instance"], created["volume_id"]) == (
        "reserved", instance, volume["id"])
    assert who.show(volume["id"])["status"] == "reserved"
    aid = created["id"]
    who.ok("GET", "/attachments", spec="/attachments")
    assert who.ok("GET", f"/attachments/{aid}", spec="/attachments/{id}")["attachment"][
        "id"] == aid
    assert who.ok("GET", "/attachments/detail")["attachments"]
    updated = who.ok("PUT", f"/attachments/{aid}", {"attachment": {"connector": {
        "host": "node1", "initiator": "iqn.test", "mountpoint": "/dev/vdb"}}},
        spec="/attachments/{id}")["attachment"]
    assert updated["status"] == "attaching"
    assert updated["connection_info"]["volume_id"] == volume["id"]
    if tuple(map(int, mv.split("."))) >= (3, 44):
        reply = who.call("POST", f"/attachments/{aid}/action", {"os-complete": None})
        assert reply.status == 204
        in_use = who.show(volume["id"])
        assert in_use["status"] == "in-use"
        assert in_use["attachments"][0]["server_id"] == instance
    reply = who.call("DELETE", f"/attachments/{aid}")
    assert reply.status == 200 and reply.json == {"attachments": []}
    assert who.show(volume["id"])["status"] == "available"
    assert who.fault("GET", f"/attachments/{aid}", status=404)
    assert "volume_uuid" in who.fault("POST", "/attachments", {"attachment": {}})
    assert who.fault("POST", "/attachments", {"attachment": {
        "volume_uuid": str(uuid.uuid4())}}, status=404)
    who.delete(volume["id"])


def test_attachments_api_needs_3_27(demo):
    assert demo.at("3.26").fault("GET", "/attachments", status=404)


def test_boot_from_a_volume_that_is_not_bootable_is_refused(demo):
    nova = Nova(demo)
    volume = demo.volume()  # blank: not bootable
    assert volume["bootable"] == "false"
    reply = nova.call("POST", "/servers", {"server": {
        "name": "nb", "imageRef": "", "flavorRef": "1", "networks": "none",
        "block_device_mapping_v2": [{"boot_index": "0", "uuid": volume["id"],
                                     "source_type": "volume", "destination_type": "volume",
                                     "delete_on_termination": False}]}}, mv="2.37")
    assert reply.status == 400, reply.body
    assert "is not bootable" in reply.json["badRequest"]["message"]
    assert demo.show(volume["id"])["status"] == "available"
    demo.delete(volume["id"])
