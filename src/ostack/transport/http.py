"""HTTP on the standard library's http.client: kept-alive connections and TLS.

http.client costs about 25 ms to import where requests or httpx cost 75-140 ms (PERF.md), and
the CLI's budget is tens of milliseconds, so this is the one HTTP engine of the sync client.
What to retry, and the debug log, are the shared flow of `ostack.transport.retries`; this
module only sends bytes (`ahttp` is its async twin).
"""

from __future__ import annotations

import json as _json
import socket
import time
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit

from ostack import exceptions
from ostack.transport.flows import Request, drive
from ostack.transport.retries import (  # noqa: F401  (re-exported: the names' old home)
    IDEMPOTENT,
    RETRY_STATUSES,
    debug_logger,
    exchange,
)
from ostack.transport.retries import retry_after as _retry_after  # noqa: F401

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class Response:
    """An HTTP response, read in full (empty `content` when its body went to a sink)."""

    __slots__ = ("status_code", "headers", "content", "method", "url", "elapsed", "attempts",
                 "resent")

    def __init__(
        self, status_code: int, headers: dict[str, str], content: bytes, method: str, url: str,
        elapsed: float,
    ) -> None:
        self.status_code = status_code
        self.headers = headers  # lower-cased names
        self.content = content
        self.method = method
        self.url = url
        self.elapsed = elapsed
        #: How many times the request was sent to get this answer (set by the retry flow).
        self.attempts = 1
        #: Whether an earlier attempt may have been applied (its answer lost): a 404 to a
        #: DELETE then means the resource is gone, not that it never was.
        self.resent = False

    @property
    def ok(self) -> bool:
        return self.status_code < 400

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    def json(self) -> Any:
        if not self.content:
            return None
        return _json.loads(self.content)

    @property
    def request_id(self) -> str | None:
        return self.headers.get("x-openstack-request-id") or self.headers.get(
            "x-compute-request-id"
        )

    def __repr__(self) -> str:
        return f"<Response {self.status_code} {self.method} {self.url}>"


def with_query(url: str, params: Mapping[str, Any] | None) -> str:
    """Append query parameters (lists become repeated keys; None values are dropped)."""
    if not params:
        return url
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, list | tuple):
            pairs.extend((key, _query_value(v)) for v in value)
        else:
            pairs.append((key, _query_value(value)))
    if not pairs:
        return url
    return url + ("&" if "?" in url else "?") + urlencode(pairs)


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def ssl_context(verify: bool | str = True, cert: str | None = None, key: str | None = None) -> Any:
    """The TLS context both clients use: system CAs, a CA file, or no verification."""
    import ssl

    if verify is False:
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    elif isinstance(verify, str):
        ctx = ssl.create_default_context(cafile=verify)
    else:
        ctx = ssl.create_default_context()
    if cert:
        ctx.load_cert_chain(cert, key)
    return ctx


class HttpClient:
    """Sends requests over pooled keep-alive connections, with retries where they are safe."""

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
        self._idle: dict[tuple[str, str, int], list[Any]] = {}
        self._ssl_context: Any = None
        #: (method, URL, status, seconds) of every answered request, for `--timing` and tests.
        self.timings: list[tuple[str, str, int, float]] = []

    # -- connections --------------------------------------------------------------------------
    def _context(self) -> Any:
        if self._ssl_context is None:
            self._ssl_context = ssl_context(self.verify, self.cert, self.key)
        return self._ssl_context

    def _connect(self, scheme: str, host: str, port: int) -> Any:
        import http.client

        timeout = self.timeout if self.timeout is not None else 60.0
        if scheme == "https":
            conn = http.client.HTTPSConnection(
                host, port, timeout=timeout, context=self._context()
            )
        else:
            conn = http.client.HTTPConnection(host, port, timeout=timeout)
        conn._create_connection = _create_connection  # type: ignore[attr-defined]
        return conn

    @property
    def request_count(self) -> int:
        """Requests answered so far."""
        return len(self.timings)

    def close(self) -> None:
        for conns in self._idle.values():
            for conn in conns:
                conn.close()
        self._idle.clear()

    # -- requests -----------------------------------------------------------------------------
    def request(
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
        return self.send(Request(method, url, headers, body, retries, log_body))

    def send(self, request: Request) -> Response:
        """Send a request, retrying as `ostack.transport.retries` allows."""
        flow = exchange(
            request, user_agent=self.user_agent, retries=self.retries, backoff=self.backoff
        )
        return drive(flow, self._send_once)

    def _send_once(self, request: Request) -> Response:
        """One attempt; a kept-alive connection the server closed meanwhile is replaced."""
        import http.client

        method, url, headers, body = request.method, request.url, request.headers, request.body
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        host_key = (scheme, parts.hostname or "", parts.port or (443 if scheme == "https" else 80))
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        idle = self._idle.setdefault(host_key, [])
        conn = None
        while idle:
            candidate = idle.pop()
            if _still_open(candidate):
                conn = candidate
                break
            candidate.close()
        reused = conn is not None
        resent = False  # sent again after the server may have handled it (Response.resent)
        if conn is None:
            conn = self._connect(*host_key)
        start = time.monotonic()
        sent = False
        try:
            try:
                conn.request(method, target, body=body, headers=headers)
                sent = True
                raw = conn.getresponse()
                plan = body_plan(raw.status, raw.getheaders(), request.sink)
                content = raw.read() if plan == "read" else b""
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                conn.close()
                if not reused or (sent and method not in IDEMPOTENT):
                    # The server may have acted on it: never send a POST or PATCH twice.
                    raise
                # A kept-alive connection the server closed meanwhile: send again on a new one.
                resent = sent
                conn = self._connect(*host_key)
                sent = False
                conn.request(method, target, body=body, headers=headers)
                sent = True
                raw = conn.getresponse()
                plan = body_plan(raw.status, raw.getheaders(), request.sink)
                content = raw.read() if plan == "read" else b""
        except TimeoutError as exc:
            conn.close()
            err = exceptions.Timeout(
                f"{method} {url} timed out: the server did not answer within "
                f"{conn.timeout} seconds", method=method, url=url,
            )
            err.maybe_applied = sent or resent  # type: ignore[attr-defined]
            raise err from exc
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            cls = exceptions.ConnectFailure
            reason = str(exc) or type(exc).__name__
            if exc.__class__.__name__.startswith("SSL") or "CERTIFICATE" in reason:
                cls = exceptions.SSLError
            elif isinstance(exc, socket.gaierror):
                reason = f"cannot resolve host {host_key[1]!r}"
            err = cls(f"cannot reach {url}: {reason}", method=method, url=url)
            err.maybe_applied = sent or resent  # type: ignore[attr-defined]
            raise err from exc
        elapsed = time.monotonic() - start
        self.timings.append((method, url, raw.status, elapsed))
        resp_headers = {k.lower(): v for k, v in raw.getheaders()}
        if plan == "stream":
            _stream(raw, conn, request)
        if raw.will_close or plan == "skip":
            conn.close()
        else:
            idle.append(conn)
        response = Response(raw.status, resp_headers, content, method, url, elapsed)
        if resent:
            response.attempts, response.resent = 2, True
        return response


#: Bytes handed to a request's sink at a time.
STREAM_CHUNK = 1024 * 1024


def body_plan(status: int, headers: list[tuple[str, str]], sink: Any) -> str:
    """What to do with an answer's body (`headers` as (name, value) pairs): "read" it whole,
    "stream" it to the request's sink (a 2xx answer), or "skip" it (the sink declined it,
    e.g. to ask for something first)."""
    if sink is None or not 200 <= status < 300:
        return "read"
    accept = getattr(sink, "accept", None)
    if accept is not None and not accept(status, {k.lower(): v for k, v in headers}):
        return "skip"
    return "stream"


def cut_off(request: Request, received: int, exc: BaseException) -> exceptions.TransportError:
    """The error of a streamed body the connection dropped under: `received` bytes of it
    reached the sink (then the retry flow leaves the resumption to the caller)."""
    err = exceptions.ConnectFailure(
        f"{request.method} {request.url}: the connection dropped after {received} bytes of "
        f"the answer: {exc or type(exc).__name__}", method=request.method, url=request.url)
    err.maybe_applied = True  # type: ignore[attr-defined]
    err.received = received  # type: ignore[attr-defined]
    return err


def _stream(raw: Any, conn: Any, request: Request) -> None:
    """Hand an answer's body to the request's sink chunk by chunk as it arrives."""
    import http.client

    sink, received = request.sink, 0
    try:
        while True:
            chunk = raw.read(STREAM_CHUNK)
            if not chunk:
                if raw.length:  # closed before its Content-Length: read(n) says b"" alike
                    raise http.client.IncompleteRead(b"", raw.length)
                return
            received += len(chunk)
            sink(chunk)
    except (OSError, http.client.HTTPException) as exc:
        conn.close()
        raise cut_off(request, received, exc) from exc


def _create_connection(address: tuple[str, int], *args: Any) -> socket.socket:
    """`socket.create_connection` with an ASCII host name given as bytes.

    A str host makes `getaddrinfo` encode it with the "idna" codec, which imports
    `encodings.idna`, `stringprep` and `unicodedata` (about 3 ms) for names that are plain
    ASCII anyway; non-ASCII names keep the str path. TLS still checks the str host name.
    """
    host, port = address
    if isinstance(host, str) and host.isascii():
        return socket.create_connection((host.encode("ascii"), port), *args)
    return socket.create_connection(address, *args)


def _still_open(conn: Any) -> bool:
    """Whether an idle kept-alive connection can carry a request: a socket the server closed
    (or that holds unexpected bytes) reads as ready."""
    sock = getattr(conn, "sock", None)
    if sock is None:
        return False
    import select

    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return False
    return not readable
