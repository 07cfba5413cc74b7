"""Swift's error format: swob's `<html><h1>Title</h1><p>Explanation</p></html>` (the titles
and explanations are `errors.SWIFT_REASONS`, which the operator API shares), or the plain text
Swift answers where it says what is wrong; and its `X-Trans-Id` on every answer."""

from __future__ import annotations

from ..errors import SWIFT_REASONS, ApiError
from ..service import Scope


def swift_body(err: ApiError) -> tuple[bytes, str]:
    """Swift's error body and its content type."""
    title, explanation = SWIFT_REASONS.get(err.status, (err.title, err.title))
    if err.message and err.message != explanation:
        return err.message.encode(), "text/plain; charset=UTF-8"
    return (f"<html><h1>{title}</h1><p>{explanation}</p></html>".encode(),
            "text/html; charset=UTF-8")


def render_error(err: ApiError, scope: Scope) -> tuple[bytes, str]:
    return swift_body(err)


def response_headers(scope: Scope) -> list[tuple[bytes, bytes]]:
    """Swift names every answer with its transaction id."""
    return [(b"x-trans-id", scope.get("request_id", "").encode())]
