"""EC2 credentials through the SDK, sync and async: create (Keystone makes the access key and
secret), get, list and delete."""

from __future__ import annotations

import pytest

from ostack import exceptions


def test_ec2_credentials(sdk):
    identity = sdk.identity
    access = identity.get_access()
    made = identity.create_ec2_credential(access.user_id, access.project_id)
    try:
        assert made.access and made.secret and made.id == made.access
        assert made.project_id == access.project_id and made.user_id == access.user_id
        got = identity.get_ec2_credential(made.access, user_id=access.user_id)
        assert got.secret == made.secret
        assert made.access in [c.access for c in identity.ec2_credentials(user=access.user_id)]
    finally:
        identity.delete_ec2_credential(made.access, user=access.user_id)
    with pytest.raises(exceptions.NotFound):
        identity.get_ec2_credential(made.access, user=access.user_id)
