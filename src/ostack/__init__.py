"""ostack: a fast OpenStack client stack and a local OpenStack-compatible cloud.

The public surface is small and imported lazily so that `ostack --version` stays cheap.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["connect", "enable_logging", "Connection", "AsyncConnection", "__version__"]


def __getattr__(name: str):
    if name in ("connect", "Connection", "AsyncConnection"):
        from ostack import connection

        return getattr(connection, name)
    if name == "enable_logging":
        from ostack.logs import enable_logging

        return enable_logging
    if name == "aio":
        import importlib

        return importlib.import_module("ostack.aio")
    raise AttributeError(f"module 'ostack' has no attribute {name!r}")
