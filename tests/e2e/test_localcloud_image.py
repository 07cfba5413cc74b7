"""Glance v2 (minimal) of the local cloud, over raw HTTP: versions, list filters and paging,
show, Glance's error format."""

from __future__ import annotations

CIRROS = "cirros-0.6.2-x86_64-disk"


def test_versions(localcloud):
    root = localcloud.call("GET", "/image")
    assert root.status == 300
    versions = root.json["versions"]
    assert versions[0] == {"id": "v2.16", "status": "CURRENT",
                           "links": [{"rel": "self", "href": f"{localcloud.url}/image/v2/"}]}
    assert all(v["status"] == "SUPPORTED" for v in versions[1:])
    assert localcloud.call("GET", "/image/versions").status == 200


def test_seeded_image_list_and_show(localcloud):
    token = localcloud.token("demo")
    listed = localcloud.call("GET", "/image/v2/images", token=token)
    assert listed.status == 200
    body = listed.json
    assert body["schema"] == "/v2/schemas/images" and body["first"] == "/v2/images"
    cirros = next(i for i in body["images"] if i["name"] == CIRROS)
    assert (cirros["status"], cirros["visibility"]) == ("active", "public")
    assert cirros["self"] == f"/v2/images/{cirros['id']}"
    assert cirros["disk_format"] == "qcow2" and cirros["container_format"] == "bare"
    shown = localcloud.call("GET", f"/image/v2/images/{cirros['id']}", token=token)
    assert shown.status == 200 and shown.json == cirros


def test_filters(localcloud):
    token = localcloud.token("demo")
    for query, expected in ((f"name={CIRROS}", 1), ("name=nothing", 0), ("status=active", 1),
                            ("status=queued", 0), ("visibility=public", 1),
                            ("visibility=private", 0)):
        images = localcloud.call("GET", f"/image/v2/images?{query}", token=token).json[
            "images"]
        assert len(images) == expected, query
    cirros_id = localcloud.call("GET", f"/image/v2/images?name={CIRROS}", token=token).json[
        "images"][0]["id"]
    by_in = localcloud.call("GET", f"/image/v2/images?id=in:{cirros_id},other", token=token)
    assert [i["id"] for i in by_in.json["images"]] == [cirros_id]
    assert localcloud.call("GET", "/image/v2/images?visibility=bogus",
                           token=token).status == 400


def test_paging(localcloud):
    token = localcloud.token()
    page = localcloud.call("GET", "/image/v2/images?limit=1", token=token).json
    assert len(page["images"]) == 1
    assert page["next"] == f"/v2/images?limit=1&marker={page['images'][0]['id']}"
    after = localcloud.call("GET", f"/image{page['next']}", token=token).json
    assert after["images"] == [] and "next" not in after
    assert localcloud.call("GET", "/image/v2/images?marker=nope", token=token).status == 400
    assert localcloud.call("GET", "/image/v2/images?limit=x", token=token).status == 400


def test_errors(localcloud):
    token = localcloud.token()
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
