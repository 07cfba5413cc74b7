"""Tokens through the SDK, sync and async: check a token before and after its revocation."""

from __future__ import annotations

import ostack


def test_check_token(sdk, localcloud):
    other = ostack.connect(cloud="local", env=localcloud.env, cache=False)
    try:
        token = other.session.get_token()
        assert sdk.identity.check_token(token) is True
        assert sdk.identity.validate_token(token).token == token
        sdk.identity.revoke_token(token)
        assert sdk.identity.check_token(token) is False
    finally:
        other.close()
