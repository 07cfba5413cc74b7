"""Authentication failures told in the user's terms: which cloud, which user, which URL.

Keystone's own 401 text ("The request you have made requires authentication.") says nothing
of what to check; the session re-raises the error with the cloud's name, the user and the auth
URL (a 401), or the URL that was not found (a 404), never a secret.
"""

from __future__ import annotations

from typing import Any

from ostack import exceptions


def explain(exc: exceptions.HttpError, plugin: Any, cloud_name: str | None) -> exceptions.HttpError:
    """The same error, its message naming what the user can check."""
    auth_url = getattr(plugin, "auth_url", None) or "(none)"
    cloud = f"cloud '{cloud_name}'" if cloud_name else "the configured cloud"
    if exc.status_code == 401:
        user = getattr(plugin, "username", None) or getattr(plugin, "user_id", None)
        who = f"user '{user}'" if user else f"auth type {getattr(plugin, 'auth_type', '?')}"
        message = (f"authentication failed for {who} of {cloud} at auth URL {auth_url}: "
                   f"check the credentials and the scope (Keystone said: {exc.message})")
    elif exc.status_code == 404:
        message = (f"the auth URL {auth_url} of {cloud} is not a Keystone v3 endpoint: "
                   f"{exc.method or 'POST'} {exc.url or auth_url} answered 404; check auth_url "
                   "(OS_AUTH_URL, --os-auth-url)")
    else:
        return exc
    return type(exc)(message, status_code=exc.status_code, request_id=exc.request_id,
                     method=exc.method, url=exc.url, details=exc.details,
                     response=exc.response)
