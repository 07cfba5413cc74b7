"""Tests of the request flows (no network): the two drivers, the shared retry policy, the auth,
discovery and session flows.

Flows are free of I/O, so these feed them hand-built `Response` objects and transport errors
and look at what they ask for next; `play` steps a flow by hand and records its `Sleep`s instead
of sleeping. The drivers themselves (`drive`, `adrive`) really sleep and really await.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from email.utils import formatdate
from typing import Any

import pytest

from ostack import exceptions
from ostack.auth.plugins import NoAuth, Password, post_token_flow
from ostack.transport.asession import AsyncSession
from ostack.transport.discovery import discover_flow
from ostack.transport.flows import Request, Sleep, adrive, drive, just, sender
from ostack.transport.http import HttpClient, Response
from ostack.transport.retries import exchange, retry_after
from ostack.transport.session import Session

KEYSTONE = "http://k:5000"
TOKEN_BODY = {"token": {"methods": ["password"], "user": {"id": "u1", "name": "alice"},
                        "project": {"id": "p1", "name": "demo"},
                        "expires_at": "2999-01-01T00:00:00Z",
                        "catalog": [{"type": "compute", "name": "nova", "endpoints": [
                            {"interface": "public", "region_id": "RegionOne",
                             "url": "http://n/compute/v2.1"}]}]}}
COMPUTE_VERSION = {"version": {"id": "v2.1", "status": "CURRENT", "version": "2.96",
                               "min_version": "2.1", "links": []}}


def response(status: int, body: Any = None, headers: dict[str, str] | None = None,
             url: str = "http://x/", method: str = "GET") -> Response:
    content = body if isinstance(body, bytes) else (
        json.dumps(body).encode() if body is not None else b"")
    hdrs = {"content-type": "application/json", **(headers or {})}
    return Response(status, hdrs, content, method, url, 0.0)


def failure(cls: type[exceptions.TransportError] = exceptions.ConnectFailure,
            applied: bool = False) -> exceptions.TransportError:
    err = cls("cannot reach http://x/: refused", method="GET", url="http://x/")
    err.maybe_applied = applied  # type: ignore[attr-defined]
    return err


def play(flow: Any, answers: list[Any]) -> tuple[Any, list[Any]]:
    """Step a flow by hand: each Request gets the next answer (a Response, or an exception
    thrown in); Sleeps are recorded, not slept. Returns (result, every step yielded)."""
    steps: list[Any] = []
    answers = list(answers)
    value: Any = None
    error: BaseException | None = None
    while True:
        try:
            step = flow.send(value) if error is None else flow.throw(error)
        except StopIteration as done:
            assert not answers, f"unused answers: {answers}"
            return done.value, steps
        steps.append(step)
        value = error = None
        if isinstance(step, Request):
            answer = answers.pop(0)
            if isinstance(answer, BaseException):
                error = answer
            else:
                value = answer


def retried(method: str = "GET", *, limit: int = 2, backoff: float = 0.5, **request: Any):
    """The retry flow of a client allowing `limit` retries; `request` is the Request's."""
    return exchange(Request(method, "http://x/thing", **request), user_agent="ua/1",
                    retries=limit, backoff=backoff)


# -- the drivers ---------------------------------------------------------------------------------
def asks(*urls: str):
    """A flow sending GET to each URL in turn and returning the statuses it got."""
    statuses = []
    for url in urls:
        resp = yield Request("get", url)
        statuses.append(resp.status_code)
    return statuses


def test_drive_sends_each_request_and_returns_the_result():
    seen: list[str] = []

    def send(req: Request) -> Response:
        seen.append(f"{req.method} {req.url}")
        return response(200 + len(seen))

    assert drive(asks("http://a/", "http://b/"), send) == [201, 202]
    assert seen == ["GET http://a/", "GET http://b/"]


def test_adrive_runs_the_same_flow_with_an_async_send():
    async def send(req: Request) -> Response:
        await asyncio.sleep(0)
        return response(204)

    assert asyncio.run(adrive(asks("http://a/", "http://b/"), send)) == [204, 204]


def test_a_flow_without_requests():
    assert drive(just(42), lambda req: pytest.fail("nothing to send")) == 42
    assert asyncio.run(adrive(just("x"), lambda req: pytest.fail("nothing to send"))) == "x"


def recovering():
    try:
        yield Request("GET", "http://down/")
    except exceptions.ConnectFailure as exc:
        resp = yield Request("GET", "http://up/")
        return f"{exc.url} failed, then {resp.status_code}"


def test_transport_errors_are_thrown_into_the_flow():
    def send(req: Request) -> Response:
        if "down" in req.url:
            raise failure()
        return response(200)

    async def asend(req: Request) -> Response:
        return send(req)

    assert drive(recovering(), send) == "http://x/ failed, then 200"
    assert asyncio.run(adrive(recovering(), asend)) == "http://x/ failed, then 200"
    with pytest.raises(exceptions.Timeout):
        drive(asks("http://a/"), lambda req: (_ for _ in ()).throw(failure(exceptions.Timeout)))


def test_other_errors_close_the_flow_and_propagate():
    closed: list[bool] = []

    def flow():
        try:
            yield Request("GET", "http://a/")
        finally:
            closed.append(True)

    def send(req: Request) -> Response:
        raise KeyError("bug")

    with pytest.raises(KeyError):
        drive(flow(), send)
    assert closed == [True]


def napping(seconds: float):
    yield Sleep(seconds)
    return (yield Request("GET", "http://a/")).status_code


def test_drive_sleeps_and_adrive_sleeps_without_blocking_the_loop():
    started = time.monotonic()
    assert drive(napping(0.2), lambda req: response(200)) == 200
    assert time.monotonic() - started >= 0.2

    async def send(req: Request) -> Response:
        return response(200)

    async def both() -> list[int]:
        return await asyncio.gather(adrive(napping(0.4), send), adrive(napping(0.4), send))

    started = time.monotonic()
    assert asyncio.run(both()) == [200, 200]
    assert 0.4 <= time.monotonic() - started < 0.75  # the two sleeps overlapped (not 0.8 s)


def test_sender_adapts_a_client_with_only_request():
    class Old:
        def request(self, method, url, *, headers=None, body=None, retries=None,
                    log_body=True):
            return response(200, {"m": method, "u": url, "h": headers, "b": body.decode(),
                                  "r": retries, "l": log_body})

    send = sender(Old())
    got = send(Request("post", "http://a/", {"H": "1"}, b"x", 0, False)).json()
    assert got == {"m": "POST", "u": "http://a/", "h": {"H": "1"}, "b": "x", "r": 0,
                   "l": False}
    client = HttpClient()
    assert sender(client) == client.send


# -- the retry policy ----------------------------------------------------------------------------
def test_prepared_request_has_the_default_headers():
    resp, [req] = play(retried("PUT", headers={"Accept": "text/plain", "X": "1"}, body=b"abc"),
                       [response(200)])
    assert resp.status_code == 200
    assert req.headers == {"User-Agent": "ua/1", "Accept": "text/plain", "X": "1",
                           "Content-Length": "3"}
    _, [get] = play(retried(), [response(200)])
    assert "Content-Length" not in get.headers


@pytest.mark.parametrize("status", [502, 503, 504])
def test_idempotent_request_is_retried_with_backoff(status: int):
    resp, steps = play(retried("DELETE", backoff=0.25),
                       [response(status), response(status), response(200)])
    assert resp.status_code == 200
    assert [type(s).__name__ for s in steps] == ["Request", "Sleep", "Request", "Sleep",
                                                  "Request"]
    assert [s.seconds for s in steps if isinstance(s, Sleep)] == [0.25, 0.5]


def test_retries_give_up_after_the_limit_and_return_the_last_answer():
    resp, steps = play(retried(limit=2), [response(503)] * 3)
    assert resp.status_code == 503 and len(steps) == 5
    resp, steps = play(retried(limit=5, retries=0), [response(503)])
    assert resp.status_code == 503 and len(steps) == 1  # the request's own limit wins


@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_post_and_patch_are_never_retried_on_a_status(method: str):
    resp, steps = play(retried(method), [response(503)])
    assert resp.status_code == 503 and len(steps) == 1


def test_other_errors_are_not_retried():
    for status in (500, 404, 401):
        resp, steps = play(retried(), [response(status)])
        assert resp.status_code == status and len(steps) == 1


def test_too_many_requests_is_retried_for_idempotent_methods_only(capsys):
    resp, steps = play(retried(), [response(429, headers={"retry-after": "2"}), response(200)])
    assert resp.status_code == 200 and steps[1].seconds == 2.0
    assert "answered 429; retrying in 2 s (Retry-After)" in capsys.readouterr().err
    resp, steps = play(retried("POST"), [response(429)])
    assert resp.status_code == 429 and len(steps) == 1


def test_retry_after_is_honoured_and_capped():
    _, steps = play(retried(), [response(503, headers={"retry-after": "3"}), response(200)])
    assert steps[1].seconds == 3.0
    _, steps = play(retried(), [response(503, headers={"retry-after": "3600"}), response(200)])
    assert steps[1].seconds == 60.0
    date = formatdate(time.time() + 5, usegmt=True)
    _, steps = play(retried(), [response(503, headers={"retry-after": date}), response(200)])
    assert 3.0 <= steps[1].seconds <= 5.0
    assert retry_after("soon") is None and retry_after("-4") == 0.0 and retry_after(None) is None


def test_connection_errors_before_sending_are_retried_for_every_method():
    resp, steps = play(retried("POST", backoff=0.1), [failure(applied=False), response(201)])
    assert resp.status_code == 201
    assert [s.seconds for s in steps if isinstance(s, Sleep)] == [0.1]


def test_a_post_that_may_have_been_applied_is_not_sent_again():
    with pytest.raises(exceptions.ConnectFailure):
        play(retried("POST"), [failure(applied=True)])
    resp, _ = play(retried("GET"), [failure(applied=True), response(200)])
    assert resp.status_code == 200  # a GET may be sent again


def test_the_answer_says_how_often_it_was_sent_and_whether_again_after_a_maybe():
    resp, _ = play(retried("DELETE"), [response(404)])
    assert (resp.attempts, resp.resent) == (1, False)
    resp, _ = play(retried("DELETE"), [response(503), response(404)])
    assert (resp.attempts, resp.resent) == (2, False)  # a 503: the service did not act
    resp, _ = play(retried("DELETE"), [failure(applied=False), response(404)])
    assert (resp.attempts, resp.resent) == (2, False)  # nothing was sent
    for first in (failure(applied=True), response(502), response(504)):
        resp, _ = play(retried("DELETE"), [first, response(503), response(404)])
        assert (resp.attempts, resp.resent) == (3, True), first  # the first may have acted
    inner = response(503)  # the client sent it twice itself (a kept-alive connection replaced)
    inner.attempts, inner.resent = 2, True
    resp, _ = play(retried("DELETE"), [inner, response(404)])
    assert (resp.attempts, resp.resent) == (3, True)


def test_transport_errors_give_up_after_the_limit():
    with pytest.raises(exceptions.Timeout):
        play(retried(limit=1), [failure(exceptions.Timeout), failure(exceptions.Timeout)])


@pytest.mark.parametrize("url", ["ftp://x/", "x/servers", "http:///nohost"])
def test_invalid_url_fails_before_anything_is_sent(url: str):
    with pytest.raises(exceptions.TransportError, match="http:// or https://"):
        play(exchange(Request("GET", url), user_agent="ua", retries=2, backoff=0), [])


def test_debug_log_redacts_tokens_and_secrets(caplog):
    caplog.set_level(logging.DEBUG, logger="ostack.http")
    body = json.dumps({"auth": {"password": "s3cret"}}).encode()
    play(retried("POST", headers={"X-Auth-Token": "tok-123"}, body=body),
         [response(201, {"ok": 1}, {"x-subject-token": "tok-456"})])
    play(retried(headers={"X-Auth-Token": "tok-123"}), [response(503), response(200)])
    play(retried("PUT", body=b'{"secret": "quiet"}', log_body=False), [response(204)])
    text = caplog.text
    assert 'REQ: curl -g -i -X POST http://x/thing -H "User-Agent: ua/1"' in text
    assert '"X-Auth-Token: {SHA256}' in text and '"x-subject-token: {SHA256}' in text
    assert '"password": "***"' in text and "RESP: [201]" in text
    assert "retrying GET http://x/thing in 0.50s after HTTP 503" in text
    for secret in ("tok-123", "tok-456", "s3cret", "quiet"):
        assert secret not in text


# -- auth and discovery flows --------------------------------------------------------------------
def test_password_flow_posts_the_body_and_returns_the_access():
    plugin = Password(KEYSTONE, user_id="u1", password="pw", project_id="p1")
    access, [req] = play(plugin.authenticate_flow(),
                         [response(201, TOKEN_BODY, {"x-subject-token": "t1"})])
    assert (req.method, req.url) == ("POST", KEYSTONE + "/v3/auth/tokens")
    assert json.loads(req.body)["auth"]["scope"] == {"project": {"id": "p1"}}
    assert access.token == "t1" and access.project_id == "p1"


def test_token_post_falls_back_to_the_version_document():
    versions = {"versions": {"values": [{"id": "v3.14", "status": "stable", "links": [
        {"rel": "self", "href": "http://k:5000/identity/v3/"}]}]}}
    access, steps = play(post_token_flow(KEYSTONE, {"auth": {}}), [
        response(404), response(300, versions),
        response(201, TOKEN_BODY, {"x-subject-token": "t2"})])
    assert [(s.method, s.url) for s in steps] == [
        ("POST", KEYSTONE + "/v3/auth/tokens"), ("GET", KEYSTONE),
        ("POST", KEYSTONE + "/identity/v3/auth/tokens")]
    assert access.token == "t2"


def test_no_auth_sends_nothing():
    access, steps = play(NoAuth().authenticate_flow(), [])
    assert access.token == "" and steps == []


def test_discovery_flow_reads_the_versioned_document():
    found, [req] = play(discover_flow("http://n/compute/v2.1", {"X-Auth-Token": "t"}, "2"),
                        [response(200, COMPUTE_VERSION)])
    assert (req.url, req.headers) == ("http://n/compute/v2.1/", {"X-Auth-Token": "t"})
    assert found == {"url": "http://n/compute/v2.1", "id": "v2.1", "status": "CURRENT",
                     "min_microversion": "2.1", "max_microversion": "2.96"}


# -- the session's flows, the same for both sessions ---------------------------------------------
def session_of(cls: type, **kwargs: Any) -> Any:
    return cls(Password(KEYSTONE, user_id="u1", password="pw", project_id="p1"), **kwargs)


def auth(token: str) -> Response:
    return response(201, TOKEN_BODY, {"x-subject-token": token})


def test_request_flow_authenticates_discovers_and_renews_once():
    session = session_of(Session)
    flow = session.request_flow("GET", "/servers", service_type="compute", microversion="2.90",
                                params={"name": "vm"})
    resp, steps = play(flow, [auth("t1"), response(200, COMPUTE_VERSION),
                              response(401), auth("t2"), response(200, {"servers": []})])
    assert resp.json() == {"servers": []}
    assert [(s.method, s.url) for s in steps] == [
        ("POST", KEYSTONE + "/v3/auth/tokens"), ("GET", "http://n/compute/v2.1/"),
        ("GET", "http://n/compute/v2.1/servers?name=vm"), ("POST", KEYSTONE + "/v3/auth/tokens"),
        ("GET", "http://n/compute/v2.1/servers?name=vm")]
    assert steps[2].headers["X-Auth-Token"] == "t1" and steps[4].headers["X-Auth-Token"] == "t2"
    assert steps[4].headers["OpenStack-API-Version"] == "compute 2.90"
    assert steps[4].headers["X-OpenStack-Request-ID"] == session.global_request_id
    # a second 401 is the answer: no endless renewal (a new token learns versions anew)
    with pytest.raises(exceptions.Unauthorized):
        play(session.request_flow("GET", "/servers", service_type="compute"),
             [response(200, COMPUTE_VERSION), response(401), auth("t3"),
              response(401, {"error": {"message": "no"}})])


def test_request_flow_maps_an_error_status_to_its_exception():
    session = Session(None, endpoint_overrides={"compute": "http://n/compute/v2.1"})
    body = {"itemNotFound": {"code": 404, "message": "Flavor x could not be found."}}
    with pytest.raises(exceptions.NotFound) as err:
        play(session.request_flow("GET", "http://n/compute/v2.1/flavors/x"),
             [response(404, body, {"x-openstack-request-id": "req-9"})])
    assert err.value.message == "Flavor x could not be found."
    assert err.value.request_id == "req-9"
    resp, _ = play(session.request_flow("GET", "http://n/x", raise_exc=False), [response(404)])
    assert resp.status_code == 404
    # no body to read a message from (a HEAD's answer): the status phrase and the request
    with pytest.raises(exceptions.NotFound) as err:
        play(session.request_flow("HEAD", "http://n/compute/v2.1/c/o"), [response(404)])
    assert err.value.message == "Not Found: HEAD http://n/compute/v2.1/c/o"


class Table:
    """Answers requests from a list, records them: the network of a unit test."""

    def __init__(self, answers: list[Response]) -> None:
        self.answers = list(answers)
        self.sent: list[tuple[str, str, str | None]] = []

    def send(self, req: Request) -> Response:
        self.sent.append((req.method, req.url, req.headers.get("X-Auth-Token")))
        return self.answers.pop(0)


class AsyncTable(Table):
    async def send(self, req: Request) -> Response:  # type: ignore[override]
        return Table.send(self, req)


def twin_answers() -> list[Response]:
    return [auth("t1"), response(200, COMPUTE_VERSION), response(200, {"flavors": []}),
            response(401), auth("t2"), response(200, {"flavors": [{"id": "1"}]})]


def test_session_and_async_session_send_the_same_requests():
    sync = session_of(Session)
    sync.http = Table(twin_answers())  # type: ignore[assignment]
    sync_mv = sync.negotiate_microversion("compute", "2.1", "2.60")
    sync.get("/flavors", service_type="compute", microversion=sync_mv)
    last = sync.get("/flavors", service_type="compute")

    async def async_steps() -> tuple[Any, Any]:
        session = session_of(AsyncSession)
        session.http = AsyncTable(twin_answers())  # type: ignore[assignment]
        mv = await session.negotiate_microversion("compute", "2.1", "2.60")
        await session.get("/flavors", service_type="compute", microversion=mv)
        return session, mv, await session.get("/flavors", service_type="compute")

    asession, async_mv, alast = asyncio.run(async_steps())
    assert sync_mv == async_mv == "2.60"
    assert sync.http.sent == asession.http.sent  # type: ignore[attr-defined]
    assert last.json() == alast.json() == {"flavors": [{"id": "1"}]}
    assert sync.get_token() == "t2"
    assert asyncio.run(asession.get_token()) == "t2"
