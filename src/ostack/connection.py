"""`ostack.connect()` and `Connection`: one Session, one client per service, created lazily."""

from __future__ import annotations

import importlib
from typing import Any, ClassVar

from ostack.config import CloudConfig, load
from ostack.transport.session import Session

#: attribute -> "module:Class" of the service clients a Connection offers.
SERVICES: dict[str, str] = {
    "compute": "ostack.compute.service:ComputeService",
    "identity": "ostack.identity.service:IdentityService",
    "image": "ostack.image.service:ImageService",
}


class Connection:
    """Access to one cloud: `conn.compute`, `conn.identity`, `conn.image` share one Session."""

    services: ClassVar[dict[str, str]] = SERVICES

    def __init__(
        self,
        session: Session | None = None,
        *,
        config: CloudConfig | None = None,
        cache: bool | None = None,
        microversions: dict[str, str] | None = None,
    ) -> None:
        if session is None:
            if config is None:
                raise TypeError("Connection needs a session or a config")
            session = Session.from_config(config, cache=cache)
        self.session = session
        self.config = config
        self._microversions = dict(microversions or {})
        self._clients: dict[str, Any] = {}

    @classmethod
    def register_service(cls, attribute: str, target: str | type) -> None:
        """Add a service client (a ServiceProxy subclass, or 'module:Class') to every Connection."""
        if not isinstance(target, str):
            target = f"{target.__module__}:{target.__qualname__}"
        cls.services = {**cls.services, attribute: target}

    def __getattr__(self, name: str) -> Any:
        target = type(self).services.get(name)
        if target is None:
            raise AttributeError(f"Connection has no service or attribute {name!r}")
        module, _, attr = target.partition(":")
        proxy_cls = getattr(importlib.import_module(module), attr)
        wanted = self._microversions.get(name) or self._microversions.get(
            proxy_cls.service_type
        )
        client = proxy_cls(self.session, microversion=wanted)
        self._clients[name] = client
        setattr(self, name, client)
        return client

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def connect(
    cloud: str | None = None,
    *,
    cache: bool | None = None,
    microversions: dict[str, str] | None = None,
    env: dict[str, str] | None = None,
    use_env: bool = True,
    **options: Any,
) -> Connection:
    """Connect to a cloud from clouds.yaml (`cloud`), `OS_*` variables and keyword options.

    Options use the clouds.yaml names: auth_url, username, password, project_name,
    user_domain_name, project_domain_name, region_name, interface, auth_type, verify ...
    `cache=False` turns the on-disk token cache off for this connection.
    """
    config = load(cloud, options, env, use_env=use_env)
    return Connection(config=config, cache=cache, microversions=microversions)
