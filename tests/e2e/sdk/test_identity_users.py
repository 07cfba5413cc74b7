"""A user's password change through the SDK, sync and async: the old password is needed."""

from __future__ import annotations

import uuid

import pytest

from ostack import exceptions


def test_update_password(sdk):
    identity = sdk.identity
    user = identity.create_user(name=f"sdk-usr-{uuid.uuid4().hex[:8]}", password="old-pass-1")
    try:
        identity.update_password(user, "old-pass-1", "new-pass-2")
        with pytest.raises(exceptions.Unauthorized):  # the old one no longer proves the user
            identity.update_password(user, "old-pass-1", "other-3")
        identity.update_password(user.id, "new-pass-2", "other-3")
    finally:
        identity.delete_user(user)
