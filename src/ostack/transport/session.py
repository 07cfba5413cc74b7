"""One Session shared by every service client: token, catalog, discovery, microversions.

A request names a service type; the session finds the endpoint in the catalog (or an
override), the versioned URL through discovery, adds the token and the microversion header,
re-authenticates once on a 401, and raises the exception that matches an error status.
The logic is `BaseSession`'s flows (ostack.transport.core); this class drives them over the
blocking `HttpClient`. `AsyncSession` (ostack.transport.asession) is its async twin.
"""

from __future__ import annotations

from collections.abc import Mapping

from ostack.auth.access import AccessInfo
from ostack.transport.catalog import ServiceCatalog
from ostack.transport.core import (  # noqa: F401  (USER_AGENT, new_request_id: re-exported)
    USER_AGENT,
    BaseSession,
    _join,
    new_request_id,
)
from ostack.transport.flows import Flow, drive
from ostack.transport.http import HttpClient, Response

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ostack.transport.flows import T


class Session(BaseSession):
    """Authenticated access to every service of one cloud."""

    http_class = HttpClient
    http: HttpClient

    def drive(self, flow: Flow[T]) -> T:
        """Run a flow (e.g. one of this session's `*_flow` methods) to its result."""
        return drive(flow, self.http.send)

    # -- token and catalog --------------------------------------------------------------------
    def get_access(self) -> AccessInfo:
        """The current token, authenticating (or renewing one about to expire) when needed."""
        return drive(self.access_flow(), self.http.send)

    def get_token(self) -> str:
        return self.get_access().token

    @property
    def catalog(self) -> ServiceCatalog:
        return ServiceCatalog(self.get_access().catalog)

    # -- endpoints ----------------------------------------------------------------------------
    def get_catalog_url(
        self, service_type: str, interface: str | None = None, region_name: str | None = None
    ) -> str:
        """The service's URL as the catalog (or an override) gives it, before discovery."""
        return drive(self.catalog_url_flow(service_type, interface, region_name), self.http.send)

    def get_endpoint_data(
        self, service_type: str, interface: str | None = None, region_name: str | None = None
    ) -> dict[str, Any]:
        """{url, min_microversion, max_microversion, ...} from discovery, cached."""
        return drive(
            self.endpoint_data_flow(service_type, interface, region_name), self.http.send
        )

    def get_endpoint(
        self, service_type: str, interface: str | None = None, region_name: str | None = None
    ) -> str:
        """The catalog URL of a service for an interface and region (no discovery request)."""
        return self.get_catalog_url(service_type, interface, region_name).rstrip("/")

    def negotiate_microversion(
        self, service_type: str, client_min: str, client_max: str, wanted: str | None = None,
        interface: str | None = None, region_name: str | None = None,
    ) -> str | None:
        """The microversion to use with a service: `wanted` checked, or the best common one."""
        flow = self.negotiate_flow(
            service_type, client_min, client_max, wanted, interface, region_name
        )
        return drive(flow, self.http.send)

    # -- requests -----------------------------------------------------------------------------
    def request(
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
        flow = self.request_flow(
            method, url, service_type=service_type, interface=interface,
            region_name=region_name, microversion=microversion, json=json, data=data,
            params=params, headers=headers, raise_exc=raise_exc, authenticated=authenticated,
            retries=retries, log_body=log_body, sink=sink,
        )
        return drive(flow, self.http.send)

    def get(self, url: str, **kwargs: Any) -> Response:
        return self.request("GET", url, **kwargs)

    def head(self, url: str, **kwargs: Any) -> Response:
        return self.request("HEAD", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> Response:
        return self.request("POST", url, **kwargs)

    def put(self, url: str, **kwargs: Any) -> Response:
        return self.request("PUT", url, **kwargs)

    def patch(self, url: str, **kwargs: Any) -> Response:
        return self.request("PATCH", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> Response:
        return self.request("DELETE", url, **kwargs)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
