"""The async API: `conn = ostack.aio.connect(cloud="local")`, then `await` every operation.

The same declarations, config, auth, token cache, discovery, microversions, retries and
errors as `ostack.connect()`; only the sending of bytes differs (httpcore's connection pool).
`connect_many(["a", "b"], regions=[...])` gives one per cloud and region, and `run_many` (or its
`.run`) awaits one coroutine against all of them on one loop (`ostack.multicloud`).
"""

from __future__ import annotations

from typing import Any

from ostack.config import load
from ostack.connection import AsyncConnection
from ostack.multicloud import ManyConnections, Target, connect_many, run_many

__all__ = ["AsyncConnection", "ManyConnections", "Target", "connect", "connect_many", "run_many"]


def connect(
    cloud: str | None = None,
    *,
    cache: bool | None = None,
    microversions: dict[str, str] | None = None,
    env: dict[str, str] | None = None,
    use_env: bool = True,
    client_tokens: bool | None = None,
    retries: int | None = None,
    **options: Any,
) -> AsyncConnection:
    """An AsyncConnection to a cloud, resolved exactly as `ostack.connect()` resolves it."""
    from ostack.config import option_names

    option_names.check(options, "ostack.aio.connect()")
    config = load(cloud, options, env, use_env=use_env)
    conn = AsyncConnection(config=config, cache=cache, microversions=microversions)
    if client_tokens is not None:
        conn.session.client_tokens = client_tokens
    if retries is not None:  # idempotent requests sent again after a 5xx or a lost answer
        conn.session.http.retries = retries
    return conn
