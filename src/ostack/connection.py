"""`ostack.connect()` and `Connection`: one Session, one client per service, created lazily.

`ostack.aio.connect()` gives an `AsyncConnection`: the same services, declarations, config,
auth, token cache, discovery and errors, with every operation a coroutine.

Services come from `SERVICES` and from the entry-point group `ostack.services` (name: the
attribute, value: "module:Class" of a ServiceProxy subclass). A package extends a built-in
service by registering a subclass of it under the same name.
"""

from __future__ import annotations

import importlib

from ostack.config import CloudConfig, load

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, ClassVar

#: attribute -> "module:Class" of the service clients a Connection offers.
SERVICES: dict[str, str] = {
    "compute": "ostack.compute.service:ComputeService",
    "identity": "ostack.identity.service:IdentityService",
    "image": "ostack.image.service:ImageService",
    "network": "ostack.network.service:NetworkService",
    "block_storage": "ostack.block_storage.service:BlockStorageService",
    "object_store": "ostack.object_store.service:ObjectStoreService",
}

_PLUGGED: dict[str, str] | None = None


def service_targets() -> dict[str, str]:
    """Built-in services, overridden or extended by the `ostack.services` entry points."""
    global _PLUGGED
    if _PLUGGED is None:
        from ostack import entrypoints

        _PLUGGED = entrypoints.group("ostack.services")
    return {**SERVICES, **_PLUGGED}


def _load(target: str) -> type:
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)


class _ConnectionBase:
    services: ClassVar[dict[str, str]] = {}
    #: "module:Class" of the session this kind of connection makes from a config.
    session_class: ClassVar[str] = ""

    def __init__(
        self,
        session: Any = None,
        *,
        config: CloudConfig | None = None,
        cache: bool | None = None,
        microversions: dict[str, str] | None = None,
    ) -> None:
        if session is None:
            if config is None:
                raise TypeError(f"{type(self).__name__} needs a session or a config")
            session = _load(self.session_class).from_config(config, cache=cache)
        self.session = session
        self.config = config
        self._microversions = dict(microversions or {})
        self._clients: dict[str, Any] = {}

    @classmethod
    def register_service(cls, attribute: str, target: str | type) -> None:
        """Add a service client (a ServiceProxy subclass, or 'module:Class') to every
        connection of this class."""
        if not isinstance(target, str):
            target = f"{target.__module__}:{target.__qualname__}"
        cls.services = {**cls.services, attribute: target}

    def _proxy(self, proxy_cls: type) -> type:
        """The proxy class this connection uses for a service's (sync) class."""
        return proxy_cls

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        target = type(self).services.get(name) or service_targets().get(name)
        if target is None:
            raise AttributeError(f"{type(self).__name__} has no service or attribute {name!r}")
        proxy_cls = _load(target)
        wanted = self._microversions.get(name) or self._microversions.get(
            proxy_cls.service_type)
        client = self._proxy(proxy_cls)(self.session, microversion=wanted)
        self._clients[name] = client
        setattr(self, name, client)
        return client


class Connection(_ConnectionBase):
    """Access to one cloud: `conn.compute`, `conn.identity`, `conn.image` share one Session."""

    session_class = "ostack.transport.session:Session"

    # -- what openstacksdk's Connection tells of its token (authenticating when needed) --------
    @property
    def auth_token(self) -> str:
        """The current token."""
        return self.session.get_token()

    @property
    def current_user_id(self) -> str | None:
        """The ID of the user the token is for."""
        return self.session.get_access().user_id

    @property
    def current_project_id(self) -> str | None:
        """The ID of the project the token is scoped to (None: a domain or system scope)."""
        return self.session.get_access().project_id

    def endpoint_for(self, service_type: str, interface: str | None = None,
                     region_name: str | None = None) -> str:
        """A service's URL from the catalog (or its `*_endpoint_override`)."""
        return self.session.get_endpoint(service_type, interface, region_name)

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncConnection(_ConnectionBase):
    """Async access to one cloud: `await conn.compute.get_server(...)`,
    `async for server in conn.compute.servers()`."""

    session_class = "ostack.transport.asession:AsyncSession"

    def _proxy(self, proxy_cls: type) -> type:
        from ostack.proxy import async_twin

        return async_twin(proxy_cls)

    async def close(self) -> None:
        await self.session.aclose()

    async def __aenter__(self) -> AsyncConnection:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


def connect(
    cloud: str | None = None,
    *,
    cache: bool | None = None,
    microversions: dict[str, str] | None = None,
    env: dict[str, str] | None = None,
    use_env: bool = True,
    client_tokens: bool | None = None,
    retries: int | None = None,
    **options: Any,
) -> Connection:
    """Connect to a cloud from clouds.yaml (`cloud`), `OS_*` variables and keyword options.

    Options use the clouds.yaml names: auth_url, username, password, project_name,
    user_domain_name, project_domain_name, region_name, interface, auth_type, verify ...
    `cache=False` turns the on-disk token cache off for this connection;
    `client_tokens=False` stops creates from carrying client tokens and `retries=N` sets
    how often an idempotent request is sent again (2 by default; docs/reliability.md).
    """
    from ostack.config import option_names

    option_names.check(options)
    config = load(cloud, options, env, use_env=use_env)
    conn = Connection(config=config, cache=cache, microversions=microversions)
    if client_tokens is not None:
        conn.session.client_tokens = client_tokens
    if retries is not None:  # idempotent requests sent again after a 5xx or a lost answer
        conn.session.http.retries = retries
    return conn
