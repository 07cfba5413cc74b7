"""Run the same SDK scenario through `ostack.connect()` and `ostack.aio.connect()`.

`Synced` drives an AsyncConnection from plain code: a coroutine is awaited on the fixture's
event loop and an async iterator is consumed page by page, so one test body exercises both
drivers of every flow (the async one really runs: httpx, awaits and all).
"""

from __future__ import annotations

import asyncio
import inspect
from typing import Any


class Synced:
    """A sync view of an async object (a connection, a service proxy)."""

    def __init__(self, target: Any, loop: asyncio.AbstractEventLoop) -> None:
        self._target = target
        self._loop = loop

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if name in ("session", "config"):
            return value
        if callable(value):
            return self._wrap(value)
        if hasattr(value, "service_type") and hasattr(value, "_microversion"):
            return Synced(value, self._loop)  # a service proxy
        return value

    def _wrap(self, method: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            result = method(*args, **kwargs)
            if inspect.iscoroutine(result):
                return self._loop.run_until_complete(result)
            if inspect.isasyncgen(result) or hasattr(result, "__anext__"):
                return self._iterate(result)
            return result
        return call

    def _iterate(self, agen: Any) -> Any:
        while True:
            try:
                yield self._loop.run_until_complete(agen.__anext__())
            except StopAsyncIteration:
                return


def connect(kind: str, cloud: Any, **options: Any) -> tuple[Any, Any]:
    """(connection, closer) for "sync" or "async", from the local cloud's clouds.yaml."""
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    env.update(cloud.env)
    if kind == "sync":
        import ostack

        conn = ostack.connect(cloud="local", env=env, **options)
        return conn, conn.close
    import ostack.aio

    loop = asyncio.new_event_loop()
    aconn = ostack.aio.connect(cloud="local", env=env, **options)

    def close() -> None:
        loop.run_until_complete(aconn.close())
        loop.close()

    return Synced(aconn, loop), close
