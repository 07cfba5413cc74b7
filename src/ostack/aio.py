"""The async API: `conn = ostack.aio.connect(cloud="local")`, then `await` every operation.

The same declarations, config, auth, token cache, discovery, microversions, retries and
errors as `ostack.connect()`; only the sending of bytes differs (httpcore's connection pool).
"""

from __future__ import annotations

from typing import Any

from ostack.config import load
from ostack.connection import AsyncConnection

__all__ = ["AsyncConnection", "connect"]


def connect(
    cloud: str | None = None,
    *,
    cache: bool | None = None,
    microversions: dict[str, str] | None = None,
    env: dict[str, str] | None = None,
    use_env: bool = True,
    **options: Any,
) -> AsyncConnection:
    """An AsyncConnection to a cloud, resolved exactly as `ostack.connect()` resolves it."""
    config = load(cloud, options, env, use_env=use_env)
    return AsyncConnection(config=config, cache=cache, microversions=microversions)
