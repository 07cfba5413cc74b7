"""The async twin of `HttpClient`, on httpcore's HTTP/1.1 connections in a pool of ostack's
own (ostack.transport.apool): only the sending of bytes differs.

httpcore is the HTTP/1.1 engine under httpx (h11 over anyio's asyncio streams). ostack uses it
directly: its session already does what httpx's client layer adds (URLs and query strings,
headers, redirects are not followed, no cookies), and that layer cost about a third more CPU
than http.client when reading the megabytes of a 5,000-server listing (docs/benchmarks.md).
The retry policy and the debug log are the same flow (ostack.transport.retries); responses are
the same `Response`; httpcore's errors become the same TransportError, ConnectFailure, Timeout
and SSLError, with `maybe_applied` telling whether the request was sent in full. Imported only
by the async side: the sync CLI never loads httpcore.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

try:
    import httpcore
except ImportError as exc:  # pragma: no cover - depends on the installation
    raise ImportError(
        "the async client needs httpcore: pip install 'ostack[async]'"
    ) from exc

from ostack import exceptions
from ostack.transport import http as _http
from ostack.transport.apool import ConnectionPool
from ostack.transport.flows import Request, adrive
from ostack.transport.http import Response, body_plan, cut_off, ssl_context
from ostack.transport.retries import IDEMPOTENT, exchange

#: Idle kept-alive connections are closed after this many seconds.
KEEPALIVE_EXPIRY = 30.0
#: Connections open at once per pool, and kept alive when idle (httpx's defaults).
MAX_CONNECTIONS = 100
MAX_KEEPALIVE_CONNECTIONS = 20


class AsyncHttpClient:
    """Sends requests on an httpcore connection pool, with retries where they are safe."""

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
        seconds = timeout if timeout is not None else 60.0
        self._timeouts = {"connect": seconds, "read": seconds, "write": seconds, "pool": seconds}
        self._clients: dict[str, ConnectionPool] = {}
        #: (method, URL, status, seconds) of every answered request, for `--timing` and tests.
        self.timings: list[tuple[str, str, int, float]] = []

    @property
    def request_count(self) -> int:
        """Requests answered so far."""
        return len(self.timings)

    def _pool(self, url: str) -> ConnectionPool:
        """The connection pool for the URL's scheme, made on first use.

        Plain-HTTP URLs (a local cloud, a TLS-terminating proxy on loopback) get a pool of
        their own without a TLS context: loading the CA store costs tens of milliseconds that
        a listing over http:// never needs. That pool is never handed an https:// URL. Like
        http.client (and unlike httpx), no proxy or netrc settings come from the environment.
        """
        scheme = "https" if url[:6].lower() == "https:" else "http"
        client = self._clients.get(scheme)
        if client is None:
            client = self._clients[scheme] = ConnectionPool(
                ssl_context=(
                    ssl_context(self.verify, self.cert, self.key) if scheme == "https" else None
                ),
                max_connections=MAX_CONNECTIONS,
                max_keepalive=MAX_KEEPALIVE_CONNECTIONS,
                keepalive_expiry=KEEPALIVE_EXPIRY,
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
            if not dropped or progress.connected or getattr(err, "received", 0) or (
                progress.sent and request.method not in IDEMPOTENT
            ):
                # A new connection failed, or the server may have acted on the request:
                # the retry policy decides (it never sends a POST or PATCH twice).
                raise
        # A kept-alive connection the server closed meanwhile: send again on a new one.
        try:
            response = await self._attempt(request, _Progress())
        except exceptions.TransportError as again:
            if progress.sent:  # the first one may have been handled
                again.maybe_applied = True  # type: ignore[attr-defined]
            raise
        if progress.sent:  # the server may have handled the first one (Response.resent)
            response.attempts, response.resent = 2, True
        return response

    async def _attempt(self, request: Request, progress: _Progress) -> Response:
        method, url = request.method, request.url
        if request.sink is not None:
            return await self._streamed(request, progress)
        start = time.monotonic()
        try:
            raw = await self._pool(url).handle_async_request(self._request(request, progress))
            try:
                await raw.aread()
            finally:
                await raw.aclose()
        except _ERRORS as exc:
            err = _error(exc, method, url, self.timeout)
            err.maybe_applied = progress.sent  # type: ignore[attr-defined]
            raise err from exc
        elapsed = time.monotonic() - start
        self.timings.append((method, url, raw.status, elapsed))
        # Latin-1, as http.client decodes them: the same bytes give the same str both sides.
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in raw.headers}
        return Response(raw.status, headers, raw.content, method, url, elapsed)

    def _request(self, request: Request, progress: _Progress) -> httpcore.Request:
        """httpcore's request of ours, with the trace that tells how far it got, and the Host
        and Content-Length headers that http.client (and httpcore's own pool) add."""
        url = httpcore.URL(request.url)
        content = _content(request)
        headers = _encode(request.headers)
        names = {name.lower() for name, _ in headers}
        if b"host" not in names:
            default = 443 if url.scheme == b"https" else 80
            host = url.host if url.port in (None, default) else b"%b:%d" % (url.host, url.port)
            headers.insert(0, (b"Host", host))
        if content is not None and b"content-length" not in names and \
                b"transfer-encoding" not in names:
            headers.append((b"Content-Length", str(len(content)).encode("ascii"))
                           if isinstance(content, bytes) else (b"Transfer-Encoding", b"chunked"))
        return httpcore.Request(
            request.method, url, headers=headers, content=content,
            extensions={"trace": progress.trace, "timeout": self._timeouts})

    async def _streamed(self, request: Request, progress: _Progress) -> Response:
        """`_attempt` for a request with a sink: a 2xx answer's body goes to the sink as it
        arrives, in chunks of about `http.STREAM_CHUNK` (httpcore reads 64 KiB at a time)."""
        method, url = request.method, request.url
        start = time.monotonic()
        received = 0
        try:
            raw = await self._pool(url).handle_async_request(self._request(request, progress))
            try:
                pairs = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in raw.headers]
                plan = body_plan(raw.status, pairs, request.sink)
                content = b""
                if plan == "read":
                    content = await raw.aread()
                elif plan == "stream":
                    pending: list[bytes] = []
                    size = 0
                    try:
                        async for chunk in raw.aiter_stream():
                            pending.append(chunk)
                            size += len(chunk)
                            if size >= _http.STREAM_CHUNK:
                                received += size
                                request.sink(b"".join(pending))
                                pending.clear()
                                size = 0
                    except _ERRORS as exc:
                        if pending:  # what arrived before the drop is kept
                            received += size
                            request.sink(b"".join(pending))
                        raise cut_off(request, received, exc) from exc
                    if pending:
                        received += size
                        request.sink(b"".join(pending))
            finally:
                await raw.aclose()
        except _ERRORS as exc:
            err = _error(exc, method, url, self.timeout)
            err.maybe_applied = progress.sent  # type: ignore[attr-defined]
            raise err from exc
        elapsed = time.monotonic() - start
        self.timings.append((method, url, raw.status, elapsed))
        headers = {k.lower(): v for k, v in pairs}
        return Response(raw.status, headers, content, method, url, elapsed)


def _encode(headers: Mapping[str, str]) -> list[tuple[bytes, bytes]]:
    """Header names and values as bytes, encoded as http.client encodes them (Latin-1)."""
    return [(k.encode("latin-1"), str(v).encode("latin-1")) for k, v in headers.items()]


def _content(request: Request) -> bytes | None:
    """The body; an empty one for POST, PUT and PATCH without a body (`Content-Length: 0`,
    as http.client and httpx send)."""
    if request.body is None and request.method in ("POST", "PUT", "PATCH"):
        return b""
    return request.body


#: httpcore's errors of a request that did not get an answer (it has no common base class).
_ERRORS = (
    httpcore.TimeoutException, httpcore.NetworkError, httpcore.ProtocolError,
    httpcore.UnsupportedProtocol, httpcore.ProxyError,
)
#: httpcore errors of a connection that closed under a request.
_DROPPED = (httpcore.RemoteProtocolError, httpcore.ReadError, httpcore.WriteError)


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
    exc: Exception, method: str, url: str, timeout: float | None
) -> exceptions.TransportError:
    """The ostack exception for an httpcore error."""
    import socket
    import ssl
    from urllib.parse import urlsplit

    if isinstance(exc, httpcore.TimeoutException):
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
        reason = f"cannot resolve host {urlsplit(url).hostname!r}"
    elif isinstance(exc, httpcore.UnsupportedProtocol):
        cls = exceptions.TransportError
    return cls(f"cannot reach {url}: {reason}", method=method, url=url)
