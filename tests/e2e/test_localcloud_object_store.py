"""Swift (object store v1) of the local cloud over raw HTTP: /info, accounts, containers and
objects, listings (prefix, delimiter, marker, end_marker, limit, reverse; JSON, plain text and
XML), range reads, conditional requests, ETag checks on upload, metadata round trips, copies,
expiry, name limits, account isolation and ACLs, Swift's error bodies. Listing bodies and the
declared headers are validated against the object store's OpenAPI spec.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import time
import uuid
from email.utils import formatdate
from pathlib import Path
from typing import Any
from urllib.parse import quote
from xml.etree import ElementTree

import pytest
from tests.support.localcloud import LocalCloud, Reply

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
NOT_FOUND = b"<html><h1>Not Found</h1><p>The resource could not be found.</p></html>"
CONFLICT = (b"<html><h1>Conflict</h1><p>There was a conflict when trying to complete your "
            b"request.</p></html>")
UNAUTHORIZED = (b"<html><h1>Unauthorized</h1><p>This server could not verify that you are "
                b"authorized to access the document you requested.</p></html>")
FORBIDDEN = b"<html><h1>Forbidden</h1><p>Access was denied to this resource.</p></html>"
UNPROCESSABLE = (b"<html><h1>Unprocessable Entity</h1><p>Unable to process the contained "
                 b"instructions</p></html>")


# ------------------------------------------------------------------ helpers
def check(path: str, method: str, reply: Reply) -> None:
    """Validate a listing body and the declared headers against the object store's OpenAPI
    spec (the machinery of test_localcloud_schemas); says why when it is absent."""
    if not (SHARED / "openapi").is_dir():
        print(f"not validated against OpenAPI: no reference material at {SHARED.resolve()}")
        return
    import test_localcloud_schemas as schemas

    if reply.body and (reply.header("content-type") or "").startswith("application/json"):
        schemas.validate("object-store", path, method, reply.json)
    schemas.validate_headers("object-store", path, method, reply.status, reply.headers)


class Swift:
    """One user's view of the object store: its token and its account's path."""

    def __init__(self, cloud: LocalCloud, user: str) -> None:
        self.cloud = cloud
        issued = cloud.authenticate(user)
        assert issued.status == 201, issued.body
        self.token = issued.header("x-subject-token")
        self.project_id = issued.json["token"]["project"]["id"]
        self.user_id = issued.json["token"]["user"]["id"]
        self.account = f"AUTH_{self.project_id}"
        self.base = f"/object-store/v1/{self.account}"

    def call(self, method: str, path: str = "", data: bytes | None = None,
             headers: dict[str, str] | None = None, token: str | None | bool = True,
             base: str | None = None) -> Reply:
        """A request to `<account path><path>`; `token=False` sends none."""
        sent = {"Accept": "*/*"}
        if data is not None:
            sent["Content-Type"] = ""  # none: Swift guesses from the name
        sent.update(headers or {})
        use = self.token if token is True else (token or None)
        reply = self.cloud.call(method, (self.base if base is None else base) + path,
                                token=use, headers=sent, raw=data)
        assert reply.header("x-trans-id") == reply.header("x-openstack-request-id"), reply
        assert (reply.header("x-trans-id") or "").startswith("tx")
        return reply

    def container(self, prefix: str = "c", **headers: str) -> str:
        name = f"{prefix}-{uuid.uuid4().hex[:8]}"
        reply = self.call("PUT", f"/{name}", headers=headers)
        assert reply.status == 201, reply.body
        return name

    def put(self, container: str, name: str, data: bytes, **headers: str) -> Reply:
        reply = self.call("PUT", f"/{container}/{quote(name)}", data, headers=headers)
        assert reply.status == 201, (reply.status, reply.body)
        return reply

    def listing(self, container: str | None, query: str = "", fmt: str = "json") -> Any:
        path = f"/{container}" if container else ""
        reply = self.call("GET", f"{path}?format={fmt}{'&' + query if query else ''}")
        assert reply.status in (200, 204), (reply.status, reply.body)
        if fmt == "json":
            check("/v1/{account}/{container}" if container else "/v1/{account}", "get", reply)
            return reply.json
        if fmt == "plain":
            return reply.body.decode().splitlines()
        return ElementTree.fromstring(reply.body)


@pytest.fixture(scope="module")
def admin(localcloud: LocalCloud) -> Swift:
    return Swift(localcloud, "admin")


@pytest.fixture(scope="module")
def demo(localcloud: LocalCloud) -> Swift:
    return Swift(localcloud, "demo")


def md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


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


# ------------------------------------------------------------------ large objects
def test_static_large_object(admin: Swift):
    segments = admin.container("segs")
    parts = [b"a" * 10, b"b" * 5, b"c" * 3]
    for n, part in enumerate(parts):
        admin.put(segments, f"part/{n}", part)
    container = admin.container("slo")
    manifest = [
        {"path": f"/{segments}/part/0", "etag": md5(parts[0]), "size_bytes": 10},
        {"path": f"/{segments}/part/1", "etag": None, "size_bytes": None},
        {"path": f"{segments}/part/2", "etag": md5(parts[2]), "size_bytes": 3},
    ]
    slo_etag = md5("".join(md5(p) for p in parts).encode())
    put = admin.call("PUT", f"/{container}/whole?multipart-manifest=put",
                     json.dumps(manifest).encode(), headers={"Content-Type": "text/plain"})
    assert put.status == 201, put.body
    assert put.header("etag") == f'"{slo_etag}"'
    got = admin.call("GET", f"/{container}/whole")
    assert got.status == 200 and got.body == b"".join(parts)
    assert got.header("x-static-large-object") == "True"
    assert got.header("etag") == f'"{slo_etag}"'
    assert got.header("content-length") == "18"
    ranged = admin.call("GET", f"/{container}/whole", headers={"Range": "bytes=8-11"})
    assert ranged.status == 206 and ranged.body == b"aabb"
    stored = admin.call("GET", f"/{container}/whole?multipart-manifest=get")
    assert stored.header("content-type").startswith("application/json")
    assert [(s["name"], s["bytes"], s["hash"]) for s in stored.json] == [
        (f"/{segments}/part/{n}", len(p), md5(p)) for n, p in enumerate(parts)]
    listed = admin.listing(container)
    assert listed[0]["bytes"] == 18 and listed[0]["content_type"] == "text/plain"
    assert admin.call("GET", f"/{container}/whole",
                      headers={"If-None-Match": slo_etag}).status == 304
    # a metadata POST keeps it a large object
    admin.call("POST", f"/{container}/whole", headers={"X-Object-Meta-Kind": "slo"})
    head = admin.call("HEAD", f"/{container}/whole")
    assert head.header("x-static-large-object") == "True"
    assert head.header("x-object-meta-kind") == "slo"
    assert not any(k.startswith("x-object-sysmeta") for k in head.headers)
    # its copy is a plain object with the whole content
    copied = admin.call("COPY", f"/{container}/whole",
                        headers={"Destination": f"{container}/copy"})
    assert copied.status == 201 and copied.header("etag") == md5(b"".join(parts))
    copy = admin.call("GET", f"/{container}/copy")
    assert copy.body == b"".join(parts) and copy.header("x-static-large-object") is None
    # delete with its segments
    deleted = admin.call("DELETE", f"/{container}/whole?multipart-manifest=delete")
    assert deleted.status == 200
    assert b"Number Deleted: 4\n" in deleted.body and b"Number Not Found: 0" in deleted.body
    assert admin.listing(segments) == []
    assert admin.call("GET", f"/{container}/copy").body == b"".join(parts)


def test_static_large_object_errors(admin: Swift):
    segments = admin.container("segs")
    admin.put(segments, "one", b"1111")
    container = admin.container("slo")
    path = f"/{container}/bad?multipart-manifest=put"
    missing = [{"path": f"/{segments}/nope", "etag": None, "size_bytes": None}]
    reply = admin.call("PUT", path, json.dumps(missing).encode())
    assert reply.status == 400
    assert reply.body == f"Errors:\n/{segments}/nope, 404 Not Found".encode()
    wrong = [{"path": f"/{segments}/one", "etag": md5(b"x"), "size_bytes": 3}]
    reply = admin.call("PUT", path, json.dumps(wrong).encode())
    assert reply.status == 400
    assert b"Etag Mismatch" in reply.body and b"Size Mismatch" in reply.body
    assert admin.call("PUT", path, b"{not json").body == b"Manifest must be valid json."
    for body in ([], [{"path": "no-slash"}], [{"path": f"/{segments}/one", "x": 1}], {}):
        reply = admin.call("PUT", path, json.dumps(body).encode())
        assert reply.status == 400, body
    right = [{"path": f"/{segments}/one", "etag": md5(b"1111"), "size_bytes": 4}]
    reply = admin.call("PUT", path, json.dumps(right).encode(), headers={"ETag": md5(b"0")})
    assert reply.status == 422
    assert admin.call("HEAD", f"/{container}/bad").status == 404


def test_dynamic_large_object(admin: Swift):
    segments = admin.container("dlo-segs")
    admin.put(segments, "movie/001", b"first-")
    admin.put(segments, "movie/002", b"second")
    container = admin.container("dlo")
    admin.put(container, "movie", b"", **{"X-Object-Manifest": f"{segments}/movie/"})
    got = admin.call("GET", f"/{container}/movie")
    assert got.status == 200 and got.body == b"first-second"
    assert got.header("x-object-manifest") == f"{segments}/movie/"
    dlo_etag = md5((md5(b"first-") + md5(b"second")).encode())
    assert got.header("etag") == f'"{dlo_etag}"'
    ranged = admin.call("GET", f"/{container}/movie", headers={"Range": "bytes=4-7"})
    assert ranged.status == 206 and ranged.body == b"t-se"
    assert admin.call("HEAD", f"/{container}/movie").header("content-length") == "12"
    admin.put(segments, "movie/003", b"!")
    assert admin.call("GET", f"/{container}/movie").body == b"first-second!"
    itself = admin.call("GET", f"/{container}/movie?multipart-manifest=get")
    assert itself.body == b"" and itself.header("etag") == md5(b"")


# ------------------------------------------------------------------ listings
@pytest.fixture(scope="module")
def tree(admin: Swift) -> str:
    container = admin.container("tree")
    for name in ("a", "b/1", "b/2", "b/c/3", "bb", "c/1", "d", "é"):
        admin.put(container, name, name.encode())
    return container


def names(entries: list[dict[str, Any]]) -> list[str]:
    return [e.get("name") or e["subdir"] for e in entries]


def test_listing_order_limit_marker(admin: Swift, tree: str):
    everything = ["a", "b/1", "b/2", "b/c/3", "bb", "c/1", "d", "é"]
    assert names(admin.listing(tree)) == everything
    assert admin.listing(tree, fmt="plain") == everything
    assert names(admin.listing(tree, "limit=3")) == everything[:3]
    assert names(admin.listing(tree, "marker=b/2&limit=2")) == ["b/c/3", "bb"]
    assert names(admin.listing(tree, "end_marker=bb")) == ["a", "b/1", "b/2", "b/c/3"]
    assert names(admin.listing(tree, "marker=a&end_marker=c")) == ["b/1", "b/2", "b/c/3", "bb"]
    assert names(admin.listing(tree, "reverse=true")) == everything[::-1]
    assert names(admin.listing(tree, "reverse=true&marker=bb&limit=2")) == ["b/c/3", "b/2"]
    assert names(admin.listing(tree, "limit=0")) == []
    assert admin.listing(tree, f"marker={quote('é')}", "plain") == []
    # paging through with marker and limit sees every object once
    seen: list[str] = []
    marker = ""
    while True:
        page = names(admin.listing(tree, f"limit=3&marker={quote(marker)}"))
        if not page:
            break
        seen += page
        marker = page[-1]
    assert seen == everything


def test_listing_prefix_and_delimiter(admin: Swift, tree: str):
    assert names(admin.listing(tree, "prefix=b")) == ["b/1", "b/2", "b/c/3", "bb"]
    assert names(admin.listing(tree, "prefix=b/")) == ["b/1", "b/2", "b/c/3"]
    assert names(admin.listing(tree, "delimiter=/")) == ["a", "b/", "bb", "c/", "d", "é"]
    assert admin.listing(tree, "delimiter=/", "plain") == ["a", "b/", "bb", "c/", "d", "é"]
    assert names(admin.listing(tree, "prefix=b/&delimiter=/")) == ["b/1", "b/2", "b/c/"]
    assert names(admin.listing(tree, "delimiter=/&reverse=on")) == [
        "é", "d", "c/", "bb", "b/", "a"]
    assert names(admin.listing(tree, "delimiter=/&marker=b/")) == ["bb", "c/", "d", "é"]
    assert names(admin.listing(tree, "delimiter=/&limit=2")) == ["a", "b/"]
    subdir = admin.listing(tree, "prefix=b/&delimiter=/")[-1]
    assert subdir == {"subdir": "b/c/"}
    xml = admin.listing(tree, "prefix=b/&delimiter=/", "xml")
    assert xml.tag == "container" and xml.get("name") == tree
    assert [o.findtext("name") for o in xml.findall("object")] == ["b/1", "b/2"]
    assert [s.get("name") for s in xml.findall("subdir")] == ["b/c/"]
    entry = admin.listing(tree, "prefix=a")[0]
    assert entry["hash"] == md5(b"a") and entry["bytes"] == 1


def test_listing_bad_parameters(admin: Swift, tree: str):
    assert admin.call("GET", f"/{tree}?limit=10001").status == 412
    assert admin.call("GET", f"/{tree}?limit=10001").body == b"Maximum limit is 10000"
    assert admin.call("GET", f"/{tree}?delimiter=ab").status == 412
    # a limit that is not a number is ignored, as Swift does
    reply = admin.call("GET", f"/{tree}?limit=abc&format=json")
    assert reply.status == 200 and len(reply.json) == 8
    assert admin.call("GET", f"/{tree}?format=json", headers={
        "Accept": "application/json"}).status == 200


# ------------------------------------------------------------------ ranges and conditions
@pytest.fixture(scope="module")
def digits(admin: Swift) -> tuple[str, bytes]:
    container = admin.container("ranges")
    data = b"0123456789"
    admin.put(container, "digits", data, **{"Content-Type": "text/plain"})
    return f"/{container}/digits", data


@pytest.mark.parametrize("spec,start,stop", [
    ("bytes=0-4", 0, 5), ("bytes=5-", 5, 10), ("bytes=-3", 7, 10), ("bytes=8-100", 8, 10),
    ("bytes=-20", 0, 10), ("bytes=3-3", 3, 4)])
def test_single_range(admin: Swift, digits, spec, start, stop):
    path, data = digits
    reply = admin.call("GET", path, headers={"Range": spec})
    assert reply.status == 206, spec
    assert reply.body == data[start:stop]
    assert reply.header("content-range") == f"bytes {start}-{stop - 1}/{len(data)}"
    assert reply.header("content-length") == str(stop - start)


def test_multiple_ranges(admin: Swift, digits):
    path, data = digits
    reply = admin.call("GET", path, headers={"Range": "bytes=0-1,-2"})
    assert reply.status == 206
    kind = reply.header("content-type")
    assert kind.startswith("multipart/byteranges;boundary=")
    boundary = kind.split("boundary=")[1].encode()
    parts = [p for p in reply.body.split(b"--" + boundary) if p.strip(b"-\r\n")]
    assert len(parts) == 2
    assert b"Content-Range: bytes 0-1/10" in parts[0] and parts[0].endswith(b"\r\n\r\n01\r\n")
    assert b"Content-Range: bytes 8-9/10" in parts[1] and parts[1].endswith(b"\r\n\r\n89\r\n")
    assert reply.body.endswith(b"--" + boundary + b"--")
    assert int(reply.header("content-length")) == len(reply.body)


def test_unsatisfiable_and_malformed_ranges(admin: Swift, digits):
    path, data = digits
    reply = admin.call("GET", path, headers={"Range": "bytes=20-30"})
    assert reply.status == 416
    assert reply.header("content-range") == "bytes */10"
    for ignored in ("bytes=5-2", "items=0-1", "bytes=a-b", "bytes=-"):
        reply = admin.call("GET", path, headers={"Range": ignored})
        assert reply.status == 200 and reply.body == data, ignored


def test_conditional_requests(admin: Swift, digits):
    path, data = digits
    etag = md5(data)
    assert admin.call("GET", path, headers={"If-Match": etag}).status == 200
    assert admin.call("GET", path, headers={"If-Match": f'"{etag}"'}).status == 200
    failed = admin.call("GET", path, headers={"If-Match": "nope"})
    assert failed.status == 412
    not_modified = admin.call("GET", path, headers={"If-None-Match": etag})
    assert not_modified.status == 304 and not_modified.body == b""
    assert not_modified.header("etag") == etag
    assert admin.call("HEAD", path, headers={"If-None-Match": "*"}).status == 304
    assert admin.call("GET", path, headers={"If-None-Match": "other"}).status == 200
    future = formatdate(time.time() + 3600, usegmt=True)
    past = formatdate(time.time() - 3600, usegmt=True)
    assert admin.call("GET", path, headers={"If-Modified-Since": future}).status == 304
    assert admin.call("GET", path, headers={"If-Modified-Since": past}).status == 200
    assert admin.call("GET", path, headers={"If-Unmodified-Since": past}).status == 412
    assert admin.call("GET", path, headers={"If-Unmodified-Since": future}).status == 200
    assert admin.call("GET", path, headers={"If-Modified-Since": "garbage"}).status == 200
    # PUT with If-None-Match: * creates only
    container = path.split("/")[1]
    assert admin.call("PUT", f"/{container}/digits", b"x",
                      headers={"If-None-Match": "*"}).status == 412
    assert admin.call("PUT", f"/{container}/fresh", b"x",
                      headers={"If-None-Match": "*"}).status == 201
    assert admin.call("PUT", f"/{container}/fresh", b"x",
                      headers={"If-None-Match": "abc"}).status == 400


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


# ------------------------------------------------------------------ auth and isolation
def test_tokens_are_checked(admin: Swift):
    container = admin.container()
    for token in (False, "not-a-token"):
        reply = admin.call("GET", f"/{container}", token=token)
        assert reply.status == 401 and reply.body == UNAUTHORIZED, token
        assert reply.header("www-authenticate")
    assert admin.call("PUT", f"/{container}/x", b"x", token=False).status == 401


def test_accounts_are_isolated(admin: Swift, demo: Swift):
    mine = demo.container("demo")
    demo.put(mine, "secret", b"demo data")
    theirs = admin.container("admin")
    admin.put(theirs, "secret", b"admin data")
    # demo reaches nothing in the admin project's account
    for method, path in (("GET", ""), ("HEAD", ""), ("POST", ""), ("GET", f"/{theirs}"),
                         ("PUT", f"/{theirs}"), ("DELETE", f"/{theirs}"),
                         ("GET", f"/{theirs}/secret"), ("PUT", f"/{theirs}/new"),
                         ("DELETE", f"/{theirs}/secret"), ("PUT", "/made-by-demo")):
        reply = demo.call(method, path, b"" if method == "PUT" else None, base=admin.base)
        assert reply.status == 403, (method, path, reply.status)
        if method != "HEAD":
            assert reply.body == FORBIDDEN
    assert admin.call("GET", f"/{theirs}/secret").body == b"admin data"
    # each account lists only its own containers
    assert theirs not in [c["name"] for c in demo.listing(None)]
    assert mine not in [c["name"] for c in admin.listing(None)]
    # the administrator reaches every account
    assert admin.call("GET", f"/{mine}/secret", base=demo.base).body == b"demo data"
    assert admin.call("PUT", "/made-by-demo", base=demo.base).status == 201
    assert demo.call("DELETE", "/made-by-demo").status == 204


def test_container_acls(admin: Swift, demo: Swift):
    container = admin.container("shared")
    admin.put(container, "doc", b"shared doc")
    path = f"/{container}/doc"
    assert demo.call("GET", path, base=admin.base).status == 403
    assert admin.call("GET", path, token=False).status == 401
    # public read: objects for anyone, listing only with .rlistings
    admin.call("POST", f"/{container}", headers={"X-Container-Read": ".r:*"})
    assert admin.call("GET", path, token=False).body == b"shared doc"
    assert admin.call("GET", f"/{container}", token=False).status == 401
    admin.call("POST", f"/{container}", headers={"X-Container-Read": ".r:*,.rlistings"})
    assert admin.call("GET", f"/{container}?format=json", token=False).json[0]["name"] == "doc"
    assert admin.call("PUT", f"/{container}/anon", b"x", token=False).status == 401
    assert demo.call("PUT", f"/{container}/by-demo", b"x", base=admin.base).status == 403
    # a project's users: read and list, then write
    admin.call("POST", f"/{container}", headers={"X-Container-Read": f"{demo.project_id}:*"})
    assert admin.call("GET", path, token=False).status == 401
    assert demo.call("GET", path, base=admin.base).body == b"shared doc"
    assert demo.call("GET", f"/{container}?format=json", base=admin.base).status == 200
    admin.call("POST", f"/{container}", headers={
        "X-Container-Write": f"*:{demo.user_id}"})
    assert admin.call("HEAD", f"/{container}").header(
        "x-container-write") == f"*:{demo.user_id}"
    assert demo.call("PUT", f"/{container}/by-demo", b"from demo",
                     base=admin.base).status == 201
    assert admin.call("GET", f"/{container}/by-demo").body == b"from demo"
    # ACLs never let others change the container itself
    assert demo.call("POST", f"/{container}", headers={"X-Container-Read": ".r:*"},
                     base=admin.base).status == 403
    assert demo.call("DELETE", f"/{container}", base=admin.base).status == 403
    admin.call("POST", f"/{container}", headers={"X-Remove-Container-Read": "x",
                                                 "X-Remove-Container-Write": "x"})
    assert demo.call("GET", path, base=admin.base).status == 403


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
