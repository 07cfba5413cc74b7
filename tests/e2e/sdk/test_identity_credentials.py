"""Credentials and policies through the SDK, sync and async: create, get, find, list
(filtered), update and delete."""

from __future__ import annotations

import json
import uuid

import pytest

from ostack import exceptions


def test_credential(sdk):
    identity = sdk.identity
    user = identity.create_user(name=f"sdk-usr-{uuid.uuid4().hex[:8]}")
    try:
        blob = json.dumps({"access": "a", "secret": "s"})
        made = identity.create_credential(user_id=user.id, type="cert", blob=blob)
        assert made.blob == blob and made.type == "cert" and made.user_id == user.id
        assert identity.get_credential(made.id).blob == blob
        assert identity.find_credential(made.id).id == made.id
        assert [c.id for c in identity.credentials(user_id=user.id)] == [made.id]
        assert list(identity.credentials(user_id=user.id, type="ec2")) == []
        assert identity.update_credential(made, blob="other").blob == "other"
        identity.delete_credential(made)
        with pytest.raises(exceptions.NotFound):
            identity.get_credential(made.id)
    finally:
        identity.delete_user(user)


def test_policy(sdk):
    identity = sdk.identity
    kind = f"application/x-{uuid.uuid4().hex[:8]}"
    made = identity.create_policy(type=kind, blob='{"rule": "x"}')
    try:
        assert made.type == kind and made.blob == '{"rule": "x"}'
        assert identity.get_policy(made.id).type == kind
        assert identity.find_policy(made.id).id == made.id
        assert made.id in [p.id for p in identity.policies()]
        assert identity.update_policy(made, blob="{}").blob == "{}"
    finally:
        identity.delete_policy(made)
    assert identity.find_policy(made.id) is None
    with pytest.raises(exceptions.NotFound):
        identity.delete_policy(made, ignore_missing=False)
