"""Faults: recover, never duplicate (issue 13, section 1), against a local cloud of this
module's own (its faults reach no other test).

- the operator's `"after": true` faults over raw HTTP: the change is made, the answer lost;
- creates whose answer was lost are found by their client token (one resource, returned),
  sent again only when provably absent, and `MaybeApplied` without a token;
- retries honour Retry-After, capped, and say so on stderr; `--debug` shows each retry;
- waits ride out transient errors; a failed `--wait` after a create names the new ID.
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from tests.support.localcloud import LocalCloud, start_localcloud

import ostack
from ostack import exceptions, recovery
from ostack.exceptions import MaybeApplied
from ostack.recovery import MESSAGE

OSTACK = [sys.executable, "-m", "ostack.cli.app"]


@pytest.fixture(scope="module")
def cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCloud]:
    base = tmp_path_factory.mktemp("reliability")
    running = start_localcloud(base / "state", cache_dir=base / "cache", build_delay=0,
                               delete_delay=0, task_delay=0)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(autouse=True)
def no_faults(cloud: LocalCloud) -> Iterator[None]:
    yield
    assert cloud.call("DELETE", "/_localcloud/faults").status == 204


@pytest.fixture(scope="module")
def conn(cloud: LocalCloud, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    env = dict(cloud.env, XDG_CACHE_HOME=str(tmp_path_factory.mktemp("cache")))
    connection = ostack.connect(cloud="local", env=env, cache=False)
    connection.compute.microversion  # noqa: B018 - token, catalog, discovery before faults
    connection.block_storage.microversion  # noqa: B018
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def admin_token(cloud: LocalCloud) -> str:
    return cloud.token()


def add_fault(cloud: LocalCloud, **spec: Any) -> dict[str, Any]:
    reply = cloud.call("POST", "/_localcloud/faults", spec)
    assert reply.status == 201, reply.body
    return reply.json["fault"]


def hits(cloud: LocalCloud, fault: dict[str, Any]) -> int:
    return cloud.call("GET", f"/_localcloud/faults/{fault['id']}").json["fault"]["hits"]


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


# ------------------------------------------------------------------ discovery under faults
def test_a_failed_discovery_is_not_remembered(cloud: LocalCloud, tmp_path) -> None:
    """A service that answers its version document with 503 (past the retries) fails that
    request; the next one discovers again. Before, the bare catalog URL was taken (and cached
    on disk), and every later image request went to `/image/images`: 404 (a soak run met it)."""
    env = dict(cloud.env, XDG_CACHE_HOME=str(tmp_path))
    fresh = ostack.connect(cloud="local", env=env)  # with the token cache (it keeps discovery)
    fault = add_fault(cloud, method="GET", path="^/image/?$", status=503)
    try:
        with pytest.raises(exceptions.ServiceUnavailable):
            list(fresh.image.images())
        assert hits(cloud, fault) == 3  # the discovery GET, sent again twice
    finally:
        cloud.call("DELETE", f"/_localcloud/faults/{fault['id']}")
    assert [image.name for image in fresh.image.images()]
    again = ostack.connect(cloud="local", env=env)  # a new process reads the cache
    assert [image.name for image in again.image.images()]
    fresh.close()
    again.close()


# ------------------------------------------------------------------ the after-mode, raw HTTP
def test_after_fault_applies_the_change_and_loses_the_answer(cloud: LocalCloud,
                                                            admin_token: str):
    lost = add_fault(cloud, method="POST", path=r"/compute/v2\.1/os-keypairs$", drop=True,
                     after=True, count=1)
    assert lost["after"] is True and lost["drop"] is True
    name = unique("after-drop")
    connection = http.client.HTTPConnection("127.0.0.1", cloud.port, timeout=10)
    try:
        connection.request("POST", "/compute/v2.1/os-keypairs", body=json.dumps(
            {"keypair": {"name": name, "public_key": PUBLIC_KEY}}), headers={
            "X-Auth-Token": admin_token, "Content-Type": "application/json"})
        with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
            connection.getresponse()
    finally:
        connection.close()
    assert hits(cloud, lost) == 1
    made = cloud.call("GET", f"/compute/v2.1/os-keypairs/{name}", token=admin_token)
    assert made.status == 200  # the change was made
    # a status after handling: the change is made and the answer replaced
    replaced = add_fault(cloud, method="POST", path=r"/compute/v2\.1/os-keypairs$",
                         status=503, after=True, retry_after=1, count=1)
    other = unique("after-503")
    reply = cloud.call("POST", "/compute/v2.1/os-keypairs", {
        "keypair": {"name": other, "public_key": PUBLIC_KEY}}, token=admin_token)
    assert reply.status == 503 and reply.header("retry-after") == "1"
    assert "serviceUnavailable" in reply.json
    assert hits(cloud, replaced) == 1
    assert cloud.call("GET", f"/compute/v2.1/os-keypairs/{other}",
                      token=admin_token).status == 200
    for gone in (name, other):
        cloud.call("DELETE", f"/compute/v2.1/os-keypairs/{gone}", token=admin_token)


@pytest.mark.parametrize("spec", [
    {"after": True},                      # nothing to do after
    {"after": True, "latency": 1},        # latency alone is not a fault after handling
    {"after": "yes", "drop": True},
    {"after": 1, "status": 503},
])
def test_bad_after_specs_answer_400(cloud: LocalCloud, spec: dict[str, Any]):
    reply = cloud.call("POST", "/_localcloud/faults", spec)
    assert reply.status == 400, (spec, reply.body)
    assert "after" in reply.json["error"]["message"]


# ------------------------------------------------------------------ recoverable creates
PUBLIC_KEY = ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGv9Yk0o5nQbGx3Jq2Zl1b2c3d4e5f6g7h8i9j0k1l2m"
              " soak@test")

KINDS: dict[str, tuple[str, str]] = {
    # kind: (POST path pattern, where the token is)
    "server": (r"/compute/v2\.1/servers$", "description"),
    "volume": (r"/volumes$", "metadata"),
    "image": (r"/image/v2/images$", "tags"),
    "network": (r"/v2\.0/networks$", "description"),
    "port": (r"/v2\.0/ports$", "description"),
    "project": (r"/identity/v3/projects$", "tags"),
    "user": (r"/identity/v3/users$", "description"),
    "subnet": (r"/v2\.0/subnets$", "description"),
    "router": (r"/v2\.0/routers$", "description"),
    "security_group": (r"/v2\.0/security-groups$", "description"),
    "snapshot": (r"/snapshots$", "metadata"),
}


def creator(conn: Any, kind: str) -> tuple[Callable[[str], Any], Callable[[str], list[Any]],
                                           Callable[[Any], None]]:
    """create(name), list(name) and delete(resource) of a kind."""
    c = conn
    if kind == "server":
        image = next(iter(c.image.images())).id
        return (lambda n: c.compute.create_server(n, image=image, flavor="1", networks="none"),
                lambda n: list(c.compute.servers(name=f"^{n}$")), c.compute.delete_server)
    if kind == "volume":
        return (lambda n: c.block_storage.create_volume(name=n, size=1),
                lambda n: list(c.block_storage.volumes(name=n)),
                lambda v: (c.block_storage.wait_for_status(v, "available", interval=0.05,
                                                           wait=20),
                           c.block_storage.delete_volume(v)))
    if kind == "image":
        return (lambda n: c.image.create_image(n, disk_format="raw", container_format="bare",
                                               allow_duplicates=True),
                lambda n: list(c.image.images(name=n)), c.image.delete_image)
    if kind == "network":
        return (lambda n: c.network.create_network(name=n),
                lambda n: list(c.network.networks(name=n)), c.network.delete_network)
    if kind == "port":
        net = c.network.create_network(name=unique("rel-port-net"))
        return (lambda n: c.network.create_port(name=n, network_id=net.id),
                lambda n: list(c.network.ports(name=n)),
                lambda p: (c.network.delete_port(p), c.network.delete_network(net)))
    if kind == "subnet":
        net = c.network.create_network(name=unique("rel-subnet-net"))
        return (lambda n: c.network.create_subnet(name=n, network_id=net.id, ip_version=4,
                                                  cidr="10.213.0.0/24"),
                lambda n: list(c.network.subnets(name=n)),
                lambda x: (c.network.delete_subnet(x), c.network.delete_network(net)))
    if kind == "router":
        return (lambda n: c.network.create_router(name=n),
                lambda n: list(c.network.routers(name=n)), c.network.delete_router)
    if kind == "security_group":
        return (lambda n: c.network.create_security_group(name=n),
                lambda n: list(c.network.security_groups(name=n)),
                c.network.delete_security_group)
    if kind == "snapshot":
        volume = c.block_storage.create_volume(name=unique("rel-snap-vol"), size=1)
        c.block_storage.wait_for_status(volume, "available", interval=0.05, wait=20)

        def drop(snapshot: Any) -> None:
            c.block_storage.wait_for_status(snapshot, "available", interval=0.05, wait=20)
            c.block_storage.delete_snapshot(snapshot)
            c.block_storage.wait_for_delete(snapshot, interval=0.05, wait=20)
            c.block_storage.delete_volume(volume)

        return (lambda n: c.block_storage.create_snapshot(name=n, volume_id=volume.id),
                lambda n: list(c.block_storage.snapshots(name=n)), drop)
    if kind == "project":
        return (lambda n: c.identity.create_project(name=n, domain_id="default"),
                lambda n: list(c.identity.projects(name=n)), c.identity.delete_project)
    return (lambda n: c.identity.create_user(name=n, domain_id="default"),
            lambda n: list(c.identity.users(name=n)), c.identity.delete_user)


def assert_no_token(raw: dict[str, Any], where: str) -> None:
    if where == "metadata":
        assert "ostack-client-token" not in (raw.get("metadata") or {}), raw
    elif where == "tags":
        assert not any(t.startswith("ostack-client-token") for t in raw.get("tags") or []), raw
    else:
        assert not (raw.get("description") or "").startswith("ostack-client-token"), raw


@pytest.mark.parametrize("mode", [{"drop": True}, {"status": 503}], ids=["lost", "replaced"])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_create_whose_answer_was_lost_is_found_not_sent_again(
        cloud: LocalCloud, conn: Any, kind: str, mode: dict[str, Any]):
    path, where = KINDS[kind]
    create, listed, delete = creator(conn, kind)
    fault = add_fault(cloud, method="POST", path=path, after=True, count=1, **mode)
    name = unique(f"rel-{kind}")
    made = create(name)
    try:
        assert hits(cloud, fault) == 1  # the answer was lost ...
        assert made.id and made.name == name
        found = listed(name)
        assert [r.id for r in found] == [made.id]  # ... and there is one, the one returned
        for raw in (found[0].raw, made.raw):  # the token was taken off again
            assert_no_token(raw, where)
    finally:
        delete(made)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_create_without_fault_leaves_no_token(cloud: LocalCloud, conn: Any, kind: str):
    create, listed, delete = creator(conn, kind)
    made = create(unique(f"rel-plain-{kind}"))
    try:
        assert_no_token(made.raw, KINDS[kind][1])
        assert_no_token(listed(made.name)[0].raw, KINDS[kind][1])
    finally:
        delete(made)


def test_a_create_that_provably_failed_is_sent_again(cloud: LocalCloud, conn: Any):
    before = add_fault(cloud, method="POST", path=r"/v2\.0/networks$", drop=True, count=1)
    name = unique("rel-resent")
    made = conn.network.create_network(name=name)
    try:
        assert hits(cloud, before) == 1
        assert [n.id for n in conn.network.networks(name=name)] == [made.id]
    finally:
        conn.network.delete_network(made)


def test_without_client_tokens_an_ambiguous_create_says_what_to_check(
        cloud: LocalCloud, conn: Any):
    add_fault(cloud, method="POST", path=r"/v2\.0/networks$", drop=True, after=True,
              count=1)
    name = unique("rel-untokened")
    conn.session.client_tokens = False
    try:
        with pytest.raises(MaybeApplied) as raised:
            conn.network.create_network(name=name)
    finally:
        conn.session.client_tokens = None
    error = raised.value
    assert recovery.MaybeApplied is MaybeApplied  # its old home still names it
    assert MESSAGE == "the request was sent and may have been applied: check before retrying"
    assert MESSAGE in str(error) and f"network named '{name}'" in str(error)
    assert error.method == "POST" and error.url.endswith("/v2.0/networks")
    assert error.name == name and isinstance(error, exceptions.TransportError)
    made = list(conn.network.networks(name=name))
    assert len(made) == 1 and made[0].description in ("", None)  # applied, no token
    conn.network.delete_network(made[0])


# ------------------------------------------------------------------ waits
def test_waits_ride_out_transient_errors(cloud: LocalCloud, conn: Any):
    image = next(iter(conn.image.images())).id
    server = conn.compute.create_server(unique("rel-wait"), image=image, flavor="1",
                                        networks="none")
    path = rf"/servers/{server.id}$"
    add_fault(cloud, method="GET", path=path, status=503, count=4)
    add_fault(cloud, method="GET", path=path, drop=True, count=4)
    started = time.monotonic()
    active = conn.compute.wait_for_server(server, interval=0.2, wait=30)
    assert active.status == "ACTIVE" and time.monotonic() - started < 30
    conn.compute.delete_server(server)
    cloud.call("DELETE", "/_localcloud/faults")
    add_fault(cloud, method="GET", path=path, status=503, count=5)
    assert conn.compute.wait_for_delete(server, interval=0.2, wait=30) is server


@pytest.fixture(scope="module")
def cli(cloud: LocalCloud, tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OS_", "OSTACK_"))}
    env.update(cloud.env, XDG_CACHE_HOME=str(tmp_path_factory.mktemp("cli-cache")))

    def run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*OSTACK, *args], env={**env, **extra}, capture_output=True,
                              text=True, timeout=120)

    assert run("flavor", "list").returncode == 0  # token and discovery cached
    return run


def test_a_failed_wait_after_a_create_names_the_new_id(cloud: LocalCloud, conn: Any, cli):
    name = unique("rel-cli-vol")
    # (count 2: a create may GET the new resource once before the wait does)
    add_fault(cloud, method="GET", path=r"/volumes/[0-9a-f-]{36}$", status=404, count=2)
    proc = cli("volume", "create", "--size", "1", "--wait", name)
    cloud.call("DELETE", "/_localcloud/faults")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    made = list(conn.block_storage.volumes(name=name))
    assert len(made) == 1
    assert f"volume {made[0].id} was created, but waiting for it to become available " \
           f"failed" in proc.stderr
    conn.block_storage.wait_for_status(made[0], "available", interval=0.05, wait=20)
    conn.block_storage.delete_volume(made[0])
    # a server: the official client's words, and the ID
    name = unique("rel-cli-srv")
    add_fault(cloud, method="GET", path=r"/servers/[0-9a-f-]{36}$", status=404, count=2)
    proc = cli("server", "create", "--flavor", "m1.tiny", "--image",
               "cirros-0.6.2-x86_64-disk", "--no-network", "--wait", name)
    cloud.call("DELETE", "/_localcloud/faults")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    made = list(conn.compute.servers(name=f"^{name}$"))
    assert len(made) == 1
    assert f"Error creating server: {name}" in proc.stderr and made[0].id in proc.stderr
    # delete --wait succeeds when the server is gone (the SDK test above rides out errors
    # between the delete and the 404; here the look-up before the delete meets them)
    add_fault(cloud, method="GET", path=rf"/servers/{made[0].id}$", status=503, count=2)
    proc = cli("server", "delete", "--wait", made[0].id)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert conn.compute.find_server(made[0].id) is None


# ------------------------------------------------------------------ Retry-After
def test_retry_after_is_honoured_capped_and_said(cloud: LocalCloud, cli):
    add_fault(cloud, method="GET", path=r"/flavors/detail$", status=503, retry_after=2,
              count=1)
    started = time.monotonic()
    proc = cli("flavor", "list", "--debug")
    elapsed = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr
    assert "ostack: compute answered 503; retrying in 2 s (Retry-After)" in proc.stderr
    assert "retrying GET" in proc.stderr  # --debug shows each retry
    assert elapsed >= 2
    # a longer Retry-After is capped (OSTACK_RETRY_AFTER_MAX, 60 s by default)
    add_fault(cloud, method="GET", path=r"/flavors/detail$", status=503, retry_after=3600,
              count=1)
    started = time.monotonic()
    proc = cli("flavor", "list", OSTACK_RETRY_AFTER_MAX="1.5")
    assert proc.returncode == 0, proc.stderr
    assert "ostack: compute answered 503; retrying in 2 s (Retry-After)" in proc.stderr
    assert 1.5 <= time.monotonic() - started < 10


# ------------------------------------------------------------------ the token cache
def test_processes_sharing_a_token_cache_authenticate_once(cloud: LocalCloud, cli, tmp_path):
    # latency on Keystone's token POST: the first process is still authenticating when the
    # others want a token; the fault's hits count the POSTs
    slow = add_fault(cloud, method="POST", path=r"^/identity/v3/auth/tokens$", latency=0.5)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OS_", "OSTACK_"))}
    env.update(cloud.env, XDG_CACHE_HOME=str(tmp_path / "shared-cache"))
    started = [subprocess.Popen([*OSTACK, "flavor", "list", "-f", "value", "-c", "Name"],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True) for _ in range(8)]
    results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in started]
    for p in started:
        p.stdout.close()
        p.stderr.close()
    assert all(code == 0 and "m1.tiny" in out for code, out, _ in results), results
    assert hits(cloud, slow) == 1, results


def test_a_damaged_cache_entry_is_discarded_and_named(cloud: LocalCloud, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OS_", "OSTACK_"))}
    env.update(cloud.env, XDG_CACHE_HOME=str(tmp_path / "cache"))

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run([*OSTACK, "flavor", "list", "-f", "value", "-c", "Name"],
                              env=env, capture_output=True, text=True, timeout=120)

    assert run().returncode == 0
    entries = list((tmp_path / "cache" / "ostack" / "auth").glob("*.json"))
    assert len(entries) == 1
    entry = entries[0]
    good = entry.read_text()
    entry.write_text(good[: len(good) // 2])  # truncated
    proc = run()
    assert proc.returncode == 0 and "m1.tiny" in proc.stdout, proc.stderr
    assert f"discarded the token cache entry {entry} (it is not valid JSON)" in proc.stderr
    assert "--no-cache" in proc.stderr
    assert json.loads(entry.read_text())["access"]["token"]  # written again, whole
    # another user's token in the entry
    data = json.loads(entry.read_text())
    data["access"]["body"]["token"]["user"]["name"] = "mallory"
    entry.write_text(json.dumps(data))
    proc = run()
    assert proc.returncode == 0 and "m1.tiny" in proc.stdout, proc.stderr
    assert "its token is user mallory's, not admin's" in proc.stderr
    assert "--no-cache" in proc.stderr
    assert json.loads(entry.read_text())["access"]["body"]["token"]["user"]["name"] == "admin"
    proc = run()  # a sound entry: nothing said
    assert proc.returncode == 0 and proc.stderr == ""


# ------------------------------------------------------------------ deletes
def test_a_delete_whose_answer_was_lost_succeeds(cloud: LocalCloud, conn: Any):
    made = conn.network.create_network(name=unique("rel-del"))
    path = rf"/v2\.0/networks/{made.id}$"
    lost = add_fault(cloud, method="DELETE", path=path, drop=True, after=True, count=1)
    assert conn.network.delete_network(made, ignore_missing=False) is None
    assert hits(cloud, lost) == 1
    assert conn.network.find_network(made.id) is None
    # A 404 to a DELETE sent once is still a failure: the resource never was there.
    with pytest.raises(exceptions.NotFound) as raised:
        conn.network.delete_network(made, ignore_missing=False)
    assert raised.value.attempts == 1 and raised.value.resent is False


def test_an_async_delete_whose_answer_was_lost_succeeds(cloud: LocalCloud, conn: Any):
    import asyncio

    import ostack.aio

    made = conn.network.create_network(name=unique("rel-adel"))
    lost = add_fault(cloud, method="DELETE", path=rf"/v2\.0/networks/{made.id}$", drop=True,
                     after=True, count=1)

    async def scenario() -> None:
        aconn = ostack.aio.connect(cloud="local", env=dict(cloud.env), cache=False)
        try:
            await aconn.network.get_network(made.id)  # a kept-alive connection to reuse
            await aconn.network.delete_network(made.id, ignore_missing=False)
        finally:
            await aconn.close()

    asyncio.run(asyncio.wait_for(scenario(), timeout=60))
    assert hits(cloud, lost) == 1 and conn.network.find_network(made.id) is None


def test_cli_delete_whose_answer_was_lost_exits_0(cloud: LocalCloud, conn: Any, cli):
    name = unique("rel-cli-del")
    made = conn.network.create_network(name=name)
    lost = add_fault(cloud, method="DELETE", path=rf"/v2\.0/networks/{made.id}$", drop=True,
                     after=True, count=1)
    proc = cli("network", "delete", name)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "" and hits(cloud, lost) == 1
    assert conn.network.find_network(made.id) is None
    proc = cli("network", "delete", made.id)  # gone for good: a failure, said
    assert proc.returncode == 1 and made.id in proc.stderr


def test_cli_says_maybe_applied_in_one_line(cloud: LocalCloud, conn: Any, cli):
    name = unique("rel-cli-maybe")
    add_fault(cloud, method="POST", path=r"/v2\.0/networks$", drop=True, after=True, count=1)
    proc = cli("network", "create", name, OSTACK_CLIENT_TOKENS="0")
    try:
        assert proc.returncode == 1, proc.stdout
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
        assert lines[0].startswith("Error: POST ") and MESSAGE in lines[0]
        assert f"network named '{name}'" in lines[0]
    finally:
        for network in conn.network.networks(name=name):
            conn.network.delete_network(network)
