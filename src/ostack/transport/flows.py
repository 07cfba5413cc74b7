"""Request flows: the transport's logic written once, free of I/O, run sync or async.

A flow is a generator that yields a `Request` and is sent back the `Response` (or has the
`TransportError` thrown into it), or yields a `Sleep` to wait; what it returns is its result.
`drive` runs a flow with a blocking `send`; `adrive` runs the same flow with an async one.
Authentication, discovery, retries and the session's requests are flows, so the sync and the
async clients differ only in how they send bytes.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Generator, Mapping

from ostack.exceptions import TransportError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeVar

    from ostack.transport.http import Response

    T = TypeVar("T")


class Request:
    """One HTTP request as a flow describes it, with its retry and log options."""

    __slots__ = ("method", "url", "headers", "body", "retries", "log_body", "sink")

    def __init__(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str] | None = None,
        body: bytes | None = None,
        retries: int | None = None,
        log_body: bool = True,
        sink: Any = None,
    ) -> None:
        self.method = method.upper()
        self.url = url
        self.headers: dict[str, str] = dict(headers) if headers else {}
        self.body = body
        #: Retries allowed for this request; None means the client's own setting.
        self.retries = retries
        self.log_body = log_body
        #: Where a 2xx answer's body goes as it arrives (`sink(chunk)`), instead of into
        #: `Response.content`; `sink.accept(status, headers)`, when it has one, may decline
        #: the body (False: it is not read). See `ostack.common.downloads`.
        self.sink = sink

    def __repr__(self) -> str:
        return f"<Request {self.method} {self.url}>"


class Sleep:
    """A pause a flow asks for (backoff between retries)."""

    __slots__ = ("seconds",)

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __repr__(self) -> str:
        return f"<Sleep {self.seconds:.3f}s>"


#: A flow yielding Request or Sleep, sent a Response (or None after a Sleep), returning T.
if TYPE_CHECKING:
    Flow = Generator["Request | Sleep", "Response | None", T]
else:  # annotations only: typing stays off the CLI's import path
    Flow = Generator


def just(value: T) -> Flow[T]:
    """A flow that sends nothing and returns `value`."""
    return value
    yield  # pragma: no cover  (makes this a generator)


def drive(flow: Flow[T], send: Callable[[Request], Response]) -> T:
    """Run a flow to its result, sending each request with a blocking `send`."""
    reply: Any = None
    error: TransportError | None = None
    while True:
        try:
            step = flow.send(reply) if error is None else flow.throw(error)
        except StopIteration as done:
            return done.value
        reply = error = None
        if isinstance(step, Sleep):
            time.sleep(step.seconds)
            continue
        try:
            reply = send(step)
        except TransportError as exc:
            error = exc
        except BaseException:
            flow.close()
            raise


async def adrive(flow: Flow[T], send: Callable[[Request], Awaitable[Response]]) -> T:
    """Run a flow to its result on the event loop, sending each request with `await send`."""
    import asyncio

    reply: Any = None
    error: TransportError | None = None
    while True:
        try:
            step = flow.send(reply) if error is None else flow.throw(error)
        except StopIteration as done:
            return done.value
        reply = error = None
        if isinstance(step, Sleep):
            await asyncio.sleep(step.seconds)
            continue
        try:
            reply = await send(step)
        except TransportError as exc:
            error = exc
        except BaseException:
            flow.close()
            raise


def sender(client: Any) -> Callable[[Request], Any]:
    """`send` for any client with `.send(Request)`, or `.request(method, url, headers=...)`."""
    send = getattr(client, "send", None)
    if send is not None:
        return send

    def via_request(req: Request) -> Any:
        return client.request(
            req.method, req.url, headers=req.headers, body=req.body, retries=req.retries,
            log_body=req.log_body,
        )

    return via_request
