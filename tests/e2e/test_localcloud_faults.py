"""The operator API's fault injection and runtime settings (`/_localcloud/faults`,
`/_localcloud/settings`): each kind of fault seen over raw HTTP (a status with the service's
own error body and Retry-After, added latency, a dropped connection, a rate, a count), then
the ostack client's retry rules against them: idempotent requests are retried after a 503 or
a dropped connection, POST is not.
"""

from __future__ import annotations

import http.client
import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from tests.support.localcloud import LocalCloud, start_localcloud

import ostack
from ostack import exceptions
from ostack.transport.http import HttpClient

CIRROS = "cirros-0.6.2-x86_64-disk"


@pytest.fixture(scope="module")
def cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCloud]:
    """A cloud of this module's own: faults must not reach the other tests."""
    base = tmp_path_factory.mktemp("faults")
    running = start_localcloud(base / "state", cache_dir=base / "cache")
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(autouse=True)
def no_faults(cloud: LocalCloud) -> Iterator[None]:
    yield
    assert cloud.call("DELETE", "/_localcloud/faults").status == 204


def add_fault(cloud: LocalCloud, **spec: Any) -> dict[str, Any]:
    reply = cloud.call("POST", "/_localcloud/faults", spec)
    assert reply.status == 201, reply.body
    return reply.json["fault"]


def fault(cloud: LocalCloud, fault_id: str) -> dict[str, Any]:
    reply = cloud.call("GET", f"/_localcloud/faults/{fault_id}")
    assert reply.status == 200, reply.body
    return reply.json["fault"]


@pytest.fixture(scope="module")
def admin_token(cloud: LocalCloud) -> str:
    return cloud.token()


# ------------------------------------------------------------------ the operator API
def test_fault_records(cloud: LocalCloud):
    created = add_fault(cloud, method="get", path=r"/compute/.*/flavors", status=503)
    assert created == {
        "id": created["id"], "method": "GET", "path": "/compute/.*/flavors", "status": 503,
        "latency": 0.0, "drop": False, "rate": 1.0, "count": None, "retry_after": None,
        "body": None, "after": False, "hits": 0, "remaining": None,
        "created_at": created["created_at"]}
    other = add_fault(cloud, path="/image", latency=0.01, count=3)
    assert other["method"] == "*" and other["remaining"] == 3
    listed = cloud.call("GET", "/_localcloud/faults").json["faults"]
    assert [f["id"] for f in listed] == [created["id"], other["id"]]
    assert cloud.call("GET", "/_localcloud").json["faults"] == 2
    assert cloud.call("DELETE", f"/_localcloud/faults/{created['id']}").status == 204
    missing = cloud.call("DELETE", f"/_localcloud/faults/{created['id']}")
    assert missing.status == 404 and missing.json["error"]["code"] == 404
    assert cloud.call("GET", f"/_localcloud/faults/{created['id']}").status == 404
    assert cloud.call("DELETE", "/_localcloud/faults").status == 204
    assert cloud.call("GET", "/_localcloud/faults").json == {"faults": []}


@pytest.mark.parametrize("spec", [
    {"status": 503, "colour": "red"},         # unknown field
    {"path": "(", "status": 503},             # not a regular expression
    {"status": 200},                          # not an error status
    {"status": "503"},
    {"status": 503, "rate": 2},
    {"status": 503, "latency": -1},
    {"status": 503, "count": 0},
    {"status": 503, "drop": True},            # both
    {"drop": "yes"},
    {"method": "GET /x", "status": 503},
    {"retry_after": 5},                       # no effect at all
    {},
])
def test_bad_fault_specs_answer_400(cloud: LocalCloud, spec):
    reply = cloud.call("POST", "/_localcloud/faults", spec)
    assert reply.status == 400, (spec, reply.body)
    assert reply.json["error"]["code"] == 400
    assert cloud.call("POST", "/_localcloud/faults", raw=b"{nope").status == 400
    assert cloud.call("GET", "/_localcloud/faults").json == {"faults": []}


# ------------------------------------------------------------------ faults over raw HTTP
def test_status_fault_answers_each_services_error_body(cloud: LocalCloud, admin_token: str):
    nova = add_fault(cloud, method="GET", path=r"^/compute/v2\.1/flavors$", status=503,
                     retry_after=7, count=2)
    for _ in range(2):
        reply = cloud.call("GET", "/compute/v2.1/flavors", token=admin_token)
        assert reply.status == 503
        assert reply.json == {"serviceUnavailable": {
            "code": 503, "message": reply.json["serviceUnavailable"]["message"]}}
        assert reply.header("retry-after") == "7"
        assert reply.header("x-openstack-request-id")
    assert cloud.call("GET", "/compute/v2.1/flavors", token=admin_token).status == 200
    assert fault(cloud, nova["id"])["hits"] == 2
    assert fault(cloud, nova["id"])["remaining"] == 0
    # method and path must both match
    add_fault(cloud, method="POST", path="/identity/v3/auth/tokens", status=500)
    assert cloud.call("GET", "/compute/v2.1/flavors/detail",
                      token=admin_token).status == 200
    failed = cloud.authenticate()
    assert failed.status == 500
    assert failed.json["error"]["code"] == 500 and "title" in failed.json["error"]
    add_fault(cloud, path="^/object-store/", status=503)
    swift = cloud.call("GET", "/object-store/info")
    assert swift.status == 503
    assert swift.body == (b"<html><h1>Service Unavailable</h1><p>The server is currently "
                          b"unavailable. Please try again at a later time.</p></html>")
    # the operator API itself is never faulted
    add_fault(cloud, path="", status=503)
    assert cloud.call("GET", "/_localcloud/faults").status == 200


def test_fault_with_a_body_of_its_own(cloud: LocalCloud):
    add_fault(cloud, path="^/identity/?$", status=429, body={"error": "slow down"})
    reply = cloud.call("GET", "/identity")
    assert reply.status == 429 and reply.json == {"error": "slow down"}
    cloud.call("DELETE", "/_localcloud/faults")
    add_fault(cloud, path="^/identity/?$", status=502, body="upstream gone")
    reply = cloud.call("GET", "/identity")
    assert reply.status == 502 and reply.body == b"upstream gone"
    assert reply.header("content-type").startswith("text/plain")


def test_latency_fault_delays_the_normal_answer(cloud: LocalCloud):
    baseline = time.monotonic()
    cloud.call("GET", "/identity/v3")
    quick = time.monotonic() - baseline
    slow = add_fault(cloud, method="GET", path="^/identity/v3$", latency=0.4)
    started = time.monotonic()
    reply = cloud.call("GET", "/identity/v3")
    elapsed = time.monotonic() - started
    assert reply.status == 200 and reply.json["version"]["id"] == "v3.14"
    assert elapsed >= 0.4 > quick
    assert fault(cloud, slow["id"])["hits"] == 1
    # latency then an error
    add_fault(cloud, method="GET", path="^/compute/?$", latency=0.2, status=504)
    started = time.monotonic()
    assert cloud.call("GET", "/compute/").status == 504
    assert time.monotonic() - started >= 0.2


def test_dropped_connection(cloud: LocalCloud):
    dropped = add_fault(cloud, method="GET", path="^/image/?$", drop=True, count=1)
    before = cloud.requests()
    connection = http.client.HTTPConnection("127.0.0.1", cloud.port, timeout=5)
    try:
        connection.request("GET", "/image/")
        with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
            connection.getresponse()
    finally:
        connection.close()
    assert fault(cloud, dropped["id"])["hits"] == 1
    assert cloud.requests() == before  # nothing was answered
    assert cloud.call("GET", "/image/").status == 300  # count spent: normal again


def test_rate_and_count(cloud: LocalCloud):
    never = add_fault(cloud, path="^/identity/?$", status=503, rate=0)
    for _ in range(5):
        assert cloud.call("GET", "/identity").status == 300
    assert fault(cloud, never["id"])["hits"] == 0
    cloud.call("DELETE", f"/_localcloud/faults/{never['id']}")
    half = add_fault(cloud, path="^/identity/?$", status=503, rate=0.5)
    statuses = [cloud.call("GET", "/identity").status for _ in range(60)]
    failures = statuses.count(503)
    assert 8 <= failures <= 52, failures  # about half (p < 1e-8 of falling outside)
    assert fault(cloud, half["id"])["hits"] == failures
    assert set(statuses) == {300, 503}


def test_reset_clears_faults(start_cloud):
    own = start_cloud()
    add_fault(own, path="", status=503)
    assert own.call("GET", "/identity").status == 503
    assert own.call("POST", "/_localcloud/reset").status == 200
    assert own.call("GET", "/_localcloud/faults").json == {"faults": []}
    assert own.call("GET", "/identity").status == 300


# ------------------------------------------------------------------ settings
def _boot(cloud: LocalCloud, token: str) -> str:
    image = cloud.call("GET", f"/image/v2/images?name={CIRROS}", token=token).json[
        "images"][0]["id"]
    reply = cloud.call("POST", "/compute/v2.1/servers", {"server": {
        "name": f"speed-{uuid.uuid4().hex[:6]}", "imageRef": image, "flavorRef": "1",
        "networks": "none"}}, token=token, headers={"OpenStack-API-Version": "compute 2.37"})
    assert reply.status == 202, reply.body
    return reply.json["server"]["id"]


def _status(cloud: LocalCloud, token: str, server_id: str) -> str:
    return cloud.call("GET", f"/compute/v2.1/servers/{server_id}",
                      token=token).json["server"]["status"]


def test_settings_change_the_background_speed(start_cloud):
    own = start_cloud(build_delay=30)
    token = own.token()
    shown = own.call("GET", "/_localcloud/settings").json["settings"]
    assert shown["build_delay"] == 30 and shown["task_delay"] == 0.1
    slow = _boot(own, token)
    assert _status(own, token, slow) == "BUILD"
    changed = own.call("PUT", "/_localcloud/settings", {"build_delay": 0, "task_delay": 0,
                                                        "delete_delay": 0})
    assert changed.status == 200
    assert changed.json["settings"]["build_delay"] == 0
    assert own.call("GET", "/_localcloud/settings").json == changed.json
    fast = _boot(own, token)
    own.wait_for(lambda: _status(own, token, fast) == "ACTIVE", timeout=2)
    assert _status(own, token, slow) == "BUILD"  # already scheduled: keeps its time
    own.call("PUT", "/_localcloud/settings", {"build_delay": 30})
    assert _status(own, token, _boot(own, token)) == "BUILD"
    for bad in ({"build_delay": -1}, {"build_delay": "fast"}, {"speed": 1},
                {"token_expiration": 0}, {"build_delay": True}):
        reply = own.call("PUT", "/_localcloud/settings", bad)
        assert reply.status == 400, bad
    assert own.call("PUT", "/_localcloud/settings", raw=b"[1]").status == 400
    # settings outlive a reset
    own.call("POST", "/_localcloud/reset")
    assert own.call("GET", "/_localcloud/settings").json["settings"]["build_delay"] == 30


# ------------------------------------------------------------------ the ostack client
@pytest.fixture
def conn(cloud: LocalCloud, tmp_path) -> Iterator[Any]:
    connection = ostack.connect(cloud="local", env=dict(cloud.env, XDG_CACHE_HOME=str(
        tmp_path)), cache=False)
    list(connection.compute.flavors())  # token, catalog and discovery before any fault
    yield connection
    connection.close()


def test_client_retries_a_503_on_get(cloud: LocalCloud, conn):
    unavailable = add_fault(cloud, method="GET", path="/flavors", status=503, retry_after=0,
                            count=1)
    before = cloud.requests()
    flavors = list(conn.compute.flavors())
    assert any(f.name == "m1.tiny" for f in flavors)
    assert fault(cloud, unavailable["id"])["hits"] == 1
    assert cloud.requests() - before == 2  # the 503, then the list


def test_client_does_not_retry_a_503_on_post(cloud: LocalCloud, conn, admin_token: str):
    image = cloud.call("GET", f"/image/v2/images?name={CIRROS}", token=admin_token).json[
        "images"][0]["id"]
    unavailable = add_fault(cloud, method="POST", path=r"/servers$", status=503,
                            retry_after=0, count=1)
    name = f"not-retried-{uuid.uuid4().hex[:6]}"
    # Without client tokens (with them, tests/e2e/test_reliability.py: looked up, resent)
    conn.session.client_tokens = False
    with pytest.raises(exceptions.ServiceUnavailable) as raised:
        conn.compute.create_server(name, image=image, flavor="1", networks="none")
    assert raised.value.status_code == 503
    assert fault(cloud, unavailable["id"])["hits"] == 1
    listed = cloud.call("GET", f"/compute/v2.1/servers?name={name}", token=admin_token)
    assert listed.json["servers"] == []  # the fault answered: nothing was created


def test_client_retries_a_dropped_get(cloud: LocalCloud, conn, admin_token: str):
    dropped = add_fault(cloud, method="GET", path="/flavors", drop=True, count=1)
    flavors = list(conn.compute.flavors())
    assert any(f.name == "m1.tiny" for f in flavors)
    assert fault(cloud, dropped["id"])["hits"] == 1
    # on a new connection too (not mistaken for a stale kept-alive one)
    again = add_fault(cloud, method="GET", path="/flavors", drop=True, count=1)
    client = HttpClient(retries=2, backoff=0.01)
    try:
        reply = client.request("GET", f"{cloud.url}/compute/v2.1/flavors",
                               headers={"X-Auth-Token": admin_token})
    finally:
        client.close()
    assert reply.status_code == 200
    assert fault(cloud, again["id"])["hits"] == 1


def test_client_does_not_retry_a_dropped_post(cloud: LocalCloud, admin_token: str):
    dropped = add_fault(cloud, method="POST", path=r"/compute/v2\.1/os-keypairs$", drop=True,
                        count=1)
    client = HttpClient(retries=2, backoff=0.01)
    name = f"dropped-{uuid.uuid4().hex[:6]}"
    try:
        with pytest.raises(exceptions.ConnectFailure):
            client.request("POST", f"{cloud.url}/compute/v2.1/os-keypairs",
                           headers={"X-Auth-Token": admin_token,
                                    "Content-Type": "application/json"},
                           body=json.dumps({"keypair": {"name": name}}).encode())
    finally:
        client.close()
    assert fault(cloud, dropped["id"])["hits"] == 1
    assert cloud.call("GET", f"/compute/v2.1/os-keypairs/{name}",
                      token=admin_token).status == 404


def test_client_gives_up_after_its_retries(cloud: LocalCloud, admin_token: str):
    always = add_fault(cloud, method="GET", path="/flavors", status=503, retry_after=0)
    client = HttpClient(retries=2, backoff=0.01)
    try:
        reply = client.request("GET", f"{cloud.url}/compute/v2.1/flavors",
                               headers={"X-Auth-Token": admin_token})
    finally:
        client.close()
    assert reply.status_code == 503
    assert fault(cloud, always["id"])["hits"] == 3  # the first try and two retries
