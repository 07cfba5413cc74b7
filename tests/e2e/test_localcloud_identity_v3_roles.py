"""Keystone v3 roles of the local cloud over raw HTTP: grants on projects, domains and the
system, implied roles, effective role assignments, token revocation events, and the
secure-RBAC policy (readers read, members write in their project, admins administer).
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from tests.support.keystone_api import V3, Keystone, denied, ok, project_scope, unique
from tests.support.localcloud import LocalCloud


@pytest.fixture(scope="module")
def ks(localcloud: LocalCloud) -> Keystone:
    return Keystone(localcloud)


# ------------------------------------------------------------------ roles and implications
def test_implied_roles_reach_tokens_and_assignments(ks):
    prior = ks.create("role", {"name": unique("prior")})
    implied = ks.create("role", {"name": unique("implied")})
    ks.role[prior["name"]], ks.role[implied["name"]] = prior["id"], implied["id"]
    path = f"/roles/{prior['id']}/implies/{implied['id']}"
    denied(ks.call("GET", path), 404)
    created = ok(ks.call("PUT", path), 201)
    assert created["role_inference"]["prior_role"]["id"] == prior["id"]
    assert created["role_inference"]["implies"]["id"] == implied["id"]
    assert created["links"]["self"].endswith(path)
    assert ok(ks.call("GET", path))["role_inference"]["implies"]["name"] == implied["name"]
    ok(ks.call("HEAD", path), 204)
    listed = ok(ks.call("GET", f"/roles/{prior['id']}/implies"))["role_inference"]
    assert [r["id"] for r in listed["implies"]] == [implied["id"]]
    inferences = ok(ks.call("GET", "/role_inferences"))["role_inferences"]
    by_prior = {i["prior_role"]["name"]: {r["name"] for r in i["implies"]} for i in inferences}
    assert by_prior["admin"] == {"member"} and by_prior["member"] == {"reader"}
    assert by_prior[prior["name"]] == {implied["name"]}
    # no cycles, and admin cannot be implied
    denied(ks.call("PUT", f"/roles/{implied['id']}/implies/{prior['id']}"), 400)
    denied(ks.call("PUT", f"/roles/{prior['id']}/implies/{ks.role['admin']}"))
    denied(ks.call("PUT", f"/roles/{prior['id']}/implies/nothing"), 404)
    # a token carries the implied role; effective assignments show it with its prior role
    user, project = ks.user(), ks.project()
    ks.grant(f"projects/{project['id']}", f"users/{user['id']}", prior["name"])
    token = ok(ks.auth(user["id"], scope=project_scope(project["id"])), 201)["token"]
    assert {r["name"] for r in token["roles"]} == {prior["name"], implied["name"]}
    effective = ok(ks.call("GET", f"/role_assignments?user.id={user['id']}&effective"))[
        "role_assignments"]
    by_role = {a["role"]["id"]: a for a in effective}
    assert set(by_role) == {prior["id"], implied["id"]}
    assert by_role[implied["id"]]["links"]["prior_role"].endswith(f"/roles/{prior['id']}")
    direct = ok(ks.call("GET", f"/role_assignments?user.id={user['id']}"))["role_assignments"]
    assert [a["role"]["id"] for a in direct] == [prior["id"]]
    ok(ks.call("DELETE", path), 204)
    denied(ks.call("DELETE", path), 404)
    token = ok(ks.auth(user["id"], scope=project_scope(project["id"])), 201)["token"]
    assert {r["name"] for r in token["roles"]} == {prior["name"]}
    # roles CRUD
    renamed = ok(ks.call("PATCH", f"/roles/{implied['id']}", {"role": {
        "description": "now described"}}))["role"]
    assert renamed["description"] == "now described"
    denied(ks.call("POST", "/roles", {"role": {"name": prior["name"]}}), 409)
    denied(ks.call("POST", "/roles", {"role": {"name": "r" * 256}}), 400)
    ok(ks.call("DELETE", f"/roles/{implied['id']}"), 204)
    denied(ks.call("GET", f"/roles/{implied['id']}"), 404)


def test_effective_role_assignments_through_groups(ks):
    user, project = ks.user(), ks.project()
    group = ks.create("group", {"name": unique("group")})
    ok(ks.call("PUT", f"/groups/{group['id']}/users/{user['id']}"), 204)
    ks.grant(f"projects/{project['id']}", f"groups/{group['id']}", "admin")
    query = f"/role_assignments?user.id={user['id']}&effective&include_names"
    effective = ok(ks.call("GET", query))["role_assignments"]
    assert {a["role"]["name"] for a in effective} == {"admin", "member", "reader"}
    for assignment in effective:
        assert assignment["user"]["id"] == user["id"]
        assert assignment["user"]["domain"] == {"id": "default", "name": "Default"}
        assert assignment["scope"]["project"]["name"] == project["name"]
        assert assignment["links"]["membership"].endswith(
            f"/groups/{group['id']}/users/{user['id']}")
        assert f"/projects/{project['id']}/groups/{group['id']}/roles/{ks.role['admin']}" in \
            assignment["links"]["assignment"]
    only_reader = ok(ks.call("GET", f"{query}&role.id={ks.role['reader']}"))["role_assignments"]
    assert [a["role"]["name"] for a in only_reader] == ["reader"]
    # without effective: the group's own assignment, no user
    direct = ok(ks.call("GET", f"/role_assignments?group.id={group['id']}"))["role_assignments"]
    assert len(direct) == 1 and direct[0]["group"] == {"id": group["id"]}
    assert "user" not in direct[0]
    assert ok(ks.call("GET", f"/role_assignments?user.id={user['id']}"))[
        "role_assignments"] == []
    # all effective assignments on the project expand the group to its members
    on_project = ok(ks.call("GET", f"/role_assignments?scope.project.id={project['id']}"
                                   f"&effective"))["role_assignments"]
    assert {a["user"]["id"] for a in on_project} == {user["id"]}
    denied(ks.call("GET", f"/role_assignments?group.id={group['id']}&effective"), 400)
    denied(ks.call("GET", f"/role_assignments?user.id={user['id']}&group.id={group['id']}"),
           400)
    denied(ks.call("GET", "/role_assignments?include_subtree=true"), 400)
    denied(ks.call("GET", f"/role_assignments?scope.project.id={project['id']}"
                          f"&scope.domain.id=default"), 400)


def test_role_assignment_filters_and_subtree(ks):
    user = ks.user()
    parent = ks.project()
    child = ks.project(parent_id=parent["id"])
    ks.grant(f"projects/{parent['id']}", f"users/{user['id']}", "reader")
    ks.grant(f"projects/{child['id']}", f"users/{user['id']}", "member")
    ks.grant("domains/default", f"users/{user['id']}", "reader")
    ks.grant("system", f"users/{user['id']}", "reader")

    def listed(query: str) -> list[dict[str, Any]]:
        return ok(ks.call("GET", f"/role_assignments?user.id={user['id']}&{query}"))[
            "role_assignments"]

    assert len(listed("")) == 4
    assert [a["scope"] for a in listed("scope.system=all")] == [{"system": {"all": True}}]
    assert [a["scope"]["domain"]["id"] for a in listed("scope.domain.id=default")] == [
        "default"]
    assert [a["scope"]["project"]["id"] for a in listed(f"scope.project.id={parent['id']}")] \
        == [parent["id"]]
    subtree = listed(f"scope.project.id={parent['id']}&include_subtree=true")
    assert {a["scope"]["project"]["id"] for a in subtree} == {parent["id"], child["id"]}
    assert {a["role"]["id"] for a in listed(f"role.id={ks.role['member']}")} == {
        ks.role["member"]}
    system = listed("scope.system=all")[0]
    assert system["links"]["assignment"].endswith(
        f"/system/users/{user['id']}/roles/{ks.role['reader']}")
    # a user lists its own assignments; not another's
    token = ks.token(user["id"], scope=project_scope(child["id"]))
    assert len(ok(ks.call("GET", f"/role_assignments?user.id={user['id']}", token=token))[
        "role_assignments"]) == 4
    denied(ks.call("GET", "/role_assignments", token=token))


def test_system_grants_for_users_and_groups(ks):
    user, group = ks.user(), ks.create("group", {"name": unique("group")})
    denied(ks.auth(user["id"], scope={"system": {"all": True}}), 401)
    ok(ks.call("PUT", f"/groups/{group['id']}/users/{user['id']}"), 204)
    ks.grant("system", f"groups/{group['id']}", "reader")
    ok(ks.call("GET", f"/system/groups/{group['id']}/roles/{ks.role['reader']}"), 204)
    assert [r["name"] for r in ok(ks.call("GET", f"/system/groups/{group['id']}/roles"))[
        "roles"]] == ["reader"]
    reply = ks.auth(user["id"], scope={"system": {"all": True}})
    body = ok(reply, 201)["token"]
    assert body["system"] == {"all": True}
    assert {r["name"] for r in body["roles"]} == {"reader"}
    system_reader = reply.header("x-subject-token")
    assert ok(ks.call("GET", "/auth/system", token=system_reader))["system"] == [{"all": True}]
    # a system reader reads everything, writes nothing
    assert ok(ks.call("GET", "/users", token=system_reader))["users"]
    assert ok(ks.call("GET", "/projects", token=system_reader))["projects"]
    assert ok(ks.call("GET", "/role_assignments", token=system_reader))["role_assignments"]
    assert ok(ks.call("GET", "/services", token=system_reader))["services"]
    denied(ks.call("POST", "/users", {"user": {"name": "x"}}, token=system_reader))
    denied(ks.call("POST", "/projects", {"project": {"name": "x"}}, token=system_reader))
    denied(ks.call("PUT", f"/system/users/{user['id']}/roles/{ks.role['admin']}",
                   token=system_reader))
    # a user's own system grant, then gone
    ks.grant("system", f"users/{user['id']}", "admin")
    ok(ks.call("HEAD", f"/system/users/{user['id']}/roles/{ks.role['admin']}"), 204)
    admin_token = ks.token(user["id"], scope={"system": {"all": True}})
    assert {r["name"] for r in ok(ks.call("GET", "/auth/tokens", headers={
        "X-Subject-Token": admin_token}))["token"]["roles"]} == {"admin", "member", "reader"}
    ok(ks.call("DELETE", f"/system/users/{user['id']}/roles/{ks.role['admin']}"), 204)
    assert not ks.valid(admin_token)
    denied(ks.call("DELETE", f"/system/users/{user['id']}/roles/{ks.role['admin']}"), 404)


# ------------------------------------------------------------------ policy
def test_roles_decide_reader_member_admin(ks):
    reader, member = ks.user(), ks.user()
    project, elsewhere = ks.project(), ks.project()
    ks.grant(f"projects/{project['id']}", f"users/{reader['id']}", "reader")
    ks.grant(f"projects/{project['id']}", f"users/{member['id']}", "member")
    reader_token = ks.token(reader["id"], scope=project_scope(project["id"]))
    member_token = ks.token(member["id"], scope=project_scope(project["id"]))
    reader_roles = ok(ks.call("GET", "/auth/tokens", headers={
        "X-Subject-Token": reader_token}))["token"]["roles"]
    assert [r["name"] for r in reader_roles] == ["reader"]
    for token in (reader_token, member_token):
        assert ok(ks.call("GET", f"/projects/{project['id']}", token=token))["project"]["id"] \
            == project["id"]
        # no project of another, no administration
        denied(ks.call("GET", f"/projects/{elsewhere['id']}", token=token))
        denied(ks.call("PATCH", f"/projects/{elsewhere['id']}", {"project": {
            "description": "x"}}, token=token))
        denied(ks.call("PATCH", f"/projects/{project['id']}", {"project": {
            "description": "x"}}, token=token))
        denied(ks.call("PUT", f"/projects/{project['id']}/tags/mine", token=token))
        denied(ks.call("GET", "/users", token=token))
        denied(ks.call("PUT", f"/projects/{project['id']}/users/{reader['id']}/roles/"
                              f"{ks.role['admin']}", token=token))
        denied(ks.call("GET", "/role_inferences", token=token))
    # a project admin administers everything
    ks.grant(f"projects/{project['id']}", f"users/{member['id']}", "admin")
    admin_token = ks.token(member["id"], scope=project_scope(project["id"]))
    ok(ks.call("PATCH", f"/projects/{elsewhere['id']}", {"project": {"description": "x"}},
               token=admin_token))
    assert ok(ks.call("GET", "/users", token=admin_token))["users"]


def test_validate_revoke_and_allow_expired(start_cloud):
    cloud = start_cloud(token_expiration=2)
    ks = Keystone(cloud)
    user = ks.user()
    ks.grant("projects/" + ok(cloud.call("GET", f"{V3}/projects?name=demo", token=ks.admin))[
        "projects"][0]["id"], f"users/{user['id']}", "member")
    token = ks.token(user["id"], scope={"project": {"name": "demo",
                                                    "domain": {"id": "default"}}})
    other = cloud.token("demo")
    # a user checks its own tokens, not another's
    ok(ks.call("GET", "/auth/tokens?nocatalog", token=token,
               headers={"X-Subject-Token": token}))
    denied(ks.call("GET", "/auth/tokens", token=token, headers={"X-Subject-Token": other}))
    denied(ks.call("DELETE", "/auth/tokens", token=token, headers={"X-Subject-Token": other}))
    time.sleep(2.05)
    admin = cloud.token()  # a fresh admin token (they live two seconds here)
    shown = ks.call("GET", "/auth/tokens?allow_expired=1", token=admin,
                    headers={"X-Subject-Token": token})
    assert ok(shown)["token"]["user"]["id"] == user["id"]
    denied(ks.call("GET", "/auth/tokens", token=admin, headers={"X-Subject-Token": token}), 404)


def test_revocation_events(ks):
    user, project = ks.user(), ks.project()
    ks.grant(f"projects/{project['id']}", f"users/{user['id']}", "member")
    ks.grant(f"projects/{project['id']}", f"users/{user['id']}", "reader")
    scope = project_scope(project["id"])
    # removing one role assignment revokes the user's tokens on the project
    token = ks.token(user["id"], scope=scope)
    ok(ks.call("DELETE", f"/projects/{project['id']}/users/{user['id']}/roles/"
                         f"{ks.role['reader']}"), 204)
    assert not ks.valid(token)
    # disabling the project revokes; enabling it again does not bring tokens back
    token = ks.token(user["id"], scope=scope)
    ok(ks.call("PATCH", f"/projects/{project['id']}", {"project": {"enabled": False}}))
    ok(ks.call("PATCH", f"/projects/{project['id']}", {"project": {"enabled": True}}))
    assert not ks.valid(token)
    # disabling the user revokes too
    token = ks.token(user["id"], scope=scope)
    ok(ks.call("PATCH", f"/users/{user['id']}", {"user": {"enabled": False}}))
    ok(ks.call("PATCH", f"/users/{user['id']}", {"user": {"enabled": True}}))
    assert not ks.valid(token)
    token = ks.token(user["id"], scope=scope)
    ok(ks.call("DELETE", f"/users/{user['id']}"), 204)
    assert not ks.valid(token)
