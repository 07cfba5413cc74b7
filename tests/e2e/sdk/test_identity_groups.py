"""Groups through the SDK, sync and async: create, find, list, update and delete a group;
add, check and remove a member; a group's users and a user's groups."""

from __future__ import annotations

import uuid

import pytest

from ostack import exceptions


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_group_crud(sdk):
    identity = sdk.identity
    group = identity.create_group(name=_name("sdk-grp"), description="first")
    try:
        assert group.id and group.domain_id == "default" and group.description == "first"
        assert identity.get_group(group.id).name == group.name
        assert identity.find_group(group.name).id == group.id
        assert group.id in [g.id for g in identity.groups(name=group.name)]
        assert identity.update_group(group, description="second").description == "second"
        assert identity.get_group(group).description == "second"
    finally:
        identity.delete_group(group)
    assert identity.find_group(group.name) is None
    with pytest.raises(exceptions.NotFound):
        identity.delete_group(group, ignore_missing=False)


def test_group_membership(sdk):
    identity = sdk.identity
    group = identity.create_group(name=_name("sdk-grp"))
    user = identity.create_user(name=_name("sdk-usr"), password="secret-1")
    try:
        assert identity.check_user_in_group(user, group) is False
        identity.add_user_to_group(user, group)
        assert identity.check_user_in_group(user.id, group.id) is True
        assert [u.id for u in identity.group_users(group)] == [user.id]
        assert [g.id for g in identity.user_groups(user)] == [group.id]
        identity.remove_user_from_group(user, group)
        assert identity.check_user_in_group(user, group) is False
        assert list(identity.group_users(group)) == []
        with pytest.raises(exceptions.NotFound):
            identity.remove_user_from_group(user, group)
    finally:
        identity.delete_user(user)
        identity.delete_group(group)
