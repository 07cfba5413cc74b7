"""The transport layer: one Session for every service, and the HTTP under it.

Names are imported on first use, so that `ostack.auth` (which sits under the session and uses
the HTTP client) can be imported first without a cycle.
"""

from __future__ import annotations

__all__ = ["HttpClient", "Response", "Session"]


def __getattr__(name: str):
    if name in ("HttpClient", "Response"):
        from ostack.transport import http

        return getattr(http, name)
    if name == "Session":
        from ostack.transport.session import Session

        return Session
    raise AttributeError(f"module 'ostack.transport' has no attribute {name!r}")
