"""Swift (object store v1) of the local cloud over raw HTTP: /info, accounts, containers and
objects, ETag checks on upload, metadata round trips, copies, expiry, name limits, Swift's
error bodies. Listing bodies and the declared headers are validated against the object
store's OpenAPI spec. Listings, reads (manifests, ranges, conditions) and access (tokens,
isolation, ACLs) have files of their own (test_localcloud_object_store_*.py).
"""

from __future__ import annotations

import http.client
import json
import time
import uuid

import pytest
from tests.support.localcloud import LocalCloud
from tests.support.swift import CONFLICT, NOT_FOUND, UNPROCESSABLE, Swift, check, md5, names


@pytest.fixture(scope="module")
def admin(localcloud: LocalCloud) -> Swift:
    return Swift(localcloud, "admin")


# ------------------------------------------------------------------ info and catalog
def test_info_needs_no_token(localcloud: LocalCloud):
    reply = localcloud.call("GET", "/object-store/info")
    assert reply.status == 200
    assert reply.header("content-type").startswith("application/json")
    swift = reply.json["swift"]
    assert swift["max_file_size"] > 0
    assert swift["container_listing_limit"] == swift["account_listing_limit"] == 10000
    assert swift["max_object_name_length"] == 1024
    assert swift["max_container_name_length"] == 256
    assert "min_segment_size" in reply.json["slo"]  # openstacksdk reads it before uploads
    head = localcloud.call("HEAD", "/object-store/info")
    assert head.status == 200 and head.body == b""
    assert reply.header("x-openstack-request-id")


def test_catalog_names_the_account(admin: Swift, localcloud: LocalCloud):
    catalog = localcloud.authenticate("admin").json["token"]["catalog"]
    entry = next(e for e in catalog if e["type"] == "object-store")
    assert entry["name"] == "swift"
    urls = {e["interface"]: e["url"] for e in entry["endpoints"]}
    assert urls["public"] == f"{localcloud.url}/object-store/v1/{admin.account}"


# ------------------------------------------------------------------ accounts
def test_account_head_get_post(admin: Swift):
    container = admin.container()
    admin.put(container, "one", b"12345")
    head = admin.call("HEAD")
    assert head.status == 204
    check("/v1/{account}", "head", head)
    assert int(head.header("x-account-container-count")) >= 1
    assert int(head.header("x-account-object-count")) >= 1
    assert int(head.header("x-account-bytes-used")) >= 5
    assert float(head.header("x-timestamp")) > 0
    posted = admin.call("POST", headers={"X-Account-Meta-Owner": "ops",
                                         "X-Account-Meta-Temp": "x"})
    assert posted.status == 204
    head = admin.call("HEAD")
    assert head.header("x-account-meta-owner") == "ops"
    assert head.header("x-account-meta-temp") == "x"
    admin.call("POST", headers={"X-Account-Meta-Owner": "", "X-Remove-Account-Meta-Temp": "1"})
    head = admin.call("HEAD")
    assert head.header("x-account-meta-owner") is None
    assert head.header("x-account-meta-temp") is None
    listed = admin.listing(None, f"prefix={container}")
    assert [c["name"] for c in listed] == [container]
    assert listed[0]["count"] == 1 and listed[0]["bytes"] == 5
    assert set(listed[0]) == {"name", "count", "bytes", "last_modified"}
    assert admin.listing(None, f"prefix={container}", "plain") == [container]
    xml = admin.listing(None, f"prefix={container}", "xml")
    assert xml.tag == "account" and xml.get("name") == admin.account
    assert [c.findtext("name") for c in xml.findall("container")] == [container]
    # accounts are the reseller's to create and delete
    for method in ("PUT", "DELETE"):
        reply = admin.call(method)
        assert reply.status == 405 and "GET" in reply.header("allow")


def test_empty_account_lists_nothing(admin: Swift):
    base = f"/object-store/v1/AUTH_{uuid.uuid4().hex}"  # never used: created on first use
    plain = admin.call("GET", base=base)
    assert plain.status == 204 and plain.body == b""
    assert plain.header("x-account-container-count") == "0"
    as_json = admin.call("GET", "?format=json", base=base)
    assert as_json.status == 200 and as_json.json == []
    by_accept = admin.call("GET", headers={"Accept": "application/json"}, base=base)
    assert by_accept.header("content-type").startswith("application/json")
    assert admin.call("GET", headers={"Accept": "image/png"}, base=base).status == 406


# ------------------------------------------------------------------ containers
def test_container_lifecycle(admin: Swift):
    name = f"life-{uuid.uuid4().hex[:8]}"
    created = admin.call("PUT", f"/{name}", headers={"X-Container-Meta-Color": "blue"})
    assert created.status == 201
    check("/v1/{account}/{container}", "put", created)
    again = admin.call("PUT", f"/{name}", headers={"X-Container-Meta-Size": "big"})
    assert again.status == 202
    head = admin.call("HEAD", f"/{name}")
    assert head.status == 204
    check("/v1/{account}/{container}", "head", head)
    assert head.header("x-container-meta-color") == "blue"
    assert head.header("x-container-meta-size") == "big"
    assert head.header("x-container-object-count") == "0"
    assert head.header("x-container-bytes-used") == "0"
    assert head.header("x-storage-policy") == "Policy-0"
    posted = admin.call("POST", f"/{name}", headers={"X-Container-Meta-Color": "",
                                                     "X-Container-Meta-Shape": "round"})
    assert posted.status == 204
    head = admin.call("HEAD", f"/{name}")
    assert head.header("x-container-meta-color") is None
    assert head.header("x-container-meta-shape") == "round"
    empty = admin.call("GET", f"/{name}")
    assert empty.status == 204 and empty.body == b""
    assert admin.call("GET", f"/{name}?format=json").json == []
    assert admin.call("DELETE", f"/{name}").status == 204
    gone = admin.call("DELETE", f"/{name}")
    assert gone.status == 404 and gone.body == NOT_FOUND
    assert gone.header("content-type") == "text/html; charset=UTF-8"
    assert admin.call("HEAD", f"/{name}").status == 404
    assert admin.call("POST", f"/{name}", headers={"X-Container-Meta-A": "b"}).status == 404
    assert admin.call("GET", f"/{name}/object").status == 404


def test_deleting_a_container_with_objects_conflicts(admin: Swift):
    name = admin.container()
    admin.put(name, "keep", b"data")
    reply = admin.call("DELETE", f"/{name}")
    assert reply.status == 409 and reply.body == CONFLICT
    assert admin.call("DELETE", f"/{name}/keep").status == 204
    assert admin.call("DELETE", f"/{name}").status == 204


# ------------------------------------------------------------------ objects
def test_object_round_trip_with_metadata(admin: Swift):
    container = admin.container()
    data = b"hello object store\n" * 100
    put = admin.put(container, "docs/readme.txt", data, **{
        "Content-Type": "text/plain", "ETag": md5(data), "X-Object-Meta-Color": "red",
        "X-Object-Meta-Owner": "alice", "Content-Disposition": "attachment"})
    assert put.header("etag") == md5(data)
    check("/v1/{account}/{container}/{object}", "put", put)
    got = admin.call("GET", f"/{container}/docs/readme.txt")
    assert got.status == 200 and got.body == data
    check("/v1/{account}/{container}/{object}", "get", got)
    assert got.header("content-type") == "text/plain"
    assert got.header("content-length") == str(len(data))
    assert got.header("etag") == md5(data)
    assert got.header("x-object-meta-color") == "red"
    assert got.header("x-object-meta-owner") == "alice"
    assert got.header("content-disposition") == "attachment"
    assert got.header("accept-ranges") == "bytes"
    assert got.header("last-modified").endswith("GMT")
    assert float(got.header("x-timestamp")) <= time.time() + 1
    head = admin.call("HEAD", f"/{container}/docs/readme.txt")
    assert head.status == 200 and head.body == b""
    assert head.header("content-length") == str(len(data))
    check("/v1/{account}/{container}/{object}", "head", head)
    # POST replaces the metadata: what it does not send is gone
    posted = admin.call("POST", f"/{container}/docs/readme.txt", headers={
        "X-Object-Meta-Color": "green", "Content-Type": "text/markdown"})
    assert posted.status == 202
    assert posted.body == (b"<html><h1>Accepted</h1><p>The request is accepted for "
                           b"processing.</p></html>")
    head = admin.call("HEAD", f"/{container}/docs/readme.txt")
    assert head.header("x-object-meta-color") == "green"
    assert head.header("x-object-meta-owner") is None
    assert head.header("content-type") == "text/markdown"
    assert head.header("etag") == md5(data)
    listed = admin.listing(container)
    assert listed == [{"name": "docs/readme.txt", "hash": md5(data), "bytes": len(data),
                       "content_type": "text/markdown",
                       "last_modified": listed[0]["last_modified"]}]
    assert len(listed[0]["last_modified"]) == len("2016-08-12T14:24:16.123456")
    deleted = admin.call("DELETE", f"/{container}/docs/readme.txt")
    assert deleted.status == 204
    missing = admin.call("GET", f"/{container}/docs/readme.txt")
    assert missing.status == 404 and missing.body == NOT_FOUND
    assert admin.call("DELETE", f"/{container}/docs/readme.txt").status == 404
    assert admin.call("POST", f"/{container}/docs/readme.txt").status == 404


def test_etag_mismatch_is_422_and_stores_nothing(admin: Swift):
    container = admin.container()
    reply = admin.call("PUT", f"/{container}/bad", b"payload", headers={"ETag": md5(b"other")})
    assert reply.status == 422 and reply.body == UNPROCESSABLE
    assert admin.call("HEAD", f"/{container}/bad").status == 404
    admin.put(container, "kept", b"v1")
    reply = admin.call("PUT", f"/{container}/kept", b"v2", headers={"ETag": md5(b"nope")})
    assert reply.status == 422
    assert admin.call("GET", f"/{container}/kept").body == b"v1"
    quoted = admin.put(container, "quoted", b"abc", ETag=f'"{md5(b"abc")}"')
    assert quoted.header("etag") == md5(b"abc")


def test_replace_and_content_type_guess(admin: Swift, localcloud: LocalCloud):
    container = admin.container()
    admin.put(container, "page.html", b"<p>one</p>")
    assert admin.call("HEAD", f"/{container}/page.html").header("content-type") == "text/html"
    admin.put(container, "blob", b"x")
    assert admin.call("HEAD", f"/{container}/blob").header(
        "content-type") == "application/octet-stream"
    admin.put(container, "page.html", b"<p>two</p>", **{"Content-Type": "text/plain"})
    assert admin.call("GET", f"/{container}/page.html").body == b"<p>two</p>"
    head = admin.call("HEAD", f"/{container}")
    assert head.header("x-container-object-count") == "2"
    assert head.header("x-container-bytes-used") == str(len(b"<p>two</p>") + 1)


def _chunked_put(cloud: LocalCloud, path: str, token: str, chunks: list[bytes],
                 headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", cloud.port, timeout=60)
    try:
        connection.request("PUT", path, body=iter(chunks), encode_chunked=True,
                           headers={"X-Auth-Token": token, **(headers or {})})
        response = connection.getresponse()
        return (response.status, {k.lower(): v for k, v in response.getheaders()},
                response.read())
    finally:
        connection.close()


def test_large_chunked_upload_is_streamed_to_disk(admin: Swift, localcloud: LocalCloud):
    container = admin.container()
    chunk = bytes(range(256)) * 4096  # 1 MiB
    chunks = [chunk] * 12
    whole = b"".join(chunks)
    status, headers, _ = _chunked_put(localcloud, f"{admin.base}/{container}/big.bin",
                                      admin.token, chunks, {"ETag": md5(whole)})
    assert status == 201 and headers["etag"] == md5(whole)
    got = admin.call("GET", f"/{container}/big.bin")
    assert got.status == 200 and len(got.body) == len(whole) and got.body == whole
    stored = [p for p in (localcloud.state_dir / "objects").rglob("*")
              if p.is_file() and p.stat().st_size == len(whole)]
    assert stored, "the object's data is a file under <state>/objects"
    assert not any((localcloud.state_dir / "objects" / "tmp").iterdir())
    # a chunked upload with a wrong ETag leaves no object and no temporary file behind
    status, _, body = _chunked_put(localcloud, f"{admin.base}/{container}/bad.bin",
                                   admin.token, [b"a", b"b"], {"ETag": md5(b"x")})
    assert status == 422 and body == UNPROCESSABLE
    assert admin.call("HEAD", f"/{container}/bad.bin").status == 404


def test_length_required(admin: Swift, localcloud: LocalCloud):
    container = admin.container()
    connection = http.client.HTTPConnection("127.0.0.1", localcloud.port, timeout=10)
    try:
        connection.putrequest("PUT", f"{admin.base}/{container}/nolength")
        connection.putheader("X-Auth-Token", admin.token)
        connection.endheaders()
        response = connection.getresponse()
        assert response.status == 411
        assert b"Length Required" in response.read()
    finally:
        connection.close()


def test_copy_object(admin: Swift):
    source = admin.container("src")
    target = admin.container("dst")
    admin.put(source, "orig", b"copy me", **{"X-Object-Meta-A": "1", "X-Object-Meta-B": "2",
                                              "Content-Type": "text/plain"})
    copied = admin.call("PUT", f"/{target}/by-header", headers={
        "X-Copy-From": f"/{source}/orig", "Content-Length": "0", "X-Object-Meta-B": "3"})
    assert copied.status == 201
    assert copied.header("x-copied-from") == f"{source}/orig"
    assert copied.header("etag") == md5(b"copy me")
    got = admin.call("GET", f"/{target}/by-header")
    assert got.body == b"copy me"
    assert (got.header("x-object-meta-a"), got.header("x-object-meta-b")) == ("1", "3")
    assert got.header("content-type") == "text/plain"
    verb = admin.call("COPY", f"/{source}/orig", headers={
        "Destination": f"{target}/by-verb", "X-Fresh-Metadata": "true",
        "X-Object-Meta-C": "new"})
    assert verb.status == 201
    head = admin.call("HEAD", f"/{target}/by-verb")
    assert head.header("x-object-meta-c") == "new" and head.header("x-object-meta-a") is None
    # the copy is independent of its source
    admin.call("DELETE", f"/{source}/orig")
    assert admin.call("GET", f"/{target}/by-verb").body == b"copy me"
    assert admin.call("PUT", f"/{target}/x", headers={
        "X-Copy-From": f"{source}/orig", "Content-Length": "0"}).status == 404
    bad = admin.call("PUT", f"/{target}/x", headers={"X-Copy-From": "no-slash",
                                                      "Content-Length": "0"})
    assert bad.status == 412
    assert admin.call("COPY", f"/{target}/by-verb").status == 412  # no Destination


# ------------------------------------------------------------------ expiry
def test_objects_expire(admin: Swift):
    container = admin.container()
    put = admin.put(container, "short", b"soon gone", **{"X-Delete-After": "1"})
    assert put.status == 201
    head = admin.call("HEAD", f"/{container}/short")
    assert head.status == 200 and int(head.header("x-delete-at")) <= time.time() + 2
    admin.put(container, "later", b"x", **{"X-Delete-At": str(int(time.time()) + 3600)})
    admin.cloud.wait_for(lambda: admin.call("HEAD", f"/{container}/short").status == 404,
                         timeout=5)
    assert names(admin.listing(container)) == ["later"]
    # POST without X-Delete-At removes the expiry (Swift replaces it with the metadata)
    admin.call("POST", f"/{container}/later")
    assert admin.call("HEAD", f"/{container}/later").header("x-delete-at") is None
    # far futures are bounded as Swift bounds them
    admin.put(container, "forever", b"x", **{"X-Delete-After": "9" * 40})
    assert admin.call("HEAD", f"/{container}/forever").header("x-delete-at") == "9999999999"
    for header, value in (("X-Delete-At", "1"), ("X-Delete-At", "soon"),
                          ("X-Delete-After", "-5"), ("X-Delete-After", "x"),
                          ("X-Delete-After", "0")):
        reply = admin.call("PUT", f"/{container}/bad", b"x", headers={header: value})
        assert reply.status == 400, (header, value)


# ------------------------------------------------------------------ names and limits
def test_name_and_metadata_limits(admin: Swift):
    long_container = "c" * 257
    reply = admin.call("PUT", f"/{long_container}")
    assert reply.status == 400
    assert reply.body == b"Container name length of 257 longer than 256"
    assert admin.call("PUT", f"/{'c' * 256}").status == 201
    admin.call("DELETE", f"/{'c' * 256}")
    container = admin.container()
    reply = admin.call("PUT", f"/{container}/{'o' * 1025}", b"x")
    assert reply.status == 400 and reply.body == b"Object name length of 1025 longer than 1024"
    assert admin.call("PUT", f"/{container}/{'o' * 1024}", b"x").status == 201
    reply = admin.call("PUT", f"/{container}/meta", b"x",
                       headers={"X-Object-Meta-" + "n" * 129: "v"})
    assert reply.status == 400 and reply.body.startswith(b"Metadata name too long")
    reply = admin.call("PUT", f"/{container}/meta", b"x", headers={"X-Object-Meta-N": "v" * 257})
    assert reply.status == 400 and reply.body.startswith(b"Metadata value longer than 256")
    reply = admin.call("POST", f"/{container}", headers={"X-Container-Meta-" + "n" * 129: "v"})
    assert reply.status == 400
    unicode_name = "día/ñandú ✓.txt"
    admin.put(container, unicode_name, b"u")
    assert unicode_name in names(admin.listing(container))


# ------------------------------------------------------------------ robustness
def test_bad_requests_answer_4xx(admin: Swift, localcloud: LocalCloud):
    container = admin.container()
    cases = [
        ("GET", f"/{container}?delimiter=%00", None, {}),
        ("GET", f"/{container}?prefix=%00", None, {}),
        ("PUT", f"/{container}/x", b"x", {"Content-Length": "1", "X-Delete-At": "1e99"}),
        ("PUT", f"/{container}/%00", b"x", {}),
        ("PUT", "/bad%00name", None, {}),
        ("POST", f"/{container}/missing", None, {}),
        ("PATCH", f"/{container}", None, {}),
        ("GET", f"/{container}/x", None, {"Range": "bytes=99999999999999999999-"}),
        ("COPY", f"/{container}/missing", None, {"Destination": f"{container}/y"}),
    ]
    for method, path, data, headers in cases:
        reply = admin.call(method, path, data, headers=headers)
        assert 400 <= reply.status < 500, (method, path, reply.status, reply.body)
    reply = localcloud.call("GET", "/object-store/v2/nothing")
    assert reply.status == 404 and reply.body == NOT_FOUND


def test_reset_removes_object_data_and_restart_keeps_it(start_cloud):
    cloud = start_cloud()
    swift = Swift(cloud, "admin")
    container = swift.container()
    swift.put(container, "kept", b"survives a restart")
    restarted = cloud.restart()
    swift = Swift(restarted, "admin")
    assert swift.call("GET", f"/{container}/kept").body == b"survives a restart"
    assert restarted.call("POST", "/_localcloud/reset").status == 200
    swift = Swift(restarted, "admin")
    assert swift.call("GET", f"/{container}/kept").status == 404
    files = [p for p in (restarted.state_dir / "objects").rglob("*") if p.is_file()] if (
        restarted.state_dir / "objects").exists() else []
    assert files == []
    assert json.loads(swift.call("GET", "?format=json").body) == []


# ------------------------------------------------------------------ as Tempest checks Swift
def test_unused_account_has_a_timestamp(admin: Swift):
    base = f"/object-store/v1/AUTH_{uuid.uuid4().hex}"  # never used: no record yet
    for method in ("GET", "HEAD"):
        reply = admin.call(method, base=base)
        assert float(reply.header("x-timestamp")) > 0, reply.headers


def test_healthcheck(localcloud: LocalCloud):
    reply = localcloud.call("GET", "/object-store/healthcheck")
    assert (reply.status, reply.body) == (200, b"OK")
    assert reply.header("content-type").startswith("text/plain")
    assert reply.header("x-trans-id").startswith("tx")


def test_object_keeps_empty_metadata_values(admin: Swift):
    container = admin.container("empty")
    admin.put(container, "o", b"x", **{"X-Object-Meta-Blank": ""})
    assert admin.call("GET", f"/{container}/o").header("x-object-meta-blank") == ""
    admin.call("POST", f"/{container}/o", headers={"X-Object-Meta-Other": ""})
    head = admin.call("HEAD", f"/{container}/o")
    assert head.header("x-object-meta-other") == ""
    # on a container an empty value still removes the item
    admin.call("POST", f"/{container}", headers={"X-Container-Meta-Gone": "1"})
    admin.call("POST", f"/{container}", headers={"X-Container-Meta-Gone": ""})
    assert admin.call("HEAD", f"/{container}").header("x-container-meta-gone") is None


def test_copy_answers_with_the_new_objects_metadata(admin: Swift):
    container = admin.container("cp")
    admin.put(container, "src", b"data", **{"X-Object-Meta-Src": "s"})
    for headers in ({"X-Copy-From": f"{container}/src", "Content-Length": "0",
                     "X-Object-Meta-Test": ""},
                    {"X-Copy-From": f"{container}/src", "Content-Length": "0",
                     "X-Object-Meta-Test": "value"}):
        reply = admin.call("PUT", f"/{container}/dst", headers=headers)
        assert reply.status == 201
        assert reply.header("x-object-meta-src") == "s"
        assert reply.header("x-object-meta-test") == headers["X-Object-Meta-Test"]
        assert reply.header("x-copied-from") == f"{container}/src"
