"""The soak test of issue 13: 1,000 mixed SDK operations across the six services while the
local cloud answers 10% of requests with 503, drops 5% of connections before handling them and
loses 5% of answers after handling them (`"after": true`). Afterwards: no resource the caller
was told about is lost, no two resources share a soak name, nothing is left after cleanup,
and at least 99% of the operations succeeded from the caller's view.

Run alone: `.venv/bin/python -m pytest -q -s tests/e2e/test_soak.py` (figures are printed;
docs/reliability.md quotes them). A cloud of its own: its faults reach no other test.
"""

from __future__ import annotations

import os
import random
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.support.localcloud import LocalCloud, start_localcloud

import ostack
from ostack.connection import Connection

OPERATIONS = 1000
WORKERS = 4
SEED = 13
#: Retries of idempotent requests (`connect(retries=)`): the client's default unless
#: SOAK_RETRIES says otherwise (the 99% the issue asks for is met as users get the client).
RETRIES = int(os.environ["SOAK_RETRIES"]) if os.environ.get("SOAK_RETRIES") else None
#: Requests the faults hit: every service but authentication (a token is got once).
FAULTED = (r"^/(compute|image|network|volume|block-storage|object-store)/"
           r"|^/identity/v3/(projects|users)")
KINDS = ("server", "image", "network", "port", "volume", "project", "user", "container",
         "object")
#: At most this many of a kind alive per worker (quotas; the cloud's default ones).
LIVE = {"server": 3, "volume": 2}


@pytest.fixture(scope="module")
def cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCloud]:
    base = tmp_path_factory.mktemp("soak")
    running = start_localcloud(base / "state", cache_dir=base / "cache", build_delay=0,
                               delete_delay=0, task_delay=0)
    try:
        reply = running.call("PUT", "/_localcloud/settings", {"build_delay": 0,
                                                              "delete_delay": 0})
        assert reply.status == 200, reply.body
        running.raise_compute_quotas()
        yield running
    finally:
        running.stop()


def connection(cloud: LocalCloud) -> Connection:
    """A connection of the SDK as a caller makes one (client tokens on, default retries and
    backoff: see docs/reliability.md); no token cache (each caller authenticates once)."""
    if RETRIES is None:
        return ostack.connect("local", env=dict(cloud.env), cache=False)
    return ostack.connect("local", env=dict(cloud.env), cache=False, retries=RETRIES)


def add_faults(cloud: LocalCloud) -> list[str]:
    """10% 503, 5% dropped before handling, 5% lost after handling (rates of what is left
    after the earlier faults drew)."""
    specs = [{"path": FAULTED, "status": 503, "rate": 0.10},
             {"path": FAULTED, "drop": True, "rate": 0.05 / 0.90},
             {"path": FAULTED, "drop": True, "after": True, "rate": 0.05 / 0.85}]
    ids = []
    for spec in specs:
        reply = cloud.call("POST", "/_localcloud/faults", spec)
        assert reply.status == 201, reply.body
        ids.append(reply.json["fault"]["id"])
    return ids


class Worker:
    """One caller: creates, lists, shows, updates and deletes its own resources."""

    def __init__(self, conn: Connection, prefix: str, seed: int, shared: dict[str, Any]) -> None:
        self.conn = conn
        self.prefix = prefix
        self.random = random.Random(seed)
        self.shared = shared
        #: kind -> {id: name}: what the caller was told exists.
        self.alive: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
        self.done = 0
        self.failed: list[str] = []

    def name(self, kind: str) -> str:
        return f"{self.prefix}-{kind}-{uuid.uuid4().hex[:8]}"

    # -- operations: each returns after one SDK call's worth of work --------------------------
    def create(self, kind: str) -> None:
        c, name = self.conn, self.name(kind)
        if kind == "server":
            made = c.compute.create_server(name, image=self.shared["image"],
                                           flavor=self.shared["flavor"], networks="none")
        elif kind == "image":
            made = c.image.create_image(name, disk_format="raw", container_format="bare",
                                        allow_duplicates=True)
        elif kind == "network":
            made = c.network.create_network(name=name)
        elif kind == "port":
            made = c.network.create_port(name=name, network_id=self.shared["network"])
        elif kind == "volume":
            made = c.block_storage.create_volume(name=name, size=1)
        elif kind == "project":
            made = c.identity.create_project(name=name, domain_id="default")
        elif kind == "user":
            made = c.identity.create_user(name=name, domain_id="default")
        elif kind == "container":
            c.object_store.create_container(name)
            self.alive[kind][name] = name
            return
        else:
            container = self.shared["container"]
            c.object_store.create_object(container, name, data=b"soak " + name.encode())
            self.alive[kind][name] = name
            return
        assert made.id and made.name == name, made
        self.alive[kind][made.id] = name

    def show(self, kind: str, ident: str) -> None:
        c = self.conn
        getter: dict[str, Callable[[str], Any]] = {
            "server": c.compute.get_server, "image": c.image.get_image,
            "network": c.network.get_network, "port": c.network.get_port,
            "volume": c.block_storage.get_volume, "project": c.identity.get_project,
            "user": c.identity.get_user,
            "container": c.object_store.get_container_metadata,
            "object": lambda n: c.object_store.download_object(n, self.shared["container"]),
        }
        found = getter[kind](ident)
        assert found is not None

    def listing(self, kind: str) -> None:
        c = self.conn
        lister: dict[str, Callable[[], Any]] = {
            "server": lambda: c.compute.servers(name=self.prefix),
            "image": lambda: c.image.images(owner=self.shared["project"]),
            "network": lambda: c.network.networks(project_id=self.shared["project"]),
            "port": lambda: c.network.ports(network_id=self.shared["network"]),
            "volume": lambda: c.block_storage.volumes(),
            "project": lambda: c.identity.projects(),
            "user": lambda: c.identity.users(),
            "container": lambda: c.object_store.containers(prefix=self.prefix),
            "object": lambda: c.object_store.objects(self.shared["container"],
                                                     prefix=self.prefix),
        }
        listed = [getattr(item, "name", None) for item in lister[kind]()]
        mine = set(self.alive[kind].values())
        missing = mine - set(listed) if kind in ("server", "container", "object") else set()
        assert not missing, f"listing lost {missing}"

    def update(self, kind: str, ident: str) -> None:
        c = self.conn
        text = f"soak {uuid.uuid4().hex[:6]}"
        if kind == "server":
            c.compute.update_server(ident, description=text)
        elif kind == "network":
            c.network.update_network(ident, description=text)
        elif kind == "port":
            c.network.update_port(ident, description=text)
        elif kind == "volume":
            c.block_storage.update_volume(ident, description=text)
        elif kind == "project":
            c.identity.update_project(ident, description=text)
        elif kind == "user":
            c.identity.update_user(ident, email=f"{uuid.uuid4().hex[:6]}@example.org")
        elif kind == "container":
            c.object_store.create_container(ident, metadata={"soak": text})
        else:  # images (Glance's PATCH) and objects: shown instead
            self.show(kind, ident)

    def delete(self, kind: str, ident: str) -> None:
        # A delete that fails may still have been applied: from then on the caller knows
        # nothing of the resource (neither alive nor gone; cleanup finds it by its name).
        # `ignore_missing=False`: the resource exists, so a 404 would be a false failure
        # (a DELETE sent again after its answer was lost is answered 404: success).
        self.alive[kind].pop(ident)
        c, strict = self.conn, {"ignore_missing": False}
        if kind == "server":
            c.compute.delete_server(ident, **strict)
        elif kind == "image":
            c.image.delete_image(ident, **strict)
        elif kind == "network":
            c.network.delete_network(ident, **strict)
        elif kind == "port":
            c.network.delete_port(ident, **strict)
        elif kind == "volume":
            c.block_storage.wait_for_status(c.block_storage.get_volume(ident), "available",
                                            interval=0.05, wait=30)
            c.block_storage.delete_volume(ident, **strict)
        elif kind == "project":
            c.identity.delete_project(ident, **strict)
        elif kind == "user":
            c.identity.delete_user(ident, **strict)
        elif kind == "container":
            c.object_store.delete_container(ident, **strict)
        else:
            c.object_store.delete_object(ident, container=self.shared["container"], **strict)

    # -- the mix ------------------------------------------------------------------------------
    def step(self) -> None:
        kind = self.random.choice(KINDS)
        alive = self.alive[kind]
        roll = self.random.random()
        full = len(alive) >= LIVE.get(kind, 6)
        if not alive or (roll < 0.3 and not full):
            what, args = self.create, (kind,)
        else:
            ident = self.random.choice(sorted(alive))
            if roll < 0.45 or full and roll < 0.6:
                what, args = self.delete, (kind, ident)
            elif roll < 0.65:
                what, args = self.update, (kind, ident)
            elif roll < 0.85:
                what, args = self.show, (kind, ident)
            else:
                what, args = self.listing, (kind,)
        try:
            what(*args)
        except Exception as exc:  # noqa: BLE001 - counted, shown in the report
            self.failed.append(f"{what.__name__} {kind}: {type(exc).__name__}: {exc}")
        self.done += 1

    def run(self, count: int) -> None:
        for _ in range(count):
            self.step()


def soak_names(conn: Connection, prefix: str, project: str) -> dict[str, list[tuple[str, str]]]:
    """Every resource whose name starts with the soak prefix, per kind: (id, name)."""
    c = conn

    def mine(items: Any) -> list[tuple[str, str]]:
        return [(str(i.id), i.name) for i in items if (i.name or "").startswith(prefix)]

    return {
        "server": mine(c.compute.servers()),
        "image": mine(c.image.images(owner=project)),
        "network": mine(c.network.networks()),
        "port": mine(c.network.ports()),
        "volume": mine(c.block_storage.volumes()),
        "project": mine(c.identity.projects()),
        "user": mine(c.identity.users()),
        "container": [(x.name, x.name) for x in c.object_store.containers(prefix=prefix)],
    }


def cleanup(conn: Connection, prefix: str, project: str, container: str) -> None:
    c = conn
    for obj in list(c.object_store.objects(container)):
        c.object_store.delete_object(obj, container=container)
    c.object_store.delete_container(container)
    found = soak_names(c, prefix, project)
    for ident, _ in found["server"]:
        c.compute.delete_server(ident)
    for ident, _ in found["server"]:
        c.compute.wait_for_delete(c.compute.get_server(ident), interval=0.05, wait=30) \
            if c.compute.find_server(ident) else None
    for ident, _ in found["port"]:
        c.network.delete_port(ident)
    for kind, delete in (("image", c.image.delete_image), ("network", c.network.delete_network),
                         ("project", c.identity.delete_project),
                         ("user", c.identity.delete_user)):
        for ident, _ in found[kind]:
            delete(ident)
    for ident, _ in found["volume"]:
        c.block_storage.wait_for_status(c.block_storage.get_volume(ident), "available",
                                        interval=0.05, wait=30)
        c.block_storage.delete_volume(ident)
    for name, _ in found["container"]:
        for obj in list(c.object_store.objects(name)):
            c.object_store.delete_object(obj, container=name)
        c.object_store.delete_container(name)


def test_soak_nothing_lost_nothing_duplicated(cloud: LocalCloud, tmp_path: Path):
    prefix = f"soak{uuid.uuid4().hex[:6]}"
    admin = connection(cloud)
    project = admin.session.get_access().project_id
    network = admin.network.create_network(name=f"{prefix}-base")
    container = f"{prefix}-base"
    admin.object_store.create_container(container)
    shared = {"image": next(iter(admin.image.images())).id,
              "flavor": min(admin.compute.flavors(), key=lambda f: f.ram).id,
              "network": network.id, "container": container, "project": project}
    workers = [Worker(connection(cloud), prefix, SEED + n, shared) for n in range(WORKERS)]
    for worker in workers:  # authenticate and discover before the faults start
        worker.conn.compute.microversion  # noqa: B018
        worker.conn.block_storage.microversion  # noqa: B018
    fault_ids = add_faults(cloud)
    started = time.monotonic()
    try:
        threads = [threading.Thread(target=w.run, args=(OPERATIONS // WORKERS,))
                   for w in workers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=170)
        assert not any(t.is_alive() for t in threads), "the soak did not end in time"
    finally:
        hits = [cloud.call("GET", f"/_localcloud/faults/{f}").json["fault"]["hits"]
                for f in fault_ids]
        assert cloud.call("DELETE", "/_localcloud/faults").status == 204
    elapsed = time.monotonic() - started
    done = sum(w.done for w in workers)
    failures = [f for w in workers for f in w.failed]
    try:
        found = soak_names(admin, prefix, project)
        objects = {o.name for o in admin.object_store.objects(container)}
        lost = []
        for worker in workers:
            for kind, alive in worker.alive.items():
                if kind == "object":
                    lost += [n for n in alive if n not in objects]
                elif kind == "container":
                    names = {name for _, name in found["container"]}
                    lost += [n for n in alive if n not in names]
                else:
                    ids = {ident for ident, _ in found[kind]}
                    lost += [f"{kind} {i}" for i in alive if i not in ids]
        duplicated = {kind: [n for n, k in Counter(n for _, n in items).items() if k > 1]
                      for kind, items in found.items()}
        duplicated = {k: v for k, v in duplicated.items() if v}
    finally:
        cleanup(admin, prefix, project, container)
        admin.network.delete_network(network)
    left = {kind: items for kind, items in soak_names(admin, prefix, project).items() if items}
    rate = 100.0 * (done - len(failures)) / done
    retries = workers[0].conn.session.http.retries
    if RETRIES is None:
        assert retries == 2, "the default changed: update docs/reliability.md's figures"
    print(f"\nsoak: {done} operations by {WORKERS} callers (retries={retries}"
          f"{'' if RETRIES is not None else ', the default'}) in "
          f"{elapsed:.1f} s; faults hit "
          f"{hits[0]} (503) + {hits[1]} (dropped) + {hits[2]} (answer lost) requests; "
          f"{done - len(failures)} succeeded ({rate:.2f}%), {len(failures)} failed; "
          f"lost {len(lost)}, duplicated {sum(len(v) for v in duplicated.values())}, "
          f"left after cleanup {sum(len(v) for v in left.values())}")
    for failure in failures:
        print("  failed:", failure)
    assert done == OPERATIONS
    assert sum(hits) > OPERATIONS * 0.2, hits  # the faults did strike
    assert not lost, lost
    assert not duplicated, duplicated
    assert not left, left
    assert rate >= 99.0, failures
