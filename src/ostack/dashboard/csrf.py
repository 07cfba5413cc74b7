"""CSRF protection: every state-changing request carries the session's token.

The token travels either in the `X-CSRF-Token` header (htmx sends it on every request: the
base template sets `hx-headers`; scripts such as upload progress bars set it too) or in the
form field `csrf_token` (every `<form method=post>` includes it). A form body is read here,
then replayed unchanged to the page's handler.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request

HEADER = "x-csrf-token"
FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

Receive = Callable[[], Awaitable[dict[str, Any]]]


def _same(given: str | None, wanted: str) -> bool:
    return bool(given) and hmac.compare_digest(str(given), wanted)


async def check(scope: dict[str, Any], receive: Receive, wanted: str) -> tuple[bool, Receive]:
    """Whether the request carries `wanted`; and the `receive` to hand on (replaying the body
    when it had to be read to find the form field)."""
    headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
    if _same(headers.get(HEADER), wanted):
        return True, receive
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            break
    body = b"".join(chunks)
    sent = False

    async def replay() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    ctype = headers.get("content-type", "")
    ok = False
    if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        sent_once = False

        async def once() -> dict[str, Any]:
            nonlocal sent_once
            if not sent_once:
                sent_once = True
                return {"type": "http.request", "body": body, "more_body": False}
            return {"type": "http.disconnect"}

        try:
            form = await Request(scope, once).form()
            ok = _same(form.get(FIELD), wanted)  # type: ignore[arg-type]
            await form.close()
        except Exception:  # an unreadable form carries no token
            ok = False
    return ok, replay
