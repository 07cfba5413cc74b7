"""A download streamed in one GET, resumed after a dropped connection (objects, image data).

The flow yields one `Call("GET", ..., sink=...)`: the driver's HTTP client hands the answer's
body to the sink chunk by chunk as it arrives (`ostack.transport.http.body_plan`), so no
download is held in memory. When the connection drops part-way, the GET is sent again with
`Range: bytes=<received>-` and `If-Match: <the first answer's ETag>` (the data must not change
under a download), and the rest goes to the same sink; a server that answers anything but
that range is an error, not a second copy of the start.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ostack import exceptions
from ostack.proxy import Call, Flow

#: Resumptions in a row that may bring no new byte before a download gives up.
RESUMES = 3


class Receiver:
    """The sink of a streamed GET: passes chunks to `write`, counts them, and keeps the first
    answer's headers; `before(status, headers)` may decline a body (False: not read)."""

    def __init__(self, write: Callable[[bytes], Any],
                 before: Callable[[int, dict[str, str]], bool] | None = None) -> None:
        self.write = write
        self.before = before
        self.received = 0
        self.headers: dict[str, str] | None = None
        self.refused: str | None = None
        self.declined = False

    def accept(self, status: int, headers: dict[str, str]) -> bool:
        if self.received:  # a resumption: only the rest of the data will do
            start = headers.get("content-range", "").partition(" ")[2].partition("-")[0]
            if status != 206 or start != str(self.received):
                self.refused = (f"asked for the data from byte {self.received}, the server "
                                f"answered {status} {headers.get('content-range', '')}")
                return False
            return True
        if self.headers is None:
            self.headers = headers
        if self.before is not None and not self.before(status, headers):
            self.declined = True
            return False
        return True

    def __call__(self, chunk: bytes) -> None:
        self.write(chunk)
        self.received += len(chunk)


def streamed_get(url: str, write: Callable[[bytes], Any], *, params: Any = None,
                 headers: dict[str, str] | None = None,
                 before: Callable[[int, dict[str, str]], bool] | None = None,
                 resumes: int = RESUMES) -> Flow:
    """GET `url` with its body passed to `write(chunk)` as it arrives, resumed after a
    dropped connection; (the first answer's headers, whether its body was taken: False
    when `before` declined it)."""
    receiver = Receiver(write, before)
    failures = 0
    while True:
        sent = dict(headers or {})
        if receiver.received:
            sent["Range"] = f"bytes={receiver.received}-"
            etag = (receiver.headers or {}).get("etag")
            if etag:
                sent["If-Match"] = etag
        mark = receiver.received
        try:
            resp = yield Call("GET", url, params=params, headers=sent, log_body=False,
                              sink=receiver)
        except exceptions.TransportError as exc:
            if not getattr(exc, "received", 0) and receiver.received == mark:
                failures += 1
            else:
                failures = 0
            if receiver.headers is None or not receiver.received or failures > resumes:
                raise
            continue
        if receiver.refused:
            raise exceptions.OstackError(f"Download of {url} could not resume: "
                                         f"{receiver.refused}")
        return receiver.headers or resp.headers, not receiver.declined
