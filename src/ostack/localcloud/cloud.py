"""The cloud's state: the store, one backend per declared service (`registry.py`), their
Protocol peers, the background work of every backend and the operator's counters; and preparing
it at each start: seeding a fresh state folder with every service's bootstrap records (identity
first: the others' records belong to its projects), or upgrading an existing one (new port,
services or seeds added since it was made), keeping the passwords."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from . import registry, state, timestamps
from .declare import Peers, Runtime, Seeding, ServiceSpec, Settings
from .store import Store

log = logging.getLogger("ostack.localcloud")


class Cloud:
    """The store, one backend per declared service, and the operator's counters."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.specs: tuple[ServiceSpec, ...] = registry.declared()
        self.store = Store(settings.state_dir / state.DB_FILE, registry.schema())
        self.requests = 0
        self.started_at = 0.0
        self.base_url = ""
        self.passwords: dict[str, str] = {}
        self._wake: asyncio.Event | None = None
        self.peers = Peers()
        self.backends: dict[str, Any] = {}
        self._make_backends()

    def _make_backends(self) -> None:
        self.peers = Peers()
        runtime = Runtime(self.store, self.settings, self.wake, self.peers)
        self.backends = {spec.name: spec.make_backend(runtime) for spec in self.specs}
        for spec in self.specs:
            for protocol in spec.provides:
                self.peers.provide(protocol, self.backends[spec.name])

    def prepare(self, base_url: str) -> None:
        """Seed or rebase the store for `base_url`; write clouds.yaml."""
        self.base_url = base_url
        self.passwords = prepare(self, base_url)

    def reset(self) -> None:
        """The operator's reset: a fresh cloud (same passwords and port), counter at zero."""
        self.store.wipe()
        self._make_backends()
        seed(self, self.base_url, self.passwords)
        self.requests = 0

    def wake(self) -> None:
        """Tell the lifecycle task that a server transition was scheduled."""
        if self._wake is not None:
            self._wake.set()

    def advance(self) -> float | None:
        """Run the background work that is due in every backend; return when more is due."""
        due: float | None = None
        for backend in self.backends.values():
            if not hasattr(backend, "advance"):
                continue
            try:
                next_due = backend.advance()
            except Exception:
                log.exception("background step of %s failed", type(backend).__name__)
                next_due = None
            if next_due is not None and (due is None or next_due < due):
                due = next_due
        return due

    async def run_lifecycle(self) -> None:
        """Apply background transitions (BUILD -> ACTIVE, deletion, ...) when they are due."""
        self._wake = asyncio.Event()
        while True:
            due = self.advance()
            timeout = 5.0 if due is None else max(0.0, min(5.0, due - timestamps.now()))
            self._wake.clear()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=timeout + 0.001)


def seed(cloud: Cloud, base_url: str, passwords: dict[str, str]) -> None:
    """Fill an empty store with the bootstrap records of every service."""
    seeding = Seeding(base_url, passwords, registry.catalog())
    for spec in cloud.specs:
        if spec.seed is not None:
            spec.seed(cloud.backends[spec.name], seeding)
    cloud.store.set_meta("base_url", base_url)
    cloud.store.set_meta("bootstrapped", "1")


def upgrade(cloud: Cloud, base_url: str, passwords: dict[str, str], new_passwords: bool) -> None:
    """Bring an existing store up to this cloud: each service's `upgrade` step."""
    seeding = Seeding(base_url, passwords, registry.catalog(),
                      previous_base_url=cloud.store.get_meta("base_url") or "",
                      new_passwords=new_passwords)
    for spec in cloud.specs:
        if spec.upgrade is not None:
            spec.upgrade(cloud.backends[spec.name], seeding)
    cloud.store.set_meta("base_url", base_url)


def prepare(cloud: Cloud, base_url: str) -> dict[str, str]:
    """Seed or upgrade the store, write clouds.yaml; return the admin and demo passwords."""
    folder = cloud.settings.state_dir
    passwords = state.read_passwords(folder)
    lost = not passwords
    if lost:
        passwords = {"admin": state.new_password(), "demo": state.new_password()}
    if cloud.store.get_meta("bootstrapped") is None:
        seed(cloud, base_url, passwords)
    else:
        # clouds.yaml was lost: the bootstrap users get new passwords.
        upgrade(cloud, base_url, passwords, new_passwords=lost)
    state.write_private(folder / state.CLOUDS_FILE, state.clouds_yaml(base_url, passwords))
    return passwords
