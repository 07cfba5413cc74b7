"""Keystone v3 of the local cloud, complete, over raw HTTP: domains, the project hierarchy and
tags, users and passwords, groups and membership, role grants on projects, domains and the
system, implied roles, effective role assignments, the catalog (with `$(project_id)s`
templates), application credentials with access rules and expiry, token revocation events,
and the secure-RBAC policy (readers read, members write in their project, admins administer).
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from tests.support.localcloud import LocalCloud, Reply

V3 = "/identity/v3"


def ok(reply: Reply, status: int = 200) -> Any:
    """The JSON body of a reply that must have `status` (and a request id)."""
    assert reply.status == status, (reply.status, reply.body[:500])
    assert reply.header("x-openstack-request-id").startswith("req-")
    return reply.json


def denied(reply: Reply, status: int = 403) -> dict[str, Any]:
    """Keystone's error body of a reply that must have `status`."""
    assert reply.status == status, (reply.status, reply.body[:500])
    if not reply.body:  # HEAD
        return {}
    error = reply.json["error"]
    assert error["code"] == status and error["title"] and error["message"]
    return error


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


class Keystone:
    """Calls to one local cloud as its admin, and helpers to make users and tokens."""

    def __init__(self, cloud: LocalCloud) -> None:
        self.cloud = cloud
        self.admin = cloud.token()
        roles = ok(cloud.call("GET", f"{V3}/roles", token=self.admin))["roles"]
        self.role = {r["name"]: r["id"] for r in roles}

    def call(self, method: str, path: str, body: Any = None, token: str | None = None,
             **kwargs: Any) -> Reply:
        return self.cloud.call(method, V3 + path, body,
                               token=self.admin if token is None else token, **kwargs)

    def create(self, kind: str, body: dict[str, Any], token: str | None = None) -> Any:
        reply = self.call("POST", f"/{kind}s", {kind: body}, token=token)
        return ok(reply, 201)[kind]

    def user(self, password: str = "pw-secret", **fields: Any) -> dict[str, Any]:
        return self.create("user", {"name": unique("user"), "password": password, **fields})

    def project(self, **fields: Any) -> dict[str, Any]:
        return self.create("project", {"name": unique("project"), **fields})

    def grant(self, target: str, actor: str, role: str) -> None:
        """`target` like `projects/<id>` or `system`, `actor` like `users/<id>`."""
        ok(self.call("PUT", f"/{target}/{actor}/roles/{self.role[role]}"), 204)

    def auth(self, user_id: str, password: str = "pw-secret", scope: Any = None) -> Reply:
        auth: dict[str, Any] = {"identity": {"methods": ["password"], "password": {
            "user": {"id": user_id, "password": password}}}}
        if scope is not None:
            auth["scope"] = scope
        return self.cloud.call("POST", f"{V3}/auth/tokens", {"auth": auth})

    def token(self, user_id: str, password: str = "pw-secret", scope: Any = None) -> str:
        reply = self.auth(user_id, password, scope)
        ok(reply, 201)
        return reply.header("x-subject-token")  # type: ignore[return-value]

    def valid(self, token: str) -> bool:
        reply = self.call("HEAD", "/auth/tokens", headers={"X-Subject-Token": token})
        assert reply.status in (200, 404), reply.status
        return reply.status == 200


@pytest.fixture(scope="module")
def ks(localcloud: LocalCloud) -> Keystone:
    return Keystone(localcloud)


def project_scope(project_id: str) -> dict[str, Any]:
    return {"project": {"id": project_id}}


# ------------------------------------------------------------------ domains
def test_domain_crud_and_domain_scoped_readers(ks):
    domain = ks.create("domain", {"name": unique("dom"), "description": "d", "tier": "gold"})
    assert domain["enabled"] is True and domain["tier"] == "gold"
    assert ok(ks.call("GET", f"/domains?name={domain['name']}"))["domains"][0]["id"] == \
        domain["id"]
    # a user of the domain, reader on it; another user and project in Default
    reader = ks.user(domain_id=domain["id"])
    ks.grant(f"domains/{domain['id']}", f"users/{reader['id']}", "reader")
    inside = ks.project(domain_id=domain["id"])
    token = ks.token(reader["id"], scope={"domain": {"id": domain["id"]}})
    listed = ok(ks.call("GET", "/users", token=token))["users"]
    assert [u["id"] for u in listed] == [reader["id"]]
    projects = ok(ks.call("GET", "/projects", token=token))["projects"]
    assert [p["id"] for p in projects] == [inside["id"]]
    # nothing of the other domains: filtering on Default answers an empty list
    assert ok(ks.call("GET", "/users?domain_id=default", token=token))["users"] == []
    assert ok(ks.call("GET", f"/domains/{domain['id']}", token=token))["domain"]["name"] == \
        domain["name"]
    denied(ks.call("GET", "/domains/default", token=token))
    denied(ks.call("GET", "/domains", token=token))
    # a domain reader does not write
    denied(ks.call("POST", "/users", {"user": {"name": "x", "domain_id": domain["id"]}},
                   token=token))
    # a domain's catalog leaves out the endpoints that need a project
    catalog = ok(ks.call("GET", "/auth/catalog", token=token))["catalog"]
    volume = next(s for s in catalog if s["type"] == "block-storage")
    assert volume["endpoints"] == []
    compute = next(s for s in catalog if s["type"] == "compute")
    assert compute["endpoints"]
    # updating and deleting: enabled domains cannot be deleted
    patched = ok(ks.call("PATCH", f"/domains/{domain['id']}",
                         {"domain": {"description": "changed", "enabled": False}}))["domain"]
    assert patched["description"] == "changed" and patched["enabled"] is False
    assert not ks.valid(token)  # disabling a domain revokes its tokens
    denied(ks.call("DELETE", "/domains/default"))
    ok(ks.call("DELETE", f"/domains/{domain['id']}"), 204)
    denied(ks.call("GET", f"/users/{reader['id']}"), 404)
    denied(ks.call("GET", f"/projects/{inside['id']}"), 404)


def test_domain_admin_manages_its_domain_only(ks):
    domain = ks.create("domain", {"name": unique("dom")})
    boss = ks.user(domain_id=domain["id"])
    ks.grant(f"domains/{domain['id']}", f"users/{boss['id']}", "admin")
    token = ks.token(boss["id"], scope={"domain": {"name": domain["name"]}})
    created = ks.create("user", {"name": unique("staff"), "password": "pw-secret"}, token=token)
    assert created["domain_id"] == domain["id"]
    project = ks.create("project", {"name": unique("p")}, token=token)
    assert project["domain_id"] == domain["id"]
    ks.call("PUT", f"/projects/{project['id']}/users/{created['id']}/roles/"
                   f"{ks.role['member']}", token=token)
    assert ks.valid(ks.token(created["id"], scope=project_scope(project["id"])))
    # nothing outside the domain
    denied(ks.call("POST", "/users", {"user": {"name": "x", "domain_id": "default"}},
                   token=token))
    demo = ok(ks.call("GET", "/users?name=demo"))["users"][0]
    denied(ks.call("PATCH", f"/users/{demo['id']}", {"user": {"enabled": False}}, token=token))
    denied(ks.call("GET", f"/users/{demo['id']}", token=token))
    denied(ks.call("POST", "/domains", {"domain": {"name": unique("d")}}, token=token))


# ------------------------------------------------------------------ projects
def test_project_hierarchy_parents_subtree_and_filters(ks):
    root = ks.project(description="root")
    child = ks.project(parent_id=root["id"])
    grandchild = ks.project(parent_id=child["id"])
    sibling = ks.project(parent_id=root["id"], enabled=False)
    assert root["parent_id"] == "default" and child["parent_id"] == root["id"]
    assert grandchild["domain_id"] == "default"
    # As lists, only projects the caller has a role on are shown (admin too, as Keystone).
    shown = ok(ks.call("GET", f"/projects/{grandchild['id']}?parents_as_list"))["project"]
    assert shown["parents"] == []
    admin_id = ok(ks.call("GET", "/users?name=admin"))["users"][0]["id"]
    for project in (root, child, grandchild, sibling):
        ks.grant(f"projects/{project['id']}", f"users/{admin_id}", "member")
    shown = ok(ks.call("GET", f"/projects/{grandchild['id']}?parents_as_list"))["project"]
    assert [p["project"]["id"] for p in shown["parents"]] == [child["id"], root["id"]]
    shown = ok(ks.call("GET", f"/projects/{root['id']}?subtree_as_list"))["project"]
    assert [p["project"]["id"] for p in shown["subtree"]][-1] == grandchild["id"]
    assert {p["project"]["id"] for p in shown["subtree"]} == {child["id"], sibling["id"],
                                                              grandchild["id"]}
    ids = ok(ks.call("GET", f"/projects/{grandchild['id']}?parents_as_ids"))["project"]
    assert ids["parents"] == {child["id"]: {root["id"]: {"default": None}}}
    ids = ok(ks.call("GET", f"/projects/{root['id']}?subtree_as_ids"))["project"]
    assert ids["subtree"] == {child["id"]: {grandchild["id"]: None}, sibling["id"]: None}
    denied(ks.call("GET", f"/projects/{root['id']}?subtree_as_list&subtree_as_ids"), 400)
    # filters
    children = ok(ks.call("GET", f"/projects?parent_id={root['id']}"))["projects"]
    assert {p["id"] for p in children} == {child["id"], sibling["id"]}
    disabled = ok(ks.call("GET", f"/projects?parent_id={root['id']}&enabled=false"))[
        "projects"]
    assert [p["id"] for p in disabled] == [sibling["id"]]
    named = ok(ks.call("GET", f"/projects?name={child['name']}&domain_id=default"))["projects"]
    assert [p["id"] for p in named] == [child["id"]]
    domains = ok(ks.call("GET", "/projects?is_domain=true"))["projects"]
    assert all(p["is_domain"] and p["domain_id"] is None for p in domains)
    assert "default" in {p["id"] for p in domains}
    assert "default" not in {p["id"] for p in ok(ks.call("GET", "/projects"))["projects"]}
    # hierarchy rules
    denied(ks.call("DELETE", f"/projects/{root['id']}"))  # not a leaf
    denied(ks.call("PATCH", f"/projects/{child['id']}", {"project": {"enabled": False}}))
    denied(ks.call("PATCH", f"/projects/{child['id']}", {"project": {"parent_id": "default"}}))
    denied(ks.call("PATCH", f"/projects/{child['id']}", {"project": {"domain_id": "x"}}), 400)
    denied(ks.call("POST", "/projects", {"project": {"name": "x", "parent_id": "nope"}}), 404)
    other = ks.create("domain", {"name": unique("dom")})
    denied(ks.call("POST", "/projects", {"project": {
        "name": "x", "parent_id": root["id"], "domain_id": other["id"]}}), 400)
    for project in (grandchild, child, sibling, root):
        ok(ks.call("DELETE", f"/projects/{project['id']}"), 204)


def test_project_tags_and_extra_properties(ks):
    project = ks.project(tags=["blue", "small"], cost_center="cc-42")
    assert project["tags"] == ["blue", "small"] and project["cost_center"] == "cc-42"
    path = f"/projects/{project['id']}/tags"
    assert ok(ks.call("GET", path))["tags"] == ["blue", "small"]
    ok(ks.call("PUT", f"{path}/green"), 201)
    ok(ks.call("GET", f"{path}/green"), 204)
    ok(ks.call("HEAD", f"{path}/green"), 204)
    denied(ks.call("GET", f"{path}/red"), 404)
    assert ok(ks.call("PUT", path, {"tags": ["a", "b"]}))["tags"] == ["a", "b"]
    assert {p["id"] for p in ok(ks.call("GET", "/projects?tags=a,b"))["projects"]} == {
        project["id"]}
    assert project["id"] in {p["id"] for p in ok(ks.call("GET", "/projects?tags-any=b,zz"))[
        "projects"]}
    assert project["id"] not in {p["id"] for p in ok(ks.call("GET", "/projects?not-tags=a"))[
        "projects"]}
    ok(ks.call("DELETE", f"{path}/a"), 204)
    denied(ks.call("DELETE", f"{path}/a"), 404)
    patched = ok(ks.call("PATCH", f"/projects/{project['id']}", {"project": {
        "tags": ["x"], "cost_center": "cc-7"}}))["project"]
    assert patched["tags"] == ["x"] and patched["cost_center"] == "cc-7"
    ok(ks.call("DELETE", path), 204)
    assert ok(ks.call("GET", path))["tags"] == []
    for bad in (["a/b"], ["a,b"], ["x"] * 2, [""], [str(i) for i in range(81)]):
        denied(ks.call("PUT", path, {"tags": bad}), 400)
    ok(ks.call("DELETE", f"/projects/{project['id']}"), 204)


# ------------------------------------------------------------------ users and passwords
def test_user_crud_limits_and_extra_properties(ks):
    user = ks.user(email="a@example.com", description="d", favourite="tea")
    assert "password" not in user and user["email"] == "a@example.com"
    assert user["favourite"] == "tea" and user["password_expires_at"] is None
    shown = ok(ks.call("GET", f"/users/{user['id']}"))["user"]
    assert shown["favourite"] == "tea"
    patched = ok(ks.call("PATCH", f"/users/{user['id']}", {"user": {
        "favourite": "coffee", "enabled": False}}))["user"]
    assert patched["favourite"] == "coffee" and patched["enabled"] is False
    assert [u["id"] for u in ok(ks.call("GET", f"/users?name={user['name']}&enabled=false"))[
        "users"]] == [user["id"]]
    denied(ks.auth(user["id"]), 401)  # disabled
    for body in ({"name": "x" * 256}, {"name": ""}, {"name": 5}, {"name": "x", "enabled": 1},
                 {"name": "x", "domain_id": "no such domain!"}):
        denied(ks.call("POST", "/users", {"user": body}), 400)
    denied(ks.call("POST", "/users", {"user": {"name": "x", "domain_id": "nowhere"}}), 404)
    denied(ks.call("POST", "/projects", {"project": {"name": "p" * 65}}), 400)
    ok(ks.call("POST", "/projects", {"project": {"name": unique("p").ljust(64, "p")}}), 201)
    denied(ks.call("GET", "/users/nobody"), 404)
    dup = ks.call("POST", "/users", {"user": {"name": user["name"]}})
    denied(dup, 409)
    ok(ks.call("DELETE", f"/users/{user['id']}"), 204)
    denied(ks.call("DELETE", f"/users/{user['id']}"), 404)


def test_password_change_needs_the_original_and_revokes_tokens(ks):
    user = ks.user(password="first-pw")
    project = ks.project()
    ks.grant(f"projects/{project['id']}", f"users/{user['id']}", "member")
    token = ks.token(user["id"], "first-pw", project_scope(project["id"]))
    path = f"/users/{user['id']}/password"
    wrong = ks.cloud.call("POST", V3 + path, {"user": {"original_password": "nope",
                                                       "password": "second-pw"}})
    denied(wrong, 401)
    assert ks.valid(token)
    denied(ks.cloud.call("POST", V3 + path, {"user": {"password": "x"}}), 400)
    # no token needed: the original password proves who asks
    ok(ks.cloud.call("POST", V3 + path, {"user": {"original_password": "first-pw",
                                                  "password": "second-pw"}}), 204)
    assert not ks.valid(token)
    assert ks.cloud.call("GET", "/compute/v2.1/flavors", token=token).status == 401
    denied(ks.auth(user["id"], "first-pw"), 401)
    assert ks.valid(ks.token(user["id"], "second-pw", project_scope(project["id"])))
    # an administrator's reset revokes too
    token = ks.token(user["id"], "second-pw", project_scope(project["id"]))
    ok(ks.call("PATCH", f"/users/{user['id']}", {"user": {"password": "third-pw"}}))
    assert not ks.valid(token)


def test_user_projects_and_groups(ks):
    user = ks.user()
    direct, via_group = ks.project(), ks.project()
    group = ks.create("group", {"name": unique("group")})
    ks.grant(f"projects/{direct['id']}", f"users/{user['id']}", "reader")
    ks.grant(f"projects/{via_group['id']}", f"groups/{group['id']}", "member")
    ok(ks.call("PUT", f"/groups/{group['id']}/users/{user['id']}"), 204)
    token = ks.token(user["id"], scope=project_scope(direct["id"]))
    mine = ok(ks.call("GET", f"/users/{user['id']}/projects", token=token))["projects"]
    assert {p["id"] for p in mine} == {direct["id"], via_group["id"]}
    scopes = ok(ks.call("GET", "/auth/projects", token=token))["projects"]
    assert {p["id"] for p in scopes} == {direct["id"], via_group["id"]}
    groups = ok(ks.call("GET", f"/users/{user['id']}/groups", token=token))["groups"]
    assert [g["id"] for g in groups] == [group["id"]]
    assert groups[0]["membership_expires_at"] is None
    demo = ok(ks.call("GET", "/users?name=demo"))["users"][0]
    denied(ks.call("GET", f"/users/{demo['id']}/projects", token=token))
    denied(ks.call("GET", f"/users/{demo['id']}/groups", token=token))


# ------------------------------------------------------------------ groups
def test_groups_membership_and_group_grants(ks):
    group = ks.create("group", {"name": unique("group"), "description": "devs"})
    assert group["domain_id"] == "default"
    user, other = ks.user(), ks.user()
    project = ks.project()
    member_path = f"/groups/{group['id']}/users/{user['id']}"
    denied(ks.call("HEAD", member_path), 404)
    ok(ks.call("PUT", member_path), 204)
    ok(ks.call("HEAD", member_path), 204)
    ok(ks.call("GET", member_path), 204)
    users = ok(ks.call("GET", f"/groups/{group['id']}/users"))["users"]
    assert [u["id"] for u in users] == [user["id"]]
    denied(ks.call("PUT", f"/groups/{group['id']}/users/nobody"), 404)
    denied(ks.call("PUT", f"/groups/nothing/users/{user['id']}"), 404)
    # the group's role on the project lets its member in, not the others
    denied(ks.auth(user["id"], scope=project_scope(project["id"])), 401)
    ks.grant(f"projects/{project['id']}", f"groups/{group['id']}", "member")
    ok(ks.call("GET", f"/projects/{project['id']}/groups/{group['id']}/roles/"
                      f"{ks.role['member']}"), 204)
    roles = ok(ks.call("GET", f"/projects/{project['id']}/groups/{group['id']}/roles"))[
        "roles"]
    assert [r["name"] for r in roles] == ["member"]
    reply = ks.auth(user["id"], scope=project_scope(project["id"]))
    assert {r["name"] for r in ok(reply, 201)["token"]["roles"]} == {"member", "reader"}
    token = reply.header("x-subject-token")
    denied(ks.auth(other["id"], scope=project_scope(project["id"])), 401)
    # leaving the group revokes the member's tokens
    ok(ks.call("DELETE", member_path), 204)
    assert not ks.valid(token)
    denied(ks.call("DELETE", member_path), 404)
    patched = ok(ks.call("PATCH", f"/groups/{group['id']}", {"group": {"name": "renamed-" +
                                                                       group["name"]}}))
    assert patched["group"]["name"].startswith("renamed-")
    assert [g["id"] for g in ok(ks.call("GET", f"/groups?name={patched['group']['name']}"))[
        "groups"]] == [group["id"]]
    demo = ks.cloud.token("demo")
    denied(ks.call("GET", "/groups", token=demo))
    denied(ks.call("POST", "/groups", {"group": {"name": "x"}}, token=demo))
    denied(ks.call("PUT", member_path, token=demo))
    ok(ks.call("DELETE", f"/groups/{group['id']}"), 204)
    denied(ks.call("GET", f"/groups/{group['id']}"), 404)


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


# ------------------------------------------------------------------ catalog
def test_services_endpoints_regions_crud(ks):
    region = ok(ks.call("POST", "/regions", {"region": {"id": unique("Region"),
                                                        "description": "r"}}), 201)["region"]
    child = ok(ks.call("PUT", f"/regions/{unique('Sub')}", {"region": {
        "parent_region_id": region["id"]}}), 201)["region"]
    assert child["parent_region_id"] == region["id"]
    assert [r["id"] for r in ok(ks.call("GET", f"/regions?parent_region_id={region['id']}"))[
        "regions"]] == [child["id"]]
    denied(ks.call("PATCH", f"/regions/{region['id']}", {"region": {
        "parent_region_id": child["id"]}}), 400)  # a cycle
    denied(ks.call("POST", "/regions", {"region": {"id": region["id"]}}), 409)
    service = ks.create("service", {"type": unique("thing"), "name": "things"})
    assert [s["id"] for s in ok(ks.call("GET", f"/services?type={service['type']}"))[
        "services"]] == [service["id"]]
    patched = ok(ks.call("PATCH", f"/services/{service['id']}", {"service": {
        "description": "described"}}))["service"]
    assert patched["description"] == "described"
    endpoint = ks.create("endpoint", {
        "service_id": service["id"], "interface": "public", "region_id": child["id"],
        "url": "http://127.0.0.1:9/things/$(tenant_id)s/%(user_id)s"})
    assert endpoint["region"] == child["id"]
    listed = ok(ks.call("GET", f"/endpoints?service_id={service['id']}&interface=public"))
    assert [e["id"] for e in listed["endpoints"]] == [endpoint["id"]]
    assert ok(ks.call("GET", f"/endpoints?region_id={child['id']}"))["endpoints"][0]["id"] == \
        endpoint["id"]
    # the catalog renders the template with the token's project and user
    body = ok(ks.cloud.authenticate("admin"), 201)["token"]
    rendered = next(s for s in body["catalog"] if s["type"] == service["type"])
    assert rendered["endpoints"][0]["url"] == (
        f"http://127.0.0.1:9/things/{body['project']['id']}/{body['user']['id']}")
    unscoped = ks.cloud.authenticate("admin", scope=None).json["token"]
    assert "catalog" not in unscoped
    ok(ks.call("PATCH", f"/endpoints/{endpoint['id']}", {"endpoint": {"enabled": False}}))
    catalog = ok(ks.call("GET", "/auth/catalog"))["catalog"]
    assert next(s for s in catalog if s["type"] == service["type"])["endpoints"] == []
    denied(ks.call("POST", "/endpoints", {"endpoint": {
        "service_id": service["id"], "interface": "sideways", "url": "http://x"}}), 400)
    denied(ks.call("POST", "/endpoints", {"endpoint": {
        "service_id": service["id"], "interface": "public", "url": "not a url"}}), 400)
    denied(ks.call("POST", "/endpoints", {"endpoint": {
        "service_id": "nothing", "interface": "public", "url": "http://x"}}), 400)
    denied(ks.call("DELETE", f"/regions/{child['id']}"))  # an endpoint uses it
    ok(ks.call("DELETE", f"/services/{service['id']}"), 204)
    denied(ks.call("GET", f"/endpoints/{endpoint['id']}"), 404)
    ok(ks.call("DELETE", f"/regions/{child['id']}"), 204)
    ok(ks.call("DELETE", f"/regions/{region['id']}"), 204)
    demo = ks.cloud.token("demo")
    assert ok(ks.call("GET", "/regions", token=demo))["regions"]
    denied(ks.call("GET", "/services", token=demo))
    denied(ks.call("POST", "/services", {"service": {"type": "x"}}, token=demo))


def test_an_older_state_folder_is_brought_up_to_date(start_cloud):
    cloud = start_cloud()
    ks = Keystone(cloud)
    services = {s["type"]: s for s in ok(ks.call("GET", "/services"))["services"]}
    # the operator deletes a seeded service: it stays deleted after a restart
    ok(ks.call("DELETE", f"/services/{services['image']['id']}"), 204)
    cloud.stop()
    # an older state folder: no network service, and no memory of having seeded it
    db = sqlite3.connect(cloud.state_dir / "localcloud.db")
    with db:
        db.execute("DELETE FROM endpoints WHERE service_id = ?", (services["network"]["id"],))
        db.execute("DELETE FROM services WHERE id = ?", (services["network"]["id"],))
        db.execute("UPDATE meta SET value = '[\"block-storage\",\"compute\",\"identity\","
                   "\"image\",\"object-store\"]' WHERE key = 'seeded_services'")
        # ... written before implied roles and extra properties existed
        db.execute("DELETE FROM implied_roles")
        db.execute("DELETE FROM meta WHERE key = 'implied_roles'")
        for table in ("users", "projects", "domains"):
            db.execute(f"ALTER TABLE {table} DROP COLUMN extra")
    db.close()
    cloud = cloud.restart()
    token = ok(cloud.authenticate("admin"), 201)["token"]
    catalog = {s["type"]: s for s in token["catalog"]}
    assert "image" not in catalog
    assert {e["url"] for e in catalog["network"]["endpoints"]} == {f"{cloud.url}/network"}
    assert {r["name"] for r in token["roles"]} == {"admin", "member", "reader"}
    ks = Keystone(cloud)
    assert ks.user(hobby="chess")["hobby"] == "chess"


# ------------------------------------------------------------------ application credentials
def test_access_rules_limit_what_an_application_credential_may_call(ks):
    demo = ks.cloud.token("demo")
    user_id = ok(ks.call("GET", "/auth/tokens", headers={"X-Subject-Token": demo}))["token"][
        "user"]["id"]
    base = f"/users/{user_id}/application_credentials"
    rules = [{"service": "compute", "method": "GET", "path": "/v2.1/servers"},
             {"service": "compute", "method": "GET", "path": "/v2.1/servers/*"},
             {"service": "identity", "method": "GET", "path": "/v3/auth/**"}]
    created = ok(ks.call("POST", base, {"application_credential": {
        "name": unique("ruled"), "access_rules": rules}}, token=demo), 201)[
        "application_credential"]
    assert {(r["service"], r["method"], r["path"]) for r in created["access_rules"]} == {
        (r["service"], r["method"], r["path"]) for r in rules}
    reply = ks.cloud.call("POST", f"{V3}/auth/tokens", {"auth": {"identity": {
        "methods": ["application_credential"], "application_credential": {
            "id": created["id"], "secret": created["secret"]}}}})
    token_body = ok(reply, 201)["token"]
    assert len(token_body["application_credential"]["access_rules"]) == 3
    token = reply.header("x-subject-token")
    call = ks.cloud.call
    assert call("GET", "/compute/v2.1/servers", token=token).status == 200
    assert call("GET", "/compute/v2.1/servers/nothing-here", token=token).status == 404
    denied(call("GET", "/compute/v2.1/flavors", token=token), 401)
    denied(call("POST", "/compute/v2.1/servers", {"server": {}}, token=token), 401)
    assert call("GET", "/compute/v2.1/servers/detail", token=token).status == 200
    denied(call("GET", "/compute/v2.1/os-keypairs", token=token), 401)
    denied(call("GET", "/image/v2/images", token=token), 401)
    assert call("GET", f"{V3}/auth/catalog", token=token).status == 200
    denied(call("GET", f"{V3}/users/{user_id}", token=token), 401)
    # the rules, listed and shown under the user; in use, they cannot be deleted
    listed = ok(ks.call("GET", f"/users/{user_id}/access_rules", token=demo))["access_rules"]
    ids = {r["id"] for r in created["access_rules"]}
    assert ids <= {r["id"] for r in listed}
    rule_id = created["access_rules"][0]["id"]
    shown = ok(ks.call("GET", f"/users/{user_id}/access_rules/{rule_id}", token=demo))
    assert shown["access_rule"]["id"] == rule_id and "self" in shown["access_rule"]["links"]
    denied(ks.call("DELETE", f"/users/{user_id}/access_rules/{rule_id}", token=demo))
    # a second credential reuses an existing rule by id
    again = ok(ks.call("POST", base, {"application_credential": {
        "name": unique("reuse"), "access_rules": [{"id": rule_id}]}}, token=demo), 201)[
        "application_credential"]
    assert [r["id"] for r in again["access_rules"]] == [rule_id]
    for cred in (created, again):
        ok(ks.call("DELETE", f"{base}/{cred['id']}", token=demo), 204)
    assert call("GET", "/compute/v2.1/servers", token=token).status == 401
    ok(ks.call("DELETE", f"/users/{user_id}/access_rules/{rule_id}", token=demo), 204)
    denied(ks.call("GET", f"/users/{user_id}/access_rules/{rule_id}", token=demo), 404)
    for bad in ([{"service": "compute", "method": "FETCH", "path": "/x"}],
                [{"service": "compute", "method": "GET", "path": "no-slash"}],
                [{"service": "compute", "method": "GET", "path": "/x", "extra": 1}], "x"):
        denied(ks.call("POST", base, {"application_credential": {
            "name": unique("bad"), "access_rules": bad}}, token=demo), 400)


def test_application_credential_expiry_roles_and_restrictions(ks):
    demo = ks.cloud.token("demo")
    user_id = ok(ks.call("GET", "/auth/tokens", headers={"X-Subject-Token": demo}))["token"][
        "user"]["id"]
    base = f"/users/{user_id}/application_credentials"
    soon = (datetime.now(UTC) + timedelta(seconds=1.5)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    created = ok(ks.call("POST", base, {"application_credential": {
        "name": unique("short"), "expires_at": soon, "roles": [{"name": "reader"}]}},
        token=demo), 201)["application_credential"]
    assert created["expires_at"].startswith(soon[:19])
    auth = {"auth": {"identity": {"methods": ["application_credential"],
                                  "application_credential": {"id": created["id"],
                                                             "secret": created["secret"]}}}}
    reply = ks.cloud.call("POST", f"{V3}/auth/tokens", auth)
    token = ok(reply, 201)["token"]
    assert [r["name"] for r in token["roles"]] == ["reader"]
    assert token["application_credential"]["restricted"] is True
    assert token["expires_at"][:19] == soon[:19]
    app_token = reply.header("x-subject-token")
    # a restricted credential's token cannot make another credential
    denied(ks.call("POST", base, {"application_credential": {"name": "x"}}, token=app_token))
    time.sleep(1.6)
    denied(ks.cloud.call("POST", f"{V3}/auth/tokens", auth), 401)
    assert ks.cloud.call("GET", "/compute/v2.1/flavors", token=app_token).status == 401
    # roles the user does not hold, a past expiry, bad types
    denied(ks.call("POST", base, {"application_credential": {
        "name": unique("x"), "roles": [{"name": "admin"}]}}, token=demo), 400)
    denied(ks.call("POST", base, {"application_credential": {
        "name": unique("x"), "expires_at": "2001-01-01T00:00:00Z"}}, token=demo), 400)
    denied(ks.call("POST", base, {"application_credential": {
        "name": unique("x"), "unrestricted": "yes"}}, token=demo), 400)
    unrestricted = ok(ks.call("POST", base, {"application_credential": {
        "name": unique("free"), "unrestricted": True}}, token=demo), 201)[
        "application_credential"]
    free_token = ks.cloud.call("POST", f"{V3}/auth/tokens", {"auth": {"identity": {
        "methods": ["application_credential"], "application_credential": {
            "id": unrestricted["id"], "secret": unrestricted["secret"]}}}}).header(
        "x-subject-token")
    ok(ks.call("POST", base, {"application_credential": {"name": unique("child")}},
               token=free_token), 201)
    # administrators read and delete them; other users do not
    assert ok(ks.call("GET", base))["application_credentials"]
    other = ks.user()
    project = ks.project()
    ks.grant(f"projects/{project['id']}", f"users/{other['id']}", "member")
    other_token = ks.token(other["id"], scope=project_scope(project["id"]))
    denied(ks.call("GET", base, token=other_token))
    denied(ks.call("DELETE", f"{base}/{unrestricted['id']}", token=other_token))
    ok(ks.call("DELETE", f"{base}/{unrestricted['id']}"), 204)
