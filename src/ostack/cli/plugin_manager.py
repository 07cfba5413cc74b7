"""The client manager that python-openstackclient plugins are given, served by ostack.

A plugin's `make_client(instance)` and its commands expect osc-lib's ClientManager: a
keystoneauth1 session, the auth reference with its catalog, the region and interface, endpoint
lookups, the API versions asked for, and each plugin's client as an attribute made on first
access. Here the session is a real `keystoneauth1.session.Session` whose auth plugin serves
ostack's own token (from its token cache, renewed by ostack) and catalog, so plugin clients
built on keystoneauth1 (Adapter, discovery, microversions) work unchanged.

keystoneauth1 is imported at the top: this module is only loaded when a plugin command runs,
and keystoneauth1 comes with osc-lib, which every plugin needs.
"""

from __future__ import annotations

import copy

from keystoneauth1 import access as ksa_access
from keystoneauth1 import exceptions as ksa_exceptions
from keystoneauth1 import plugin as ksa_plugin
from keystoneauth1 import session as ksa_session
from keystoneauth1.identity import base as ksa_identity

from ostack import exceptions
from ostack.transport import service_types

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Any

    from ostack.cli.clientmanager import ClientManager
    from ostack.cli.osc_plugins import PluginModule


class MissingService(ksa_exceptions.EndpointNotFound):
    """The cloud's catalog has no such service (a plugin asked for it)."""

    def __init__(self, service_type: str, region_name: str | None, interface: str | None,
                 elsewhere: bool = False) -> None:
        self.service_type = service_type
        region = f"region {region_name}" if region_name else "any region"
        if elsewhere:  # the service is there, not for this region or interface
            text = (f"the cloud's '{service_type}' service has no endpoint for {region}, "
                    f"interface {interface or 'public'}; check --os-region-name and "
                    "--os-interface")
        else:
            text = (f"the cloud has no '{service_type}' service in its catalog "
                    f"({region}, interface {interface or 'public'})")
        super().__init__(text)


def _missing(catalog: Any, service_type: str, region_name: str | None,
             interface: Any) -> MissingService:
    anywhere = catalog.get_endpoints(service_type=service_type).get(service_type)
    return MissingService(service_type, region_name, interface, elsewhere=bool(anywhere))


class PluginError(exceptions.OstackError):
    """A plugin that failed to make its client."""


def _override(session: Any, service_type: str) -> str | None:
    overrides = session.endpoint_overrides
    return overrides.get(service_types.official(service_type)) or overrides.get("_default")


class OstackAuth(ksa_identity.BaseIdentityPlugin):
    """A keystoneauth1 auth plugin that serves the token and catalog of an ostack session."""

    def __init__(self, ostack_session: Any) -> None:
        super().__init__(auth_url=getattr(ostack_session.auth, "auth_url", None),
                         reauthenticate=True)
        self._ostack = ostack_session

    @property
    def _requires_token(self) -> bool:
        return bool(getattr(self._ostack.auth, "requires_token", True))

    def get_auth_ref(self, session: Any, **kwargs: Any) -> ksa_access.AccessInfo:
        access = self._ostack.get_access()
        return ksa_access.create(body=access.body, auth_token=access.token)

    def invalidate(self) -> bool:
        self._ostack.invalidate()
        return super().invalidate()

    def get_headers(self, session: Any, **kwargs: Any) -> dict[str, str] | None:
        if not self._requires_token:
            return {}
        return super().get_headers(session, **kwargs)

    def get_project_id(self, session: Any) -> str | None:
        return super().get_project_id(session) if self._requires_token else None

    def get_endpoint_data(self, session: Any, *, endpoint_override: str | None = None,
                          service_type: str | None = None, interface: Any = None,
                          region_name: str | None = None, **kwargs: Any):
        region_name = region_name or self._ostack.region_name
        if not interface:
            interface = self._ostack.interface
        if (not endpoint_override and service_type
                and interface is not ksa_plugin.AUTH_INTERFACE):
            endpoint_override = _override(self._ostack, service_type)
            if endpoint_override is None and not self._requires_token:
                raise MissingService(service_type, region_name, interface)
        try:
            data = super().get_endpoint_data(
                session, endpoint_override=endpoint_override, service_type=service_type,
                interface=interface, region_name=region_name, **kwargs)
        except ksa_exceptions.EndpointNotFound:
            data = None
        if data is None and service_type and not endpoint_override:
            catalog = self.get_access(session).service_catalog
            if not catalog.get_endpoints(service_type=service_type, interface=interface,
                                         region_name=region_name).get(service_type):
                raise _missing(catalog, service_type, region_name, interface)
        return data


class _Versions(dict):
    """API name -> version; python-openstackclient's own APIs (`identity`, `compute` ...)
    filled in when first asked for, as plugins read them too."""

    manager: PluginClientManager | None = None

    def __missing__(self, key: str) -> str:
        if self.manager is not None and self.manager._base_plugin(key) is not None and (
                dict.__contains__(self, key)):
            return dict.__getitem__(self, key)
        raise KeyError(key)


class PluginClientManager:
    """What osc-lib's ClientManager offers plugins, over ostack's ClientManager.

    Each plugin's client is the attribute named by its API_NAME, made by its `make_client`
    on first access and kept.
    """

    def __init__(self, manager: ClientManager, api_version: dict[str, str],
                 plugins: list[PluginModule]) -> None:
        self._manager = manager
        self._options: argparse.Namespace = manager.options
        self._api_version = _Versions(api_version)
        self._api_version.manager = self
        self._plugins = {p.api_name: p for p in plugins}
        self._auth_required = False
        self._session: Any = None
        self._auth: OstackAuth | None = None
        self.timing = bool(getattr(manager.options, "timing", False))
        #: --timing: the keystoneauth1 session's requests (method, URL, status, seconds).
        self.timings: list[tuple[str, str, int, float]] = []
        #: --dry-run: the changes held back (`ostack.cli.dry_run.Writes`), else None.
        self.writes: Any = None

    # -- plugins' clients, made on first access ------------------------------------------------
    def __getattr__(self, name: str) -> Any:
        plugins = self.__dict__.get("_plugins", {})
        if name.startswith("_"):
            raise AttributeError(name)
        plugin = plugins.get(name) or self._base_plugin(name)
        if plugin is None:
            raise AttributeError(name)
        make = getattr(plugin.module, "make_client", None)
        if make is None:
            raise AttributeError(f"plugin {name} has no make_client")
        try:
            client = make(self)
        except AttributeError as exc:  # not to be mistaken for a missing attribute
            raise PluginError(f"plugin {name} could not make its client: {exc}") from exc
        setattr(self, name, client)
        return client

    def _base_plugin(self, name: str) -> PluginModule | None:
        """python-openstackclient's own clients (`openstack.cli.base`: identity, compute ...),
        which plugins use too (octaviaclient finds projects through `identity`), when it is
        installed."""
        import importlib

        from ostack import entrypoints
        from ostack.cli.osc_plugins import PluginModule

        target = entrypoints.group("openstack.cli.base").get(name)
        if target is None:
            return None
        plugin = PluginModule(name, importlib.import_module(target.partition(":")[0]))
        config = self._config()
        version = plugin.version(self._options, dict(config.api_versions) if config else {})
        if version is not None:
            self._api_version.setdefault(plugin.api_name, version)
        return plugin

    # -- the cloud's settings ------------------------------------------------------------------
    def _config(self) -> Any:
        try:
            return self._manager.config
        except exceptions.OstackError:
            if self._auth_required:
                raise
            return None

    @property
    def region_name(self) -> str | None:
        config = self._config()
        return config.region_name if config else self._options.os_region_name

    @property
    def interface(self) -> str:
        config = self._config()
        return config.interface if config else (self._options.os_interface or "public")

    # Older plugins (designateclient) read the pre-osc-lib names.
    _region_name = region_name
    _interface = interface

    @property
    def verify(self) -> bool | str:
        config = self._config()
        return config.verify if config else not self._options.insecure

    @property
    def cacert(self) -> str | None:
        verify = self.verify
        return verify if isinstance(verify, str) else None

    _cacert = cacert

    @property
    def _insecure(self) -> bool:
        return self.verify is False

    @property
    def cert(self) -> str | tuple[str, str] | None:
        config = self._config()
        if not config or not config.cert:
            return None
        return (config.cert, config.key) if config.key else config.cert

    @property
    def auth_plugin_name(self) -> str | None:
        config = self._config()
        return config.auth_type if config else None

    def get_configuration(self) -> dict[str, Any]:
        """The cloud's settings as one mapping, as osc-lib gives them (a copy)."""
        config = self._config()
        if config is None:
            return {}
        out: dict[str, Any] = {
            "auth": dict(config.auth), "auth_type": config.auth_type,
            "region_name": config.region_name, "interface": config.interface,
            "verify": config.verify, "cacert": self.cacert, "cert": config.cert,
            "key": config.key, "api_timeout": config.timeout,
        }
        for service, version in config.api_versions.items():
            out[f"{service.replace('-', '_')}_api_version"] = version
        for service, url in config.endpoint_overrides.items():
            out[f"{service.replace('-', '_')}_endpoint_override"] = url
        return copy.deepcopy(out)

    # -- auth ----------------------------------------------------------------------------------
    @property
    def sdk_connection(self) -> Any:
        """ostack's Connection to the cloud (its services: compute, network ...)."""
        return self._manager.connection

    @property
    def auth(self) -> OstackAuth:
        if self._auth is None:
            self._auth = OstackAuth(self._manager.session)
        return self._auth

    @property
    def session(self) -> ksa_session.Session:
        """A keystoneauth1 Session with ostack's token, catalog, TLS settings and timeout."""
        if self._session is None:
            from ostack import __version__

            config = self._manager.config
            self._session = ksa_session.Session(
                auth=self.auth, verify=config.verify, cert=self.cert, timeout=config.timeout,
                app_name="ostack", app_version=__version__,
            )
            if self.timing or self.writes is not None:
                from ostack.cli import plugin_http

                plugin_http.watch(self._session, self.timings, self.writes)
        return self._session

    def setup_auth(self) -> None:
        """Make the session (no request: the token comes when first needed)."""
        self.session  # noqa: B018

    def validate_scope(self) -> None:
        ref = self.auth_ref
        if ref is not None and not (ref.project_id or ref.domain_id or ref.system_scoped):
            raise exceptions.OstackError(
                "this command needs a token scoped to a project or a domain; give "
                "--os-project-name (or --os-project-id) or --os-domain-name")

    @property
    def auth_ref(self) -> ksa_access.AccessInfo | None:
        """The token with its catalog (keystoneauth1's AccessInfo); None for commands that
        need no auth and for auth type none, as osc-lib does."""
        if not self._auth_required:
            return None
        if self._manager.config.auth_type == "none":
            return None
        return self.auth.get_access(self.session)

    # -- endpoints -----------------------------------------------------------------------------
    def is_service_available(self, service_type: str, region_name: str | None = None,
                             interface: str = "public") -> bool | None:
        """Whether the catalog has the service (True with an endpoint override; None when
        there is no catalog)."""
        if _override(self._manager.session, service_type):
            return True
        ref = self.auth_ref
        if ref is None or not ref.service_catalog:
            return None
        return bool(ref.service_catalog.get_endpoints(
            service_type=service_type, region_name=region_name, interface=interface,
        ).get(service_type))

    def is_network_endpoint_enabled(self) -> bool:
        return self.is_service_available("network", self.region_name, self.interface) is not False

    def is_compute_endpoint_enabled(self) -> bool:
        return self.is_service_available("compute", self.region_name, self.interface) is not False

    def is_volume_endpoint_enabled(self, volume_client: Any = None) -> bool:
        return any(
            self.is_service_available(name, self.region_name, self.interface) is not False
            for name in ("block-storage", "volume", "volumev3", "volumev2", "block-store")
        )

    def get_endpoint_for_service_type(self, service_type: str, region_name: str | None = None,
                                      interface: str | None = "public") -> str | None:
        """The service's URL: an endpoint override, else the catalog's; MissingService (one
        clear line) when the catalog has no such service."""
        override = _override(self._manager.session, service_type)
        if override:
            return override
        interface = interface or "public"
        ref = self.auth_ref
        if ref is None:
            return None
        try:
            return ref.service_catalog.url_for(
                service_type=service_type, region_name=region_name, interface=interface)
        except ksa_exceptions.EndpointNotFound:
            raise _missing(ref.service_catalog, service_type, region_name or self.region_name,
                           interface) from None
