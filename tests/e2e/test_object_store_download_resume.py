"""A download whose connection drops part-way through the body resumes where it stopped.

The local cloud's operator faults drop a connection only before an answer (or after the
request was handled, without one), never in the middle of a body; so the object-store
traffic goes through a small TCP relay that cuts the connection once, after a set number of
bytes of an answer, as a network failure would. The download must then ask for the rest with
`Range: bytes=<received>-` and `If-Match` (the first answer's ETag) and give the right bytes,
through both drivers.
"""

from __future__ import annotations

import hashlib
import os
import socket
import threading
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest
from tests.support.sdk import connect


class CuttingRelay:
    """A TCP relay to `target` that closes the connection carrying an answer once `cut_after`
    bytes of answers went through it after `arm()`; it keeps what clients sent."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.cut_after: int | None = None
        self.passed = 0
        self.cuts = 0
        self.sent: list[bytes] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def arm(self, cut_after: int) -> None:
        with self.lock:
            self.cut_after, self.passed, self.sent = cut_after, 0, []

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            threading.Thread(target=self._pump, args=(client, upstream, False),
                             daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, True),
                             daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, answers: bool) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                with self.lock:
                    if not answers:
                        self.sent.append(data[:4096])
                    elif self.cut_after is not None:
                        self.passed += len(data)
                        if self.passed > self.cut_after:
                            data = data[:len(data) - (self.passed - self.cut_after)]
                            self.cut_after = None
                            self.cuts += 1
                            sink.sendall(data)
                            break
                sink.sendall(data)
        except OSError:
            pass
        for sock in (source, sink):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def relay(localcloud):
    parts = urlsplit(localcloud.url)
    relay = CuttingRelay((parts.hostname, parts.port))
    try:
        yield relay
    finally:
        relay.close()


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_download_cut_mid_body_resumes_with_range(kind, localcloud, relay, tmp_path):
    sync, close_sync = connect("sync", localcloud)
    endpoint = sync.session.get_catalog_url("object-store")
    parts = urlsplit(endpoint)
    through_relay = urlunsplit(parts._replace(netloc=f"127.0.0.1:{relay.port}"))
    conn, close = connect(kind, localcloud)
    conn.session.endpoint_overrides["object-store"] = through_relay
    container = f"resume-{uuid.uuid4().hex[:8]}"
    data = os.urandom(3 * 1024 * 1024 + 7)
    try:
        store = conn.object_store
        store.create_container(container)
        store.create_object(container, "cut", data=data)
        got: list[int] = []
        out = tmp_path / "cut.bin"
        relay.arm(1024 * 1024)  # the answer's headers and about 1 MiB of its body
        found = store.get_object("cut", container, outfile=str(out), progress=got.append)
        assert relay.cuts == 1
        assert out.read_bytes() == data and sum(got) == len(data)
        assert found.etag == hashlib.md5(data).hexdigest()
        requests = b"".join(relay.sent).lower()
        assert requests.count(b"get /") == 2
        resumed = requests.split(b"get /")[2]
        received = int(resumed.split(b"range: bytes=")[1].split(b"-")[0])
        assert 0 < received < len(data)
        assert b"if-match: " + found.etag.encode() in resumed
        # a download that is not cut goes in one GET
        relay.arm(1 << 40)
        assert store.download_object("cut", container) == data
        assert b"".join(relay.sent).lower().count(b"get /") == 1
    finally:
        try:
            sync.object_store.delete_object("cut", container=container)
            sync.object_store.delete_container(container)
        finally:
            close()
            close_sync()


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_image_download_cut_mid_body_resumes_with_range(kind, localcloud, relay, tmp_path):
    sync, close_sync = connect("sync", localcloud)
    parts = urlsplit(sync.session.get_catalog_url("image"))
    through_relay = urlunsplit(parts._replace(netloc=f"127.0.0.1:{relay.port}"))
    conn, close = connect(kind, localcloud)
    conn.session.endpoint_overrides["image"] = through_relay
    data = os.urandom(2 * 1024 * 1024 + 3)
    source = tmp_path / "image.raw"
    source.write_bytes(data)
    image = None
    try:
        image = sync.image.create_image(f"resume-{uuid.uuid4().hex[:8]}",
                                        filename=str(source), disk_format="raw",
                                        allow_duplicates=True)
        out = tmp_path / "image.out"
        relay.arm(1024 * 1024)
        conn.image.download_image(image.id, output=str(out))
        assert relay.cuts == 1 and out.read_bytes() == data
        requests = b"".join(relay.sent).lower()
        assert requests.count(b"/file") == 2
        resumed = requests.split(b"/file")[2]
        assert b"range: bytes=" in resumed
    finally:
        try:
            if image is not None:
                sync.image.delete_image(image)
        finally:
            close()
            close_sync()
