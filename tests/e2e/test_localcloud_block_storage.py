"""Cinder v3 of the local cloud over raw HTTP: version documents and microversions, URLs with
and without the project, volumes (create from nothing, an image, a snapshot or a volume;
creating -> available; filters, sorting, paging; update; actions; delete rules), metadata,
snapshots, volume types, limits, quotas (enforced with 413), availability zones, services,
and Cinder's fault body. Every response body is validated against the block storage OpenAPI
spec at the microversion requested.

The helpers here (`Cinder`, `check`) are shared with test_localcloud_block_storage_*.py.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
CIRROS_ID = "6f1ad2f8-5fa2-4b67-9d16-0c1e0dbd9a1a"
LATEST = "3.70"


# ------------------------------------------------------------------ helpers
def check(path: str, method: str, body: Any, mv: str | None) -> None:
    """Validate a body against the block storage OpenAPI schema at `mv` (the machinery of
    test_localcloud_schemas); says why when the reference material is absent."""
    if not (SHARED / "openapi").is_dir():
        print(f"not validated against OpenAPI: no reference material at {SHARED.resolve()}")
        return
    import test_localcloud_schemas as schemas

    version = tuple(int(p) for p in (mv or "3.0").split("."))
    schemas.validate("block-storage", "/v3/{project_id}" + path, method, body, version)


class Cinder:
    """Raw calls to /volume/v3/{project} as one user at one microversion."""

    def __init__(self, cloud: Any, user: str = "demo", mv: str | None = LATEST) -> None:
        self.cloud = cloud
        self.user = user
        self.mv = mv
        reply = cloud.authenticate(user)
        assert reply.status == 201, reply.body
        self.token = reply.header("x-subject-token")
        self.project = reply.json["token"]["project"]["id"]

    def at(self, mv: str | None) -> Cinder:
        """The same user at another microversion."""
        other = object.__new__(Cinder)
        other.__dict__.update(self.__dict__, mv=mv)
        return other

    def call(self, method: str, path: str, body: Any = None, raw: bytes | None = None,
             project: bool = True, headers: dict[str, str] | None = None) -> Any:
        sent = {"OpenStack-API-Version": f"volume {self.mv}"} if self.mv else {}
        sent.update(headers or {})
        prefix = f"/volume/v3/{self.project}" if project else "/volume/v3"
        reply = self.cloud.call(method, prefix + path, body, token=self.token, headers=sent,
                                raw=raw)
        assert reply.header("x-openstack-request-id").startswith("req-")
        return reply

    def ok(self, method: str, path: str, body: Any = None, status: int = 200,
           spec: str | None = None) -> Any:
        """A call that must answer `status`; its body validated against `spec` (a spec path
        under /v3/{project_id}) when given."""
        reply = self.call(method, path, body)
        assert reply.status == status, (method, path, reply.status, reply.body)
        if spec is not None:
            check(spec, method.lower(), reply.json, self.mv)
        return reply.json

    def fault(self, method: str, path: str, body: Any = None, status: int = 400,
              raw: bytes | None = None) -> str:
        """A call that must fail with Cinder's fault body; its message."""
        reply = self.call(method, path, body, raw=raw)
        assert reply.status == status, (method, path, reply.status, reply.body)
        names = {400: "badRequest", 403: "forbidden", 404: "itemNotFound", 405: "badMethod",
                 409: "conflictingRequest", 413: "overLimit"}
        (name, inner), = reply.json.items()
        assert name == names.get(status, "computeFault"), reply.json
        assert inner["code"] == status
        return inner["message"]

    def volume(self, size: int = 1, wait: bool = True, **fields: Any) -> dict[str, Any]:
        """Create a volume (a unique name unless given) and wait until it is available."""
        body = {"size": size, "name": f"vol-{uuid.uuid4().hex[:8]}", **fields}
        created = self.ok("POST", "/volumes", {"volume": body}, 202, spec="/volumes")
        volume = created["volume"]
        assert volume["status"] == "creating"
        return self.wait(volume["id"], "available") if wait else volume

    def show(self, volume_id: str) -> dict[str, Any]:
        return self.ok("GET", f"/volumes/{volume_id}", spec="/volumes/{id}")["volume"]

    def wait(self, volume_id: str, status: str, kind: str = "volumes") -> dict[str, Any]:
        key = kind[:-1]

        def done() -> Any:
            found = self.call("GET", f"/{kind}/{volume_id}").json[key]
            return found if found["status"] == status else None
        return self.cloud.wait_for(done, timeout=10)

    def gone(self, volume_id: str, kind: str = "volumes") -> None:
        self.cloud.wait_for(
            lambda: self.call("GET", f"/{kind}/{volume_id}").status == 404, timeout=10)

    def snapshot(self, volume_id: str, **fields: Any) -> dict[str, Any]:
        body = {"volume_id": volume_id, "name": f"snap-{uuid.uuid4().hex[:6]}", **fields}
        created = self.ok("POST", "/snapshots", {"snapshot": body}, 202, spec="/snapshots")
        assert created["snapshot"]["status"] == "creating"
        return self.wait(created["snapshot"]["id"], "available", "snapshots")

    def delete(self, volume_id: str) -> None:
        reply = self.call("DELETE", f"/volumes/{volume_id}?cascade=true")
        assert reply.status in (202, 404), reply.body


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


# ------------------------------------------------------------------ actions
def action(who: Cinder, volume_id: str, body: Any, status: int = 202) -> Any:
    reply = who.call("POST", f"/volumes/{volume_id}/action", body)
    assert reply.status == status, (body, reply.status, reply.body)
    return reply


def test_extend(demo):
    volume = demo.volume(size=1)
    action(demo, volume["id"], {"os-extend": {"new_size": 3}})
    assert demo.show(volume["id"])["status"] == "extending"
    extended = demo.wait(volume["id"], "available")
    assert extended["size"] == 3
    message = demo.fault("POST", f"/volumes/{volume['id']}/action",
                         {"os-extend": {"new_size": 2}})
    assert message.startswith("Invalid input received: New size for extend must be greater")
    assert "new_size" in demo.fault("POST", f"/volumes/{volume['id']}/action",
                                    {"os-extend": {"new_size": "big"}})
    assert "new_size" in demo.fault("POST", f"/volumes/{volume['id']}/action",
                                    {"os-extend": {}})
    # in-use volumes extend from 3.42 only
    action(demo, volume["id"], {"os-attach": {"instance_uuid": str(uuid.uuid4()),
                                              "mountpoint": "/dev/vdb"}})
    assert demo.show(volume["id"])["status"] == "in-use"
    message = demo.at("3.41").fault("POST", f"/volumes/{volume['id']}/action",
                                    {"os-extend": {"new_size": 4}})
    assert message.startswith("Invalid volume:") and "in-use" in message
    action(demo.at("3.42"), volume["id"], {"os-extend": {"new_size": 4}})
    assert demo.wait(volume["id"], "in-use")["size"] == 4
    action(demo, volume["id"], {"os-detach": {}})
    assert demo.show(volume["id"])["status"] == "available"
    demo.delete(volume["id"])


def test_state_actions(demo, admin):
    volume = demo.volume()
    vid = volume["id"]
    action(demo, vid, {"os-set_bootable": {"bootable": True}}, status=200)
    assert demo.show(vid)["bootable"] == "true"
    action(demo, vid, {"os-set_bootable": {"bootable": "false"}}, status=200)
    assert demo.show(vid)["bootable"] == "false"
    action(demo, vid, {"os-update_readonly_flag": {"readonly": True}})
    action(demo, vid, {"os-retype": {"new_type": "lvmdriver-1", "migration_policy": "never"}})
    assert demo.wait(vid, "available")["volume_type"] == "lvmdriver-1"
    assert "same type" in demo.fault("POST", f"/volumes/{vid}/action",
                                     {"os-retype": {"new_type": "lvmdriver-1"}})
    assert demo.fault("POST", f"/volumes/{vid}/action", {"os-retype": {"new_type": "nope"}},
                      status=404)
    # reserve / unreserve, begin / roll detaching
    action(demo, vid, {"os-reserve": None})
    assert demo.show(vid)["status"] == "attaching"
    action(demo, vid, {"os-unreserve": None})
    assert demo.show(vid)["status"] == "available"
    action(demo, vid, {"os-attach": {"instance_uuid": str(uuid.uuid4()),
                                     "mountpoint": "/dev/vdc", "mode": "rw"}})
    shown = demo.show(vid)
    assert shown["status"] == "in-use" and shown["attachments"][0]["device"] == "/dev/vdc"
    assert shown["attachments"][0]["host_name"] is None  # admins only
    action(demo, vid, {"os-begin_detaching": None})
    assert demo.show(vid)["status"] == "detaching"
    action(demo, vid, {"os-roll_detaching": None})
    assert demo.show(vid)["status"] == "in-use"
    connection = action(demo, vid, {"os-initialize_connection": {"connector": {
        "host": "h"}}}, status=200).json
    assert connection["connection_info"]["data"]["volume_id"] == vid
    action(demo, vid, {"os-detach": {"attachment_id": shown["attachments"][0][
        "attachment_id"]}})
    assert demo.show(vid)["status"] == "available"
    # admin-only actions and Cinder's 400s
    assert demo.fault("POST", f"/volumes/{vid}/action",
                      {"os-reset_status": {"status": "error"}}, status=403)
    action(admin, vid, {"os-reset_status": {"status": "error"}})
    assert demo.show(vid)["status"] == "error"
    assert "valid status" in admin.fault("POST", f"/volumes/{vid}/action",
                                         {"os-reset_status": {"status": "sleepy"}})
    assert demo.fault("POST", f"/volumes/{vid}/action", {"os-dance": {}}) == (
        "There is no such action: os-dance")
    assert demo.fault("POST", f"/volumes/{vid}/action", {"a": 1, "b": 2}) == (
        "Malformed request body")
    assert demo.fault("POST", f"/volumes/{uuid.uuid4()}/action", {"os-reserve": None},
                      status=404)
    action(admin, vid, {"os-force_delete": None})
    demo.gone(vid)


def test_delete_rules(demo, admin):
    volume = demo.volume()
    vid = volume["id"]
    action(demo, vid, {"os-attach": {"instance_uuid": str(uuid.uuid4()),
                                     "mountpoint": "/dev/vdb"}})
    message = demo.fault("DELETE", f"/volumes/{vid}")
    assert message.startswith("Invalid volume: Volume status must be available or error")
    action(demo, vid, {"os-detach": None})
    snapshot = demo.snapshot(vid)
    message = demo.fault("DELETE", f"/volumes/{vid}")
    assert message == "Invalid volume: Volume still has 1 dependent snapshots."
    assert demo.fault("DELETE", f"/volumes/{vid}?force=true", status=403)
    reply = demo.call("DELETE", f"/volumes/{vid}?cascade=true")
    assert reply.status == 202
    assert demo.call("GET", f"/snapshots/{snapshot['id']}").json["snapshot"]["status"] == (
        "deleting")
    demo.gone(vid)
    demo.gone(snapshot["id"], "snapshots")
    # a volume still creating cannot be deleted
    creating = demo.volume(wait=False)
    assert demo.fault("DELETE", f"/volumes/{creating['id']}").startswith("Invalid volume:")
    demo.wait(creating["id"], "available")
    demo.delete(creating["id"])


# ------------------------------------------------------------------ metadata
def test_volume_metadata(demo):
    vid = demo.volume(metadata={"a": "1"})["id"]
    base = f"/volumes/{vid}/metadata"
    assert demo.ok("GET", base, spec="/volumes/{volume_id}/metadata") == {"metadata": {"a": "1"}}
    merged = demo.ok("POST", base, {"metadata": {"b": "2"}})
    check("/volumes/{volume_id}/metadata", "post", merged, demo.mv)
    assert merged == {"metadata": {"a": "1", "b": "2"}}
    assert demo.ok("GET", f"{base}/b", spec="/volumes/{volume_id}/metadata/{id}") == {
        "meta": {"b": "2"}}
    assert demo.ok("PUT", f"{base}/b", {"meta": {"b": "3"}},
                   spec="/volumes/{volume_id}/metadata/{id}") == {"meta": {"b": "3"}}
    assert demo.fault("PUT", f"{base}/b", {"meta": {"c": "3"}}) == "Request body and URI mismatch"
    assert demo.fault("PUT", f"{base}/b", {"meta": {"b": "3", "c": "4"}}) == (
        "Request body contains too many items")
    replaced = demo.ok("PUT", base, {"metadata": {"z": "9"}},
                       spec="/volumes/{volume_id}/metadata")
    assert replaced == {"metadata": {"z": "9"}}
    reply = demo.call("DELETE", f"{base}/z")
    assert reply.status == 200
    assert demo.fault("GET", f"{base}/z", status=404) == "Metadata item was not found"
    assert demo.fault("DELETE", f"{base}/z", status=404)
    assert "metadata" in demo.fault("POST", base, {"metadata": {"k": ["list"]}})
    assert demo.fault("POST", base, {"other": {}})
    demo.delete(vid)


# ------------------------------------------------------------------ snapshots
@pytest.mark.parametrize("mv", ["3.0", "3.14", "3.41", "3.65", "3.70"])
def test_snapshots(demo, mv):
    who = demo.at(mv)
    volume = who.volume(size=2)
    snapshot = who.snapshot(volume["id"], description="d", metadata={"k": "v"})
    assert (snapshot["size"], snapshot["volume_id"], snapshot["metadata"]) == (
        2, volume["id"], {"k": "v"})
    shown = who.ok("GET", f"/snapshots/{snapshot['id']}", spec="/snapshots/{id}")["snapshot"]
    assert shown["os-extended-snapshot-attributes:progress"] == "100%"
    assert shown["os-extended-snapshot-attributes:project_id"] == who.project
    assert ("user_id" in shown) == (tuple(map(int, mv.split("."))) >= (3, 41))
    listed = who.ok("GET", "/snapshots")["snapshots"]
    assert snapshot["id"] in {s["id"] for s in listed}
    detail = who.ok("GET", f"/snapshots/detail?volume_id={volume['id']}",
                    spec="/snapshots/detail")["snapshots"]
    assert [s["id"] for s in detail] == [snapshot["id"]]
    updated = who.ok("PUT", f"/snapshots/{snapshot['id']}", {"snapshot": {"name": "renamed"}},
                     spec="/snapshots/{id}")["snapshot"]
    assert updated["name"] == "renamed"
    base = f"/snapshots/{snapshot['id']}/metadata"
    assert who.ok("POST", base, {"metadata": {"x": "y"}})["metadata"] == {"k": "v", "x": "y"}
    assert who.ok("GET", f"{base}/x") == {"meta": {"x": "y"}}
    assert who.call("DELETE", f"{base}/x").status == 200
    reply = who.call("DELETE", f"/snapshots/{snapshot['id']}")
    assert reply.status == 202
    who.gone(snapshot["id"], "snapshots")
    who.delete(volume["id"])


def test_snapshot_rules(demo, admin):
    volume = demo.volume()
    vid = volume["id"]
    action(demo, vid, {"os-attach": {"instance_uuid": str(uuid.uuid4()),
                                     "mountpoint": "/dev/vdb"}})
    message = demo.fault("POST", "/snapshots", {"snapshot": {"volume_id": vid}})
    assert message.startswith("Invalid volume:") and "in-use" in message
    forced = demo.snapshot(vid, force=True)
    assert "volume_id" in demo.fault("POST", "/snapshots", {"snapshot": {"name": "x"}})
    assert demo.fault("POST", "/snapshots", {"snapshot": {"volume_id": str(uuid.uuid4())}},
                      status=404)
    assert "force" in demo.fault("POST", "/snapshots", {"snapshot": {"volume_id": vid,
                                                                     "force": "perhaps"}})
    assert demo.fault("GET", f"/snapshots/{uuid.uuid4()}", status=404).startswith("Snapshot ")
    assert admin.call("GET", f"/snapshots/{forced['id']}").status == 200
    assert demo.fault("POST", f"/snapshots/{forced['id']}/action",
                      {"os-reset_status": {"status": "error"}}, status=403)
    reply = admin.call("POST", f"/snapshots/{forced['id']}/action",
                       {"os-reset_status": {"status": "error"}})
    assert reply.status == 202
    assert demo.wait(forced["id"], "error", "snapshots")
    action(demo, vid, {"os-detach": None})
    demo.delete(vid)


# ------------------------------------------------------------------ volume types
def test_volume_types(demo, admin):
    listed = demo.ok("GET", "/types", spec="/types")["volume_types"]
    by_name = {t["name"]: t for t in listed}
    assert {"__DEFAULT__", "lvmdriver-1"} <= set(by_name)
    assert by_name["lvmdriver-1"]["extra_specs"] == {}  # hidden from non-admins
    assert "qos_specs_id" not in by_name["lvmdriver-1"]
    seen_by_admin = {t["name"]: t for t in admin.ok("GET", "/types")["volume_types"]}
    assert seen_by_admin["lvmdriver-1"]["extra_specs"] == {
        "volume_backend_name": "lvmdriver-1"}
    default = demo.ok("GET", "/types/default", spec="/types/{id}")["volume_type"]
    assert default["name"] == "__DEFAULT__" and default["is_public"] is True
    assert demo.ok("GET", f"/types/{default['id']}")["volume_type"] == default
    # admin CRUD of a private type with extra specs and access
    name = f"gold-{uuid.uuid4().hex[:6]}"
    assert demo.fault("POST", "/types", {"volume_type": {"name": name}}, status=403)
    created = admin.ok("POST", "/types", {"volume_type": {
        "name": name, "description": "fast", "os-volume-type-access:is_public": False,
        "extra_specs": {"multiattach": "<is> True", "secret": "s"}}},
        spec="/types")["volume_type"]
    tid = created["id"]
    assert (created["is_public"], created["os-volume-type-access:is_public"]) == (False, False)
    assert admin.fault("POST", "/types", {"volume_type": {"name": name}}, status=409)
    assert demo.fault("GET", f"/types/{tid}", status=404)
    assert name not in {t["name"] for t in demo.ok("GET", "/types")["volume_types"]}
    private = admin.ok("GET", "/types?is_public=false")["volume_types"]
    assert name in {t["name"] for t in private} and all(not t["is_public"] for t in private)
    assert demo.fault("POST", "/volumes", {"volume": {"size": 1, "volume_type": name}},
                      status=404)
    admin.ok("POST", f"/types/{tid}/action", {"addProjectAccess": {"project": demo.project}},
             202)
    access = admin.ok("GET", f"/types/{tid}/os-volume-type-access",
                      spec="/types/{type_id}/os-volume-type-access")
    assert access == {"volume_type_access": [{"volume_type_id": tid,
                                              "project_id": demo.project}]}
    visible = demo.ok("GET", f"/types/{tid}")["volume_type"]
    assert visible["extra_specs"] == {"multiattach": "<is> True"}
    volume = demo.volume(volume_type=name)
    assert volume["volume_type"] == name
    assert volume["multiattach"] is True  # from the type's extra spec
    assert "still in use" in admin.fault("DELETE", f"/types/{tid}")
    demo.delete(volume["id"])
    demo.gone(volume["id"])
    # extra specs
    specs = f"/types/{tid}/extra_specs"
    assert admin.ok("POST", specs, {"extra_specs": {"k": "v"}},
                    spec="/types/{type_id}/extra_specs") == {"extra_specs": {"k": "v"}}
    assert admin.ok("GET", specs, spec="/types/{type_id}/extra_specs")["extra_specs"] == {
        "multiattach": "<is> True", "secret": "s", "k": "v"}
    assert admin.ok("GET", f"{specs}/k", spec="/types/{type_id}/extra_specs/{id}") == {"k": "v"}
    assert admin.ok("PUT", f"{specs}/k", {"k": "w"},
                    spec="/types/{type_id}/extra_specs/{id}") == {"k": "w"}
    assert admin.fault("PUT", f"{specs}/k", {"j": "w"}) == "Request body and URI mismatch"
    assert admin.call("DELETE", f"{specs}/k").status == 202
    assert admin.fault("GET", f"{specs}/k", status=404)
    assert demo.fault("POST", specs, {"extra_specs": {"k": "v"}}, status=403)
    updated = admin.ok("PUT", f"/types/{tid}", {"volume_type": {"description": "faster"}},
                       spec="/types/{id}")["volume_type"]
    assert updated["description"] == "faster"
    admin.ok("POST", f"/types/{tid}/action",
             {"removeProjectAccess": {"project": demo.project}}, 202)
    assert demo.fault("GET", f"/types/{tid}", status=404)
    assert admin.call("DELETE", f"/types/{tid}").status == 202
    assert admin.fault("GET", f"/types/{tid}", status=404)
    assert "Default" in admin.fault("DELETE", f"/types/{default['id']}")
    assert admin.fault("POST", "/types", {"volume_type": {"name": ""}})
    assert admin.fault("POST", "/types", {"volume_type": {"name": "x", "colour": "red"}})


# ------------------------------------------------------------------ limits and quotas
def test_limits_zones_and_services(demo, admin):
    volume = demo.volume(size=2)
    limits = demo.ok("GET", "/limits", spec="/limits")["limits"]
    absolute = limits["absolute"]
    assert limits["rate"] == []
    assert absolute["maxTotalVolumes"] == 10 and absolute["maxTotalVolumeGigabytes"] == 1000
    assert absolute["totalVolumesUsed"] >= 1 and absolute["totalGigabytesUsed"] >= 2
    zones = demo.ok("GET", "/os-availability-zone", spec="/os-availability-zone")
    assert zones == {"availabilityZoneInfo": [{"zoneName": "nova",
                                               "zoneState": {"available": True}}]}
    assert demo.fault("GET", "/os-services", status=403)
    services = admin.ok("GET", "/os-services", spec="/os-services")["services"]
    binaries = {s["binary"]: s for s in services}
    assert set(binaries) == {"cinder-scheduler", "cinder-volume", "cinder-backup"}
    assert binaries["cinder-volume"]["backend_state"] == "up"
    assert all(s["state"] == "up" and s["status"] == "enabled" for s in services)
    assert "cluster" not in admin.at("3.6").ok("GET", "/os-services")["services"][0]
    extensions = demo.ok("GET", "/extensions", spec="/extensions")["extensions"]
    assert {"os-volume-actions", "backups", "os-quota-sets"} <= {e["alias"] for e in extensions}
    only = admin.ok("GET", "/os-services?binary=cinder-volume")["services"]
    assert [s["binary"] for s in only] == ["cinder-volume"]
    demo.delete(volume["id"])


def test_quotas_enforced(start_cloud):
    cloud = start_cloud(task_delay=0.01)
    demo, admin = Cinder(cloud, "demo"), Cinder(cloud, "admin")
    quota_path = f"/os-quota-sets/{demo.project}"
    shown = demo.ok("GET", quota_path, spec="/os-quota-sets/{id}")["quota_set"]
    assert shown["id"] == demo.project
    assert (shown["volumes"], shown["gigabytes"], shown["snapshots"]) == (10, 1000, 10)
    assert shown["volumes___DEFAULT__"] == -1 and "gigabytes_lvmdriver-1" in shown
    defaults = demo.ok("GET", f"{quota_path}/defaults",
                       spec="/os-quota-sets/{id}/defaults")["quota_set"]
    assert defaults["volumes"] == 10
    assert demo.fault("GET", f"/os-quota-sets/{admin.project}", status=403)
    assert demo.fault("PUT", quota_path, {"quota_set": {"volumes": 1}}, status=403)
    # ten volumes, then Cinder's 413
    made = [demo.volume(size=1, wait=False) for _ in range(10)]
    message = demo.fault("POST", "/volumes", {"volume": {"size": 1}}, status=413)
    assert message == ("VolumeLimitExceeded: Maximum number of volumes allowed (10) exceeded "
                       "for quota 'volumes'.")
    usage = demo.ok("GET", f"{quota_path}?usage=true")["quota_set"]
    assert usage["volumes"] == {"limit": 10, "in_use": 10, "reserved": 0}
    assert usage["gigabytes"]["in_use"] == 10
    # gigabytes, snapshots and per-type limits (admin updates)
    assert "less than in-use value of 10" in admin.fault("PUT", quota_path,
                                                         {"quota_set": {"volumes": 5}})
    updated = admin.ok("PUT", quota_path, {"quota_set": {
        "volumes": 20, "gigabytes": 12, "snapshots": 1, "volumes_lvmdriver-1": 0}},
        spec="/os-quota-sets/{id}")["quota_set"]
    assert (updated["volumes"], updated["gigabytes"]) == (20, 12)
    message = demo.fault("POST", "/volumes", {"volume": {"size": 5}}, status=413)
    assert message == ("VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds "
                       "allowed gigabytes quota. Requested 5G, quota is 12G and 10G has been "
                       "consumed.")
    message = demo.fault("POST", "/volumes", {"volume": {"size": 1,
                                                         "volume_type": "lvmdriver-1"}},
                         status=413)
    assert "volumes_lvmdriver-1" in message
    demo.wait(made[0]["id"], "available")
    demo.snapshot(made[0]["id"])
    message = demo.fault("POST", "/snapshots", {"snapshot": {"volume_id": made[0]["id"]}},
                         status=413)
    assert message.startswith("SnapshotLimitExceeded: Maximum number of snapshots allowed (1)")
    message = demo.fault("POST", f"/volumes/{made[1]['id']}/action",
                         {"os-extend": {"new_size": 5}}, status=413)
    assert "gigabytes" in message
    limits = demo.ok("GET", "/limits")["limits"]["absolute"]
    assert (limits["maxTotalVolumes"], limits["totalVolumesUsed"],
            limits["totalSnapshotsUsed"], limits["totalGigabytesUsed"]) == (20, 10, 1, 11)
    assert admin.fault(
        "PUT", quota_path, {"quota_set": {"colour": 1}}) == "Bad key(s) in quota set: colour"
    assert "integer" in admin.fault("PUT", quota_path, {"quota_set": {"volumes": "many"}})
    assert "-1" in admin.fault("PUT", quota_path, {"quota_set": {"volumes": -2}})
    assert admin.call("DELETE", quota_path).status == 200
    assert demo.ok("GET", quota_path)["quota_set"]["gigabytes"] == 1000
    # the state survives a restart
    restarted = cloud.restart()
    again = Cinder(restarted, "demo")
    listed = again.ok("GET", "/volumes/detail")["volumes"]
    assert {v["id"] for v in made} <= {v["id"] for v in listed}
    assert again.ok("GET", "/types/default")["volume_type"]["name"] == "__DEFAULT__"


# ------------------------------------------------------------------ backups
@pytest.mark.parametrize("mv", ["3.0", "3.43", "3.70"])
def test_backups(demo, admin, mv):
    who = demo.at(mv)
    version = tuple(map(int, mv.split(".")))
    volume = who.volume(size=2)
    body: dict[str, Any] = {"volume_id": volume["id"], "name": "full", "description": "d"}
    if version >= (3, 43):
        body["metadata"] = {"k": "v"}
    created = who.ok("POST", "/backups", {"backup": body}, 202, spec="/backups")["backup"]
    assert set(created) == {"id", "name", "links"}
    assert who.show(volume["id"])["status"] == "backing-up"
    full = who.wait(created["id"], "available", "backups")
    check("/backups/{id}", "get", {"backup": full}, mv)
    assert (full["size"], full["volume_id"], full["is_incremental"]) == (2, volume["id"], False)
    assert ("metadata" in full) == (version >= (3, 43))
    assert "os-backup-project-attr:project_id" not in full  # admins only
    assert who.wait(volume["id"], "available")
    incremental = who.ok("POST", "/backups", {"backup": {
        "volume_id": volume["id"], "incremental": True}}, 202)["backup"]
    who.wait(incremental["id"], "available", "backups")
    listed = who.ok("GET", f"/backups/detail?volume_id={volume['id']}&sort=created_at:asc",
                    spec="/backups/detail")["backups"]
    assert [(b["id"], b["is_incremental"], b["has_dependent_backups"]) for b in listed] == [
        (full["id"], False, True), (incremental["id"], True, False)]
    assert {b["id"] for b in who.ok("GET", "/backups", spec="/backups")["backups"]} >= {
        full["id"], incremental["id"]}
    assert who.fault("DELETE", f"/backups/{full['id']}") == (
        "Invalid backup: Incremental backups exist for this backup.")
    if version >= (3, 9):
        renamed = who.ok("PUT", f"/backups/{full['id']}", {"backup": {"name": "renamed"}},
                         spec="/backups/{id}")["backup"]
        assert renamed["name"] == "renamed"
    else:
        assert who.fault("PUT", f"/backups/{full['id']}", {"backup": {"name": "x"}},
                         status=404)
    # restore into a new volume, then into an existing one
    restored = who.ok("POST", f"/backups/{full['id']}/restore", {"restore": {"name": "back"}},
                      202, spec="/backups/{id}/restore")["restore"]
    assert restored["backup_id"] == full["id"] and restored["volume_name"] == "back"
    assert who.show(restored["volume_id"])["status"] == "restoring-backup"
    assert who.wait(restored["volume_id"], "available")["size"] == 2
    who.wait(full["id"], "available", "backups")
    small = who.volume(size=1)
    assert "too small" in who.fault("POST", f"/backups/{full['id']}/restore",
                                    {"restore": {"volume_id": small["id"]}})
    # errors, admin actions, deletion
    assert "force flag" in (who.fault("POST", "/backups", {"backup": {
        "volume_id": _attached(who, small["id"])}}))
    assert "No backups available" in who.fault("POST", "/backups", {"backup": {
        "volume_id": restored["volume_id"], "incremental": True}})
    assert who.fault("GET", f"/backups/{uuid.uuid4()}", status=404).startswith("Backup ")
    assert who.fault("POST", f"/backups/{full['id']}/action",
                     {"os-reset_status": {"status": "error"}}, status=403)
    assert admin.call("POST", f"/backups/{full['id']}/action",
                      {"os-reset_status": {"status": "error"}}).status == 202
    assert who.wait(full["id"], "error", "backups")
    for backup in (incremental, full):
        assert who.call("DELETE", f"/backups/{backup['id']}").status == 202
        who.gone(backup["id"], "backups")
    action(who, small["id"], {"os-detach": None})
    for each in (volume["id"], small["id"], restored["volume_id"]):
        who.delete(each)


def _attached(who: Cinder, volume_id: str) -> str:
    action(who, volume_id, {"os-attach": {"instance_uuid": str(uuid.uuid4()),
                                          "mountpoint": "/dev/vdb"}})
    return volume_id


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
