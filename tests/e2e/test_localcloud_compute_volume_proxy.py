"""Nova's block storage proxy over raw HTTP: `/os-volumes` and `/os-snapshots` (Nova's
camel-case views, `offset`/`limit`, Nova's 400s, the 404 from 2.36), `/os-volumes_boot` (the
servers collection under its old name) and `/os-assisted-volume-snapshots` (admin or service,
for a volume attached to a server)."""

from __future__ import annotations

import json
import uuid
from typing import Any
from urllib.parse import quote

from raw_nova import ok
from test_localcloud_network_compute import Nova, check_compute

from ostack.localcloud.image.backend import CIRROS_ID

PROXY = "2.35"


def create_volume(localcloud: Any, nova: Nova, **extra: Any) -> dict[str, Any]:
    """A 1 GiB volume through Nova, once `available`."""
    created = ok(nova.call("POST", "/os-volumes", {"volume": {"size": 1, **extra}},
                           mv=PROXY))["volume"]
    localcloud.wait_for(lambda: nova.call("GET", f"/os-volumes/{created['id']}", mv=PROXY)
                        .json["volume"]["status"] == "available", timeout=15)
    return ok(nova.call("GET", f"/os-volumes/{created['id']}", mv=PROXY))["volume"]


def test_volumes(localcloud, demo, nova):
    reply = nova.call("POST", "/os-volumes", {"volume": {
        "size": "1", "display_name": "vol-a", "display_description": "first",
        "metadata": {"Type": "work"}}}, mv=PROXY)
    created = ok(reply)
    check_compute("/v2.1/os-volumes", "post", created, PROXY)
    volume = created["volume"]
    assert reply.header("location").endswith(f"/os-volumes/{volume['id']}")
    assert (volume["displayName"], volume["displayDescription"], volume["size"],
            volume["metadata"], volume["attachments"], volume["snapshotId"],
            volume["availabilityZone"]) == ("vol-a", "first", 1, {"Type": "work"}, [{}],
                                            None, "nova")
    assert volume["volumeType"]  # the default type's name
    # the block storage service holds it, in the caller's project
    stored = localcloud.call("GET", f"/volume/v3/{demo.project}/volumes/{volume['id']}",
                             token=demo.token)
    assert ok(stored)["volume"]["name"] == "vol-a"
    localcloud.wait_for(lambda: nova.call("GET", f"/os-volumes/{volume['id']}", mv=PROXY)
                        .json["volume"]["status"] == "available", timeout=15)
    others = [create_volume(localcloud, nova, display_name=f"vol-{n}") for n in "bc"]
    listed = ok(nova.call("GET", "/os-volumes", mv=PROXY))
    check_compute("/v2.1/os-volumes", "get", listed, PROXY)
    every = [v["id"] for v in listed["volumes"]]
    assert set(every) == {volume["id"], *(v["id"] for v in others)}
    detail = ok(nova.call("GET", "/os-volumes/detail?offset=1&limit=1", mv=PROXY))
    check_compute("/v2.1/os-volumes/detail", "get", detail, PROXY)
    assert [v["id"] for v in detail["volumes"]] == every[1:2]
    assert len(ok(nova.call("GET", "/os-volumes?limit=2", mv=PROXY))["volumes"]) == 2
    assert nova.call("GET", "/os-volumes?offset=-1", mv=PROXY).status == 400
    for bad in ({"size": "#$%"}, {"size": 0}, {"display_name": "no size"},
                {"size": 1, "color": "red"}):
        assert nova.call("POST", "/os-volumes", {"volume": bad}, mv=PROXY).status == 400, bad
    zone = nova.call("POST", "/os-volumes", {"volume": {"size": 1,
                                                        "availability_zone": "mars"}}, mv=PROXY)
    assert zone.status == 400
    kind = nova.call("POST", "/os-volumes", {"volume": {"size": 1, "volume_type": "nope"}},
                     mv=PROXY)
    assert kind.status == 404
    assert nova.call("GET", "/os-volumes", mv="2.36").status == 404
    assert nova.call("GET", f"/os-volumes/{volume['id']}", mv="2.36").status == 404
    assert nova.call("DELETE", f"/os-volumes/{volume['id']}", mv=PROXY).status == 202
    localcloud.wait_for(lambda: nova.call("GET", f"/os-volumes/{volume['id']}",
                                          mv=PROXY).status == 404, timeout=15)
    missing = nova.call("DELETE", f"/os-volumes/{uuid.uuid4()}", mv=PROXY)
    assert missing.status == 404 and "itemNotFound" in missing.json


def test_snapshots(localcloud, nova):
    volume = create_volume(localcloud, nova)
    reply = nova.call("POST", "/os-snapshots", {"snapshot": {
        "volume_id": volume["id"], "display_name": "snap", "display_description": "d"}},
        mv=PROXY)
    created = ok(reply)
    check_compute("/v2.1/os-snapshots", "post", created, PROXY)
    snapshot = created["snapshot"]
    assert (snapshot["volumeId"], snapshot["displayName"], snapshot["displayDescription"],
            snapshot["size"]) == (volume["id"], "snap", "d", 1)
    localcloud.wait_for(lambda: nova.call("GET", f"/os-snapshots/{snapshot['id']}", mv=PROXY)
                        .json["snapshot"]["status"] == "available", timeout=15)
    listed = ok(nova.call("GET", "/os-snapshots", mv=PROXY))
    check_compute("/v2.1/os-snapshots", "get", listed, PROXY)
    assert [s["id"] for s in listed["snapshots"]] == [snapshot["id"]]
    detail = ok(nova.call("GET", "/os-snapshots/detail", mv=PROXY))
    assert detail == listed
    assert nova.call("POST", "/os-snapshots", {"snapshot": {"display_name": "x"}},
                     mv=PROXY).status == 400
    assert nova.call("POST", "/os-snapshots", {"snapshot": {"volume_id": str(uuid.uuid4())}},
                     mv=PROXY).status == 404
    assert nova.call("GET", "/os-snapshots", mv="2.36").status == 404
    # a volume with a snapshot cannot be deleted: the block storage service's 400
    assert nova.call("DELETE", f"/os-volumes/{volume['id']}", mv=PROXY).status == 400
    assert nova.call("DELETE", f"/os-snapshots/{snapshot['id']}", mv=PROXY).status == 202
    localcloud.wait_for(lambda: nova.call("GET", f"/os-snapshots/{snapshot['id']}",
                                          mv=PROXY).status == 404, timeout=15)


def test_volumes_boot_and_assisted_snapshots(localcloud, demo, nova, admin_nova):
    reply = nova.call("POST", "/os-volumes_boot", {"server": {
        "name": "vb", "imageRef": CIRROS_ID, "flavorRef": "1", "networks": "none"}})
    server_id = ok(reply, 202)["server"]["id"]
    localcloud.wait_for(lambda: nova.server(server_id)["status"] == "ACTIVE", timeout=15)
    assert ok(nova.call("GET", f"/os-volumes_boot/{server_id}"))["server"]["id"] == server_id
    assert server_id in [s["id"] for s in ok(nova.call("GET", "/os-volumes_boot"))["servers"]]
    volume = create_volume(localcloud, nova)
    ok(nova.call("POST", f"/servers/{server_id}/os-volume_attachments", {
        "volumeAttachment": {"volumeId": volume["id"]}}))
    localcloud.wait_for(lambda: nova.call("GET", f"/os-volumes/{volume['id']}", mv=PROXY)
                        .json["volume"]["status"] == "in-use", timeout=15)
    attached = ok(nova.call("GET", f"/os-volumes/{volume['id']}", mv=PROXY))["volume"]
    assert attached["attachments"] == [{"id": volume["id"], "volumeId": volume["id"],
                                        "serverId": server_id, "device": "/dev/vdb"}]

    body = {"snapshot": {"volume_id": volume["id"], "create_info": {
        "snapshot_id": str(uuid.uuid4()), "type": "qcow2", "new_file": "new_file",
        "id": "421752a6-acf6-4b2d-bc7a-119f9148cd8c"}}}
    created = ok(admin_nova.call("POST", "/os-assisted-volume-snapshots", body))
    assert created == {"snapshot": {"id": "421752a6-acf6-4b2d-bc7a-119f9148cd8c",
                                    "volumeId": volume["id"]}}
    assert nova.call("POST", "/os-assisted-volume-snapshots", body).status == 403
    bad = {"snapshot": {"volume_id": volume["id"], "create_info": {"type": "raw"}}}
    assert admin_nova.call("POST", "/os-assisted-volume-snapshots", bad).status == 400
    loose = create_volume(localcloud, nova)
    unattached = admin_nova.call("POST", "/os-assisted-volume-snapshots", {"snapshot": {
        "volume_id": loose["id"], "create_info": body["snapshot"]["create_info"]}})
    assert admin_nova.fault(unattached, 400, "badRequest") == (
        f"No volume Block Device Mapping with id {loose['id']}.")
    info = quote(json.dumps({"volume_id": volume["id"]}))
    path = f"/os-assisted-volume-snapshots/{uuid.uuid4()}"
    assert admin_nova.call("DELETE", f"{path}?delete_info={info}").status == 204
    assert admin_nova.call("DELETE", path).status == 400
    assert admin_nova.call("DELETE", f"{path}?delete_info=nojson").status == 400
    loose_info = quote(json.dumps({"volume_id": loose["id"]}))
    assert admin_nova.call("DELETE", f"{path}?delete_info={loose_info}").status == 404
    assert nova.call("DELETE", f"{path}?delete_info={info}").status == 403
