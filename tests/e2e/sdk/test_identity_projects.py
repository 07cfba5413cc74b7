"""Projects through the SDK, sync and async: tags (set, add, check, remove, filter by tag),
the hierarchy (parents and subtree of a child project) and a user's projects."""

from __future__ import annotations

import uuid


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_project_tags(sdk):
    identity = sdk.identity
    tag = _name("t")
    project = identity.create_project(name=_name("sdk-prj"), tags=["a"])
    try:
        assert identity.fetch_project_tags(project).tags == ["a"]
        assert identity.set_project_tags(project, [tag, "b"]).tags == [tag, "b"]
        identity.add_tag_to_project(project, "c")
        assert sorted(identity.fetch_project_tags(project.id).tags) == sorted([tag, "b", "c"])
        assert identity.check_project_tag(project, "c") is True
        identity.remove_tag_from_project(project, "c")
        assert identity.check_project_tag(project, "c") is False
        assert [p.id for p in identity.projects(tags=tag)] == [project.id]
        assert project.id not in [p.id for p in identity.projects(not_tags=tag)]
        assert [p.id for p in identity.projects(any_tags=f"{tag},zz")] == [project.id]
        identity.remove_tags_from_project(project)
        assert identity.fetch_project_tags(project).tags == []
        assert identity.get_project(project).tags == []
    finally:
        identity.delete_project(project)


def test_project_parents_and_subtree(sdk):
    identity = sdk.identity
    parent = identity.create_project(name=_name("sdk-parent"))
    child = identity.create_project(name=_name("sdk-child"), parent_id=parent.id)
    try:
        assert child.parent_id == parent.id
        assert [p.id for p in identity.projects(parent_id=parent.id)] == [child.id]
        up = identity.get_project(child, parents_as_ids=True)
        assert parent.id in up.parents
        down = identity.get_project(parent, subtree_as_ids=True)
        assert down.subtree == {child.id: None}
    finally:
        identity.delete_project(child)
        identity.delete_project(parent)


def test_user_projects(sdk):
    identity = sdk.identity
    project = identity.create_project(name=_name("sdk-prj"))
    user = identity.create_user(name=_name("sdk-usr"))
    role = identity.find_role("member")
    try:
        assert list(identity.user_projects(user)) == []
        identity.assign_project_role_to_user(project, user, role)
        assert [p.id for p in identity.user_projects(user)] == [project.id]
    finally:
        identity.delete_user(user)
        identity.delete_project(project)
