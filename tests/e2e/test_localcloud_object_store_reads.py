"""What a Swift GET of the local cloud answers over raw HTTP: the objects that static and
dynamic large object manifests assemble, range reads and conditional requests.
"""

from __future__ import annotations

import json
import time
from email.utils import formatdate

import pytest
from tests.support.localcloud import LocalCloud
from tests.support.swift import Swift, md5


@pytest.fixture(scope="module")
def admin(localcloud: LocalCloud) -> Swift:
    return Swift(localcloud, "admin")


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
