"""The session's state and logic, shared by the sync `Session` and the async `AsyncSession`.

`BaseSession` holds the configuration, the token and its cache, the catalog, discovery results
and the request id, and writes every operation that may send requests as a flow
(ostack.transport.flows): authenticate, find an endpoint, discover it, negotiate a microversion,
send a request with the token (authenticating again once on a 401) and map an error status to
its exception. The two sessions only drive these flows, each with its own HTTP client.
"""

from __future__ import annotations

import json as _json
import os
import time
from collections.abc import Mapping

from ostack import __version__, exceptions
from ostack.auth.access import AccessInfo
from ostack.auth.plugins import IdentityPlugin, NoAuth, v3_url
from ostack.auth.token_cache import TokenCache
from ostack.transport import discovery, service_types
from ostack.transport.catalog import ServiceCatalog
from ostack.transport.flows import Flow, Request
from ostack.transport.http import Response, with_query
from ostack.transport.microversions import negotiate

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ostack.config import CloudConfig

USER_AGENT = f"ostack/{__version__}"


class BaseSession:
    """Everything a session knows and decides; subclasses set `http_class` and drive flows."""

    #: The HTTP client class: HttpClient (sync) or AsyncHttpClient (async).
    http_class: Any = None
    #: The clouds.yaml name this session was made for (named in authentication errors).
    cloud_name: str | None = None

    def __init__(
        self,
        auth: IdentityPlugin | None = None,
        *,
        verify: bool | str = True,
        cert: str | None = None,
        key: str | None = None,
        timeout: float | None = None,
        region_name: str | None = None,
        interface: str = "public",
        endpoint_overrides: Mapping[str, str] | None = None,
        api_versions: Mapping[str, str] | None = None,
        cache: bool | TokenCache = False,
        retries: int = 2,
        backoff: float = 0.5,
        user_agent: str | None = None,
        global_request_id: str | None = None,
    ) -> None:
        self.auth = auth or NoAuth()
        self.region_name = region_name
        self.interface = interface
        #: Service type -> URL; the key "_default" serves every service (auth type none).
        self.endpoint_overrides = {
            (k if k == "_default" else service_types.official(k)): v.rstrip("/")
            for k, v in (endpoint_overrides or {}).items()
        }
        self.api_versions = {service_types.official(k): v for k, v in (api_versions or {}).items()}
        self.http = self.http_class(
            verify=verify, cert=cert, key=key, timeout=timeout, retries=retries, backoff=backoff,
            user_agent=user_agent or USER_AGENT,
        )
        self.global_request_id = global_request_id or new_request_id()
        if cache is True:
            cache = TokenCache(self.auth.cache_id())
        self.cache: TokenCache | None = cache or None
        self._access: AccessInfo | None = None
        self._discovery: dict[str, dict[str, Any]] = {}
        self._extra: dict[str, Any] = {}
        self._loaded = False

    @classmethod
    def from_config(cls, config: CloudConfig, *, cache: bool | None = None, **kwargs: Any):
        """A session for a resolved CloudConfig (see ostack.config.load)."""
        from ostack.auth.plugins import plugin_from_auth

        plugin = plugin_from_auth(config.auth_type, config.auth)
        overrides = dict(config.endpoint_overrides)
        if config.auth_type == "none" and config.auth.get("endpoint"):
            overrides.setdefault("_default", config.auth["endpoint"])
        use_cache = config.token_cache if cache is None else cache
        session = cls(
            plugin, verify=config.verify, cert=config.cert, key=config.key,
            timeout=config.timeout, region_name=config.region_name, interface=config.interface,
            endpoint_overrides=overrides, api_versions=config.api_versions, cache=use_cache,
            **kwargs,
        )
        session.cloud_name = config.name
        return session

    # -- the token cache (shared by sync and async sessions: same files, same format) ---------
    def _load_cache(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        if self.cache is None:
            return
        data = self.cache.load()
        if not data:
            if data is None:
                self._damaged_entry(None)
            return
        try:
            access = AccessInfo.from_dict(data["access"]) if data.get("access") else None
        except (KeyError, TypeError):
            access = None
        wanted = getattr(self.auth, "user_id", None) or getattr(self.auth, "username", None)
        if access is not None and isinstance(wanted, str) and wanted.casefold() not in (
                str(access.user_id).casefold(), str(access.username).casefold()) \
                and self._damaged_entry(data):
            return
        if access is not None and not access.will_expire_soon():
            self._access = access
        self._discovery = data.get("discovery", {}) or {}
        self._extra = data.get("extra", {}) or {}

    def _damaged_entry(self, data: dict[str, Any] | None) -> bool:
        """Discard a cache entry that is unreadable or another user's (said on stderr)."""
        from ostack.transport import reauth_lock

        path = self.cache.path  # type: ignore[union-attr]
        reason = reauth_lock.damaged_entry(path, data, self.auth)
        if reason:
            reauth_lock.report(path, reason)
            self.cache.discard()  # type: ignore[union-attr]
        return reason is not None

    def _save_cache(self) -> None:
        if self.cache is None:
            return
        self.cache.save({
            "access": self._access.to_dict() if self._access else None,
            "discovery": self._discovery,
            "extra": self._extra,
            "saved_at": time.time(),
        })

    def _user_cache(self) -> TokenCache | None:
        """The cache entry of the user's latest token, whatever its scope (see
        `_ScopedV3.user_cache_id`), in the `rescope` folder beside the token cache's."""
        user_cache_id = getattr(self.auth, "user_cache_id", None)
        key = user_cache_id() if self.cache is not None and user_cache_id else None
        if not key:
            return None
        return TokenCache(key, self.cache.folder.parent / "rescope")  # type: ignore[union-attr]

    def _rescope_flow(self) -> Flow[AccessInfo | None]:
        """A token for this scope made from the user's cached token of another scope (None
        when there is none, or when Keystone refuses it)."""
        cache = self._user_cache()
        data = cache.load() if cache is not None else None
        try:
            cached = AccessInfo.from_dict(data["access"]) if data else None
        except (KeyError, TypeError):
            cached = None
        if cached is None or cached.will_expire_soon():
            return None
        try:
            return (yield from self.auth.rescope_flow(cached.token))
        except (exceptions.Unauthorized, exceptions.Forbidden, exceptions.NotFound,
                exceptions.BadRequest):
            cache.discard()  # type: ignore[union-attr]
            return None

    def _remember_for_rescope(self, access: AccessInfo) -> None:
        cache = self._user_cache()
        if cache is not None and access.token:
            cache.save({"access": access.to_dict(), "saved_at": time.time()})

    def _has_token(self) -> bool:
        """Whether a token is at hand that needs no renewal (no request made)."""
        self._load_cache()
        return self._access is not None and not self._access.will_expire_soon()

    def invalidate(self) -> None:
        """Forget the current token (and its cache entry): the next request authenticates."""
        self._load_cache()
        self._access = None
        if self.cache is not None:
            self._save_cache()

    def remembered(self, section: str) -> dict[str, Any]:
        """A mapping kept in the token cache for upper layers (e.g. image names by id)."""
        self._load_cache()
        return self._extra.setdefault(section, {})

    def remember(self, section: str, values: Mapping[str, Any]) -> None:
        self.remembered(section).update(values)
        self._save_cache()

    # -- flows --------------------------------------------------------------------------------
    def access_flow(self) -> Flow[AccessInfo]:
        """The current token, authenticating (or renewing one about to expire) when needed;
        with a token cache, one process at a time (ostack.transport.reauth_lock)."""
        self._load_cache()
        if self.cache is not None and (self._access is None or self._access.will_expire_soon()):
            from ostack.transport.reauth_lock import locked

            return (yield from locked(self, self._access_flow))
        return (yield from self._access_flow())

    def _access_flow(self) -> Flow[AccessInfo]:
        self._load_cache()
        access = self._access
        if access is None or access.will_expire_soon():
            access = yield from self._rescope_flow()
            if access is None:
                try:
                    access = yield from self.auth.authenticate_flow()
                except (exceptions.Unauthorized, exceptions.NotFound) as exc:
                    from ostack.auth.failures import explain

                    raise explain(exc, self.auth, self.cloud_name) from exc
            self._remember_for_rescope(access)
            self._access = access
            # What was learnt under the old token (version documents, names) is learnt again
            # once per token lifetime, so an upgraded cloud or a renamed image shows up.
            self._discovery = {}
            self._extra = {}
            self._save_cache()
        return access

    def catalog_url_flow(
        self, service_type: str, interface: str | None = None, region_name: str | None = None
    ) -> Flow[str]:
        """The service's URL as the catalog (or an override) gives it, before discovery."""
        name = service_types.official(service_type)
        override = self.endpoint_overrides.get(name) or self.endpoint_overrides.get("_default")
        if override:
            return override
        if not self.auth.requires_token:
            raise exceptions.EndpointNotFound(
                f"auth type none has no catalog: give the {name} endpoint with "
                f"--os-endpoint or {name.replace('-', '_')}_endpoint_override"
            )
        access = yield from self.access_flow()
        catalog = ServiceCatalog(access.catalog)
        if name == "identity" and not catalog.endpoints("identity") and self.auth.auth_url:
            return v3_url(self.auth.auth_url)
        return catalog.url_for(
            name, interface or self.interface, region_name or self.region_name
        )

    def endpoint_data_flow(
        self, service_type: str, interface: str | None = None, region_name: str | None = None
    ) -> Flow[dict[str, Any]]:
        """{url, min_microversion, max_microversion, ...} from discovery, cached."""
        catalog_url = yield from self.catalog_url_flow(service_type, interface, region_name)
        self._load_cache()
        found = self._discovery.get(catalog_url)
        if found is None:
            name = service_types.official(service_type)
            wanted = self.api_versions.get(name) or service_types.DEFAULT_MAJOR.get(name)
            if name == "identity" and discovery.split_version(catalog_url)[1] == "v3":
                found = {"url": catalog_url.rstrip("/"), "id": "v3", "status": None,
                         "min_microversion": None, "max_microversion": None}
            else:
                headers: dict[str, str] = {}
                if self.auth.requires_token:
                    headers["X-Auth-Token"] = (yield from self.access_flow()).token
                found = yield from discovery.discover_flow(
                    catalog_url, headers, wanted,
                    self._access.project_id if self._access else None,
                )
            self._discovery[catalog_url] = found
            self._save_cache()
        return found

    def negotiate_flow(
        self, service_type: str, client_min: str, client_max: str, wanted: str | None = None,
        interface: str | None = None, region_name: str | None = None,
    ) -> Flow[str | None]:
        """The microversion to use with a service: `wanted` checked, or the best common one."""
        data = yield from self.endpoint_data_flow(service_type, interface, region_name)
        name = service_types.official(service_type)
        asked = wanted or self.api_versions.get(name)
        if asked and "." not in asked and asked != "latest":
            asked = None  # a major version such as "2" is not a microversion
        return negotiate(
            asked, client_min, client_max, data.get("min_microversion"),
            data.get("max_microversion"), name,
        )

    def request_flow(
        self,
        method: str,
        url: str,
        *,
        service_type: str | None = None,
        interface: str | None = None,
        region_name: str | None = None,
        microversion: str | None = None,
        json: Any = None,
        data: bytes | None = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        raise_exc: bool = True,
        authenticated: bool | None = None,
        retries: int | None = None,
        log_body: bool = True,
        sink: Any = None,
    ) -> Flow[Response]:
        """A request to an absolute URL, or to a path under a service's endpoint."""
        hdrs: dict[str, str] = {"X-OpenStack-Request-ID": self.global_request_id}
        if not url.startswith(("http://", "https://")):
            if service_type is None:
                raise exceptions.OstackError(
                    f"relative URL {url!r} needs a service_type to find its endpoint"
                )
            base = (yield from self.endpoint_data_flow(service_type, interface, region_name))
            url = _join(base["url"], url)
        if microversion and service_type:
            hdrs.update(service_types.microversion_headers(service_type, microversion))
        body = data
        if json is not None:
            body = _json.dumps(json).encode()
            hdrs["Content-Type"] = "application/json"
        if headers:
            hdrs.update(headers)
        use_token = self.auth.requires_token if authenticated is None else authenticated
        full_url = with_query(url, params)
        for attempt in (1, 2):
            access = None
            if use_token:
                access = yield from self.access_flow()
                hdrs["X-Auth-Token"] = access.token
            resp = yield Request(method, full_url, hdrs, body, retries, log_body, sink)
            if resp.status_code == 401 and use_token and attempt == 1:
                # The token was revoked or expired early: authenticate again, once (unless a
                # concurrent request of an async session already did).
                if self._access is access:
                    self.invalidate()
                continue
            break
        if raise_exc and resp.status_code >= 400:
            error = exceptions.from_response(
                resp.status_code, resp.content, resp.headers, method.upper(), full_url
            )
            error.attempts = getattr(resp, "attempts", 1)
            error.resent = getattr(resp, "resent", False)
            raise error
        return resp


def new_request_id() -> str:
    """`req-<uuid4>`, made without importing uuid (it loads platform and ctypes helpers)."""
    h = bytearray(os.urandom(16))
    h[6] = (h[6] & 0x0F) | 0x40
    h[8] = (h[8] & 0x3F) | 0x80
    x = h.hex()
    return f"req-{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"


def _join(base: str, path: str) -> str:
    """Join an endpoint and a path, dropping a version the path repeats (`/v3` + `/v3/...`)."""
    base = base.rstrip("/")
    if not path:
        return base
    path = "/" + path.lstrip("/")
    last = "/" + base.rsplit("/", 1)[-1]
    if path.startswith(last + "/") and discovery.split_version(base)[1] == last[1:]:
        path = path[len(last):]
    return base + path
