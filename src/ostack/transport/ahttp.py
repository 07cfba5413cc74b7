"""The async twin of `HttpClient`, on `httpx.AsyncClient`: only the sending of bytes differs.

The retry policy and the debug log are the same flow (ostack.transport.retries); responses are
the same `Response`; httpx's errors become the same TransportError, ConnectFailure, Timeout and
SSLError, with `maybe_applied` telling whether the request was sent in full. Imported only by
the async side: the sync CLI never loads httpx.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

try:
    import httpx
except ImportError as exc:  # pragma: no cover - depends on the installation
    raise ImportError(
        "the async client needs httpx: pip install 'ostack[async]'"
    ) from exc

from ostack import exceptions
from ostack.transport.flows import Request, adrive
from ostack.transport.http import Response, ssl_context
from ostack.transport.retries import IDEMPOTENT, exchange

#: Idle kept-alive connections are closed after this many seconds.
KEEPALIVE_EXPIRY = 30.0


class AsyncHttpClient:
    """Sends requests on an httpx connection pool, with retries where they are safe."""

    def __init__(
        self,
        *,
        verify: bool | str = True,
        cert: str | None = None,
        key: str | None = None,
        timeout: float | None = None,
        retries: int = 2,
        backoff: float = 0.5,
        user_agent: str = "ostack",
    ) -> None:
        self.verify = verify
        self.cert = cert
        self.key = key
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.user_agent = user_agent
        self._clients: dict[str, httpx.AsyncClient] = {}
        #: (method, URL, status, seconds) of every answered request, for `--timing` and tests.
        self.timings: list[tuple[str, str, int, float]] = []

    @property
    def request_count(self) -> int:
        """Requests answered so far."""
        return len(self.timings)

    def _pool(self, url: str) -> httpx.AsyncClient:
        """The httpx client for the URL's scheme, made on first use.

        Plain-HTTP URLs (a local cloud, a TLS-terminating proxy on loopback) get a client of
        their own without a TLS context: loading the CA store costs tens of milliseconds that
        a listing over http:// never needs. That client is never handed an https:// URL.
        """
        scheme = "https" if url[:6].lower() == "https:" else "http"
        client = self._clients.get(scheme)
        if client is None:
            verify = ssl_context(self.verify, self.cert, self.key) if scheme == "https" else False
            client = self._clients[scheme] = httpx.AsyncClient(
                verify=verify,
                timeout=self.timeout if self.timeout is not None else 60.0,
                limits=httpx.Limits(keepalive_expiry=KEEPALIVE_EXPIRY),
                trust_env=False,  # like http.client: no proxy or netrc from the environment
            )
        return client

    async def aclose(self) -> None:
        clients, self._clients = self._clients, {}
        for client in clients.values():
            await client.aclose()

    # -- requests -----------------------------------------------------------------------------
    async def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        body: bytes | None = None,
        retries: int | None = None,
        log_body: bool = True,
    ) -> Response:
        """Send one request and return the response, whatever its status (see `send`)."""
        return await self.send(Request(method, url, headers, body, retries, log_body))

    async def send(self, request: Request) -> Response:
        """Send a request, retrying as `ostack.transport.retries` allows."""
        flow = exchange(
            request, user_agent=self.user_agent, retries=self.retries, backoff=self.backoff
        )
        return await adrive(flow, self._send_once)

    async def _send_once(self, request: Request) -> Response:
        """One attempt; a kept-alive connection the server closed meanwhile is replaced."""
        progress = _Progress()
        try:
            return await self._attempt(request, progress)
        except exceptions.TransportError as err:
            dropped = isinstance(err.__cause__, _DROPPED)
            if not dropped or progress.connected or (
                progress.sent and request.method not in IDEMPOTENT
            ):
                # A new connection failed, or the server may have acted on the request:
                # the retry policy decides (it never sends a POST or PATCH twice).
                raise
        # A kept-alive connection the server closed meanwhile: send again on a new one.
        return await self._attempt(request, _Progress())

    async def _attempt(self, request: Request, progress: _Progress) -> Response:
        method, url = request.method, request.url
        start = time.monotonic()
        try:
            raw = await self._pool(url).request(
                method, url, headers=request.headers, content=request.body,
                extensions={"trace": progress.trace},
            )
        except httpx.TransportError as exc:
            err = _error(exc, method, url, self.timeout)
            err.maybe_applied = progress.sent  # type: ignore[attr-defined]
            raise err from exc
        elapsed = time.monotonic() - start
        self.timings.append((method, url, raw.status_code, elapsed))
        headers = {k.lower(): v for k, v in raw.headers.multi_items()}
        return Response(raw.status_code, headers, raw.content, method, url, elapsed)


#: httpx errors of a connection that closed under a request.
_DROPPED = (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)


class _Progress:
    """How far one attempt got, from httpcore's trace events."""

    __slots__ = ("connected", "sent")

    def __init__(self) -> None:
        self.connected = False  # a new connection was opened for it
        self.sent = False  # the request went out in full

    async def trace(self, event: str, info: dict[str, Any]) -> None:
        if event == "connection.connect_tcp.started":
            self.connected = True
        elif event.endswith(".send_request_body.complete"):
            self.sent = True


def _causes(exc: BaseException) -> list[BaseException]:
    """An exception and the chain of exceptions under it."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _error(
    exc: httpx.TransportError, method: str, url: str, timeout: float | None
) -> exceptions.TransportError:
    """The ostack exception for an httpx transport error."""
    import socket
    import ssl

    if isinstance(exc, httpx.TimeoutException):
        seconds = timeout if timeout is not None else 60.0
        return exceptions.Timeout(
            f"{method} {url} timed out: the server did not answer within {seconds} seconds",
            method=method, url=url,
        )
    reason = str(exc) or type(exc).__name__
    causes = _causes(exc)
    cls: type[exceptions.TransportError] = exceptions.ConnectFailure
    if any(isinstance(c, ssl.SSLError) for c in causes) or "CERTIFICATE" in reason:
        cls = exceptions.SSLError
    elif any(isinstance(c, socket.gaierror) for c in causes):
        reason = f"cannot resolve host {httpx.URL(url).host!r}"
    elif isinstance(exc, httpx.UnsupportedProtocol):
        cls = exceptions.TransportError
    return cls(f"cannot reach {url}: {reason}", method=method, url=url)
