"""HTTP on the standard library's http.client: kept-alive connections, TLS, retries, debug log.

http.client costs about 25 ms to import where requests or httpx cost 75-140 ms (PERF.md), and
the CLI's budget is tens of milliseconds, so this is the one HTTP engine of the sync client.
"""

from __future__ import annotations

import json as _json
import socket
import sys
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit

from ostack import exceptions


def debug_logger() -> Any:
    """The `ostack.http` logger when it logs at DEBUG, else None.

    Logging is not imported on the hot path: if no one loaded it, no one can have turned
    debug logging on.
    """
    logging = sys.modules.get("logging")
    if logging is None:
        return None
    logger = logging.getLogger("ostack.http")
    return logger if logger.isEnabledFor(logging.DEBUG) else None

IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
RETRY_STATUSES = frozenset({502, 503, 504})


class Response:
    """An HTTP response, read in full."""

    __slots__ = ("status_code", "headers", "content", "method", "url", "elapsed")

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
            import ssl

            if self.verify is False:
                ctx = ssl.create_default_context()
                ctx.check_hostname = False
                ctx.verify_mode = ssl.CERT_NONE
            elif isinstance(self.verify, str):
                ctx = ssl.create_default_context(cafile=self.verify)
            else:
                ctx = ssl.create_default_context()
            if self.cert:
                ctx.load_cert_chain(self.cert, self.key)
            self._ssl_context = ctx
        return self._ssl_context

    def _connect(self, scheme: str, host: str, port: int) -> Any:
        import http.client

        timeout = self.timeout if self.timeout is not None else 60.0
        if scheme == "https":
            return http.client.HTTPSConnection(
                host, port, timeout=timeout, context=self._context()
            )
        return http.client.HTTPConnection(host, port, timeout=timeout)

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
        """Send one request and return the response, whatever its status.

        Connection failures are retried for every method only when nothing was sent; idempotent
        methods are also retried after a dropped connection and on 502/503/504.
        """
        method = method.upper()
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname:
            raise exceptions.TransportError(
                f"invalid URL {url!r}: it must start with http:// or https://",
                method=method, url=url,
            )
        port = parts.port or (443 if scheme == "https" else 80)
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        hdrs = {"User-Agent": self.user_agent, "Accept": "application/json"}
        if headers:
            hdrs.update(headers)
        if body is not None:
            hdrs["Content-Length"] = str(len(body))
        host_key = (scheme, parts.hostname, port)
        allowed = self.retries if retries is None else retries
        attempt = 0
        log = debug_logger()
        if log:
            from ostack.transport import redaction
        while True:
            if log:
                log.debug("%s", redaction.curl_line(method, url, hdrs, body if log_body else None))
            try:
                resp = self._send_once(host_key, method, target, hdrs, body, url)
            except exceptions.TransportError as exc:
                applied = getattr(exc, "maybe_applied", True)
                if attempt < allowed and (not applied or method in IDEMPOTENT):
                    attempt += 1
                    delay = self.backoff * (2 ** (attempt - 1))
                    if log:
                        log.debug("retrying %s %s in %.2fs after: %s", method, url, delay, exc)
                    time.sleep(delay)
                    continue
                raise
            if log:
                log.debug("%s", redaction.response_lines(resp, log_body))
            if resp.status_code in RETRY_STATUSES and method in IDEMPOTENT and attempt < allowed:
                attempt += 1
                delay = _retry_after(resp.headers.get("retry-after"))
                if delay is None:
                    delay = self.backoff * (2 ** (attempt - 1))
                if log:
                    log.debug("retrying %s %s in %.2fs after HTTP %s", method, url, delay,
                              resp.status_code)
                time.sleep(min(delay, 60.0))
                continue
            return resp

    def _send_once(
        self, host_key: tuple[str, str, int], method: str, target: str,
        headers: dict[str, str], body: bytes | None, url: str,
    ) -> Response:
        import http.client

        idle = self._idle.setdefault(host_key, [])
        conn = None
        while idle:
            candidate = idle.pop()
            if _still_open(candidate):
                conn = candidate
                break
            candidate.close()
        reused = conn is not None
        if conn is None:
            conn = self._connect(*host_key)
        start = time.monotonic()
        sent = False
        try:
            try:
                conn.request(method, target, body=body, headers=headers)
                sent = True
                raw = conn.getresponse()
                content = raw.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                conn.close()
                if not reused or (sent and method not in IDEMPOTENT):
                    # The server may have acted on it: never send a POST or PATCH twice.
                    raise
                # A kept-alive connection the server closed meanwhile: send again on a new one.
                conn = self._connect(*host_key)
                sent = False
                conn.request(method, target, body=body, headers=headers)
                sent = True
                raw = conn.getresponse()
                content = raw.read()
        except TimeoutError as exc:
            conn.close()
            err = exceptions.Timeout(
                f"{method} {url} timed out: the server did not answer within "
                f"{conn.timeout} seconds", method=method, url=url,
            )
            err.maybe_applied = sent  # type: ignore[attr-defined]
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
            err.maybe_applied = sent  # type: ignore[attr-defined]
            raise err from exc
        elapsed = time.monotonic() - start
        self.timings.append((method, url, raw.status, elapsed))
        resp_headers = {k.lower(): v for k, v in raw.getheaders()}
        if raw.will_close:
            conn.close()
        else:
            idle.append(conn)
        return Response(raw.status, resp_headers, content, method, url, elapsed)


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


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
