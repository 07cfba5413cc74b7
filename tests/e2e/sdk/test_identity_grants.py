"""Grants through the SDK, sync and async: assign, validate, list and unassign a role for a
user and for a group on a project, a domain (plain and inherited) and the system."""

from __future__ import annotations

import uuid

import pytest

from ostack import exceptions


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def actors(sdk):
    identity = sdk.identity
    made = {
        "project": identity.create_project(name=_name("sdk-prj")),
        "domain": identity.create_domain(name=_name("sdk-dom")),
        "user": identity.create_user(name=_name("sdk-usr")),
        "group": identity.create_group(name=_name("sdk-grp")),
        "role": identity.create_role(name=_name("sdk-role")),
    }
    yield made
    identity.delete_role(made["role"])
    identity.delete_group(made["group"])
    identity.delete_user(made["user"])
    identity.delete_project(made["project"])
    identity.update_domain(made["domain"], is_enabled=False)
    identity.delete_domain(made["domain"])


@pytest.mark.parametrize("target", ["project", "domain"])
@pytest.mark.parametrize("actor", ["user", "group"])
def test_grant_on_project_and_domain(sdk, actors, target, actor):
    identity = sdk.identity
    where, who, role = actors[target], actors[actor], actors["role"]
    assign = getattr(identity, f"assign_{target}_role_to_{actor}")
    unassign = getattr(identity, f"unassign_{target}_role_from_{actor}")
    validate = getattr(identity, f"validate_{actor}_has_{target}_role")
    assert validate(where, who, role) is False
    assign(where, who, role)
    assert validate(where.id, who.id, role.id) is True
    listed = identity.role_assignments_filter(**{target: where, actor: who})
    assert [r.id for r in listed] == [role.id]
    found = identity.role_assignments(**{f"scope_{target}_id": where.id, f"{actor}_id": who.id})
    assert [a.role["id"] for a in found] == [role.id]
    unassign(where, who, role)
    assert validate(where, who, role) is False
    assert list(identity.role_assignments_filter(**{target: where, actor: who})) == []
    with pytest.raises(exceptions.NotFound):
        unassign(where, who, role)


@pytest.mark.parametrize("actor", ["user", "group"])
def test_inherited_grant_on_domain(sdk, actors, actor):
    identity = sdk.identity
    domain, who, role = actors["domain"], actors[actor], actors["role"]
    assign = getattr(identity, f"assign_domain_role_to_{actor}")
    validate = getattr(identity, f"validate_{actor}_has_domain_role")
    assign(domain, who, role, inherited=True)
    try:
        assert validate(domain, who, role, inherited=True) is True
        assert validate(domain, who, role) is False  # not on the domain itself
        found = identity.role_assignments(**{f"{actor}_id": who.id})
        assert [a.scope.get("OS-INHERIT:inherited_to") for a in found] == ["projects"]
    finally:
        getattr(identity, f"unassign_domain_role_from_{actor}")(domain, who, role,
                                                                 inherited=True)
    assert validate(domain, who, role, inherited=True) is False


@pytest.mark.parametrize("actor", ["user", "group"])
def test_grant_on_system(sdk, actors, actor):
    identity = sdk.identity
    who, role = actors[actor], actors["role"]
    validate = getattr(identity, f"validate_{actor}_has_system_role")
    assert validate(who, role) is False
    getattr(identity, f"assign_system_role_to_{actor}")(who, role)
    try:
        assert validate(who, role, "all") is True
        listed = identity.role_assignments_filter(system="all", **{actor: who})
        assert [r.id for r in listed] == [role.id]
    finally:
        getattr(identity, f"unassign_system_role_from_{actor}")(who, role)
    assert validate(who, role) is False


def test_filter_needs_one_target_and_one_actor(sdk, actors):
    with pytest.raises(exceptions.OstackError):
        list(sdk.identity.role_assignments_filter(project=actors["project"]))
