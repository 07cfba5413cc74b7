"""Glance image data over raw HTTP: upload and download streamed (checksum, sha512, size,
ranges), the saving status while data streams in, a broken upload, the interoperable import
(glance-direct and web-download), the seeded CirrOS data, deactivation, and data kept across
a restart."""

from __future__ import annotations

import hashlib
import http.client
import http.server
import os
import threading
import time
import uuid

import test_localcloud_image as common
from test_localcloud_image import (
    CIRROS_ID,
    OCTET,
    check,
    make_image,
    patch,
    show,
    upload,
)

tokens, created = common.tokens, common.created  # the fixtures


def _stream(cloud, token: str, path: str, method: str = "PUT",
            length: int | None = None) -> http.client.HTTPConnection:
    """Start a request whose body is sent later (chunked unless `length` is given)."""
    connection = http.client.HTTPConnection("127.0.0.1", cloud.port, timeout=10)
    connection.putrequest(method, path)
    connection.putheader("X-Auth-Token", token)
    connection.putheader("Content-Type", "application/octet-stream")
    if length is None:
        connection.putheader("Transfer-Encoding", "chunked")
    else:
        connection.putheader("Content-Length", str(length))
    connection.endheaders()
    return connection


def _chunk(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


def test_upload_and_download_with_checksums(localcloud, created, tokens):
    demo = tokens["demo"]
    image = created.make(disk_format="raw")
    data = os.urandom(3 * 1024 * 1024 + 17)
    upload(localcloud, demo, image["id"], data)
    shown = show(localcloud, demo, image["id"])
    assert shown["status"] == "active" and shown["size"] == len(data)
    assert shown["checksum"] == hashlib.md5(data).hexdigest()
    assert shown["os_hash_algo"] == "sha512"
    assert shown["os_hash_value"] == hashlib.sha512(data).hexdigest()
    assert shown["virtual_size"] == len(data)  # raw: what Glance's format inspector says
    reply = localcloud.call("GET", f"/image/v2/images/{image['id']}/file", token=demo)
    assert reply.status == 200 and reply.body == data
    assert reply.header("content-md5") == shown["checksum"]
    assert reply.header("content-length") == str(len(data))
    assert reply.header("content-type") == "application/octet-stream"
    assert hashlib.md5(reply.body).hexdigest() == reply.header("content-md5")
    assert (localcloud.state_dir / "images" / image["id"]).stat().st_size == len(data)


def test_range_reads(localcloud, created, tokens):
    demo = tokens["demo"]
    image = created.make()
    data = bytes(range(256)) * 40
    upload(localcloud, demo, image["id"], data)
    url = f"/image/v2/images/{image['id']}/file"
    for header, start, end in (("bytes=0-9", 0, 9), ("bytes=100-", 100, len(data) - 1),
                               ("bytes=-16", len(data) - 16, len(data) - 1),
                               ("bytes=10000-99999", 10000, len(data) - 1)):
        reply = localcloud.call("GET", url, token=demo, headers={"Range": header})
        assert reply.status == 206, header
        assert reply.body == data[start:end + 1], header
        assert reply.header("content-range") == f"bytes {start}-{end}/{len(data)}"
        assert reply.header("content-length") == str(end - start + 1)
    for header in ("bytes=20000-", "bytes=5-2", "items=0-1", "bytes=-0"):
        reply = localcloud.call("GET", url, token=demo, headers={"Range": header})
        assert reply.status == 416, header
        assert reply.header("content-range") == f"bytes */{len(data)}"


def test_upload_rules(localcloud, created, tokens):
    demo, admin = tokens["demo"], tokens["admin"]
    image = created.make()
    url = f"/image/v2/images/{image['id']}/file"
    assert localcloud.call("GET", url, token=demo).status == 204  # no data yet
    reply = localcloud.call("PUT", url, raw=b"x", token=demo)  # JSON content type
    assert reply.status == 415
    upload(localcloud, demo, image["id"], b"first")
    again = localcloud.call("PUT", url, raw=b"second", token=demo, headers=OCTET)
    assert again.status == 409
    assert "Image status transition from active to saving is not allowed" in again.json[
        "message"]
    bare = make_image(localcloud, demo, disk_format=None, container_format=None)
    created.ids.append(bare["id"])
    reply = localcloud.call("PUT", f"/image/v2/images/{bare['id']}/file", raw=b"x",
                            token=demo, headers=OCTET)
    assert reply.status == 400 and "must be set prior to saving data" in reply.json["message"]
    assert show(localcloud, demo, bare["id"])["status"] == "queued"
    # someone else's images: the public one is read-only, a private one invisible
    reply = localcloud.call("PUT", f"/image/v2/images/{CIRROS_ID}/file", raw=b"x",
                            token=demo, headers=OCTET)
    assert reply.status == 403
    private = created.make("admin", visibility="private")
    reply = localcloud.call("PUT", f"/image/v2/images/{private['id']}/file", raw=b"x",
                            token=demo, headers=OCTET)
    assert reply.status == 404
    empty = created.make()
    upload(localcloud, admin, empty["id"], b"")
    shown = show(localcloud, demo, empty["id"])
    assert (shown["status"], shown["size"]) == ("active", 0)
    assert shown["checksum"] == hashlib.md5(b"").hexdigest()


def test_saving_while_the_data_streams(localcloud, created, tokens):
    demo = tokens["demo"]
    image = created.make(disk_format="qcow2")
    connection = _stream(localcloud, demo, f"/image/v2/images/{image['id']}/file")
    # a qcow2 header declaring 1 GiB, as Glance's format inspector reads it
    head = b"QFI\xfb" + (3).to_bytes(4, "big") + bytes(16) + (1 << 30).to_bytes(8, "big")
    connection.send(_chunk(head + bytes(1000)))
    localcloud.wait_for(lambda: show(localcloud, demo, image["id"])["status"] == "saving")
    connection.send(_chunk(b"tail") + b"0\r\n\r\n")
    assert connection.getresponse().status == 204
    connection.close()
    shown = show(localcloud, demo, image["id"])
    data = head + bytes(1000) + b"tail"
    assert (shown["status"], shown["size"]) == ("active", len(data))
    assert shown["checksum"] == hashlib.md5(data).hexdigest()
    assert shown["virtual_size"] == 1 << 30


def test_broken_upload_goes_back_to_queued(localcloud, created, tokens):
    demo = tokens["demo"]
    image = created.make()
    connection = _stream(localcloud, demo, f"/image/v2/images/{image['id']}/file",
                         length=1_000_000)
    connection.send(b"x" * 1000)
    localcloud.wait_for(lambda: show(localcloud, demo, image["id"])["status"] == "saving")
    connection.close()
    localcloud.wait_for(lambda: show(localcloud, demo, image["id"])["status"] == "queued")
    assert not (localcloud.state_dir / "images" / image["id"]).exists()
    upload(localcloud, demo, image["id"], b"after")
    assert show(localcloud, demo, image["id"])["size"] == 5


def test_import_glance_direct(start_cloud):
    cloud = start_cloud(task_delay=0.5)
    demo = cloud.token("demo")
    image = make_image(cloud, demo)
    base = f"/image/v2/images/{image['id']}"
    reply = cloud.call("POST", f"{base}/import", {"method": {"name": "glance-direct"}},
                       token=demo)
    assert reply.status == 409 and "staged" in reply.json["message"]
    data = os.urandom(200_000)
    assert cloud.call("PUT", f"{base}/stage", raw=data, token=demo).status == 415
    reply = cloud.call("PUT", f"{base}/stage", raw=data, token=demo, headers=OCTET)
    assert reply.status == 204, reply.body
    shown = show(cloud, demo, image["id"])
    assert shown["status"] == "uploading" and shown["checksum"] is None
    assert cloud.call("PUT", f"{base}/stage", raw=data, token=demo,
                      headers=OCTET).status == 409
    assert cloud.call("GET", f"{base}/file", token=demo).status == 204
    for body in ({"method": {"name": "web-scrape"}}, {"method": "glance-direct"}, {}):
        assert cloud.call("POST", f"{base}/import", body, token=demo).status == 400, body
    started = time.monotonic()
    reply = cloud.call("POST", f"{base}/import", {"method": {"name": "glance-direct"}},
                       token=demo)
    assert reply.status == 202 and reply.body == b""
    assert show(cloud, demo, image["id"])["status"] == "importing"
    cloud.wait_for(lambda: show(cloud, demo, image["id"])["status"] == "active")
    assert time.monotonic() - started >= 0.4  # the task delay
    shown = show(cloud, demo, image["id"])
    assert shown["size"] == shown["virtual_size"] == len(data)
    assert shown["checksum"] == hashlib.md5(data).hexdigest()
    assert shown["os_hash_value"] == hashlib.sha512(data).hexdigest()
    reply = cloud.call("GET", f"{base}/file", token=demo)
    assert reply.status == 200 and reply.body == data
    assert not (cloud.state_dir / "images" / "staging" / image["id"]).exists()


class _Served(http.server.BaseHTTPRequestHandler):
    """Serves `/data` (the bytes in `server.data`); anything else is 404."""

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        data = self.server.data  # type: ignore[attr-defined]
        if self.path != "/data":
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


def test_import_web_download(localcloud, created, tokens):
    demo = tokens["demo"]
    data = os.urandom(300_000)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Served)
    server.data = data  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        source = f"http://127.0.0.1:{server.server_address[1]}"
        image = created.make()
        url = f"/image/v2/images/{image['id']}/import"
        for method in ({"name": "web-download"}, {"name": "web-download", "uri": "ftp://x/y"},
                       {"name": "web-download", "uri": 5}):
            reply = localcloud.call("POST", url, {"method": method}, token=demo)
            assert reply.status == 400, method
        reply = localcloud.call("POST", url, {"method": {
            "name": "web-download", "uri": f"{source}/data"}}, token=demo)
        assert reply.status == 202, reply.body
        localcloud.wait_for(lambda: show(localcloud, demo, image["id"])["status"] == "active")
        shown = show(localcloud, demo, image["id"])
        assert shown["size"] == shown["virtual_size"] == len(data)
        assert shown["checksum"] == hashlib.md5(data).hexdigest()
        assert shown["os_hash_value"] == hashlib.sha512(data).hexdigest()
        assert localcloud.call("GET", f"/image/v2/images/{image['id']}/file",
                               token=demo).body == data
        reply = localcloud.call("POST", url, {"method": {
            "name": "web-download", "uri": f"{source}/data"}}, token=demo)
        assert reply.status == 409  # only a queued image imports
        # a source that fails: the image is queued again, ready for another try
        broken = created.make()
        reply = localcloud.call("POST", f"/image/v2/images/{broken['id']}/import", {
            "method": {"name": "web-download", "uri": f"{source}/missing"}}, token=demo)
        assert reply.status == 202
        localcloud.wait_for(lambda: show(localcloud, demo, broken["id"])["status"] == "queued")
    finally:
        server.shutdown()
        server.server_close()


def test_seeded_cirros_has_real_data(localcloud, tokens):
    cirros = show(localcloud, tokens["demo"], CIRROS_ID)
    reply = localcloud.call("GET", f"/image/v2/images/{CIRROS_ID}/file", token=tokens["demo"])
    assert reply.status == 200 and len(reply.body) == cirros["size"] > 1000
    assert hashlib.md5(reply.body).hexdigest() == cirros["checksum"]
    assert hashlib.sha512(reply.body).hexdigest() == cirros["os_hash_value"]
    assert reply.body[:4] == b"QFI\xfb"  # it is the qcow2 it claims to be
    assert int.from_bytes(reply.body[24:32], "big") == cirros["virtual_size"]


def test_deactivate_and_reactivate(localcloud, created, tokens):
    demo, admin = tokens["demo"], tokens["admin"]
    image = created.make()
    upload(localcloud, demo, image["id"], b"secret data")
    actions = f"/image/v2/images/{image['id']}/actions"
    # only an admin or a member of the owning project (Glance's default policy)
    others = created.make("admin", visibility="public")
    reply = localcloud.call("POST", f"/image/v2/images/{others['id']}/actions/deactivate",
                            token=demo)
    assert reply.status == 403
    reply = localcloud.call("POST", f"{actions}/deactivate", token=demo)
    assert reply.status == 204
    reply = localcloud.call("POST", f"{actions}/deactivate", token=admin)
    assert reply.status == 204
    assert localcloud.call("POST", f"{actions}/deactivate", token=admin).status == 204
    assert show(localcloud, demo, image["id"])["status"] == "deactivated"
    reply = localcloud.call("GET", f"/image/v2/images/{image['id']}/file", token=demo)
    assert reply.status == 403 and "deactivated" in reply.json["message"]
    reply = localcloud.call("GET", f"/image/v2/images/{image['id']}/file", token=admin)
    assert reply.status == 200 and reply.body == b"secret data"
    # metadata may still change
    assert patch(localcloud, demo, image["id"], [
        {"op": "add", "path": "/note", "value": "x"}]).status == 200
    assert localcloud.call("POST", f"{actions}/reactivate", token=demo).status == 204
    assert localcloud.call("POST", f"{actions}/reactivate", token=admin).status == 204
    assert show(localcloud, demo, image["id"])["status"] == "active"
    assert localcloud.call("GET", f"/image/v2/images/{image['id']}/file",
                           token=demo).body == b"secret data"
    queued = created.make()
    reply = localcloud.call("POST", f"/image/v2/images/{queued['id']}/actions/deactivate",
                            token=admin)
    assert reply.status == 403 and "queued" in reply.json["message"]
    missing = f"/image/v2/images/{uuid.uuid4()}/actions/reactivate"
    assert localcloud.call("POST", missing, token=admin).status == 404


def test_data_survives_a_restart_and_reset_clears_it(start_cloud):
    cloud = start_cloud()
    demo = cloud.token("demo")
    image = make_image(cloud, demo)
    data = os.urandom(70_000)
    upload(cloud, demo, image["id"], data)
    cloud = cloud.restart()
    demo = cloud.token("demo")
    reply = cloud.call("GET", f"/image/v2/images/{image['id']}/file", token=demo)
    assert reply.status == 200 and reply.body == data
    check("/v2/images/{image_id}", "get", show(cloud, demo, image["id"]))
    assert cloud.call("POST", "/_localcloud/reset").status == 200
    demo = cloud.token("demo")
    assert cloud.call("GET", f"/image/v2/images/{image['id']}", token=demo).status == 404
    assert not (cloud.state_dir / "images" / image["id"]).exists()
    cirros = cloud.call("GET", f"/image/v2/images/{CIRROS_ID}/file", token=demo)
    assert cirros.status == 200 and len(cirros.body) > 1000
