"""Image members through the SDK, sync and async: share, list, answer, unshare."""

from __future__ import annotations

import uuid

import pytest

from ostack import exceptions


def test_members(sdk):
    demo = sdk.identity.find_project("demo", ignore_missing=False).id
    image = sdk.image.create_image(f"sdk-share-{uuid.uuid4().hex[:8]}", disk_format="raw",
                                   visibility="shared", allow_duplicates=True)
    try:
        member = sdk.image.add_member(image, member_id=demo)
        assert (member.member_id, member.id, member.image_id, member.status) == (
            demo, demo, image.id, "pending")
        assert [m.member_id for m in sdk.image.members(image)] == [demo]
        assert sdk.image.get_member(demo, image.id).status == "pending"
        assert sdk.image.find_member(demo, image).member_id == demo
        assert sdk.image.find_member("nobody", image) is None
        with pytest.raises(exceptions.NotFound):
            sdk.image.find_member("nobody", image, ignore_missing=False)
        updated = sdk.image.update_member(member, image, status="accepted")
        assert updated.status == "accepted"
        assert sdk.image.get_member(member, image).status == "accepted"
        sdk.image.remove_member(member)  # the member knows its image
        assert list(sdk.image.members(image.id)) == []
        sdk.image.remove_member(demo, image)  # no longer a member: ignored
        with pytest.raises(exceptions.NotFound):
            sdk.image.remove_member(demo, image, ignore_missing=False)
        again = sdk.image.create_member(image, member_id=demo)
        assert again.status == "pending"
    finally:
        sdk.image.delete_image(image)
