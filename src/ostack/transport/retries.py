"""The retry policy both HTTP clients share, as a flow: when to send again and how long to wait.

Connection failures are retried for every method only when nothing was sent; idempotent methods
are also retried after a dropped connection and on 429/502/503/504, honouring Retry-After (up to
`MAX_DELAY`, said on stderr when the wait is longer than a second). A POST
or PATCH that may have been applied is never sent twice. Each attempt is logged (secrets
redacted) when the `ostack.http` logger is at DEBUG.
"""

from __future__ import annotations

import sys
import time
from urllib.parse import urlsplit

from ostack import exceptions
from ostack.transport.flows import Flow, Request, Sleep

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
RETRY_STATUSES = frozenset({502, 503, 504})
#: A gateway's errors: the service behind it may have handled the request.
GATEWAY_STATUSES = frozenset({502, 504})
#: The longest wait a Retry-After header can impose (OSTACK_RETRY_AFTER_MAX overrides it).
MAX_DELAY = 60.0


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


def prepare(request: Request, user_agent: str) -> Request:
    """The request as it goes on the wire: URL checked, default headers, Content-Length."""
    parts = urlsplit(request.url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise exceptions.TransportError(
            f"invalid URL {request.url!r}: it must start with http:// or https://",
            method=request.method, url=request.url,
        )
    headers = {"User-Agent": user_agent, "Accept": "application/json"}
    headers.update(request.headers)
    if request.body is not None:
        try:
            headers["Content-Length"] = str(len(request.body))
        except TypeError:
            pass  # a stream of unknown length (image data from a pipe): sent chunked
    return Request(
        request.method, request.url, headers, request.body, request.retries, request.log_body,
        request.sink,
    )


def exchange(
    request: Request, *, user_agent: str, retries: int, backoff: float
) -> Flow[Any]:
    """Send `request` until it gets a response worth returning; return that response."""
    req = prepare(request, user_agent)
    method, url = req.method, req.url
    allowed = retries if req.retries is None else req.retries
    attempt = 0
    resent = False  # an earlier attempt may have been applied (ostack.transport.http.Response)
    extra = 0  # sends the client made inside one attempt (Response.attempts)
    log = debug_logger()
    if log:
        from ostack.transport import redaction
    while True:
        if log:
            log.debug("%s", redaction.curl_line(
                method, url, req.headers, req.body if req.log_body else None))
        try:
            resp = yield req
        except exceptions.TransportError as exc:
            applied = getattr(exc, "maybe_applied", True)
            # a body cut off after part of it went to the sink: its flow resumes it
            if attempt < allowed and (not applied or method in IDEMPOTENT) and not getattr(
                    exc, "received", 0):
                attempt += 1
                resent = resent or applied
                delay = backoff * (2 ** (attempt - 1))
                if log:
                    log.debug("retrying %s %s in %.2fs after: %s", method, url, delay, exc)
                yield Sleep(delay)
                continue
            raise
        if log:
            log.debug("%s", redaction.response_lines(resp, req.log_body))
        if (resp.status_code in RETRY_STATUSES or resp.status_code == 429) and (
                method in IDEMPOTENT and attempt < allowed):
            attempt += 1
            # (the client may have sent it twice already: a kept-alive connection replaced)
            resent = resent or resp.resent or resp.status_code in GATEWAY_STATUSES
            extra += resp.attempts - 1
            delay = retry_after(resp.headers.get("retry-after"))
            source = "Retry-After"
            if delay is None:
                delay, source = backoff * (2 ** (attempt - 1)), "backoff"
            if delay > 1:  # a wait the user notices is explained (ostack.transport.retry_notice)
                from ostack.transport import retry_notice

                delay = min(delay, retry_notice.max_delay(MAX_DELAY))
                if delay > 1:
                    retry_notice.announce(url, resp.status_code, delay, source)
            if log:
                log.debug("retrying %s %s in %.2fs after HTTP %s", method, url, delay,
                          resp.status_code)
            yield Sleep(delay)
            continue
        if attempt:
            resp.attempts += attempt + extra
            resp.resent = resp.resent or resent
        return resp


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), or None."""
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
