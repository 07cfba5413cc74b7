"""ostack: a fast OpenStack client stack and a local OpenStack-compatible cloud.

The public surface is small and imported lazily so that `ostack --version` stays cheap.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["connect", "Connection", "__version__"]


def __getattr__(name: str):
    if name in ("connect", "Connection"):
        from ostack import connection

        return getattr(connection, name)
    raise AttributeError(f"module 'ostack' has no attribute {name!r}")
