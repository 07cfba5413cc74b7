"""Keystone v3 identity plugins, the access info they produce, and the token cache."""

from ostack.auth.access import AccessInfo
from ostack.auth.plugins import (
    ApplicationCredential,
    IdentityPlugin,
    NoAuth,
    Password,
    Token,
    plugin_from_auth,
)

__all__ = [
    "AccessInfo", "ApplicationCredential", "IdentityPlugin", "NoAuth", "Password", "Token",
    "plugin_from_auth",
]
