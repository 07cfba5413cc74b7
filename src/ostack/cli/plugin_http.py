"""`--timing` and `--dry-run` for plugin commands, whose clients send through a keystoneauth1
session (a `requests` session underneath) rather than ostack's transport.

A `requests` transport adapter is mounted on the session for http:// and https://: it times
each request (method, URL, status, seconds: what `ostack.cli.app._print_timing` prints for
built-in commands) and, in a dry run, holds back the changes as `ostack.cli.dry_run` does for
built-in commands (the same `Writes`, so the same rules and the same curl lines).

Imported only when a plugin command runs (requests comes with keystoneauth1).
"""

from __future__ import annotations

import time

from requests.adapters import HTTPAdapter

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ostack.cli.dry_run import Writes


class WatchedAdapter(HTTPAdapter):
    """requests' own adapter, with each exchange timed and, in a dry run, changes held back."""

    def __init__(self, timings: list[tuple[str, str, int, float]],
                 writes: Writes | None = None) -> None:
        super().__init__()
        self.timings = timings
        self.writes = writes

    def send(self, request: Any, **kwargs: Any) -> Any:
        if self.writes is not None and not self._may_send(request):
            return _not_sent(request)
        start = time.perf_counter()
        response = super().send(request, **kwargs)
        self.timings.append((request.method, request.url, response.status_code,
                             time.perf_counter() - start))
        return response

    def _may_send(self, request: Any) -> bool:
        from ostack.transport import redaction

        body = request.body
        if isinstance(body, str):
            body = body.encode("utf-8")
        if not isinstance(body, bytes):
            body = None  # a stream: not shown, as --debug does
        line = redaction.curl_line(request.method, request.url, dict(request.headers), body)
        return self.writes.check(request.method, request.url, line)


def _not_sent(request: Any) -> Any:
    """The synthetic answer to a DELETE a dry run did not send: 204, no body."""
    from requests import Response
    from requests.structures import CaseInsensitiveDict

    from ostack.cli.dry_run import NOT_SENT

    response = Response()
    response.status_code = 204
    response.reason = "No Content"
    response.headers = CaseInsensitiveDict({NOT_SENT: "not sent"})
    response._content = b""
    response.url = request.url
    response.request = request
    return response


def watch(session: Any, timings: list[tuple[str, str, int, float]],
          writes: Writes | None = None) -> None:
    """Mount the adapter on a keystoneauth1 Session (its `requests` session)."""
    adapter = WatchedAdapter(timings, writes)
    session.session.mount("https://", adapter)
    session.session.mount("http://", adapter)
