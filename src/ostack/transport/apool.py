"""The async client's connection pool: kept-alive HTTP/1.1 connections per origin, one request
on a connection at a time, handed out last-in first-out.

httpcore's own pool re-examines every connection it holds, and every queued request against
each of them, each time a request arrives or an answer is closed: with 16 requests in flight
that is hundreds of `is_idle()` calls and tens of socket polls (`getpeername`, `poll`) per
request, about three quarters of the async client's CPU time on small requests (cProfile, 500
object uploads 16 at a time: 2.1 ms of CPU per request; docs/benchmarks.md). This one looks at
one idle connection per request: it takes the most recent one for the origin, checks that it
has not expired and that the server did not close it, and makes a new connection otherwise.
The connections themselves are httpcore's (`AsyncHTTPConnection`: h11 over anyio), so TLS,
timeouts, trace events and errors are unchanged.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpcore


class ConnectionPool:
    """At most `max_connections` connections open at once (a request waits for a slot up to
    its `pool` timeout); at most `max_keepalive` idle ones kept per origin."""

    def __init__(self, *, ssl_context: Any = None, max_connections: int = 100,
                 max_keepalive: int = 20, keepalive_expiry: float = 30.0) -> None:
        self._ssl_context = ssl_context
        self._max_keepalive = max_keepalive
        self._keepalive_expiry = keepalive_expiry
        self._slots = asyncio.Semaphore(max_connections)
        #: Idle connections by origin (scheme, host, port: httpcore's Origin is not hashable).
        self._idle: dict[tuple[bytes, bytes, int], list[httpcore.AsyncHTTPConnection]] = {}
        self._closed = False

    async def handle_async_request(self, request: httpcore.Request) -> httpcore.Response:
        """Send `request` on a kept-alive connection of its origin, or a new one; the answer's
        body must be read or closed (`aclose`), which gives the connection back."""
        if self._slots.locked():  # every slot taken: wait up to the pool timeout
            timeout = request.extensions.get("timeout", {}).get("pool")
            try:
                await asyncio.wait_for(self._slots.acquire(), timeout)
            except TimeoutError:
                raise httpcore.PoolTimeout("no connection slot became free in time") from None
        else:
            await self._slots.acquire()
        try:
            origin = request.url.origin
            while True:
                connection = await self._reusable(origin)
                fresh = connection is None
                if connection is None:
                    connection = httpcore.AsyncHTTPConnection(
                        origin, ssl_context=self._ssl_context,
                        keepalive_expiry=self._keepalive_expiry)
                try:
                    response = await connection.handle_async_request(request)
                except httpcore.ConnectionNotAvailable:
                    await connection.aclose()
                    if fresh:
                        raise
                    continue  # it closed meanwhile: the next idle one, or a new one
                except BaseException:
                    await connection.aclose()
                    raise
                break
        except BaseException:
            self._slots.release()
            raise
        return httpcore.Response(
            status=response.status, headers=response.headers,
            content=_Returned(response.stream, connection, origin, self),
            extensions=response.extensions)

    async def _reusable(self, origin: httpcore.Origin) -> httpcore.AsyncHTTPConnection | None:
        """The most recently used idle connection of `origin` still fit for a request."""
        idle = self._idle.get((origin.scheme, origin.host, origin.port))
        while idle:
            connection = idle.pop()
            if connection.is_available() and not connection.has_expired():
                return connection
            await connection.aclose()
        return None

    async def _give_back(self, connection: httpcore.AsyncHTTPConnection,
                         origin: httpcore.Origin) -> None:
        """A connection whose answer was read: kept when idle and there is room, else closed."""
        self._slots.release()
        idle = self._idle.setdefault((origin.scheme, origin.host, origin.port), [])
        if not self._closed and connection.is_idle() and len(idle) < self._max_keepalive:
            idle.append(connection)
        else:
            await connection.aclose()

    async def aclose(self) -> None:
        """Close the idle connections; those in use close when their answers are closed."""
        self._closed = True
        idle, self._idle = self._idle, {}
        for connections in idle.values():
            for connection in connections:
                await connection.aclose()


class _Returned:
    """An answer's body stream that gives its connection back to the pool once closed."""

    __slots__ = ("_stream", "_connection", "_origin", "_pool", "_done")

    def __init__(self, stream: Any, connection: httpcore.AsyncHTTPConnection,
                 origin: httpcore.Origin, pool: ConnectionPool) -> None:
        self._stream = stream
        self._connection = connection
        self._origin = origin
        self._pool = pool
        self._done = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        if self._done:
            return
        self._done = True
        try:
            if hasattr(self._stream, "aclose"):
                await self._stream.aclose()
        finally:
            await self._pool._give_back(self._connection, self._origin)
