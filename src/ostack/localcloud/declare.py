"""How a service of the local cloud declares itself, once, in its package's `SERVICE`.

The app, the store, the bootstrap and the catalog loop over the declared services
(`registry.declared()`), so adding a service is one new folder: its `__init__.py` holds a
`ServiceSpec`, and nothing outside the folder names it. A service's backend is made from a
`Runtime` (the store, the live settings, the wake-up callback and its `Peers`); calls between
services go through the small Protocols of `interfaces.py`, found with `peers.get(Protocol)`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from starlette.routing import BaseRoute

from .errors import ApiError

Scope = dict[str, Any]
ErrorRenderer = Callable[[ApiError, Scope], tuple[bytes, str]]
Hook = Callable[[Scope], None]
HeaderHook = Callable[[Scope], list[tuple[bytes, bytes]]]
T = TypeVar("T")


@dataclass
class Settings:
    """How the cloud runs (the `serve` options). One live object: `PUT /_localcloud/settings`
    changes it, and backends that read it at the time of use follow at once."""

    state_dir: Path
    host: str = "127.0.0.1"
    port: int = 0
    build_delay: float = 1.0
    delete_delay: float = 0.5
    #: Seconds that other background work takes (volumes creating, images saving, actions).
    task_delay: float = 0.5
    token_expiration: int = 3600
    #: Nova's reclaim_instance_interval: seconds a deleted server stays SOFT_DELETED (0: off).
    reclaim_instance_interval: float = 0.0


class Peers:
    """The other services' backends, found by the Protocol they provide (`interfaces.py`).

    Looked up at the time of the call, so that backends may be made in any order and a
    service missing from the cloud answers None (the caller decides what Nova or Cinder does
    without it)."""

    def __init__(self) -> None:
        self._providers: dict[type, Any] = {}

    def provide(self, protocol: type, backend: Any) -> None:
        self._providers[protocol] = backend

    def get(self, protocol: type[T]) -> T | None:
        """The backend providing `protocol`, or None when no declared service provides it."""
        return self._providers.get(protocol)

    def need(self, protocol: type[T]) -> T:
        """The backend providing `protocol`; a programming error when there is none."""
        found = self._providers.get(protocol)
        if found is None:
            raise LookupError(f"no service of this cloud provides {protocol.__name__}")
        return found


@dataclass
class Runtime:
    """What a backend is made from."""

    store: Any  # store.Store (kept untyped here: the store imports nothing of the services)
    settings: Settings
    #: Tell the lifecycle loop that background work was scheduled (it runs `advance()` again).
    wake: Callable[[], None]
    peers: Peers

    def folder(self, name: str) -> Path:
        """A folder of the state folder for a service's files (image data, objects)."""
        return self.settings.state_dir / name


@dataclass
class Seeding:
    """What a service's seed step may use: filled by the services seeded before it."""

    base_url: str
    #: The bootstrap users' passwords ("admin", "demo").
    passwords: dict[str, str]
    #: Keystone's catalog: (type, name, description, endpoint path) of every declared service.
    catalog: list[tuple[str, str, str, str]] = field(default_factory=list)
    #: Project ids by name ("admin", "demo"), set by identity's seed (and upgrade).
    projects: dict[str, str] = field(default_factory=dict)
    #: On upgrade: the base URL the state folder was made for (endpoints move to the new one).
    previous_base_url: str = ""
    #: On upgrade: clouds.yaml was lost and the bootstrap users get these new passwords.
    new_passwords: bool = False


class Seed(Protocol):
    def __call__(self, backend: Any, seeding: Seeding) -> None: ...


@dataclass(frozen=True)
class ServiceSpec:
    """One OpenStack service of the local cloud, declared once."""

    #: The path segment it is mounted at (`/compute`, `/volume`, `/object-store`).
    mount: str
    #: Keystone's catalog entry: service type, name, description, and the endpoint path
    #: (appended to the cloud's base URL; may hold `$(project_id)s`).
    service_type: str
    catalog_name: str
    catalog_description: str
    endpoint_path: str
    #: The route table(s) of the API, relative to the mount (`routing.build`).
    routes: Callable[[], list[BaseRoute]]
    #: How this API renders an error body: (body, content type).
    render_error: ErrorRenderer
    #: Makes the backend (the service's state) from the runtime.
    make_backend: Callable[[Runtime], Any]
    #: Its SQL tables (CREATE TABLE IF NOT EXISTS ...), created by the store.
    schema: str = ""
    #: Fills a fresh store with the service's bootstrap records (DevStack's defaults).
    seed: Seed | None = None
    #: For a state folder made before this service (or its seed) existed: seed it now.
    #: Called at every start with the same arguments as `seed`; it must be idempotent.
    upgrade: Seed | None = None
    #: Protocols of `interfaces.py` that the backend provides to the other services.
    provides: Sequence[type] = ()
    #: Service hooks: before routing (microversion negotiation), extra response headers.
    before: Hook | None = None
    response_headers: HeaderHook | None = None
    #: Seeding order: lower first (identity, whose projects the others own, is 0).
    order: int = 50
    #: Other names of the service type in access rules and catalogs (`volume`, `volumev3`).
    aliases: tuple[str, ...] = ()
    #: The ASGI app class (a `service.Service` subclass for APIs with their own conventions).
    app_class: Any = None
    #: The package's name (`block_storage`), set by the registry.
    name: str = ""
