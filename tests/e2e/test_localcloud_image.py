"""Glance v2 of the local cloud over raw HTTP: versions, image records (create, show, JSON
patch, delete), list filters, sorting and `next`-link paging, schemas, discovery and Glance's
error format. Every response body is validated against the OpenAPI spec of the image API.

The helpers here (`make_image`, `check`, ...) are shared by the other image test modules.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

CIRROS = "cirros-0.6.2-x86_64-disk"
CIRROS_ID = "6f1ad2f8-5fa2-4b67-9d16-0c1e0dbd9a1a"
PATCH = {"Content-Type": "application/openstack-images-v2.1-json-patch"}
PATCH_V20 = {"Content-Type": "application/openstack-images-v2.0-json-patch"}
OCTET = {"Content-Type": "application/octet-stream"}
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


# ------------------------------------------------------------------ helpers
def check(path: str, method: str, body: Any) -> None:
    """Validate a response body against the image API's OpenAPI schema (the machinery of
    test_localcloud_schemas); says why when the reference material is absent."""
    if not (SHARED / "openapi").is_dir():
        print(f"not validated against OpenAPI: no reference material at {SHARED.resolve()}")
        return
    import test_localcloud_schemas as schemas

    schemas.validate("image", path, method, body)


def sample(name: str) -> Any:
    import json

    return json.loads((SHARED / "api-samples" / "glance" / name).read_text())


def make_image(cloud, token: str, **fields: Any) -> dict[str, Any]:
    """Create an image (raw/bare, a unique name unless given); assert 201 and its shape."""
    body = {"name": f"img-{uuid.uuid4().hex[:8]}", "disk_format": "raw",
            "container_format": "bare", **fields}
    reply = cloud.call("POST", "/image/v2/images", body, token=token)
    assert reply.status == 201, reply.body
    check("/v2/images", "post", reply.json)
    return reply.json


def upload(cloud, token: str, image_id: str, data: bytes) -> None:
    reply = cloud.call("PUT", f"/image/v2/images/{image_id}/file", raw=data, token=token,
                       headers=OCTET)
    assert reply.status == 204, reply.body


def show(cloud, token: str, image_id: str) -> dict[str, Any]:
    reply = cloud.call("GET", f"/image/v2/images/{image_id}", token=token)
    assert reply.status == 200, reply.body
    check("/v2/images/{image_id}", "get", reply.json)
    return reply.json


def listing(cloud, token: str, query: str = "") -> dict[str, Any]:
    reply = cloud.call("GET", f"/image/v2/images{'?' + query if query else ''}", token=token)
    assert reply.status == 200, (query, reply.body)
    check("/v2/images", "get", reply.json)
    return reply.json


def names(cloud, token: str, query: str) -> list[str]:
    return [i["name"] for i in listing(cloud, token, query)["images"]]


def patch(cloud, token: str, image_id: str, ops: Any, headers: dict[str, str] | None = None):
    return cloud.call("PATCH", f"/image/v2/images/{image_id}", ops, token=token,
                      headers=headers or PATCH)


def delete(cloud, token: str, image_id: str) -> None:
    patch(cloud, token, image_id, [{"op": "replace", "path": "/protected", "value": False}])
    cloud.call("DELETE", f"/image/v2/images/{image_id}", token=token)


@pytest.fixture
def tokens(localcloud) -> dict[str, str]:
    return {"admin": localcloud.token(), "demo": localcloud.token("demo")}


@pytest.fixture
def created(localcloud, tokens):
    """Images made through `created.make(who, **fields)`, deleted (by an admin) at the end."""

    class Made:
        ids: list[str] = []

        def make(self, who: str = "demo", **fields: Any) -> dict[str, Any]:
            image = make_image(localcloud, tokens[who], **fields)
            self.ids.append(image["id"])
            return image

    made = Made()
    made.ids = []
    yield made
    for image_id in made.ids:
        delete(localcloud, tokens["admin"], image_id)


# ------------------------------------------------------------------ versions and seed
def test_versions(localcloud):
    root = localcloud.call("GET", "/image")
    assert root.status == 300
    versions = root.json["versions"]
    assert versions[0] == {"id": "v2.16", "status": "CURRENT",
                           "links": [{"rel": "self", "href": f"{localcloud.url}/image/v2/"}]}
    assert [v["id"] for v in versions] == [f"v2.{n}" for n in range(16, -1, -1)]
    assert all(v["status"] == "SUPPORTED" for v in versions[1:])
    listed = localcloud.call("GET", "/image/versions")
    assert listed.status == 200 and listed.json == root.json
    assert root.header("x-openstack-request-id").startswith("req-")


def test_seeded_image_list_and_show(localcloud, tokens):
    body = listing(localcloud, tokens["demo"])
    assert body["schema"] == "/v2/schemas/images" and body["first"] == "/v2/images"
    cirros = next(i for i in body["images"] if i["name"] == CIRROS)
    assert (cirros["status"], cirros["visibility"]) == ("active", "public")
    assert cirros["self"] == f"/v2/images/{cirros['id']}"
    assert cirros["disk_format"] == "qcow2" and cirros["container_format"] == "bare"
    assert cirros["os_hash_algo"] == "sha512" and len(cirros["os_hash_value"]) == 128
    assert show(localcloud, tokens["demo"], cirros["id"]) == cirros


# ------------------------------------------------------------------ create
def test_create_show_and_defaults(localcloud, tokens, created):
    image_id = str(uuid.uuid4())
    image = created.make(id=image_id, name="créé", min_ram=64, tags=["a", "b", "a"],
                         os_distro="cirros", hw_rng_model="virtio")
    project = localcloud.authenticate("demo").json["token"]["project"]["id"]
    assert image["id"] == image_id and image["name"] == "créé"
    assert (image["status"], image["visibility"], image["owner"]) == ("queued", "shared",
                                                                      project)
    assert image["size"] is None and image["checksum"] is None and image["virtual_size"] is None
    assert image["os_distro"] == "cirros" and image["hw_rng_model"] == "virtio"
    assert sorted(image["tags"]) == ["a", "b"] and image["min_ram"] == 64
    assert image["file"] == f"/v2/images/{image_id}/file"
    assert show(localcloud, tokens["demo"], image_id) == image
    if (SHARED / "api-samples").is_dir():
        expected = set(sample("image-create-response.json")) - {"locations"}
        assert set(image) - {"os_distro", "hw_rng_model"} == expected
    reply = localcloud.call("POST", "/image/v2/images", {"name": "again", "id": image_id},
                            token=tokens["demo"])
    assert reply.status == 409
    # Location and the import methods, as Glance answers a create
    reply = localcloud.call("POST", "/image/v2/images", {}, token=tokens["demo"])
    assert reply.status == 201
    created.ids.append(reply.json["id"])
    assert reply.header("location") == f"{localcloud.url}/image/v2/images/{reply.json['id']}"
    assert reply.header("openstack-image-import-methods") == ("glance-direct,web-download,"
                                                              "copy-image")
    assert reply.header("openstack-image-store-ids") == "fast,cheap"  # DevStack's two stores
    assert reply.json["name"] is None and reply.json["disk_format"] is None


@pytest.mark.parametrize("body, status, message", [
    ({"name": "x" * 256}, 400, "is too long"),
    ({"name": 5}, 400, "is not of type"),
    ({"visibility": "everyone"}, 400, "is not one of"),
    ({"disk_format": "floppy"}, 400, "is not one of"),
    ({"container_format": "box"}, 400, "is not one of"),
    ({"id": "not-a-uuid"}, 400, "does not match"),
    ({"min_ram": "lots"}, 400, "is not of type"),
    ({"min_disk": -1}, 400, "Cannot be a negative value"),
    ({"protected": "yes"}, 400, "is not of type"),
    ({"tags": ["t" * 256]}, 400, "is too long"),
    ({"tags": "single"}, 400, "is not of type"),
    ({"extra": 1}, 400, "is not of type"),
    ({"x" * 256: "v"}, 400, "Custom property should not be greater than 255"),
    ({"status": "active"}, 403, "Attribute 'status' is read-only."),
    ({"checksum": "abc"}, 403, "Attribute 'checksum' is read-only."),
    ({"self": "/x"}, 403, "Attribute 'self' is read-only."),
    ({"deleted": "true"}, 403, "Attribute 'deleted' is reserved."),
    ({"os_glance_import_task": "x"}, 403, "is reserved"),
    ({"visibility": "public"}, 403, "publicize_image"),
    ({"owner": "someone-else"}, 403, "not permitted to create images owned by"),
])
def test_create_rejections(localcloud, tokens, body, status, message):
    reply = localcloud.call("POST", "/image/v2/images", body, token=tokens["demo"])
    assert reply.status == status, reply.body
    assert message in reply.json["message"]
    assert reply.json["code"].startswith(str(status))


def test_create_bad_bodies(localcloud, tokens):
    demo = tokens["demo"]
    for raw, message in ((b"{nope", "Malformed JSON"), (b"", "Body expected"),
                         (b"[1]", "is not of type 'object'")):
        reply = localcloud.call("POST", "/image/v2/images", raw=raw, token=demo)
        assert reply.status == 400 and message in reply.json["message"], raw
    too_many = {f"p{n}": "v" for n in range(129)}
    assert localcloud.call("POST", "/image/v2/images", too_many, token=demo).status == 413


def test_admin_creates_public_and_for_another_owner(localcloud, tokens, created):
    demo_project = localcloud.authenticate("demo").json["token"]["project"]["id"]
    public = created.make("admin", visibility="public")
    assert public["visibility"] == "public"
    given = created.make("admin", owner=demo_project, visibility="private")
    assert given["owner"] == demo_project
    assert show(localcloud, tokens["demo"], given["id"])["id"] == given["id"]


# ------------------------------------------------------------------ update
def test_json_patch(localcloud, tokens, created):
    demo = tokens["demo"]
    image = created.make(color="red", tags=["old"])
    ops = [{"op": "replace", "path": "/name", "value": "renamed"},
           {"op": "add", "path": "/flavor", "value": "vanilla"},
           {"op": "replace", "path": "/color", "value": "blue"},
           {"op": "add", "path": "/min_disk", "value": 3},
           {"op": "replace", "path": "/tags", "value": ["fedora", "beefy"]},
           {"op": "add", "path": "/a~1b", "value": "slash"},
           {"op": "replace", "path": "/protected", "value": True}]
    reply = patch(localcloud, demo, image["id"], ops)
    assert reply.status == 200, reply.body
    check("/v2/images/{image_id}", "patch", reply.json)
    updated = reply.json
    assert (updated["name"], updated["flavor"], updated["color"]) == ("renamed", "vanilla",
                                                                      "blue")
    assert updated["min_disk"] == 3 and updated["protected"] is True
    assert sorted(updated["tags"]) == ["beefy", "fedora"] and updated["a/b"] == "slash"
    reply = patch(localcloud, demo, image["id"], [{"op": "remove", "path": "/color"}])
    assert reply.status == 200 and "color" not in reply.json
    assert show(localcloud, demo, image["id"]) == reply.json
    # v2.0 patch media type: `add` of something present conflicts
    reply = patch(localcloud, demo, image["id"], [{"add": "/flavor", "value": "x"}], PATCH_V20)
    assert reply.status == 409
    reply = patch(localcloud, demo, image["id"], [{"replace": "/flavor", "value": "mint"}],
                  PATCH_V20)
    assert reply.status == 200 and reply.json["flavor"] == "mint"


@pytest.mark.parametrize("ops, status, message", [
    ([{"op": "remove", "path": "/name"}], 403, "Property name may not be removed."),
    ([{"op": "replace", "path": "/missing", "value": "x"}], 409, "does not exist"),
    ([{"op": "remove", "path": "/missing"}], 409, "does not exist"),
    ([{"op": "add", "path": "/tags/0", "value": "x"}], 400, "Invalid JSON pointer"),
    ([{"op": "replace", "path": "name", "value": "x"}], 400, "does not start with"),
    ([{"op": "replace", "path": "/status", "value": "active"}], 403, "read-only"),
    ([{"op": "replace", "path": "/id", "value": str(uuid.uuid4())}], 403, "read-only"),
    ([{"op": "replace", "path": "/file", "value": "x"}], 403, "read-only"),
    ([{"op": "add", "path": "/deleted", "value": "x"}], 403, "reserved"),
    ([{"op": "replace", "path": "/name", "value": 3}], 400, "is not of type"),
    ([{"op": "replace", "path": "/visibility", "value": "world"}], 400, "is not one of"),
    ([{"op": "replace", "path": "/visibility", "value": "public"}], 403, "publicize_image"),
    ([{"op": "replace", "path": "/min_ram", "value": -5}], 400, "negative"),
    ([{"op": "add", "path": "/custom", "value": 5}], 400, "is not of type"),
    ([{"op": "move", "path": "/name", "value": "x"}], 400, "Invalid operation"),
    ([{"op": "replace", "path": "/name"}], 400, "requires a member named \"value\""),
    ([{"path": "/name", "value": "x"}], 400, "Unable to find 'op'"),
    ({"op": "replace"}, 400, "JSON array"),
    (["replace"], 400, "JSON objects"),
])
def test_json_patch_rejections(localcloud, tokens, created, ops, status, message):
    image = created.make()
    reply = patch(localcloud, tokens["demo"], image["id"], ops)
    assert reply.status == status, reply.body
    assert message in reply.json["message"]


def test_patch_media_type_and_access(localcloud, tokens, created):
    image = created.make()
    ops = [{"op": "replace", "path": "/name", "value": "x"}]
    reply = localcloud.call("PATCH", f"/image/v2/images/{image['id']}", ops,
                            token=tokens["demo"])
    assert reply.status == 415
    assert "application/openstack-images-v2.1-json-patch" in reply.header("accept-patch")
    assert patch(localcloud, tokens["demo"], CIRROS_ID, ops).status == 403
    assert patch(localcloud, tokens["demo"], str(uuid.uuid4()), ops).status == 404
    # formats are fixed once the image has data
    upload(localcloud, tokens["demo"], image["id"], b"data")
    reply = patch(localcloud, tokens["demo"], image["id"],
                  [{"op": "replace", "path": "/disk_format", "value": "qcow2"}])
    assert reply.status == 403 and "only replaced for a queued image" in reply.json["message"]


# ------------------------------------------------------------------ delete
def test_delete(localcloud, tokens, created):
    demo = tokens["demo"]
    image = created.make(protected=True)
    upload(localcloud, demo, image["id"], b"x" * 1000)
    stored = localcloud.state_dir / "images" / image["id"]
    assert stored.read_bytes() == b"x" * 1000
    reply = localcloud.call("DELETE", f"/image/v2/images/{image['id']}", token=demo)
    assert reply.status == 403 and "is protected and cannot be deleted" in reply.json["message"]
    patch(localcloud, demo, image["id"], [{"op": "replace", "path": "/protected",
                                          "value": False}])
    reply = localcloud.call("DELETE", f"/image/v2/images/{image['id']}", token=demo)
    assert reply.status == 204 and reply.body == b""
    assert not stored.exists()
    assert localcloud.call("GET", f"/image/v2/images/{image['id']}", token=demo).status == 404
    assert localcloud.call("DELETE", f"/image/v2/images/{image['id']}",
                           token=demo).status == 404
    assert localcloud.call("DELETE", f"/image/v2/images/{CIRROS_ID}",
                           token=demo).status == 403
    private = created.make("admin", visibility="private")
    assert localcloud.call("DELETE", f"/image/v2/images/{private['id']}",
                           token=demo).status == 404


# ------------------------------------------------------------------ list
def test_list_filters(localcloud, tokens, created):
    demo = tokens["demo"]
    tag = uuid.uuid4().hex[:8]
    small = created.make(name=f"{tag}-small", tags=[tag, "small"], os_distro="ubuntu")
    big = created.make(name=f"{tag}-big", tags=[tag, "big"], protected=True, disk_format="qcow2")
    hidden = created.make(name=f"{tag}-hidden", tags=[tag], os_hidden=True)
    empty = created.make(name=f"{tag}-empty", tags=[tag], visibility="private")
    upload(localcloud, demo, small["id"], b"s" * 10)
    upload(localcloud, demo, big["id"], b"b" * 5000)
    t = f"tag={tag}"
    assert sorted(names(localcloud, demo, t)) == sorted(
        [small["name"], big["name"], empty["name"]])
    cases = {
        f"{t}&name={small['name']}": [small],
        f"{t}&name=in:{small['name']},{big['name']}": [small, big],
        f"{t}&id=in:{small['id']},{hidden['id']}": [small],
        f"{t}&tag=small": [small],
        f"{t}&tag=small&tag=big": [],
        f"{t}&status=active": [small, big],
        f"{t}&status=queued": [empty],
        f"{t}&status=in:queued,active": [small, big, empty],
        f"{t}&size_min=100": [big],
        f"{t}&size_max=100": [small],
        f"{t}&protected=true": [big],
        f"{t}&protected=false": [small, empty],
        f"{t}&os_hidden=true": [hidden],
        f"{t}&visibility=private": [empty],
        f"{t}&visibility=shared": [small, big],
        f"{t}&disk_format=qcow2": [big],
        f"{t}&os_distro=ubuntu": [small],
        f"{t}&created_at=gte:{small['created_at']}": [small, big, empty],
        f"{t}&created_at=lt:2000-01-01T00:00:00Z": [],
        f"{t}&updated_at=gt:2000-01-01T00:00:00Z": [small, big, empty],
    }
    for query, expected in cases.items():
        assert sorted(names(localcloud, demo, query)) == sorted(
            i["name"] for i in expected), query
    for query in ("protected=maybe", "os_hidden=2", "size_min=big", "visibility=bogus",
                  "member_status=maybe", "created_at=near:2020-01-01T00:00:00Z",
                  "created_at=gte:yesterday"):
        reply = localcloud.call("GET", f"/image/v2/images?{query}", token=demo)
        assert reply.status == 400, query


def test_sorting_and_pagination(localcloud, tokens, created):
    demo = tokens["demo"]
    tag = uuid.uuid4().hex[:8]
    made = [created.make(name=f"{tag}-{letter}", tags=[tag], min_ram=ram)
            for letter, ram in zip("cabed", (1, 2, 2, 1, 3), strict=True)]
    assert names(localcloud, demo, f"tag={tag}") == [i["name"] for i in reversed(made)]
    ascending = [f"{tag}-{c}" for c in "abcde"]
    assert names(localcloud, demo, f"tag={tag}&sort_key=name&sort_dir=asc") == ascending
    assert names(localcloud, demo, f"tag={tag}&sort=name:asc") == ascending
    assert names(localcloud, demo, f"tag={tag}&sort=name") == ascending[::-1]
    assert names(localcloud, demo, f"tag={tag}&sort=min_ram:asc,name:desc") == [
        f"{tag}-{c}" for c in "ecbad"]
    assert names(localcloud, demo, f"tag={tag}&sort_key=min_ram&sort_key=name"
                                   "&sort_dir=desc&sort_dir=asc") == [
        f"{tag}-{c}" for c in "dabce"]
    # pages of two, following `next`
    seen, url, pages = [], f"/v2/images?tag={tag}&sort=name:asc&limit=2", 0
    while url:
        body = listing(localcloud, demo, url.split("?", 1)[1])
        assert body["first"] == f"/v2/images?tag={tag}&sort=name%3Aasc&limit=2"
        seen += [i["name"] for i in body["images"]]
        url, pages = body.get("next"), pages + 1
    assert seen == ascending and pages == 3
    # a marker filtered out of the listing still places the page
    assert names(localcloud, demo, f"tag={tag}&marker={CIRROS_ID}") == []
    assert names(localcloud, demo, f"tag={tag}&sort_dir=asc&marker={CIRROS_ID}") == [
        i["name"] for i in made]
    for query in ("sort_key=colour", "sort_dir=up", "sort=name:sideways",
                  "sort=name&sort_key=name", "limit=-1", "limit=x",
                  f"marker={uuid.uuid4()}", "sort_key=name&sort_key=id&sort_dir=asc"
                  "&sort_dir=asc&sort_dir=desc"):
        reply = localcloud.call("GET", f"/image/v2/images?{query}", token=demo)
        assert reply.status == 400, query


# ------------------------------------------------------------------ schemas, discovery
def test_schemas(localcloud, tokens):
    for name, sample_file in (("image", "schemas-image-show-response.json"),
                              ("images", "schemas-images-list-response.json"),
                              ("member", "schemas-image-member-show-response.json"),
                              ("members", "schemas-image-members-list-response.json")):
        reply = localcloud.call("GET", f"/image/v2/schemas/{name}", token=tokens["demo"])
        assert reply.status == 200, name
        ours = reply.json
        assert ours["name"] == name
        if (SHARED / "api-samples").is_dir():
            expected = sample(sample_file)
            assert set(expected["properties"]) <= set(ours["properties"]), name
    image = localcloud.call("GET", "/image/v2/schemas/image", token=tokens["demo"]).json
    assert image["additionalProperties"] == {"type": "string"}
    assert image["properties"]["visibility"]["enum"] == ["community", "public", "private",
                                                        "shared"]
    assert localcloud.call("GET", "/image/v2/schemas/image").status == 401


def test_discovery(localcloud, tokens):
    reply = localcloud.call("GET", "/image/v2/info/import", token=tokens["demo"])
    assert reply.status == 200
    check("/v2/info/import", "get", reply.json)
    assert reply.json["import-methods"]["value"] == ["glance-direct", "web-download",
                                                     "copy-image"]
    if (SHARED / "api-samples").is_dir():
        expected = sample("image-info-import-response.json")["import-methods"]
        assert set(reply.json["import-methods"]) == set(expected)
    stores = localcloud.call("GET", "/image/v2/info/stores", token=tokens["demo"])
    assert stores.status == 200  # a multi-store Glance (more in test_localcloud_image_stores)
    assert [s["id"] for s in stores.json["stores"]] == ["fast", "cheap"]


# ------------------------------------------------------------------ errors
def test_errors(localcloud, tokens):
    token = tokens["admin"]
    missing = localcloud.call("GET", "/image/v2/images/no-such-image", token=token)
    assert missing.status == 404
    assert missing.json == {"message": "No image found with ID no-such-image",
                            "code": "404 Not Found", "title": "Not Found"}
    plain = localcloud.call("GET", "/image/v2/images/no-such-image", token=token,
                            headers={"Accept": "text/plain"})
    assert plain.header("content-type").startswith("text/plain")
    assert plain.body.startswith(b"404 Not Found")
    unauthorized = localcloud.call("GET", "/image/v2/images")
    assert unauthorized.status == 401
    assert unauthorized.json["error"]["code"] == 401
    assert unauthorized.header("x-openstack-request-id").startswith("req-")
    assert localcloud.call("GET", "/image/v2/nothing", token=token).status == 404
    assert localcloud.call("POST", f"/image/v2/images/{CIRROS_ID}",
                           token=token).status == 405


def test_list_filters_by_exact_size(localcloud, created, tokens):
    demo = tokens["demo"]
    image = created.make()
    data = uuid.uuid4().bytes * 3  # 48 bytes, a size no other image has
    upload(localcloud, demo, image["id"], data)
    reply = localcloud.call("GET", f"/image/v2/images?size={len(data)}", token=demo)
    assert reply.status == 200
    assert [i["id"] for i in reply.json["images"]] == [image["id"]]
    reply = localcloud.call("GET", f"/image/v2/images?size={len(data)}&size_max=1", token=demo)
    assert reply.json["images"] == []
    assert localcloud.call("GET", "/image/v2/images?size=big", token=demo).status == 400
