"""Nova v2.1 of the local cloud, over raw HTTP: version documents, microversion negotiation,
flavors, the server lifecycle, isolation between projects, filters and paging, keypairs,
limits, and Nova's error bodies."""

from __future__ import annotations

import base64
import uuid

import pytest
from tests.support.localcloud import LocalCloud

CIRROS = "cirros-0.6.2-x86_64-disk"
MV = {"OpenStack-API-Version": "compute 2.96"}


@pytest.fixture(scope="module")
def admin(localcloud: LocalCloud) -> str:
    # These tests create many servers at once: lift the instance, core and RAM quotas (the
    # quota tests use clouds of their own).
    localcloud.raise_compute_quotas("admin")
    localcloud.raise_compute_quotas("demo")
    return localcloud.token()


@pytest.fixture(scope="module")
def demo(localcloud: LocalCloud, admin: str) -> str:
    return localcloud.token("demo")


@pytest.fixture(scope="module")
def image_id(localcloud: LocalCloud, admin: str) -> str:
    images = localcloud.call("GET", f"/image/v2/images?name={CIRROS}", token=admin).json
    return images["images"][0]["id"]


def create_server(cloud: LocalCloud, token: str, image: str, name: str | None = None,
                  headers: dict | None = None, **extra) -> dict:
    body = {"server": {"name": name or f"vm-{uuid.uuid4().hex[:8]}", "imageRef": image,
                       "flavorRef": "1", "networks": "auto", **extra}}
    reply = cloud.call("POST", "/compute/v2.1/servers", body, token=token,
                       headers=headers or MV)
    assert reply.status == 202, reply.body
    return reply.json


def show(cloud: LocalCloud, token: str, server_id: str, version: str = "2.96"):
    return cloud.call("GET", f"/compute/v2.1/servers/{server_id}", token=token,
                      headers={"OpenStack-API-Version": f"compute {version}"})


# ------------------------------------------------------------------ versions, microversions
def test_version_documents(localcloud):
    root = localcloud.call("GET", "/compute/")
    assert root.status == 200
    versions = {v["id"]: v for v in root.json["versions"]}
    assert set(versions) == {"v2.0", "v2.1"}
    assert versions["v2.1"]["version"] == "2.96"
    assert versions["v2.1"]["min_version"] == "2.1"
    assert versions["v2.1"]["status"] == "CURRENT"
    assert versions["v2.1"]["links"][0]["href"] == f"{localcloud.url}/compute/v2.1/"
    for path in ("/compute/v2.1/", "/compute/v2.1"):
        doc = localcloud.call("GET", path)
        assert doc.status == 200
        assert doc.json["version"]["version"] == "2.96"
        assert doc.json["version"]["min_version"] == "2.1"
    assert localcloud.call("GET", "/compute").status == 200


@pytest.mark.parametrize("headers, expected", [
    ({}, "2.1"),
    ({"OpenStack-API-Version": "compute 2.47"}, "2.47"),
    ({"X-OpenStack-Nova-API-Version": "2.60"}, "2.60"),
    ({"OpenStack-API-Version": "compute latest"}, "2.96"),
    ({"X-OpenStack-Nova-API-Version": "latest"}, "2.96"),
    ({"OpenStack-API-Version": "image 2.5, compute 2.10"}, "2.10"),
    ({"OpenStack-API-Version": "compute 2.30", "X-OpenStack-Nova-API-Version": "2.40"},
     "2.30"),
])
def test_microversion_negotiation(localcloud, admin, headers, expected):
    reply = localcloud.call("GET", "/compute/v2.1/flavors", token=admin, headers=headers)
    assert reply.status == 200
    assert reply.header("openstack-api-version") == f"compute {expected}"
    assert reply.header("x-openstack-nova-api-version") == expected
    assert "OpenStack-API-Version" in reply.header("vary")
    assert "X-OpenStack-Nova-API-Version" in reply.header("vary")


@pytest.mark.parametrize("value", ["2.97", "3.0", "2.0", "1.1"])
def test_out_of_range_microversion_is_406(localcloud, admin, value):
    reply = localcloud.call("GET", "/compute/v2.1/flavors", token=admin,
                            headers={"OpenStack-API-Version": f"compute {value}"})
    assert reply.status == 406
    assert reply.json == {"computeFault": {
        "code": 406, "message": f"Version {value} is not supported by the API. Minimum is 2.1 "
                                f"and maximum is 2.96."}}


@pytest.mark.parametrize("value", ["2", "2.x", "two", "2.01.1"])
def test_malformed_microversion_is_400(localcloud, admin, value):
    reply = localcloud.call("GET", "/compute/v2.1/flavors", token=admin,
                            headers={"X-OpenStack-Nova-API-Version": value})
    assert reply.status == 400
    assert reply.json["badRequest"]["code"] == 400


def test_request_ids_and_401(localcloud):
    reply = localcloud.call("GET", "/compute/v2.1/servers")
    assert reply.status == 401
    assert reply.json["error"]["code"] == 401
    rid = reply.header("x-openstack-request-id")
    assert rid.startswith("req-") and len(rid) == 40
    assert reply.header("x-compute-request-id") == rid
    bad = localcloud.call("GET", "/compute/v2.1/servers", token="bogus")
    assert bad.status == 401


# ------------------------------------------------------------------ flavors
def test_flavors(localcloud, demo):
    listed = localcloud.call("GET", "/compute/v2.1/flavors", token=demo).json["flavors"]
    by_name = {f["name"]: f for f in listed}
    assert {n: by_name[n]["id"] for n in ("m1.tiny", "m1.small", "m1.medium", "m1.large",
                                          "m1.xlarge")} == {
        "m1.tiny": "1", "m1.small": "2", "m1.medium": "3", "m1.large": "4", "m1.xlarge": "5"}
    assert set(listed[0]) == {"id", "name", "links"}
    detail = localcloud.call("GET", "/compute/v2.1/flavors/detail", token=demo).json
    tiny = next(f for f in detail["flavors"] if f["id"] == "1")
    assert (tiny["ram"], tiny["disk"], tiny["vcpus"], tiny["swap"]) == (512, 1, 1, "")
    assert tiny["links"][0] == {"rel": "self",
                                "href": f"{localcloud.url}/compute/v2.1/flavors/1"}
    new = localcloud.call("GET", "/compute/v2.1/flavors/1", token=demo,
                          headers={"OpenStack-API-Version": "compute 2.75"}).json["flavor"]
    assert new["swap"] == 0 and new["description"] is None and new["extra_specs"] == {}
    missing = localcloud.call("GET", "/compute/v2.1/flavors/m1.tiny", token=demo)
    assert missing.status == 404
    assert missing.json == {"itemNotFound": {"code": 404,
                                             "message": "Flavor m1.tiny could not be found."}}
    paged = localcloud.call("GET", "/compute/v2.1/flavors?limit=2", token=demo).json
    assert [f["id"] for f in paged["flavors"]] == ["1", "2"]
    assert "marker=2" in paged["flavors_links"][0]["href"]
    assert localcloud.call("GET", "/compute/v2.1/flavors/detail?minRam=8192",
                           token=demo).json["flavors"][0]["name"] == "m1.large"


def test_flavor_management_is_admin_only(localcloud, admin, demo):
    body = {"flavor": {"name": f"f-{uuid.uuid4().hex[:6]}", "ram": 256, "vcpus": 1,
                       "disk": 0}}
    denied = localcloud.call("POST", "/compute/v2.1/flavors", body, token=demo)
    assert denied.status == 403
    assert denied.json["forbidden"]["code"] == 403
    created = localcloud.call("POST", "/compute/v2.1/flavors", body, token=admin)
    assert created.status == 200, created.body
    flavor = created.json["flavor"]
    assert flavor["ram"] == 256 and flavor["os-flavor-access:is_public"] is True
    assert localcloud.call("POST", "/compute/v2.1/flavors", body, token=admin).status == 409
    bad = localcloud.call("POST", "/compute/v2.1/flavors",
                          {"flavor": {"name": "bad", "ram": "lots", "vcpus": 1, "disk": 0}},
                          token=admin)
    assert bad.status == 400
    assert localcloud.call("DELETE", f"/compute/v2.1/flavors/{flavor['id']}",
                           token=demo).status == 403
    assert localcloud.call("DELETE", f"/compute/v2.1/flavors/{flavor['id']}",
                           token=admin).status == 202
    assert localcloud.call("GET", f"/compute/v2.1/flavors/{flavor['id']}",
                           token=admin).status == 404


# ------------------------------------------------------------------ servers
def test_server_lifecycle_build_active_gone(localcloud, demo, image_id):
    created = create_server(localcloud, demo, image_id)["server"]
    assert set(created) == {"id", "links", "OS-DCF:diskConfig", "security_groups",
                            "adminPass"}
    first = show(localcloud, demo, created["id"]).json["server"]
    assert first["status"] == "BUILD"
    assert first["OS-EXT-STS:vm_state"] == "building"
    assert first["addresses"] == {}
    active = localcloud.wait_for(
        lambda: (s := show(localcloud, demo, created["id"]).json["server"])["status"] ==
        "ACTIVE" and s, timeout=5)
    assert active["OS-EXT-STS:power_state"] == 1
    assert active["OS-SRV-USG:launched_at"]
    assert active["addresses"]["private"][0]["version"] == 4
    assert active["image"]["id"] == image_id
    assert active["flavor"]["original_name"] == "m1.tiny"
    assert localcloud.call("DELETE", f"/compute/v2.1/servers/{created['id']}",
                           token=demo).status == 204
    deleting = show(localcloud, demo, created["id"])
    if deleting.status == 200:
        assert deleting.json["server"]["OS-EXT-STS:task_state"] == "deleting"
    localcloud.wait_for(lambda: show(localcloud, demo, created["id"]).status == 404,
                        timeout=5)
    gone = show(localcloud, demo, created["id"])
    assert gone.json == {"itemNotFound": {
        "code": 404, "message": f"Instance {created['id']} could not be found."}}


def test_projects_are_isolated(localcloud, admin, demo, image_id):
    mine = create_server(localcloud, admin, image_id, name="admin-only")["server"]["id"]
    assert show(localcloud, demo, mine).status == 404
    assert localcloud.call("DELETE", f"/compute/v2.1/servers/{mine}", token=demo).status == 404
    demo_list = localcloud.call("GET", "/compute/v2.1/servers", token=demo).json["servers"]
    assert mine not in {s["id"] for s in demo_list}
    assert localcloud.call("GET", "/compute/v2.1/servers?all_tenants=1",
                           token=demo).status == 403
    theirs = create_server(localcloud, demo, image_id, name="demo-own")["server"]["id"]
    # admin sees every project's server by id and with all_tenants
    assert show(localcloud, admin, theirs).status == 200
    everything = localcloud.call("GET", "/compute/v2.1/servers?all_tenants=1",
                                 token=admin).json["servers"]
    assert {mine, theirs} <= {s["id"] for s in everything}
    own = localcloud.call("GET", "/compute/v2.1/servers", token=admin).json["servers"]
    assert theirs not in {s["id"] for s in own}
    for server_id, token in ((mine, admin), (theirs, demo)):
        localcloud.call("DELETE", f"/compute/v2.1/servers/{server_id}", token=token)


def test_list_filters_and_paging(localcloud, demo, image_id):
    tag = uuid.uuid4().hex[:6]
    ids = [create_server(localcloud, demo, image_id, name=f"page-{tag}-{i}")["server"]["id"]
           for i in range(5)]
    listed = localcloud.call("GET", f"/compute/v2.1/servers?name=^page-{tag}", token=demo)
    assert {s["id"] for s in listed.json["servers"]} == set(ids)
    assert "servers_links" not in listed.json
    regex = localcloud.call("GET", f"/compute/v2.1/servers?name=page-{tag}-[13]$", token=demo)
    assert {s["name"] for s in regex.json["servers"]} == {f"page-{tag}-1", f"page-{tag}-3"}
    pages, marker = [], None
    while True:
        query = f"?name=^page-{tag}&limit=2" + (f"&marker={marker}" if marker else "")
        page = localcloud.call("GET", f"/compute/v2.1/servers/detail{query}", token=demo).json
        pages.append([s["id"] for s in page["servers"]])
        if "servers_links" not in page:
            break
        link = page["servers_links"][0]
        assert link["rel"] == "next"
        assert link["href"].startswith(f"{localcloud.url}/compute/v2.1/servers/detail?")
        marker = page["servers"][-1]["id"]
        assert f"marker={marker}" in link["href"]
    assert [len(p) for p in pages] == [2, 2, 1]
    assert sum(pages, []) == list(reversed(ids))  # newest first, as Nova sorts
    localcloud.wait_for(lambda: len(localcloud.call(
        "GET", f"/compute/v2.1/servers?name=^page-{tag}&status=ACTIVE",
        token=demo).json["servers"]) == 5, timeout=5)
    assert localcloud.call("GET", f"/compute/v2.1/servers?name=^page-{tag}&status=BUILD",
                           token=demo).json["servers"] == []
    bad_marker = localcloud.call("GET", "/compute/v2.1/servers?marker=nope", token=demo)
    assert bad_marker.status == 400
    assert localcloud.call("GET", "/compute/v2.1/servers?limit=-1", token=demo).status == 400
    assert localcloud.call("GET", "/compute/v2.1/servers?sort_key=bogus",
                           token=demo).status == 400
    for server_id in ids:
        localcloud.call("DELETE", f"/compute/v2.1/servers/{server_id}", token=demo)


def test_create_options(localcloud, demo, image_id):
    user_data = base64.b64encode(b"#!/bin/sh\necho hi\n").decode()
    reply = create_server(localcloud, demo, image_id, name="opts",
                          metadata={"k": "v"}, user_data=user_data, description="d",
                          tags=["a", "b"], networks="none")
    server = show(localcloud, demo, reply["server"]["id"]).json["server"]
    assert server["metadata"] == {"k": "v"}
    assert server["description"] == "d"
    assert server["tags"] == ["a", "b"]
    multi = localcloud.call("POST", "/compute/v2.1/servers", {"server": {
        "name": "multi", "imageRef": image_id, "flavorRef": "2", "networks": "auto",
        "min_count": 2, "max_count": 3, "return_reservation_id": True}}, token=demo, headers=MV)
    assert multi.status == 202
    reservation = multi.json["reservation_id"]
    assert reservation.startswith("r-")
    group = localcloud.call("GET", f"/compute/v2.1/servers?reservation_id={reservation}",
                            token=demo).json["servers"]
    assert sorted(s["name"] for s in group) == ["multi-1", "multi-2", "multi-3"]
    old = localcloud.call("POST", "/compute/v2.1/servers", {"server": {
        "name": "old", "imageRef": image_id,
        "flavorRef": f"{localcloud.url}/compute/v2.1/flavors/1"}}, token=demo)
    assert old.status == 202, old.body  # 2.1: networks may be left out
    legacy = show(localcloud, demo, old.json["server"]["id"], "2.1").json["server"]
    assert legacy["flavor"] == {"id": "1", "links": [
        {"rel": "bookmark", "href": f"{localcloud.url}/compute/flavors/1"}]}
    assert "locked" not in legacy and "description" not in legacy
    for s in group + [reply["server"], old.json["server"]]:
        localcloud.call("DELETE", f"/compute/v2.1/servers/{s['id']}", token=demo)


@pytest.mark.parametrize("raw, fragment", [
    (b"{", "Malformed request body"),
    (b'{"server": "x"}', "server"),
    (b'{"server": {"imageRef": "x", "flavorRef": "1", "networks": "auto"}}', "name"),
    (b'{"server": {"name": "x", "imageRef": "IMAGE", "networks": "auto"}}', "flavorRef"),
    (b'{"server": {"name": 5, "imageRef": "IMAGE", "flavorRef": "1", "networks": "auto"}}',
     "name"),
    (b'{"server": {"name": " lead", "imageRef": "IMAGE", "flavorRef": "1", '
     b'"networks": "auto"}}', "name"),
    (b'{"server": {"name": "x", "imageRef": "IMAGE", "flavorRef": "99", "networks": "auto"}}',
     "Flavor 99 could not be found."),
    (b'{"server": {"name": "x", "imageRef": "0c4e1a3d-0000-4000-8000-000000000000", '
     b'"flavorRef": "1", "networks": "auto"}}', "could not be found"),
    (b'{"server": {"name": "x", "imageRef": "IMAGE", "flavorRef": "1"}}', "networks"),
    (b'{"server": {"name": "x", "imageRef": "IMAGE", "flavorRef": "1", "networks": "auto", '
     b'"key_name": "nope"}}', "Invalid key_name provided."),
    (b'{"server": {"name": "x", "imageRef": "IMAGE", "flavorRef": "1", "networks": "auto", '
     b'"min_count": 0}}', "min_count"),
    (b'{"server": {"name": "x", "imageRef": "IMAGE", "flavorRef": "1", "networks": "auto", '
     b'"metadata": {"k": 1}}}', "metadata"),
    (b'{"server": {"name": "x", "imageRef": "IMAGE", "flavorRef": "1", "networks": "auto", '
     b'"user_data": "not base64!"}}', "base 64"),
    (b'{"server": {"name": "x", "imageRef": "IMAGE", "flavorRef": "1", "networks": "auto", '
     b'"bogus": 1}}', "Additional properties"),
    (b'{"server": {"name": "x", "imageRef": "IMAGE", "flavorRef": "1", "networks": '
     b'[{"uuid": "0c4e1a3d-0000-4000-8000-000000000000"}]}}', "could not be found"),
])
def test_bad_create_requests_answer_400(localcloud, demo, image_id, raw, fragment):
    reply = localcloud.call("POST", "/compute/v2.1/servers", token=demo, headers=MV,
                            raw=raw.replace(b"IMAGE", image_id.encode()))
    assert reply.status == 400, reply.body
    assert fragment in reply.json["badRequest"]["message"]
    assert reply.json["badRequest"]["code"] == 400


def test_update_lock_and_actions(localcloud, demo, admin, image_id):
    server_id = create_server(localcloud, demo, image_id, name="before")["server"]["id"]
    old = localcloud.call("PUT", f"/compute/v2.1/servers/{server_id}",
                          {"server": {"name": "after"}}, token=demo,
                          headers={"OpenStack-API-Version": "compute 2.19"})
    assert old.status == 200
    assert old.json["server"]["name"] == "after"
    assert "key_name" not in old.json["server"]  # the short view before 2.75
    new = localcloud.call("PUT", f"/compute/v2.1/servers/{server_id}",
                          {"server": {"description": "desc"}}, token=demo, headers=MV)
    assert new.json["server"]["description"] == "desc"
    assert "key_name" in new.json["server"]
    assert localcloud.call("PUT", f"/compute/v2.1/servers/{server_id}",
                           {"server": {"flavor": 1}}, token=demo).status == 400
    lock = localcloud.call("POST", f"/compute/v2.1/servers/{server_id}/action",
                           {"lock": {"locked_reason": "keep"}}, token=demo, headers=MV)
    assert lock.status == 202
    locked = show(localcloud, demo, server_id).json["server"]
    assert locked["locked"] is True and locked["locked_reason"] == "keep"
    conflict = localcloud.call("DELETE", f"/compute/v2.1/servers/{server_id}", token=demo)
    assert conflict.status == 409
    assert conflict.json["conflictingRequest"]["code"] == 409
    assert localcloud.call("POST", f"/compute/v2.1/servers/{server_id}/action",
                           {"unlock": None}, token=demo).status == 202
    assert localcloud.call("POST", f"/compute/v2.1/servers/{server_id}/action",
                           {"explode": None}, token=demo).status == 400
    localcloud.wait_for(lambda: show(localcloud, demo, server_id).json["server"][
        "status"] == "ACTIVE", timeout=5)
    assert localcloud.call("POST", f"/compute/v2.1/servers/{server_id}/action",
                           {"os-stop": None}, token=demo).status == 202
    stopping = show(localcloud, demo, server_id).json["server"]
    assert stopping["OS-EXT-STS:task_state"] in ("powering-off", None)
    localcloud.wait_for(lambda: show(localcloud, demo, server_id).json["server"][
        "status"] == "SHUTOFF", timeout=5)
    assert localcloud.call("POST", f"/compute/v2.1/servers/{server_id}/action",
                           {"os-stop": None}, token=demo).status == 409
    assert localcloud.call("DELETE", f"/compute/v2.1/servers/{server_id}",
                           token=demo).status == 204


def test_server_view_follows_the_microversion(localcloud, admin, demo, image_id):
    server_id = create_server(localcloud, demo, image_id)["server"]["id"]
    localcloud.wait_for(lambda: show(localcloud, demo, server_id).json["server"][
        "status"] == "ACTIVE", timeout=5)
    expectations = [
        ("2.1", set(), {"locked", "description", "tags", "host_status",
                        "trusted_image_certificates", "locked_reason",
                        "pinned_availability_zone", "server_groups"}),
        ("2.9", {"locked"}, {"description"}),
        ("2.19", {"description"}, {"tags"}),
        ("2.26", {"tags"}, {"trusted_image_certificates"}),
        ("2.63", {"trusted_image_certificates"}, {"server_groups"}),
        ("2.71", {"server_groups"}, {"locked_reason"}),
        ("2.73", {"locked_reason"}, {"pinned_availability_zone"}),
        ("2.96", {"pinned_availability_zone", "OS-EXT-SRV-ATTR:hostname"}, set()),
    ]
    for version, present, absent in expectations:
        server = show(localcloud, demo, server_id, version).json["server"]
        assert present <= set(server), version
        assert not absent & set(server), version
        assert "OS-EXT-SRV-ATTR:host" not in server  # admin only
        assert "host_status" not in server
    flavor_246 = show(localcloud, demo, server_id, "2.46").json["server"]["flavor"]
    assert set(flavor_246) == {"id", "links"}
    flavor_247 = show(localcloud, demo, server_id, "2.47").json["server"]["flavor"]
    assert set(flavor_247) == {"vcpus", "ram", "disk", "ephemeral", "swap", "original_name",
                               "extra_specs"}
    as_admin = show(localcloud, admin, server_id, "2.16").json["server"]
    assert as_admin["host_status"] == "UP"
    assert as_admin["OS-EXT-SRV-ATTR:host"] in ("compute1", "compute2", "compute3")
    assert "OS-EXT-SRV-ATTR:hostname" in show(localcloud, admin, server_id, "2.3").json[
        "server"]
    assert "OS-EXT-SRV-ATTR:hostname" not in show(localcloud, admin, server_id, "2.1").json[
        "server"]
    localcloud.call("DELETE", f"/compute/v2.1/servers/{server_id}", token=demo)


# ------------------------------------------------------------------ keypairs, limits
def test_keypairs(localcloud, demo, admin):
    name = f"kp-{uuid.uuid4().hex[:6]}"
    generated = localcloud.call("POST", "/compute/v2.1/os-keypairs",
                                {"keypair": {"name": name}}, token=demo,
                                headers={"OpenStack-API-Version": "compute 2.10"})
    assert generated.status == 201, generated.body
    keypair = generated.json["keypair"]
    assert keypair["private_key"].startswith("-----BEGIN RSA PRIVATE KEY-----")
    assert keypair["public_key"].startswith("ssh-rsa ")
    assert keypair["type"] == "ssh"
    assert len(keypair["fingerprint"].split(":")) == 16
    shown = localcloud.call("GET", f"/compute/v2.1/os-keypairs/{name}", token=demo,
                            headers=MV).json["keypair"]
    assert shown["fingerprint"] == keypair["fingerprint"]
    assert "private_key" not in shown and shown["deleted"] is False
    imported = localcloud.call("POST", "/compute/v2.1/os-keypairs", {"keypair": {
        "name": f"{name}-imp", "public_key": keypair["public_key"]}}, token=demo, headers=MV)
    assert imported.status == 201
    assert imported.json["keypair"]["fingerprint"] == keypair["fingerprint"]
    assert "private_key" not in imported.json["keypair"]
    old = localcloud.call("GET", "/compute/v2.1/os-keypairs", token=demo).json["keypairs"]
    assert {k["keypair"]["name"] for k in old} >= {name, f"{name}-imp"}
    assert "type" not in old[0]["keypair"]  # before 2.2
    # keypairs are per user: admin sees none of demo's
    admin_list = localcloud.call("GET", "/compute/v2.1/os-keypairs", token=admin).json
    assert name not in {k["keypair"]["name"] for k in admin_list["keypairs"]}
    assert localcloud.call("GET", f"/compute/v2.1/os-keypairs/{name}",
                           token=admin).status == 404
    duplicate = localcloud.call("POST", "/compute/v2.1/os-keypairs",
                                {"keypair": {"name": name, "public_key": keypair[
                                    "public_key"]}}, token=demo)
    assert duplicate.status == 409
    assert localcloud.call("POST", "/compute/v2.1/os-keypairs", {"keypair": {
        "name": "bad-key", "public_key": "ssh-rsa not-base64"}}, token=demo).status == 400
    assert localcloud.call("POST", "/compute/v2.1/os-keypairs", {"keypair": {
        "name": "needs-key"}}, token=demo, headers=MV).status == 400  # 2.92+
    assert localcloud.call("POST", "/compute/v2.1/os-keypairs", {"keypair": {
        "name": "bad name!"}}, token=demo).status == 400
    # a server booted with the key shows it
    image = localcloud.call("GET", f"/image/v2/images?name={CIRROS}", token=demo).json
    server = create_server(localcloud, demo, image["images"][0]["id"], key_name=name)
    assert show(localcloud, demo, server["server"]["id"]).json["server"]["key_name"] == name
    localcloud.call("DELETE", f"/compute/v2.1/servers/{server['server']['id']}", token=demo)
    assert localcloud.call("DELETE", f"/compute/v2.1/os-keypairs/{name}", token=demo,
                           headers=MV).status == 204
    assert localcloud.call("DELETE", f"/compute/v2.1/os-keypairs/{name}-imp",
                           token=demo).status == 202
    assert localcloud.call("DELETE", f"/compute/v2.1/os-keypairs/{name}",
                           token=demo).status == 404


def test_limits(localcloud, demo):
    limits = localcloud.call("GET", "/compute/v2.1/limits", token=demo,
                             headers=MV).json["limits"]
    assert limits["rate"] == []
    absolute = limits["absolute"]
    assert absolute["maxTotalKeypairs"] == 100
    assert "maxPersonality" not in absolute
    assert isinstance(absolute["totalInstancesUsed"], int)
    old = localcloud.call("GET", "/compute/v2.1/limits", token=demo).json["limits"]["absolute"]
    assert "maxSecurityGroups" in old and "maxPersonality" in old


def test_compute_needs_a_project_scoped_token(localcloud):
    system = localcloud.authenticate("admin", scope={"system": {"all": True}})
    token = system.header("x-subject-token")
    reply = localcloud.call("GET", "/compute/v2.1/servers", token=token)
    assert reply.status == 403
    assert reply.json["forbidden"]["code"] == 403


def test_unknown_paths_and_methods(localcloud, demo):
    missing = localcloud.call("GET", "/compute/v2.1/no-such-thing", token=demo)
    assert missing.status == 404 and "itemNotFound" in missing.json
    assert localcloud.call("PATCH", "/compute/v2.1/servers", token=demo).status == 405
    assert localcloud.call("GET", "/nowhere").status == 404
