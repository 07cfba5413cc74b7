"""AsyncSession: the async twin of Session, driving the same flows over `AsyncHttpClient`.

Everything a session decides (token, cache, catalog, discovery, microversions, the one
re-authentication on 401, errors) is `BaseSession`'s (ostack.transport.core), so the two
sessions cannot diverge; they share the token cache files, so a token the sync CLI cached is
reused here and the other way round. Methods that may send requests are coroutines; those that
never do (`invalidate`, `remembered`, `remember`) are plain methods, as in Session.
Concurrent first requests authenticate and discover once: that learning is done under a lock.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Mapping
from typing import Any

from ostack.auth.access import AccessInfo
from ostack.transport.ahttp import AsyncHttpClient
from ostack.transport.catalog import ServiceCatalog
from ostack.transport.core import BaseSession
from ostack.transport.flows import Flow, adrive
from ostack.transport.http import Response

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ostack.transport.flows import T


class AsyncSession(BaseSession):
    """Authenticated async access to every service of one cloud (`async with` closes it)."""

    http_class = AsyncHttpClient
    http: AsyncHttpClient

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._learning = asyncio.Lock()

    async def drive(self, flow: Flow[T]) -> T:
        """Run a flow (e.g. one of this session's `*_flow` methods) to its result."""
        return await adrive(flow, self.http.send)

    async def _learn(self, flow: Flow[T]) -> T:
        """Drive a flow that may authenticate or discover, one such flow at a time."""
        async with self._learning:
            return await adrive(flow, self.http.send)

    # -- token and catalog --------------------------------------------------------------------
    async def get_access(self) -> AccessInfo:
        """The current token, authenticating (or renewing one about to expire) when needed."""
        if self._has_token():
            return self._access  # type: ignore[return-value]
        return await self._learn(self.access_flow())

    async def get_token(self) -> str:
        return (await self.get_access()).token

    @property
    def catalog(self) -> Awaitable[ServiceCatalog]:
        """`await session.catalog`: the token's service catalog."""
        return self._catalog()

    async def _catalog(self) -> ServiceCatalog:
        return ServiceCatalog((await self.get_access()).catalog)

    # -- endpoints ----------------------------------------------------------------------------
    async def get_catalog_url(
        self, service_type: str, interface: str | None = None, region_name: str | None = None
    ) -> str:
        """The service's URL as the catalog (or an override) gives it, before discovery."""
        return await self._learn(self.catalog_url_flow(service_type, interface, region_name))

    async def get_endpoint_data(
        self, service_type: str, interface: str | None = None, region_name: str | None = None
    ) -> dict[str, Any]:
        """{url, min_microversion, max_microversion, ...} from discovery, cached."""
        return await self._learn(self.endpoint_data_flow(service_type, interface, region_name))

    async def get_endpoint(
        self, service_type: str, interface: str | None = None, region_name: str | None = None
    ) -> str:
        """The catalog URL of a service for an interface and region (no discovery request)."""
        return (await self.get_catalog_url(service_type, interface, region_name)).rstrip("/")

    async def negotiate_microversion(
        self, service_type: str, client_min: str, client_max: str, wanted: str | None = None,
        interface: str | None = None, region_name: str | None = None,
    ) -> str | None:
        """The microversion to use with a service: `wanted` checked, or the best common one."""
        return await self._learn(self.negotiate_flow(
            service_type, client_min, client_max, wanted, interface, region_name
        ))

    # -- requests -----------------------------------------------------------------------------
    async def request(
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
    ) -> Response:
        """Send a request to an absolute URL, or to a path under a service's endpoint; with
        `sink`, a 2xx answer's body goes to `sink(chunk)` as it arrives."""
        if service_type is not None and not url.startswith(("http://", "https://")):
            await self.get_endpoint_data(service_type, interface, region_name)
        if (self.auth.requires_token if authenticated is None else authenticated):
            await self.get_access()
        flow = self.request_flow(
            method, url, service_type=service_type, interface=interface,
            region_name=region_name, microversion=microversion, json=json, data=data,
            params=params, headers=headers, raise_exc=raise_exc, authenticated=authenticated,
            retries=retries, log_body=log_body, sink=sink,
        )
        return await adrive(flow, self.http.send)

    async def get(self, url: str, **kwargs: Any) -> Response:
        return await self.request("GET", url, **kwargs)

    async def head(self, url: str, **kwargs: Any) -> Response:
        return await self.request("HEAD", url, **kwargs)

    async def post(self, url: str, **kwargs: Any) -> Response:
        return await self.request("POST", url, **kwargs)

    async def put(self, url: str, **kwargs: Any) -> Response:
        return await self.request("PUT", url, **kwargs)

    async def patch(self, url: str, **kwargs: Any) -> Response:
        return await self.request("PATCH", url, **kwargs)

    async def delete(self, url: str, **kwargs: Any) -> Response:
        return await self.request("DELETE", url, **kwargs)

    async def aclose(self) -> None:
        await self.http.aclose()

    async def __aenter__(self) -> AsyncSession:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
