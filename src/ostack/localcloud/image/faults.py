"""Glance's error format (webob's): JSON when the client accepts it, else plain text."""

from __future__ import annotations

import json

from ..errors import ApiError
from ..service import Scope


def glance_body(err: ApiError, accept: str) -> tuple[bytes, str]:
    """Glance's error body and its content type."""
    status_line = f"{err.status} {err.title}"
    if "application/json" in accept:
        body = {"message": err.message, "code": status_line, "title": err.title}
        return json.dumps(body).encode(), "application/json"
    return f"{status_line}\n\n{err.message}\n\n   ".encode(), "text/plain; charset=UTF-8"


def render_error(err: ApiError, scope: Scope) -> tuple[bytes, str]:
    accept = dict(scope["headers"]).get(b"accept", b"").decode("latin-1")
    return glance_body(err, accept)
