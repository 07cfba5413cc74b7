"""The HTTP transport against small real servers on loopback: retries, dropped connections, TLS.

These need misbehaving servers (503 with Retry-After, a connection closed mid-request, a
self-signed certificate), so each test runs a stdlib HTTP server in a thread that does exactly
that; the client under test is the real one.
"""

from __future__ import annotations

import http.server
import json
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from ostack import exceptions
from ostack.transport.http import HttpClient
from ostack.transport.session import Session


@contextmanager
def serve(handler: Callable[[http.server.BaseHTTPRequestHandler, int], None],
          tls: ssl.SSLContext | None = None) -> Iterator[tuple[str, list[str]]]:
    """Serve `handler(request, n)` (n counts requests from 1); yield (base URL, request log)."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # keep test output clean
            pass

        def _any(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            seen.append(f"{self.command} {self.path}")
            handler(self, len(seen))

        do_GET = do_POST = do_PUT = do_DELETE = _any

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    scheme = "https" if tls else "http"
    try:
        yield f"{scheme}://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def reply(req, status: int, body: dict | None = None, headers: dict | None = None) -> None:
    data = json.dumps(body or {}).encode()
    req.send_response(status)
    for key, value in (headers or {}).items():
        req.send_header(key, value)
    req.send_header("Content-Type", "application/json")
    req.send_header("Content-Length", str(len(data)))
    req.end_headers()
    req.wfile.write(data)


def test_get_is_retried_after_503_honouring_retry_after():
    def handler(req, n):
        if n == 1:
            reply(req, 503, {"message": "busy"}, {"Retry-After": "1"})
        else:
            reply(req, 200, {"ok": True})

    with serve(handler) as (url, seen):
        client = HttpClient(retries=2, backoff=0.01)
        start = time.monotonic()
        resp = client.request("GET", url + "/thing")
        elapsed = time.monotonic() - start
    assert resp.status_code == 200 and resp.json() == {"ok": True}
    assert seen == ["GET /thing", "GET /thing"]
    assert elapsed >= 0.9  # waited as Retry-After asked, not the 0.01 s backoff


def test_post_is_never_retried_on_503():
    with serve(lambda req, n: reply(req, 503, {"message": "busy"})) as (url, seen):
        client = HttpClient(retries=3, backoff=0.01)
        resp = client.request("POST", url + "/servers", body=b"{}")
    assert resp.status_code == 503
    assert seen == ["POST /servers"]


def test_retries_give_up_after_the_limit():
    with serve(lambda req, n: reply(req, 502, {"message": "bad gateway"})) as (url, seen):
        client = HttpClient(retries=2, backoff=0.01)
        resp = client.request("DELETE", url + "/servers/x")
    assert resp.status_code == 502
    assert len(seen) == 3


def _drop(req, n):
    # Read the request, then close the connection without answering.
    req.close_connection = True
    req.connection.shutdown(socket.SHUT_RDWR)


def test_dropped_connection_after_sending_retries_get_but_not_post():
    with serve(lambda req, n: _drop(req, n) if n == 1 else reply(req, 200, {"n": n})) as (
        url, seen,
    ):
        client = HttpClient(retries=2, backoff=0.01)
        assert client.request("GET", url + "/a").json() == {"n": 2}
    assert seen == ["GET /a", "GET /a"]

    with serve(_drop) as (url, seen):
        client = HttpClient(retries=2, backoff=0.01)
        with pytest.raises(exceptions.ConnectFailure):
            client.request("POST", url + "/servers", body=b"{}")
    assert seen == ["POST /servers"]  # may have been applied: not sent again


def test_connection_refused_is_a_clear_connect_failure():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    client = HttpClient(retries=1, backoff=0.01)
    with pytest.raises(exceptions.ConnectFailure) as err:
        client.request("POST", f"http://127.0.0.1:{port}/v3/auth/tokens", body=b"{}")
    assert f"127.0.0.1:{port}" in str(err.value)


def test_keepalive_connection_is_reused():
    with serve(lambda req, n: reply(req, 200, {"n": n})) as (url, seen):
        client = HttpClient()
        for _ in range(3):
            client.request("GET", url + "/x")
        assert len(client._idle[("http", "127.0.0.1", int(url.rsplit(":", 1)[1]))]) == 1
    assert len(seen) == 3


def test_error_body_of_each_service_is_carried():
    bodies = {
        "/nova": (404, {"itemNotFound": {"code": 404,
                                         "message": "Instance x could not be found."}}),
        "/keystone": (401, {"error": {"code": 401, "title": "Unauthorized",
                                      "message": "The request you have made requires auth."}}),
        "/neutron": (409, {"NeutronError": {"type": "InUse", "message": "Port is in use",
                                            "detail": ""}}),
    }

    def handler(req, n):
        status, body = bodies[req.path]
        reply(req, status, body, {"x-openstack-request-id": f"req-{n}"})

    with serve(handler) as (url, _):
        session = Session(None)
        with pytest.raises(exceptions.NotFound) as nf:
            session.get(url + "/nova")
        with pytest.raises(exceptions.Unauthorized) as ua:
            session.get(url + "/keystone", authenticated=False)
        with pytest.raises(exceptions.Conflict) as cf:
            session.get(url + "/neutron")
    assert nf.value.message == "Instance x could not be found."
    assert nf.value.request_id == "req-1" and nf.value.method == "GET"
    assert ua.value.message.startswith("The request you have made")
    assert cf.value.message == "Port is in use"
    assert "HTTP 409" in str(cf.value) and "req-3" in str(cf.value)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.fail("the openssl command is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    return cert, key


def test_tls_verification(certificate):
    cert, key = certificate
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    with serve(lambda req, n: reply(req, 200, {"tls": True}), tls=ctx) as (url, _):
        with pytest.raises(exceptions.SSLError) as err:
            HttpClient(retries=0).request("GET", url + "/")
        assert "CERTIFICATE" in str(err.value).upper()
        assert HttpClient(verify=str(cert)).request("GET", url + "/").json() == {"tls": True}
        assert HttpClient(verify=False).request("GET", url + "/").json() == {"tls": True}


def test_auth_type_none_uses_the_endpoint_override_and_sends_no_token():
    from ostack.config import load

    headers_seen: list[dict[str, str]] = []

    def handler(req, n):
        headers_seen.append({k.lower(): v for k, v in req.headers.items()})
        if req.path == "/compute/v2.1/":
            reply(req, 200, {"version": {"id": "v2.1", "status": "CURRENT", "version": "2.90",
                                         "min_version": "2.1", "links": []}})
        else:
            reply(req, 200, {"servers": [], "path": req.path})

    with serve(handler) as (url, seen):
        config = load(options={"auth_type": "none", "endpoint": url + "/compute/v2.1"},
                      env={}, use_env=False)
        session = Session.from_config(config, cache=False)
        mv = session.negotiate_microversion("compute", "2.1", "2.96")
        resp = session.get("/servers", service_type="compute", microversion=mv)
    assert config.auth_type == "none"
    assert resp.json()["path"] == "/compute/v2.1/servers"
    assert mv == "2.90"
    assert seen == ["GET /compute/v2.1/", "GET /compute/v2.1/servers"]
    assert all("x-auth-token" not in h for h in headers_seen)
    assert headers_seen[-1]["openstack-api-version"] == "compute 2.90"
    assert headers_seen[-1]["x-openstack-nova-api-version"] == "2.90"
    assert headers_seen[-1]["x-openstack-request-id"].startswith("req-")
    assert headers_seen[-1]["user-agent"].startswith("ostack/")


def test_post_dropped_on_a_reused_connection_is_not_sent_twice():
    def handler(req, n):
        if req.command == "POST":
            _drop(req, n)
        else:
            reply(req, 200, {"n": n})

    with serve(handler) as (url, seen):
        client = HttpClient(retries=2, backoff=0.01)
        client.request("GET", url + "/warm")  # leaves a kept-alive connection
        with pytest.raises(exceptions.ConnectFailure):
            client.request("POST", url + "/servers", body=b"{}")
    assert seen == ["GET /warm", "POST /servers"]


def test_idle_connection_closed_by_the_server_is_not_reused():
    def handler(req, n):
        reply(req, 200, {"n": n})
        if n == 1:  # answer, then close the kept-alive connection behind the client's back
            req.close_connection = True
            req.connection.shutdown(socket.SHUT_RDWR)

    with serve(handler) as (url, seen):
        client = HttpClient(retries=0)
        client.request("GET", url + "/first")
        time.sleep(0.1)
        resp = client.request("POST", url + "/servers", body=b"{}")
    assert resp.json() == {"n": 2}
    assert seen == ["GET /first", "POST /servers"]
