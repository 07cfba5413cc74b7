"""Nova's image proxy over raw HTTP: `/images` (+ `/detail`, `/{id}`) with Nova's view and
filters, server snapshots seen through it (SAVING, then ACTIVE, with their `server`),
`/images/{id}/metadata` (+ `/{key}`), deletion through Nova, and the 404 from 2.36 (2.39 for
the metadata)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from raw_nova import ok
from test_localcloud_network_compute import Nova, check_compute
from tests.support.neutron import Neutron, as_user

from ostack.localcloud.image.backend import CIRROS_ID

PROXY = "2.35"
OCTET = {"Content-Type": "application/octet-stream"}


def glance_image(localcloud: Any, demo: Neutron, **extra: Any) -> str:
    """A private raw image of the project, with data (so ACTIVE)."""
    created = localcloud.call("POST", "/image/v2/images", {
        "name": f"proxy-{uuid.uuid4().hex[:6]}", "disk_format": "raw",
        "container_format": "bare", "visibility": "private", **extra}, token=demo.token)
    assert created.status == 201, created.body
    image_id = created.json["id"]
    stored = localcloud.call("PUT", f"/image/v2/images/{image_id}/file", raw=b"*" * 1024,
                             token=demo.token, headers=OCTET)
    assert stored.status == 204, stored.body
    return image_id


@pytest.fixture(scope="module")
def snapshot(localcloud: Any, nova: Nova) -> dict[str, Any]:
    """A server and its createImage snapshot, ACTIVE."""
    reply = nova.call("POST", "/servers", {"server": {
        "name": "snap-src", "imageRef": CIRROS_ID, "flavorRef": "1", "networks": "none"}})
    server_id = ok(reply, 202)["server"]["id"]
    localcloud.wait_for(lambda: nova.server(server_id)["status"] == "ACTIVE", timeout=15)
    reply = nova.call("POST", f"/servers/{server_id}/action", {"createImage": {
        "name": "snap", "metadata": {"purpose": "test"}}}, mv=PROXY)
    assert reply.status == 202, reply.body
    image_id = reply.header("location").rsplit("/", 1)[-1]
    first = ok(nova.call("GET", f"/images/{image_id}", mv=PROXY))["image"]
    assert (first["status"], first["progress"]) in (("SAVING", 25), ("SAVING", 50))
    localcloud.wait_for(lambda: nova.call("GET", f"/images/{image_id}", mv=PROXY).json[
        "image"]["status"] == "ACTIVE", timeout=15)
    return {"server": nova.server(server_id), "image": image_id}


def test_list_show_and_filters(localcloud, demo, nova, snapshot):
    image_id = glance_image(localcloud, demo, min_ram=64)
    listed = ok(nova.call("GET", "/images", mv=PROXY))
    check_compute("/v2.1/images", "get", listed, PROXY)
    found = next(i for i in listed["images"] if i["id"] == image_id)
    assert set(found) == {"id", "name", "links"}
    assert [link["rel"] for link in found["links"]] == ["self", "bookmark", "alternate"]
    assert found["links"][0]["href"].endswith(f"/compute/v2.1/images/{image_id}")
    assert CIRROS_ID in [i["id"] for i in listed["images"]]
    detail = ok(nova.call("GET", "/images/detail", mv=PROXY))
    check_compute("/v2.1/images/detail", "get", detail, PROXY)
    shown = ok(nova.call("GET", f"/images/{image_id}", mv=PROXY))
    check_compute("/v2.1/images/{id}", "get", shown, PROXY)
    image = shown["image"]
    assert (image["status"], image["progress"], image["minRam"], image["minDisk"],
            image["OS-EXT-IMG-SIZE:size"], image["metadata"]) == ("ACTIVE", 100, 64, 0,
                                                                  1024, {})
    assert "server" not in image
    assert image["created"].endswith("Z") and image["updated"].endswith("Z")

    def ids(query: str) -> list[str]:
        return [i["id"] for i in ok(nova.call("GET", f"/images{query}", mv=PROXY))["images"]]

    assert ids(f"?name={image['name']}") == [image_id]
    assert image_id in ids("?status=ACTIVE") and image_id not in ids("?status=SAVING")
    assert ids("?type=snapshot") == [snapshot["image"]]
    server = snapshot["server"]
    assert ids(f"/detail?server={server['id']}") == [snapshot["image"]]
    assert ids(f"?server={server['links'][0]['href']}") == [snapshot["image"]]
    assert image_id in ids("/detail?minRam=64") and image_id not in ids("?minRam=65")
    assert image_id in ids(f"?changes-since={image['created']}")
    assert ids("?changes-since=2999-01-01T00:00:00Z") == []
    page = ok(nova.call("GET", "/images?limit=1", mv=PROXY))
    assert len(page["images"]) == 1 and "marker=" in page["images_links"][0]["href"]
    assert nova.call("GET", "/images?changes-since=yesterday", mv=PROXY).status == 400
    assert nova.call("GET", "/images?limit=x", mv=PROXY).status == 400


def test_snapshot_view(nova, snapshot):
    image = ok(nova.call("GET", f"/images/{snapshot['image']}", mv=PROXY))["image"]
    server = snapshot["server"]
    assert image["server"]["id"] == server["id"]
    assert [link["rel"] for link in image["server"]["links"]] == ["self", "bookmark"]
    assert image["metadata"]["instance_uuid"] == server["id"]
    assert image["metadata"]["image_type"] == "snapshot"
    assert image["metadata"]["purpose"] == "test"


def test_metadata(localcloud, demo, nova):
    image_id = glance_image(localcloud, demo)
    path = f"/images/{image_id}/metadata"
    replaced = ok(nova.call("PUT", path, {"metadata": {"os_version": "1", "os_distro": "x"}},
                            mv=PROXY))
    check_compute("/v2.1/images/{image_id}/metadata", "put", replaced, PROXY)
    assert replaced == {"metadata": {"os_version": "1", "os_distro": "x"}}
    merged = ok(nova.call("POST", path, {"metadata": {"os_version": "2", "arch": "x86_64"}},
                          mv=PROXY))
    assert merged == {"metadata": {"os_version": "2", "os_distro": "x", "arch": "x86_64"}}
    assert ok(nova.call("GET", f"{path}/arch", mv=PROXY)) == {"meta": {"arch": "x86_64"}}
    assert ok(nova.call("PUT", f"{path}/arch", {"meta": {"arch": "arm"}}, mv=PROXY)) == {
        "meta": {"arch": "arm"}}
    mismatch = nova.call("PUT", f"{path}/arch", {"meta": {"other": "x"}}, mv=PROXY)
    assert nova.fault(mismatch, 400, "badRequest") == "Request body and URI mismatch"
    two = nova.call("PUT", f"{path}/arch", {"meta": {"arch": "x", "b": "y"}}, mv=PROXY)
    assert two.status == 400
    assert nova.call("DELETE", f"{path}/os_distro", mv=PROXY).status == 204
    assert nova.call("GET", f"{path}/os_distro", mv=PROXY).status == 404
    assert nova.call("DELETE", f"{path}/os_distro", mv=PROXY).status == 404
    assert ok(nova.call("GET", path, mv=PROXY)) == {"metadata": {"os_version": "2",
                                                                 "arch": "arm"}}
    # the image service holds the change
    stored = localcloud.call("GET", f"/image/v2/images/{image_id}", token=demo.token).json
    assert (stored["os_version"], stored["arch"]) == ("2", "arm") and "os_distro" not in stored
    assert nova.call("POST", path, {"metadata": {"": "x"}}, mv=PROXY).status == 400
    assert nova.call("GET", path, mv="2.38").status == 200
    assert nova.call("GET", path, mv="2.39").status == 404
    missing = nova.call("GET", f"/images/{uuid.uuid4()}/metadata", mv=PROXY)
    assert nova.fault(missing, 404, "itemNotFound") == "Image not found."
    # the public CirrOS image is the admin project's: a member may read, not change it
    assert nova.call("GET", f"/images/{CIRROS_ID}/metadata", mv=PROXY).status == 200
    refused = nova.call("POST", f"/images/{CIRROS_ID}/metadata",
                        {"metadata": {"a": "b"}}, mv=PROXY)
    assert refused.status == 403, refused.body


def test_delete_and_microversions(localcloud, demo, nova, admin_nova):
    image_id = glance_image(localcloud, demo)
    assert nova.call("GET", "/images", mv="2.36").status == 404
    assert nova.call("GET", f"/images/{image_id}", mv="2.36").status == 404
    assert nova.call("DELETE", f"/images/{image_id}", mv="2.36").status == 404
    refused = nova.call("DELETE", f"/images/{CIRROS_ID}", mv=PROXY)
    assert nova.fault(refused, 403, "forbidden") == "You are not allowed to delete the image."
    # another project's private image is not found
    other = glance_image(localcloud, as_user(localcloud, "admin"))
    assert nova.call("GET", f"/images/{other}", mv=PROXY).status == 404
    assert admin_nova.call("DELETE", f"/images/{other}", mv=PROXY).status == 204
    assert nova.call("DELETE", f"/images/{image_id}", mv=PROXY).status == 204
    gone = nova.call("GET", f"/images/{image_id}", mv=PROXY)
    assert nova.fault(gone, 404, "itemNotFound") == "Image not found."
    assert localcloud.call("GET", f"/image/v2/images/{image_id}",
                           token=demo.token).status == 404
