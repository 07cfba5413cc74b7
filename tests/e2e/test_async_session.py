"""The same scenarios through Session and AsyncSession, against the local cloud over HTTP.

Each scenario is one `async def` taking a session; `call()` awaits what an AsyncSession returns
and passes a Session's result through, so both sessions run the very same steps. The HTTP
clients under them (HttpClient, AsyncHttpClient) are also run side by side against small
misbehaving servers (from test_transport) for what the local cloud cannot do: Retry-After
timing, kept-alive connections closed under a request, TLS.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import re
import socket
import ssl
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from tests.e2e.test_transport import _drop, certificate, reply, serve  # noqa: F401
from tests.support.localcloud import LocalCloud

from ostack import config, exceptions
from ostack.transport.ahttp import AsyncHttpClient
from ostack.transport.asession import AsyncSession
from ostack.transport.http import HttpClient
from ostack.transport.session import Session

MODES = ["sync", "async"]
Scenario = Callable[[Any], Awaitable[Any]]


async def call(value: Any) -> Any:
    """An AsyncSession's coroutine awaited; a Session's result as it is."""
    return await value if inspect.isawaitable(value) else value


def run(mode: str, cloud: LocalCloud, scenario: Scenario, *, options: dict | None = None,
        cache: bool = False, **kwargs: Any) -> Any:
    """Run `scenario(session)` with a fresh session of that mode on `cloud`, then close it;
    `options` are settings over the clouds.yaml entry, `kwargs` the session's own."""
    settings = config.load("local", options=options, env=cloud.env)
    cls = Session if mode == "sync" else AsyncSession

    async def main() -> Any:
        session = cls.from_config(settings, cache=cache, **kwargs)
        try:
            return await scenario(session)
        finally:
            await call(session.close() if mode == "sync" else session.aclose())

    return asyncio.run(main())


def sent(session: Any, since: int = 0) -> list[tuple[str, str, int]]:
    """(method, path, status) of what a session sent, from its client's timings."""
    return [(m, re.sub(r"^https?://[^/]+", "", u), s)
            for m, u, s, _ in session.http.timings[since:]]


@pytest.fixture
def faults(localcloud: LocalCloud) -> Iterator[Callable[..., dict[str, Any]]]:
    """`faults(**spec)` injects a fault on the shared cloud; each is removed at the end."""
    made: list[str] = []

    def add(**spec: Any) -> dict[str, Any]:
        answer = localcloud.call("POST", "/_localcloud/faults", spec)
        assert answer.status == 201, answer.body
        made.append(answer.json["fault"]["id"])
        return answer.json["fault"]

    yield add
    for fault_id in made:
        localcloud.call("DELETE", f"/_localcloud/faults/{fault_id}")


def hits(cloud: LocalCloud, fault: dict[str, Any]) -> int:
    return cloud.call("GET", f"/_localcloud/faults/{fault['id']}").json["fault"]["hits"]


# -- authentication, catalog, discovery ----------------------------------------------------------
@pytest.mark.parametrize("mode", MODES)
def test_authenticate(mode: str, localcloud: LocalCloud):
    async def scenario(session):
        access = await call(session.get_access())
        assert await call(session.get_token()) == access.token  # no second request
        return access, sent(session)

    access, requests = run(mode, localcloud, scenario)
    assert access.project_name == "admin" and "admin" in access.role_names
    assert access.token and access.expires_at is not None
    assert requests == [("POST", "/identity/v3/auth/tokens", 201)]


@pytest.mark.parametrize("mode", MODES)
def test_catalog_and_endpoints(mode: str, localcloud: LocalCloud):
    async def scenario(session):
        catalog = await call(session.catalog)
        public = await call(session.get_endpoint("compute"))
        internal = await call(session.get_endpoint("compute", interface="internal"))
        with pytest.raises(exceptions.EndpointNotFound, match="no-such-service"):
            await call(session.get_endpoint("no-such-service"))
        return catalog, public, internal, session.http.request_count

    catalog, public, internal, count = run(mode, localcloud, scenario)
    types = {entry["type"] for entry in catalog.entries}
    assert {"identity", "compute", "image", "network", "block-storage", "object-store"} <= types
    assert public == f"{localcloud.url}/compute/v2.1" and internal.startswith("http://")
    assert count == 1  # the catalog came with the token


@pytest.mark.parametrize("mode", MODES)
def test_discovery_and_microversion_negotiation(mode: str, localcloud: LocalCloud):
    async def scenario(session):
        data = await call(session.get_endpoint_data("compute"))
        best = await call(session.negotiate_microversion("compute", "2.1", "2.96"))
        pinned = await call(session.negotiate_microversion("compute", "2.1", "2.96", "2.47"))
        with pytest.raises(exceptions.MicroversionError, match="not supported"):
            await call(session.negotiate_microversion("compute", "2.1", "9.0", "9.0"))
        before = session.http.request_count
        resp = await call(session.get("/flavors", service_type="compute", microversion=pinned))
        return data, best, pinned, resp, sent(session, 0)[:2], session.http.request_count - before

    data, best, pinned, resp, first, listing = run(mode, localcloud, scenario)
    assert data["url"] == f"{localcloud.url}/compute/v2.1"
    assert data["min_microversion"] == "2.1" and data["max_microversion"] >= "2.96"
    assert (best, pinned) == ("2.96", "2.47")
    assert resp.headers["openstack-api-version"] == "compute 2.47"
    # one token, one version document, then only the listing
    assert first == [("POST", "/identity/v3/auth/tokens", 201), ("GET", "/compute/v2.1/", 200)]
    assert listing == 1


@pytest.mark.parametrize("mode", MODES)
def test_list_and_not_found(mode: str, localcloud: LocalCloud):
    async def scenario(session):
        resp = await call(session.get("/flavors/detail", service_type="compute"))
        with pytest.raises(exceptions.NotFound) as missing:
            await call(session.get("/flavors/no-such-flavor", service_type="compute"))
        return resp, missing.value

    resp, missing = run(mode, localcloud, scenario)
    assert resp.status_code == 200 and resp.request_id
    assert "m1.tiny" in {f["name"] for f in resp.json()["flavors"]}
    raw = localcloud.call("GET", "/compute/v2.1/flavors/no-such-flavor",
                          token=localcloud.token())
    assert missing.message == raw.json["itemNotFound"]["message"]  # the service's own words
    assert missing.status_code == 404 and missing.method == "GET"
    assert missing.url.endswith("/compute/v2.1/flavors/no-such-flavor")
    assert missing.request_id and missing.request_id.startswith("req-")


@pytest.mark.parametrize("mode", MODES)
def test_global_request_id_and_user_agent_are_sent(mode: str, localcloud: LocalCloud):
    async def scenario(session):
        resp = await call(session.get("/flavors", service_type="compute"))
        return session.global_request_id, resp

    request_id, resp = run(mode, localcloud, scenario, global_request_id="req-" + "0" * 32)
    assert request_id == "req-" + "0" * 32
    assert resp.ok


# -- the one re-authentication, the shared token cache ------------------------------------------
@pytest.mark.parametrize("mode", MODES)
def test_revoked_token_is_renewed_once(mode: str, localcloud: LocalCloud):
    admin = localcloud.token()

    async def scenario(session):
        first = await call(session.get_token())
        await call(session.get_endpoint_data("compute"))
        revoked = localcloud.call("DELETE", "/identity/v3/auth/tokens", token=admin,
                                  headers={"X-Subject-Token": first})
        assert revoked.status == 204
        before = session.http.request_count
        resp = await call(session.get("/flavors", service_type="compute"))
        return first, await call(session.get_token()), resp, sent(session, before)

    first, second, resp, requests = run(mode, localcloud, scenario)
    assert resp.status_code == 200 and second != first
    assert requests == [("GET", "/compute/v2.1/flavors", 401),
                        ("POST", "/identity/v3/auth/tokens", 201),
                        ("GET", "/compute/v2.1/flavors", 200)]


@pytest.mark.parametrize("mode", MODES)
def test_wrong_password_is_not_retried(mode: str, localcloud: LocalCloud):
    async def scenario(session):
        with pytest.raises(exceptions.Unauthorized) as err:
            await call(session.get("/flavors", service_type="compute"))
        return err.value, sent(session)

    err, requests = run(mode, localcloud, scenario, options={"password": "wrong"})
    assert err.message and err.status_code == 401
    assert requests == [("POST", "/identity/v3/auth/tokens", 401)]


@pytest.mark.parametrize("first,second", [("sync", "async"), ("async", "sync")])
def test_token_cache_is_shared(first: str, second: str, localcloud: LocalCloud, tmp_path,
                               monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

    async def listing(session):
        resp = await call(session.get("/flavors", service_type="compute"))
        return await call(session.get_token()), resp.status_code, sent(session)

    token, _, requests = run(first, localcloud, listing, cache=True)
    assert [r[0] for r in requests] == ["POST", "GET", "GET"]  # token, discovery, listing
    again, status, requests = run(second, localcloud, listing, cache=True)
    # token, catalog and discovery came from the file the other session wrote
    assert (again, status) == (token, 200)
    assert requests == [("GET", "/compute/v2.1/flavors", 200)]
    [cached] = (tmp_path / "cache" / "ostack" / "auth").glob("*.json")
    assert cached.stat().st_mode & 0o777 == 0o600


# -- retries against injected faults -------------------------------------------------------------
@pytest.mark.parametrize("mode", MODES)
def test_get_is_retried_after_injected_503s(mode: str, localcloud: LocalCloud, faults):
    async def scenario(session):
        await call(session.get_endpoint_data("compute"))
        fault = faults(method="GET", path=r"^/compute/v2\.1/flavors$", status=503,
                       retry_after=0, count=2)
        before = session.http.request_count
        resp = await call(session.get("/flavors", service_type="compute"))
        return fault, resp, sent(session, before)

    fault, resp, requests = run(mode, localcloud, scenario)
    assert resp.status_code == 200 and hits(localcloud, fault) == 2
    assert [s for _, _, s in requests] == [503, 503, 200]


@pytest.mark.parametrize("mode", MODES)
def test_retries_give_up_with_the_services_error(mode: str, localcloud: LocalCloud, faults):
    async def scenario(session):
        await call(session.get_endpoint_data("compute"))
        fault = faults(method="GET", path=r"^/compute/v2\.1/flavors$", status=503,
                       retry_after=0)
        with pytest.raises(exceptions.ServiceUnavailable) as err:
            await call(session.get("/flavors", service_type="compute", retries=1))
        return fault, err.value

    fault, err = run(mode, localcloud, scenario)
    assert hits(localcloud, fault) == 2  # the first try and one retry
    assert err.status_code == 503 and err.message


@pytest.mark.parametrize("mode", MODES)
def test_post_is_not_retried_after_a_503(mode: str, localcloud: LocalCloud, faults):
    name = f"twin-{uuid.uuid4().hex[:8]}"

    async def scenario(session):
        await call(session.get_endpoint_data("compute"))
        fault = faults(method="POST", path=r"^/compute/v2\.1/os-keypairs$", status=503,
                       retry_after=0, count=1)
        with pytest.raises(exceptions.ServiceUnavailable):
            await call(session.post("/os-keypairs", service_type="compute",
                                    json={"keypair": {"name": name}}))
        return fault

    fault = run(mode, localcloud, scenario)
    assert hits(localcloud, fault) == 1
    assert localcloud.call("GET", f"/compute/v2.1/os-keypairs/{name}",
                           token=localcloud.token()).status == 404


@pytest.mark.parametrize("mode", MODES)
def test_dropped_get_is_retried_and_dropped_post_is_not(mode: str, localcloud: LocalCloud,
                                                        faults):
    name = f"twin-{uuid.uuid4().hex[:8]}"

    async def scenario(session):
        await call(session.get_endpoint_data("compute"))  # leaves a kept-alive connection
        get_fault = faults(method="GET", path=r"^/compute/v2\.1/flavors$", drop=True, count=1)
        resp = await call(session.get("/flavors", service_type="compute", retries=0))
        post_fault = faults(method="POST", path=r"^/compute/v2\.1/os-keypairs$", drop=True,
                            count=1)
        with pytest.raises(exceptions.ConnectFailure) as err:
            await call(session.post("/os-keypairs", service_type="compute",
                                    json={"keypair": {"name": name}}))
        return get_fault, resp, post_fault, err.value

    get_fault, resp, post_fault, err = run(mode, localcloud, scenario)
    # the GET met a kept-alive connection closed under it: sent again at once, even with
    # retries=0; the POST may have been applied: never sent twice
    assert resp.status_code == 200 and hits(localcloud, get_fault) == 1
    assert hits(localcloud, post_fault) == 1
    assert err.maybe_applied is True and "os-keypairs" in str(err)
    assert localcloud.call("GET", f"/compute/v2.1/os-keypairs/{name}",
                           token=localcloud.token()).status == 404


# -- debug log -----------------------------------------------------------------------------------
@pytest.mark.parametrize("mode", MODES)
def test_debug_log_redacts_the_token(mode: str, localcloud: LocalCloud, caplog):
    caplog.set_level(logging.DEBUG, logger="ostack.http")

    async def scenario(session):
        await call(session.get("/flavors", service_type="compute"))
        return await call(session.get_token())

    token = run(mode, localcloud, scenario)
    text = caplog.text
    password = localcloud.password()
    assert f"REQ: curl -g -i -X POST {localcloud.url}/identity/v3/auth/tokens" in text
    assert f"REQ: curl -g -i -X GET {localcloud.url}/compute/v2.1/flavors" in text
    assert '"X-Auth-Token: {SHA256}' in text and '"x-subject-token: {SHA256}' in text
    assert "RESP: [200]" in text and "RESP: [201]" in text
    assert token not in text and password not in text


# -- async only: concurrency ---------------------------------------------------------------------
def test_concurrent_first_requests_authenticate_and_discover_once(localcloud: LocalCloud):
    async def scenario(session):
        replies = await asyncio.gather(*[
            session.get("/flavors", service_type="compute") for _ in range(5)
        ], session.get("/images", service_type="image"))
        return replies, sent(session)

    replies, requests = run("async", localcloud, scenario)
    assert all(r.status_code == 200 for r in replies)
    assert [r for r in requests if r[0] == "POST"] == [
        ("POST", "/identity/v3/auth/tokens", 201)]
    assert [r[1] for r in requests].count("/compute/v2.1/") == 1
    assert len(requests) == 1 + 1 + 5 + 2  # token, compute version, 5 lists, image versions


# -- the two HTTP clients against misbehaving servers -------------------------------------------
def fetch(mode: str, steps: Callable[[Any], Awaitable[Any]], **options: Any) -> Any:
    """Run `steps(client)` with an HttpClient or an AsyncHttpClient, then close it."""
    async def main() -> Any:
        client = HttpClient(**options) if mode == "sync" else AsyncHttpClient(**options)
        try:
            return await steps(client)
        finally:
            await call(client.close() if mode == "sync" else client.aclose())

    return asyncio.run(main())


@pytest.mark.parametrize("mode", MODES)
def test_client_honours_retry_after(mode: str):
    def handler(req, n):
        if n == 1:
            reply(req, 503, {"message": "busy"}, {"Retry-After": "1"})
        else:
            reply(req, 200, {"ok": True})

    with serve(handler) as (url, seen):
        started = time.monotonic()
        resp = fetch(mode, lambda c: call(c.request("GET", url + "/thing")),
                     retries=2, backoff=0.01)
        elapsed = time.monotonic() - started
    assert resp.json() == {"ok": True} and seen == ["GET /thing", "GET /thing"]
    assert elapsed >= 0.9  # waited as Retry-After asked, not the 0.01 s backoff


@pytest.mark.parametrize("mode", MODES)
def test_client_post_dropped_on_a_reused_connection_is_not_sent_twice(mode: str):
    def handler(req, n):
        if req.command == "POST":
            _drop(req, n)
        else:
            reply(req, 200, {"n": n})

    async def steps(client):
        await call(client.request("GET", url + "/warm"))
        with pytest.raises(exceptions.ConnectFailure) as err:
            await call(client.request("POST", url + "/servers", body=b"{}"))
        return err.value

    with serve(handler) as (url, seen):
        err = fetch(mode, steps, retries=2, backoff=0.01)
    assert seen == ["GET /warm", "POST /servers"] and err.maybe_applied is True


@pytest.mark.parametrize("mode", MODES)
def test_client_idle_connection_closed_by_the_server_is_not_used(mode: str):
    def handler(req, n):
        reply(req, 200, {"n": n})
        if n == 1:  # answer, then close the kept-alive connection behind the client's back
            req.close_connection = True
            req.connection.shutdown(socket.SHUT_RDWR)

    async def steps(client):
        await call(client.request("GET", url + "/first"))
        await asyncio.sleep(0.1)
        return await call(client.request("POST", url + "/servers", body=b"{}"))

    with serve(handler) as (url, seen):
        resp = fetch(mode, steps, retries=0)
    assert resp.json() == {"n": 2} and seen == ["GET /first", "POST /servers"]


@pytest.mark.parametrize("mode", MODES)
def test_client_connection_refused_and_bad_url(mode: str):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()

    async def steps(client):
        with pytest.raises(exceptions.ConnectFailure) as refused:
            await call(client.request("POST", f"http://127.0.0.1:{port}/v3/auth/tokens",
                                      body=b"{}"))
        with pytest.raises(exceptions.TransportError, match="http:// or https://"):
            await call(client.request("GET", "ftp://127.0.0.1/"))
        return refused.value

    refused = fetch(mode, steps, retries=1, backoff=0.01)
    assert f"127.0.0.1:{port}" in str(refused) and refused.maybe_applied is False


@pytest.mark.parametrize("mode", MODES)
def test_client_tls_verification(mode: str, certificate):  # noqa: F811
    cert, key = certificate
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    with serve(lambda req, n: reply(req, 200, {"tls": True}), tls=ctx) as (url, _):
        async def untrusted(client):
            with pytest.raises(exceptions.SSLError) as err:
                await call(client.request("GET", url + "/"))
            return err.value

        err = fetch(mode, untrusted, retries=0)
        assert "CERTIFICATE" in str(err).upper()
        for verify in (str(cert), False):
            resp = fetch(mode, lambda c: call(c.request("GET", url + "/")), verify=verify)
            assert resp.json() == {"tls": True}
