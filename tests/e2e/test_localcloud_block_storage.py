"""Cinder v3 of the local cloud over raw HTTP: version documents and microversions, URLs with
and without the project, volumes (create from nothing, an image, a snapshot or a volume;
creating -> available; filters, sorting, paging; update), project isolation, what a reader
may do, and Cinder's fault body. Every response body is validated against the block storage
OpenAPI spec at the microversion requested. Actions, snapshots and backups, volume types and
quotas have files of their own (test_localcloud_block_storage_*.py); the helpers are in
tests/support/cinder.py.
"""

from __future__ import annotations

import json
import uuid
from urllib.parse import quote

import pytest
from tests.support.cinder import CIRROS_ID, LATEST, Cinder


@pytest.fixture(scope="module")
def demo(localcloud) -> Cinder:
    return Cinder(localcloud, "demo")


@pytest.fixture(scope="module")
def admin(localcloud) -> Cinder:
    return Cinder(localcloud, "admin")


# ------------------------------------------------------------------ versions
def test_version_documents(localcloud):
    root = localcloud.call("GET", "/volume/")
    assert root.status == 300
    assert root.header("x-openstack-request-id").startswith("req-")
    (v3,) = root.json["versions"]
    assert (v3["id"], v3["status"], v3["min_version"], v3["version"]) == (
        "v3.0", "CURRENT", "3.0", "3.70")
    assert any(link["rel"] == "self" and link["href"].endswith("/volume/v3/")
               for link in v3["links"])
    assert v3["media-types"][0]["type"] == "application/vnd.openstack.volume+json;version=3"
    for path in ("/volume/v3/", "/volume/v3"):
        reply = localcloud.call("GET", path)
        assert reply.status == 200, path
        assert reply.json["versions"][0]["version"] == "3.70"
    assert localcloud.call("GET", "/volume").status == 300


def test_microversion_negotiation(demo):
    for asked, answered in ((None, "3.0"), ("3.45", "3.45"), ("latest", "3.70"),
                            ("3.70", "3.70"), ("3.0", "3.0")):
        reply = demo.at(asked).call("GET", "/volumes")
        assert reply.status == 200, reply.body
        assert reply.header("openstack-api-version") == f"volume {answered}"
        assert "OpenStack-API-Version" in reply.header("vary")
    # another service's version in the header is not ours: 3.0
    reply = demo.at(None).call("GET", "/volumes", headers={
        "OpenStack-API-Version": "compute 2.90"})
    assert reply.header("openstack-api-version") == "volume 3.0"
    for asked in ("3.71", "4.0", "2.0"):
        message = demo.at(asked).fault("GET", "/volumes", status=406)
        assert message == (f"Version {asked} is not supported by the API. Minimum is 3.0 "
                           f"and maximum is 3.70.")
    message = demo.at("3.x").fault("GET", "/volumes", status=400)
    assert "is of invalid format" in message


def test_urls_with_and_without_project_and_auth(localcloud, demo, admin):
    volume = demo.volume()
    without = demo.call("GET", f"/volumes/{volume['id']}", project=False)
    assert without.status == 200
    assert without.json["volume"]["id"] == volume["id"]
    # another project in the URL than the token's
    reply = localcloud.call("GET", f"/volume/v3/{admin.project}/volumes", token=demo.token)
    assert reply.status == 400
    assert reply.json == {"badRequest": {"code": 400, "message": "Malformed request url"}}
    # no token, a bad token: keystonemiddleware's 401
    for token in (None, "not-a-token"):
        reply = localcloud.call("GET", f"/volume/v3/{demo.project}/volumes", token=token)
        assert reply.status == 401
        assert reply.header("www-authenticate").startswith("Keystone uri=")
    assert demo.fault("GET", "/no-such-thing", status=404)
    assert demo.fault("PATCH", f"/volumes/{volume['id']}", status=405)
    demo.delete(volume["id"])


# ------------------------------------------------------------------ volumes
@pytest.mark.parametrize("mv", ["3.0", "3.13", "3.21", "3.48", "3.61", "3.63", "3.65", "3.70"])
def test_volume_views_match_openapi(admin, demo, mv):
    for who in (admin.at(mv), demo.at(mv)):
        volume = who.volume(metadata={"purpose": "schema"})
        shown = who.show(volume["id"])
        assert shown["status"] == "available"
        version = tuple(map(int, mv.split(".")))
        assert ("volume_type_id" in shown) == (version >= (3, 63))
        assert ("service_uuid" in shown) == (version >= (3, 48))
        assert ("group_id" in shown) == (version >= (3, 13))
        assert ("os-vol-host-attr:host" in shown) == (who.user == "admin")
        assert ("migration_status" in shown) == (who.user == "admin")
        assert shown["os-vol-tenant-attr:tenant_id"] == who.project
        who.ok("GET", "/volumes", spec="/volumes")
        who.ok("GET", "/volumes/detail", spec="/volumes/detail")
        who.delete(volume["id"])


def test_volume_lifecycle(demo):
    created = demo.ok("POST", "/volumes", {"volume": {
        "size": 2, "name": "life", "description": "a volume", "metadata": {"k": "v"},
        "availability_zone": "nova"}}, 202, spec="/volumes")["volume"]
    assert (created["status"], created["size"], created["name"], created["bootable"]) == (
        "creating", 2, "life", "false")
    assert created["volume_type"] == "__DEFAULT__"
    assert created["links"][0]["href"].endswith(f"/volume/v3/{demo.project}/volumes/"
                                                f"{created['id']}")
    volume = demo.wait(created["id"], "available")
    assert volume["updated_at"] is not None
    updated = demo.ok("PUT", f"/volumes/{volume['id']}", {"volume": {
        "name": "life2", "description": None, "metadata": {"a": "b"}}},
        spec="/volumes/{id}")["volume"]
    assert (updated["name"], updated["description"], updated["metadata"]) == (
        "life2", None, {"a": "b"})
    listed = demo.ok("GET", "/volumes", spec="/volumes")["volumes"]
    assert {"id": volume["id"], "name": "life2",
            "links": updated["links"]} in listed
    reply = demo.call("DELETE", f"/volumes/{volume['id']}")
    assert reply.status == 202 and reply.body == b""
    assert demo.show(volume["id"])["status"] == "deleting"
    demo.gone(volume["id"])
    message = demo.fault("GET", f"/volumes/{volume['id']}", status=404)
    assert message == f"Volume {volume['id']} could not be found."


def test_volume_from_image_snapshot_and_volume(demo):
    from_image = demo.volume(size=None, imageRef=CIRROS_ID)
    assert from_image["bootable"] == "true"
    assert from_image["size"] == 1  # the image's size rounded up to a GiB
    meta = from_image["volume_image_metadata"]
    assert meta["image_id"] == CIRROS_ID
    assert meta["image_name"] == "cirros-0.6.2-x86_64-disk"
    assert meta["disk_format"] and meta["container_format"] == "bare"
    assert all(isinstance(v, str) for v in meta.values())
    snapshot = demo.snapshot(from_image["id"])
    from_snapshot = demo.volume(size=None, snapshot_id=snapshot["id"])
    assert (from_snapshot["snapshot_id"], from_snapshot["size"], from_snapshot["bootable"]) == (
        snapshot["id"], 1, "true")
    assert from_snapshot["volume_image_metadata"]["image_id"] == CIRROS_ID
    clone = demo.volume(size=3, source_volid=from_image["id"], volume_type="lvmdriver-1")
    assert (clone["source_volid"], clone["size"], clone["volume_type"]) == (
        from_image["id"], 3, "lvmdriver-1")
    message = demo.fault("POST", "/volumes", {"volume": {
        "snapshot_id": snapshot["id"], "size": 0}})
    assert "size" in message
    message = demo.fault("POST", "/volumes", {"volume": {"source_volid": str(uuid.uuid4())}},
                         status=404)
    assert message.endswith("could not be found.")
    for volume in (from_snapshot, clone):
        demo.delete(volume["id"])
    demo.delete(from_image["id"])


@pytest.mark.parametrize("body,status,words", [
    ({"volume": {"size": 0}}, 400, "size"),
    ({"volume": {"size": "abc"}}, 400, "size"),
    ({"volume": {"size": True}}, 400, "size"),
    ({"volume": {"size": 1, "name": "x" * 256}}, 400, "too long"),
    ({"volume": {"size": 1, "metadata": {"k": 1}}}, 400, "metadata"),
    ({"volume": {"size": 1, "metadata": "no"}}, 400, "metadata"),
    ({"volume": {}}, 400, "Volume size"),
    ({"volume": {"size": 1, "volume_type": "nope"}}, 404, "nope"),
    ({"volume": {"size": 1, "imageRef": str(uuid.uuid4())}}, 400, "image"),
    ({"volume": {"size": 1, "availability_zone": "elsewhere"}}, 400, "elsewhere"),
    ({"volume": {"size": 1, "snapshot_id": str(uuid.uuid4())}}, 404, "Snapshot"),
    ({"volume": {"size": 1, "bogus": 1}}, 400, "bogus"),
    ({"volume": {"size": 1, "multiattach": "maybe"}}, 400, "multiattach"),
    ({"volume": "x"}, 400, "volume"),
    ({"volume": {"size": 1}, "extra": 1}, 400, "extra"),
    ({}, 400, "volume"),
    ([], 400, "Malformed"),
])
def test_volume_create_rejects_bad_input(demo, body, status, words):
    message = demo.fault("POST", "/volumes", body, status=status)
    assert words in message, message


def test_volume_create_bad_json_and_lenient_old_microversions(demo):
    assert "Malformed" in demo.fault("POST", "/volumes", raw=b"{not json")
    # before 3.53 Cinder ignores unknown volume fields
    volume = demo.at("3.52").volume(bogus=1)
    demo.delete(volume["id"])


def test_filters_sort_and_paging(demo, admin):
    tag = uuid.uuid4().hex[:6]
    made = [demo.volume(name=f"{tag}-{n}", metadata={"set": tag, "n": str(n)}) for n in "abc"]
    ids = {v["id"] for v in made}

    def names(query: str, who: Cinder = demo) -> list[str]:
        reply = who.ok("GET", f"/volumes/detail?{query}", spec="/volumes/detail")
        return [v["name"] for v in reply["volumes"] if v["id"] in ids]

    assert names(f"name={tag}-b") == [f"{tag}-b"]
    assert names(f"name~={tag}") == [f"{tag}-c", f"{tag}-b", f"{tag}-a"]  # newest first
    assert names("metadata=" + quote("{'n': 'a'}")) == [f"{tag}-a"]
    assert names("metadata=" + quote(json.dumps({"set": tag})) + "&sort=name:asc") == [
        f"{tag}-a", f"{tag}-b", f"{tag}-c"]
    assert names(f"name~={tag}&sort_key=name&sort_dir=asc") == [
        f"{tag}-a", f"{tag}-b", f"{tag}-c"]
    assert names(f"name~={tag}&status=available&bootable=false") != []
    assert names(f"name~={tag}&status=error") == []
    # paging: limit, volumes_links with the next marker, with_count (3.45)
    query = f"name~={tag}&sort=name:asc&limit=2&with_count=true"
    first = demo.ok("GET", f"/volumes?{query}", spec="/volumes")
    assert [v["name"] for v in first["volumes"]] == [f"{tag}-a", f"{tag}-b"]
    assert first["count"] == 3
    (link,) = first["volumes_links"]
    assert link["rel"] == "next" and f"marker={made[1]['id']}" in link["href"]
    assert link["href"].startswith(f"{demo.cloud.url}/volume/v3/{demo.project}/volumes?")
    rest = demo.cloud.call("GET", link["href"][len(demo.cloud.url):], token=demo.token,
                           headers={"OpenStack-API-Version": "volume 3.70"}).json
    assert [v["name"] for v in rest["volumes"]] == [f"{tag}-c"]
    assert "volumes_links" not in rest
    assert "count" not in demo.at("3.44").ok("GET", f"/volumes?{query}")
    assert demo.ok("GET", f"/volumes?{query}&offset=2")["volumes"][0]["name"] == f"{tag}-c"
    # errors
    assert "Invalid filters" in demo.fault("GET", "/volumes?colour=blue")
    assert demo.at("3.32").ok("GET", "/volumes?colour=blue")["volumes"] is not None
    assert admin.ok("GET", "/volumes?colour=blue")["volumes"] is not None
    assert "Marker" in demo.fault("GET", f"/volumes?marker={uuid.uuid4()}", status=404)
    assert "limit" in demo.fault("GET", "/volumes?limit=-1")
    assert "limit" in demo.fault("GET", "/volumes?limit=x")
    assert "sort" in demo.fault("GET", "/volumes?sort=name:sideways")
    assert "sort" in demo.fault("GET", "/volumes?sort=colour")
    assert "deprecated" in demo.fault("GET", "/volumes?sort=name&sort_key=name")
    summary = demo.at("3.36").ok("GET", "/volumes/summary")["volume-summary"]
    assert summary["total_count"] >= 3 and tag in summary["metadata"]["set"]
    for volume in made:
        demo.delete(volume["id"])


def test_projects_are_isolated(demo, admin):
    mine = admin.volume()
    theirs = demo.volume()
    assert demo.fault("GET", f"/volumes/{mine['id']}", status=404)
    assert demo.fault("PUT", f"/volumes/{mine['id']}", {"volume": {"name": "x"}}, status=404)
    assert demo.fault("DELETE", f"/volumes/{mine['id']}", status=404)
    listed = {v["id"] for v in demo.ok("GET", "/volumes?all_tenants=1")["volumes"]}
    assert mine["id"] not in listed and theirs["id"] in listed
    everything = {v["id"] for v in admin.ok("GET", "/volumes/detail?all_tenants=true")[
        "volumes"]}
    assert {mine["id"], theirs["id"]} <= everything
    own = {v["id"] for v in admin.ok("GET", "/volumes")["volumes"]}
    assert theirs["id"] not in own
    scoped = admin.ok("GET", f"/volumes?all_tenants=1&project_id={demo.project}")["volumes"]
    assert {v["id"] for v in scoped} >= {theirs["id"]} and mine["id"] not in {
        v["id"] for v in scoped}
    assert admin.show(theirs["id"])["id"] == theirs["id"]
    admin.delete(mine["id"])
    demo.delete(theirs["id"])


def test_readers_read_and_members_write(localcloud, demo):
    """A token with only the reader role (from an application credential) reads the
    project's volumes and may change nothing: Cinder's 403."""
    user_id = localcloud.authenticate("demo").json["token"]["user"]["id"]
    created = localcloud.call("POST", f"/identity/v3/users/{user_id}/application_credentials",
                              {"application_credential": {
                                  "name": f"bs-reader-{uuid.uuid4().hex[:6]}",
                                  "roles": [{"name": "reader"}]}}, token=demo.token)
    assert created.status == 201, created.body
    cred = created.json["application_credential"]
    issued = localcloud.call("POST", "/identity/v3/auth/tokens", {"auth": {"identity": {
        "methods": ["application_credential"],
        "application_credential": {"id": cred["id"], "secret": cred["secret"]}}}})
    assert issued.status == 201, issued.body
    reader = demo.at(LATEST)
    reader.token = issued.header("x-subject-token")
    volume = demo.volume()
    assert reader.show(volume["id"])["id"] == volume["id"]
    assert volume["id"] in {v["id"] for v in reader.ok("GET", "/volumes")["volumes"]}
    reader.ok("GET", "/limits")
    for method, path, body in (
            ("POST", "/volumes", {"volume": {"size": 1}}),
            ("PUT", f"/volumes/{volume['id']}", {"volume": {"name": "x"}}),
            ("DELETE", f"/volumes/{volume['id']}", None),
            ("POST", f"/volumes/{volume['id']}/action", {"os-extend": {"new_size": 2}}),
            ("POST", f"/volumes/{volume['id']}/metadata", {"metadata": {"k": "v"}}),
            ("POST", "/snapshots", {"snapshot": {"volume_id": volume["id"]}}),
            ("POST", "/backups", {"backup": {"volume_id": volume["id"]}})):
        message = reader.fault(method, path, body, status=403)
        assert message.startswith("Policy doesn't allow ") and message.endswith(
            " to be performed."), message
    demo.delete(volume["id"])
