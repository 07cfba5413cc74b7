"""`image add project|remove project|member get|member list` and membership answers through
`image set --accept|--reject|--pending`: the same output as the official client."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.official

OWN = {"image_id", "Image ID"}


@pytest.fixture
def shared_images(localcloud):
    from tests.support.sdk import connect

    conn, close = connect("sync", localcloud)
    images = [conn.image.create_image(f"{p}-{uuid.uuid4().hex[:8]}", disk_format="raw",
                                      visibility="shared", allow_duplicates=True)
              for p in ("ost-share", "osc-share")]
    yield [i.id for i in images]
    for image in images:
        conn.image.delete_image(image)
    close()


def test_image_members(differ, shared_images):
    ours, theirs = shared_images
    mine, official = differ.pair(["image", "add", "project", ours, "demo"],
                                 ["image", "add", "project", theirs, "demo"])
    differ.assert_same(mine, official, ignore=OWN)
    assert mine.data["status"] == "pending"
    member = mine.data["member_id"]
    mine, official = differ.pair(["image", "member", "list", ours],
                                 ["image", "member", "list", theirs])
    differ.assert_same(mine, official, ignore=OWN)
    mine, official = differ.pair(["image", "member", "list", ours],
                                 ["image", "member", "list", theirs], fmt="table")
    assert mine.stdout.replace(ours, theirs) == official.stdout
    mine, official = differ.pair(["image", "member", "get", ours, member],
                                 ["image", "member", "get", theirs, member])
    differ.assert_same(mine, official, ignore=OWN)
    # Answers for the member project.
    for answer, status in (("--accept", "accepted"), ("--reject", "rejected"),
                           ("--pending", "pending")):
        differ.pair(["image", "set", ours, answer, "--project", "demo"],
                    ["image", "set", theirs, answer, "--project", "demo"], fmt=None)
        mine, official = differ.pair(["image", "member", "get", ours, member],
                                     ["image", "member", "get", theirs, member])
        differ.assert_same(mine, official, ignore=OWN)
        assert mine.data["status"] == status
    differ.same("image", "member", "get", ours, "demo", code=1)
    differ.same("image", "add", "project", ours, "no-such-project", code=1)
    differ.same("image", "add", "project", ours, code=2)
    differ.pair(["image", "remove", "project", ours, "demo"],
                ["image", "remove", "project", theirs, "demo"], fmt=None)
    differ.pair(["image", "member", "list", ours], ["image", "member", "list", theirs])
    differ.pair(["image", "member", "get", ours, member],
                ["image", "member", "get", theirs, member], code=1)
    # Removing a project that is no member is no error (the official client ignores it).
    differ.pair(["image", "remove", "project", ours, "demo"],
                ["image", "remove", "project", theirs, "demo"], fmt=None)
    differ.same("image", "member", "list", "no-such-image", code=1)
