"""The transport layer: one Session for every service, and the HTTP under it.

`Session` (sync, on http.client) and `AsyncSession` (async, on httpcore) drive the same flows
(`flows`, `core`, `retries`). Names are imported on first use, so that `ostack.auth` (which sits
under the session) can be imported first without a cycle, and the sync side never loads httpcore.
"""

from __future__ import annotations

__all__ = ["AsyncHttpClient", "AsyncSession", "HttpClient", "Response", "Session"]

_HOMES = {
    "HttpClient": "ostack.transport.http",
    "Response": "ostack.transport.http",
    "Session": "ostack.transport.session",
    "AsyncHttpClient": "ostack.transport.ahttp",
    "AsyncSession": "ostack.transport.asession",
}


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'ostack.transport' has no attribute {name!r}")
    return getattr(__import__(home, fromlist=[name]), name)
