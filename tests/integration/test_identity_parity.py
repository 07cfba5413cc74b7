"""The SDK's identity resources, one test body against a real Keystone 30.0.0 and against the
local cloud: users, projects, groups, roles and assignments, credentials, trusts, limits and
endpoint groups. Where the two clouds answer differently, the local cloud is the one to fix.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import yaml

import ostack
import ostack.aio
from ostack import exceptions

pytestmark = pytest.mark.keystone

REGION = "RegionOne"
DOMAIN = "default"


def _name(prefix: str) -> str:
    return f"parity-{prefix}-{uuid.uuid4().hex[:8]}"


@dataclass
class Cloud:
    """One cloud under test: its admin connection, and how to connect as someone else."""

    kind: str
    auth_url: str
    admin_password: str
    conn: Any = None

    def options(self, **auth: Any) -> dict[str, Any]:
        return dict(auth_url=self.auth_url, region_name=REGION, cache=False, use_env=False,
                    **auth)

    def connect(self, **auth: Any) -> ostack.Connection:
        return ostack.connect(**self.options(**auth))

    def admin_options(self) -> dict[str, Any]:
        return self.options(username="admin", password=self.admin_password,
                            user_domain_id=DOMAIN, project_name="admin",
                            project_domain_id=DOMAIN)


@pytest.fixture(scope="module", params=["keystone", "localcloud"])
def cloud(request: pytest.FixtureRequest) -> Iterator[Cloud]:
    """An admin connection (project `admin`) to a real Keystone, then to the local cloud."""
    if request.param == "keystone":
        server = request.getfixturevalue("keystone")
        made = Cloud("keystone", server.auth_url, server.admin_password)
    else:
        local = request.getfixturevalue("localcloud")
        auth = yaml.safe_load(local.clouds_yaml.read_text())["clouds"]["local"]["auth"]
        made = Cloud("localcloud", auth["auth_url"], auth["password"])
    made.conn = ostack.connect(**made.admin_options())
    try:
        yield made
    finally:
        made.conn.close()


@pytest.fixture(scope="module")
def member(cloud: Cloud) -> Any:
    return cloud.conn.identity.find_role("member", ignore_missing=False)


def _ids(resources: Any) -> list[str]:
    return sorted(r.id for r in resources)


# -- users ------------------------------------------------------------------------------------
def test_user_lifecycle_and_own_password_change(cloud, member):
    identity = cloud.conn.identity
    name, old, new = _name("usr"), "Old-pass-1", "New-pass-2"
    project = identity.create_project(name=_name("prj"), domain_id=DOMAIN)
    user = identity.create_user(name=name, password=old, domain_id=DOMAIN,
                                email="u@example.org", description="first")
    try:
        assert (user.name, user.domain_id, user.is_enabled) == (name, DOMAIN, True)
        assert user.password is None  # never echoed back
        assert identity.find_user(name, ignore_missing=False).id == user.id
        assert identity.find_user(user.id).name == name
        assert _ids(identity.users(name=name)) == [user.id]
        with pytest.raises(exceptions.Conflict):
            identity.create_user(name=name, domain_id=DOMAIN)
        updated = identity.update_user(user, description="second", email="v@example.org")
        assert (updated.description, updated.email) == ("second", "v@example.org")
        assert identity.get_user(user).description == "second"

        identity.assign_project_role_to_user(project, user, member)
        mine = dict(username=name, user_domain_id=DOMAIN, project_id=project.id)
        with cloud.connect(password=old, **mine) as own:
            assert own.identity.get_access().user_id == user.id
            own.identity.update_password(user, old, new)
        with pytest.raises(exceptions.Unauthorized), cloud.connect(password=old, **mine) as c:
            c.identity.get_access()
        with cloud.connect(password=new, **mine) as own:
            assert own.identity.get_access().project_id == project.id
        with pytest.raises(exceptions.Unauthorized):  # the old password is needed, and wrong
            identity.update_password(user, "not-it", "Other-3")

        identity.update_user(user, is_enabled=False)
        with pytest.raises(exceptions.Unauthorized), cloud.connect(password=new, **mine) as c:
            c.identity.get_access()
    finally:
        identity.delete_user(user)
        identity.delete_project(project)
    assert identity.find_user(name) is None
    with pytest.raises(exceptions.NotFound):
        identity.get_user(user.id)
    with pytest.raises(exceptions.NotFound):
        identity.delete_user(user, ignore_missing=False)


# -- projects ---------------------------------------------------------------------------------
def test_project_tags_hierarchy_update_delete(cloud, member):
    identity = cloud.conn.identity
    me = identity.get_access().user_id
    tag = uuid.uuid4().hex[:8]
    parent = identity.create_project(name=_name("parent"), domain_id=DOMAIN,
                                     description="up", tags=[tag, "b"])
    child = identity.create_project(name=_name("child"), parent_id=parent.id)
    try:
        assert sorted(parent.tags) == sorted([tag, "b"]) and parent.is_domain is False
        assert (child.parent_id, child.domain_id, child.tags) == (parent.id, DOMAIN, [])
        assert parent.parent_id == DOMAIN  # a top project's parent is its domain
        assert _ids(identity.projects(tags=tag)) == [parent.id]
        assert _ids(identity.projects(parent_id=parent.id)) == [child.id]
        assert identity.find_project(child.name, ignore_missing=False).id == child.id
        with pytest.raises(exceptions.Conflict):
            identity.create_project(name=child.name, domain_id=DOMAIN)
        with pytest.raises(exceptions.Forbidden):  # a project is never moved
            identity.update_project(child, parent_id=DOMAIN)

        up = identity.get_project(child, parents_as_ids=True)
        assert up.parents == {parent.id: {DOMAIN: None}}
        assert identity.get_project(parent, subtree_as_ids=True).subtree == {child.id: None}
        # As lists, only the projects the caller has a role on are shown.
        assert identity.get_project(child, parents_as_list=True).parents == []
        assert identity.get_project(parent, subtree_as_list=True).subtree == []
        for project in (parent, child):
            identity.assign_project_role_to_user(project, me, member)
        listed = identity.get_project(child, parents_as_list=True).parents
        assert [p["project"]["id"] for p in listed] == [parent.id]
        below = identity.get_project(parent, subtree_as_list=True).subtree
        assert [p["project"]["id"] for p in below] == [child.id]

        updated = identity.update_project(parent, description="down", tags=["c"])
        assert (updated.description, updated.tags) == ("down", ["c"])
        identity.add_tag_to_project(parent, "d")
        assert sorted(identity.fetch_project_tags(parent).tags) == ["c", "d"]
        assert identity.check_project_tag(parent, "d") is True
        assert identity.check_project_tag(parent, "zz") is False

        with pytest.raises(exceptions.Forbidden):  # not a leaf
            identity.delete_project(parent)
        with pytest.raises(exceptions.BadRequest):  # a parent in another domain is refused
            identity.create_project(name=_name("bad"), parent_id=parent.id, domain_id="nope")
    finally:
        identity.delete_project(child)
        identity.delete_project(parent)
    with pytest.raises(exceptions.NotFound):
        identity.get_project(parent.id)


# -- groups -----------------------------------------------------------------------------------
def test_group_and_membership(cloud):
    identity = cloud.conn.identity
    group = identity.create_group(name=_name("grp"), domain_id=DOMAIN, description="one")
    user = identity.create_user(name=_name("usr"), domain_id=DOMAIN)
    try:
        assert (group.domain_id, group.description) == (DOMAIN, "one")
        assert identity.find_group(group.name, ignore_missing=False).id == group.id
        assert identity.update_group(group, description="two").description == "two"
        with pytest.raises(exceptions.Conflict):
            identity.create_group(name=group.name, domain_id=DOMAIN)
        assert identity.check_user_in_group(user, group) is False
        identity.add_user_to_group(user, group)
        assert identity.check_user_in_group(user, group) is True
        assert _ids(identity.group_users(group)) == [user.id]
        assert _ids(identity.user_groups(user)) == [group.id]
        identity.remove_user_from_group(user, group)
        assert identity.check_user_in_group(user.id, group.id) is False
        assert list(identity.group_users(group)) == []
        with pytest.raises(exceptions.NotFound):
            identity.remove_user_from_group(user, group)
    finally:
        identity.delete_user(user)
        identity.delete_group(group)
    assert identity.find_group(group.name) is None


def test_group_and_membership_async(cloud):
    """The same membership calls through `ostack.aio` (httpx, awaited)."""

    async def body() -> None:
        async with ostack.aio.connect(**cloud.admin_options()) as conn:
            identity = conn.identity
            group = await identity.create_group(name=_name("agrp"), domain_id=DOMAIN)
            user = await identity.create_user(name=_name("ausr"), domain_id=DOMAIN)
            try:
                await identity.add_user_to_group(user, group)
                assert await identity.check_user_in_group(user, group) is True
                assert [u.id async for u in identity.group_users(group)] == [user.id]
                assert (await identity.find_group(group.name)).id == group.id
            finally:
                await identity.delete_user(user)
                await identity.delete_group(group)
            assert await identity.find_group(group.name) is None

    asyncio.run(body())


# -- roles and assignments --------------------------------------------------------------------
def test_roles_grants_and_role_assignments(cloud):
    identity = cloud.conn.identity
    role = identity.create_role(name=_name("role"), description="r")
    domain = identity.create_domain(name=_name("dom"))
    project = identity.create_project(name=_name("prj"), domain_id=domain.id)
    user = identity.create_user(name=_name("usr"), domain_id=domain.id)
    group = identity.create_group(name=_name("grp"), domain_id=domain.id)
    try:
        assert identity.find_role(role.name, ignore_missing=False).id == role.id
        assert identity.update_role(role, description="s").description == "s"
        assert identity.validate_user_has_project_role(project, user, role) is False
        identity.assign_project_role_to_user(project, user, role)
        identity.assign_domain_role_to_group(domain, group, role)
        identity.add_user_to_group(user, group)
        assert identity.validate_user_has_project_role(project, user, role) is True
        assert identity.validate_group_has_domain_role(domain, group, role) is True
        assert _ids(identity.role_assignments_filter(project=project, user=user)) == [role.id]
        assert _ids(identity.role_assignments_filter(domain=domain, group=group)) == [role.id]

        direct = list(identity.role_assignments(user_id=user.id))
        assert [(a.scope, a.role) for a in direct] == [({"project": {"id": project.id}},
                                                        {"id": role.id})]
        assert list(identity.role_assignments(user_id=user.id, scope_domain_id=domain.id)) == []
        by_group = list(identity.role_assignments(group_id=group.id, role_id=role.id))
        assert [(a.group, a.scope) for a in by_group] == [({"id": group.id},
                                                           {"domain": {"id": domain.id}})]

        effective = list(identity.role_assignments(user_id=user.id, effective=True))
        assert sorted(next(iter(a.scope)) for a in effective) == ["domain", "project"]
        assert all(a.group is None and a.user == {"id": user.id} for a in effective)
        via_group = [a for a in effective if "domain" in a.scope][0]
        assert via_group.links["membership"].endswith(f"/groups/{group.id}/users/{user.id}")
        with pytest.raises(exceptions.BadRequest):  # effective lists users, never groups
            list(identity.role_assignments(group_id=group.id, effective=True))

        named = list(identity.role_assignments(scope_project_id=project.id, include_names=True))
        assert len(named) == 1
        assert named[0].role == {"id": role.id, "name": role.name}
        assert named[0].user == {"id": user.id, "name": user.name,
                                 "domain": {"id": domain.id, "name": domain.name}}
        assert named[0].scope == {"project": {"id": project.id, "name": project.name,
                                              "domain": {"id": domain.id,
                                                         "name": domain.name}}}

        identity.unassign_project_role_from_user(project, user, role)
        assert identity.validate_user_has_project_role(project, user, role) is False
        with pytest.raises(exceptions.NotFound):
            identity.unassign_project_role_from_user(project, user, role)
        assert list(identity.role_assignments(user_id=user.id)) == []
    finally:
        identity.delete_user(user)
        identity.delete_group(group)
        identity.delete_project(project)
        identity.update_domain(domain, is_enabled=False)
        identity.delete_domain(domain)
        identity.delete_role(role)
    assert identity.find_role(role.name) is None


def test_member_grants_policy_and_lookups_in_keystones_order(cloud, member):
    """A member may not manage or check grants, even its own (403); a missing role, user or
    target is a 404 first, but a revocation skips the user and OS-INHERIT checks policy first."""
    identity = cloud.conn.identity
    password = "Member-pass-1"
    project = identity.create_project(name=_name("prj"), domain_id=DOMAIN)
    user = identity.create_user(name=_name("usr"), password=password, domain_id=DOMAIN)
    other = identity.create_user(name=_name("oth"), domain_id=DOMAIN)
    group = identity.create_group(name=_name("grp"), domain_id=DOMAIN)
    reader = identity.find_role("reader", ignore_missing=False)
    gone = "f" * 32
    identity.assign_project_role_to_user(project, user, member)
    try:
        with cloud.connect(username=user.name, password=password, user_domain_id=DOMAIN,
                           project_id=project.id) as own:
            mine = own.identity
            refused = (
                lambda: mine.assign_project_role_to_user(project.id, other.id, reader.id),
                lambda: mine.validate_user_has_project_role(project.id, user.id, member.id),
                lambda: mine.unassign_project_role_from_user(project.id, other.id, reader.id),
                lambda: mine.assign_domain_role_to_group(DOMAIN, group.id, reader.id),
                lambda: mine.validate_group_has_domain_role(DOMAIN, group.id, reader.id),
                lambda: mine.assign_system_role_to_user(other.id, reader.id),
                lambda: mine.unassign_project_role_from_user(project.id, gone, reader.id),
                lambda: mine.unassign_domain_role_from_group(DOMAIN, gone, reader.id),
                lambda: mine.unassign_system_role_from_user(gone, reader.id),
                lambda: mine.assign_project_role_to_user(gone, gone, gone, inherited=True),
                lambda: mine.validate_user_has_domain_role(gone, other.id, reader.id,
                                                           inherited=True),
                lambda: mine.unassign_domain_role_from_group(DOMAIN, gone, gone,
                                                            inherited=True),
            )
            for number, call in enumerate(refused):
                with pytest.raises(exceptions.Forbidden):
                    call() or pytest.fail(f"call {number} was not refused")
            missing = (  # (call, what Keystone could not find)
                (lambda: mine.assign_project_role_to_user(project.id, other.id, gone), "role"),
                (lambda: mine.assign_project_role_to_user(gone, gone, reader.id), "user"),
                (lambda: mine.assign_project_role_to_user(gone, other.id, gone), "role"),
                (lambda: mine.unassign_project_role_from_user(gone, gone, reader.id),
                 "project"),
                (lambda: mine.assign_domain_role_to_user(gone, gone, gone), "domain"),
                (lambda: mine.assign_domain_role_to_group(DOMAIN, gone, reader.id), "group"),
                (lambda: mine.unassign_system_role_from_user(gone, gone), "role"),
            )
            for call, what in missing:
                with pytest.raises(exceptions.NotFound, match=f"Could not find {what}: "):
                    call()
            assert mine.validate_user_has_project_role(gone, other.id, reader.id) is False
    finally:
        identity.delete_group(group)
        identity.delete_user(other)
        identity.delete_user(user)
        identity.delete_project(project)


# -- resource options: immutable roles, projects and domains --------------------------------
def test_seeded_roles_are_immutable(cloud):
    identity = cloud.conn.identity
    for name in ("admin", "member", "reader"):
        role = identity.find_role(name, ignore_missing=False)
        assert role.options == {"immutable": True}, name
        with pytest.raises(exceptions.Forbidden, match="immutable role"):
            identity.update_role(role, description="changed")
        with pytest.raises(exceptions.Forbidden, match="immutable role"):
            identity.delete_role(role)


def test_immutable_role_project_and_domain(cloud):
    identity = cloud.conn.identity
    role = identity.create_role(name=_name("role"), options={"immutable": True})
    project = identity.create_project(name=_name("prj"), domain_id=DOMAIN, tags=["a"],
                                      options={"immutable": True})
    domain = identity.create_domain(name=_name("dom"), options={"immutable": True})
    plain = identity.create_role(name=_name("plain"))
    try:
        assert plain.options == {} and identity.get_role(plain).options == {}
        assert identity.get_role(role).options == {"immutable": True}
        assert identity.get_project(project).options == {"immutable": True}
        assert identity.get_domain(domain).options == {"immutable": True}
        for update, delete, kind in (
                (lambda: identity.update_role(role, description="x"),
                 lambda: identity.delete_role(role), "role"),
                (lambda: identity.update_project(project, description="x"),
                 lambda: identity.delete_project(project), "project"),
                (lambda: identity.update_domain(domain, is_enabled=False),
                 lambda: identity.delete_domain(domain), "domain")):
            with pytest.raises(exceptions.Forbidden, match=f"update immutable {kind}"):
                update()
            with pytest.raises(exceptions.Forbidden, match=f"delete immutable {kind}"):
                delete()
        with pytest.raises(exceptions.Forbidden):  # ... even with immutable false beside
            identity.update_role(role, description="x", options={"immutable": False})
        with pytest.raises(exceptions.Forbidden, match="project is immutable"):
            identity.add_tag_to_project(project, "b")
        with pytest.raises(exceptions.BadRequest):  # not an option of a role
            identity.update_role(role, options={"color": True})
        with pytest.raises(exceptions.BadRequest):
            identity.create_project(name=_name("bad"), options={"immutable": "yes"})

        # Setting it false, alone, is the one update allowed; then the rest may follow.
        assert identity.update_role(role, options={"immutable": False}).options == {
            "immutable": False}
        assert identity.update_role(role, description="x").description == "x"
        assert identity.update_project(project, options={"immutable": None}).options == {}
        identity.add_tag_to_project(project, "b")
        assert identity.update_domain(domain, options={"immutable": False}).options == {
            "immutable": False}
        identity.update_domain(domain, is_enabled=False)
        made = identity.update_role(plain, options={"immutable": True})
        assert made.options == {"immutable": True}
        identity.update_role(plain, options={"immutable": False})
    finally:
        for remove in (lambda: identity.delete_role(plain), lambda: identity.delete_role(role),
                       lambda: identity.delete_project(project),
                       lambda: identity.update_domain(domain, is_enabled=False),
                       lambda: identity.delete_domain(domain)):
            with contextlib.suppress(exceptions.Forbidden):  # still immutable after a failure
                remove()
    assert identity.find_role(role.name) is None
    with pytest.raises(exceptions.NotFound):
        identity.get_domain(domain.id)


# -- credentials ------------------------------------------------------------------------------
def test_credentials(cloud):
    identity = cloud.conn.identity
    user = identity.create_user(name=_name("usr"), domain_id=DOMAIN)
    project = identity.find_project("admin", ignore_missing=False)
    access = uuid.uuid4().hex
    ec2_blob = json.dumps({"access": access, "secret": uuid.uuid4().hex})
    made = []
    try:
        cert = identity.create_credential(user_id=user.id, type="cert", blob="s3cr3t-blob")
        made.append(cert)
        assert (cert.type, cert.blob, cert.user_id, cert.project_id) == (
            "cert", "s3cr3t-blob", user.id, None)
        ec2 = identity.create_credential(user_id=user.id, type="ec2", blob=ec2_blob,
                                         project_id=project.id)
        made.append(ec2)
        assert ec2.id == hashlib.sha256(access.encode()).hexdigest()
        assert identity.get_credential(ec2.id).blob == ec2_blob
        assert identity.get_credential(cert).blob == "s3cr3t-blob"
        assert _ids(identity.credentials(user_id=user.id)) == sorted([cert.id, ec2.id])
        assert _ids(identity.credentials(user_id=user.id, type="ec2")) == [ec2.id]

        changed = identity.update_credential(cert, blob="other-blob")
        assert changed.blob == "other-blob" == identity.get_credential(cert.id).blob
        with pytest.raises(exceptions.BadRequest):  # an ec2 credential needs its project
            identity.create_credential(user_id=user.id, type="ec2", blob=ec2_blob)
        identity.delete_credential(cert)
        with pytest.raises(exceptions.NotFound):
            identity.get_credential(cert.id)
        assert _ids(identity.credentials(user_id=user.id)) == [ec2.id]
    finally:
        for cred in made:
            identity.delete_credential(cred)
        identity.delete_user(user)


# -- trusts -----------------------------------------------------------------------------------
def test_trust_and_trust_scoped_token(cloud, member):
    identity = cloud.conn.identity
    me = identity.get_access().user_id
    password = "Trustee-pass-1"
    trustee = identity.create_user(name=_name("trustee"), password=password, domain_id=DOMAIN)
    project = identity.create_project(name=_name("prj"), domain_id=DOMAIN)
    identity.assign_project_role_to_user(project, me, member)
    trust = None
    try:
        trust = identity.create_trust(trustor_user_id=me, trustee_user_id=trustee.id,
                                      project_id=project.id, impersonation=True,
                                      roles=[{"name": "member"}])
        assert (trust.trustor_user_id, trust.trustee_user_id, trust.project_id) == (
            me, trustee.id, project.id)
        assert trust.is_impersonation is True and trust.expires_at is None
        assert [r["id"] for r in trust.roles] == [member.id]
        shown = identity.get_trust(trust.id)
        assert shown.project_id == project.id and shown.redelegation_count == 0
        assert "allow_redelegation" not in shown.raw and shown.raw["deleted_at"] is None
        assert identity.find_trust(trust.id).id == trust.id
        listed = list(identity.trusts(trustee_user_id=trustee.id))
        assert [(t.id, t.roles) for t in listed] == [(trust.id, None)]  # no roles in lists
        assert trust.id in _ids(identity.trusts(trustor_user_id=me))

        trustee_auth = dict(username=trustee.name, password=password, user_domain_id=DOMAIN)
        with cloud.connect(trust_id=trust.id, **trustee_auth) as delegated:
            got = delegated.identity.get_access()
            assert got.project_id == project.id
            assert got.user_id == me  # impersonation: the token is the trustor's
            assert "member" in got.role_names and "admin" not in got.role_names
            assert got.body["token"]["OS-TRUST:trust"]["id"] == trust.id

        with pytest.raises(exceptions.NotFound):  # a role the trustor does not hold here
            identity.create_trust(trustor_user_id=me, trustee_user_id=trustee.id,
                                  project_id=project.id, impersonation=False,
                                  roles=[{"name": "admin"}])
        with pytest.raises(exceptions.NotFound):  # without a project, no role to delegate
            identity.create_trust(trustor_user_id=me, trustee_user_id=trustee.id,
                                  impersonation=False, roles=[{"id": member.id}])
        once = identity.create_trust(trustor_user_id=me, trustee_user_id=trustee.id,
                                     project_id=project.id, impersonation=False,
                                     roles=[{"id": member.id}], remaining_uses=1)
        assert once.remaining_uses == 1
        with cloud.connect(trust_id=once.id, **trustee_auth) as delegated:
            assert delegated.identity.get_access().user_id == trustee.id
        with pytest.raises(exceptions.Unauthorized), \
                cloud.connect(trust_id=once.id, **trustee_auth) as used_up:
            used_up.identity.get_access()
        assert identity.find_trust(once.id) is None  # used up: gone

        identity.delete_trust(trust)
        with pytest.raises(exceptions.NotFound):
            identity.get_trust(trust.id)
        assert identity.find_trust(trust.id) is None
        with pytest.raises(exceptions.Unauthorized), \
                cloud.connect(trust_id=trust.id, **trustee_auth) as deleted:
            deleted.identity.get_access()
    finally:
        if trust is not None:
            identity.delete_trust(trust)
        identity.delete_user(trustee)
        identity.delete_project(project)


# -- registered limits and limits -------------------------------------------------------------
def test_registered_limits_and_limits(cloud):
    identity = cloud.conn.identity
    service = identity.create_service(type=_name("svc"), name=_name("svc"))
    project = identity.create_project(name=_name("prj"), domain_id=DOMAIN)
    resource = _name("res")
    registered = limit = None
    try:
        with pytest.raises(exceptions.Forbidden):  # no registered limit for it yet
            identity.create_limit(service_id=service.id, resource_name=resource,
                                  project_id=project.id, resource_limit=1)
        registered = identity.create_registered_limit(
            service_id=service.id, resource_name=resource, region_id=REGION,
            default_limit=10, description="d")
        assert (registered.default_limit, registered.region_id, registered.service_id) == (
            10, REGION, service.id)
        with pytest.raises(exceptions.Conflict):
            identity.create_registered_limit(service_id=service.id, resource_name=resource,
                                             region_id=REGION, default_limit=11)
        limit = identity.create_limit(service_id=service.id, resource_name=resource,
                                      region_id=REGION, project_id=project.id,
                                      resource_limit=5)
        assert (limit.project_id, limit.domain_id, limit.resource_limit) == (
            project.id, None, 5)
        assert _ids(identity.registered_limits(service_id=service.id)) == [registered.id]
        assert _ids(identity.limits(resource_name=resource)) == [limit.id]
        assert _ids(identity.limits(project_id=project.id)) == [limit.id]

        assert identity.update_limit(limit, resource_limit=7).resource_limit == 7
        assert identity.get_limit(limit.id).resource_limit == 7
        with pytest.raises(exceptions.Forbidden):  # a limit still refers to it
            identity.delete_registered_limit(registered, ignore_missing=False)
        with pytest.raises(exceptions.Forbidden):  # ... so even its default stays
            identity.update_registered_limit(registered, default_limit=30)
        identity.delete_limit(limit)
        limit = None
        updated = identity.update_registered_limit(registered, default_limit=20)
        assert updated.default_limit == 20
        assert identity.get_registered_limit(registered).default_limit == 20
        identity.delete_registered_limit(registered)
        with pytest.raises(exceptions.NotFound):
            identity.get_registered_limit(registered.id)
        registered = None
    finally:
        if limit is not None:
            identity.delete_limit(limit)
        if registered is not None:
            identity.delete_registered_limit(registered)
        identity.delete_project(project)
        identity.delete_service(service)


# -- endpoint groups --------------------------------------------------------------------------
def test_endpoint_groups_and_projects(cloud):
    identity = cloud.conn.identity
    keystone = next(identity.services(type="identity"))
    project = identity.create_project(name=_name("prj"), domain_id=DOMAIN)
    group = identity.create_endpoint_group(
        name=_name("epg"), description="one",
        filters={"service_id": keystone.id, "interface": "public"})
    try:
        assert group.filters == {"service_id": keystone.id, "interface": "public"}
        assert identity.find_endpoint_group(group.name, ignore_missing=False).id == group.id
        assert group.id in _ids(identity.endpoint_groups())
        chosen = list(identity.endpoint_group_endpoints(group))
        assert _ids(chosen) == _ids(identity.endpoints(service_id=keystone.id,
                                                       interface="public"))
        assert chosen

        updated = identity.update_endpoint_group(group, description="two",
                                                 filters={"interface": "admin"})
        assert (updated.description, updated.filters) == ("two", {"interface": "admin"})
        assert identity.get_endpoint_group(group.id).filters == {"interface": "admin"}

        identity.associate_project_with_endpoint_group(group, project)
        assert _ids(identity.endpoint_group_projects(group)) == [project.id]
        assert _ids(identity.project_endpoint_groups(project)) == [group.id]
        identity.disassociate_project_from_endpoint_group(group, project)
        assert list(identity.endpoint_group_projects(group)) == []
        with pytest.raises(exceptions.NotFound):
            identity.disassociate_project_from_endpoint_group(group, project)
        with pytest.raises(exceptions.BadRequest):  # not a filter Keystone knows
            identity.create_endpoint_group(name=_name("bad"), filters={"color": "red"})
        with pytest.raises(exceptions.BadRequest):
            identity.create_endpoint_group(name=_name("bad"), filters={"interface": "odd"})
    finally:
        identity.delete_endpoint_group(group)
        identity.delete_project(project)
    with pytest.raises(exceptions.NotFound):
        identity.get_endpoint_group(group.id)
