"""CSRF protection: every state-changing request carries the session's token.

The token travels either in the `X-CSRF-Token` header (htmx sends it on every request: the
base template sets `hx-headers`; scripts such as upload progress bars set it too) or in the
form field `csrf_token` (every `<form method=post>` includes it). A form body is read here,
then replayed unchanged to the page's handler.

Before a session exists (the login form) the token is a pre-session one: signed with the
dashboard's key, stamped with its time, kept in a short-lived `HttpOnly`, `SameSite=Strict`
cookie and repeated in the form (double submit): a login POST passes only when both carry
the same token, its signature holds and it is younger than `PRESESSION_TTL`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request

HEADER = "x-csrf-token"
FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: The cookie of the pre-session token (the login form's), and how long it lives (seconds).
PRESESSION_COOKIE = "ostack_csrf"
PRESESSION_TTL = 600

Receive = Callable[[], Awaitable[dict[str, Any]]]


def _same(given: str | None, wanted: str) -> bool:
    return bool(given) and hmac.compare_digest(str(given), wanted)


def _mac(secret: bytes, payload: str) -> str:
    return hmac.new(secret, b"csrf:" + payload.encode(), hashlib.sha256).hexdigest()


def presession_token(secret: bytes, now: float | None = None) -> str:
    """A fresh pre-session token: `time.nonce.signature`."""
    payload = f"{int(now if now is not None else time.time())}.{secrets.token_urlsafe(16)}"
    return f"{payload}.{_mac(secret, payload)}"


def presession_age(secret: bytes, token: str | None, now: float | None = None) -> float | None:
    """The age in seconds of a well-signed, unexpired pre-session token (None: not one)."""
    if not token or token.count(".") != 2:
        return None
    payload, _, mac = token.rpartition(".")
    if not hmac.compare_digest(mac, _mac(secret, payload)):
        return None
    try:
        age = (now if now is not None else time.time()) - int(payload.split(".", 1)[0])
    except ValueError:
        return None
    return age if -60 <= age <= PRESESSION_TTL else None


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
