"""Keystone's revocation events, as a `revoked` flag on the stored tokens: a password change,
disabling or deleting a user, disabling a project or a domain, removing a role assignment or
a group membership revokes the tokens they concern."""

from __future__ import annotations

from typing import Any

from .. import timestamps
from ..store import Store

# Keystone's [token] allow_expired_window: how long after expiry `allow_expired` still works.
ALLOW_EXPIRED_WINDOW = 2 * 24 * 3600


def revoke_tokens(store: Store, where: str, params: tuple[Any, ...]) -> int:
    """Revoke the live tokens matching an SQL condition on the tokens table."""
    return store.execute(
        f"UPDATE tokens SET revoked = 1 WHERE revoked = 0 AND expires_at > ? AND ({where})",
        (timestamps.now() - ALLOW_EXPIRED_WINDOW, *params))
