"""Keystone v3 of the local cloud, complete, over raw HTTP: domains, the project hierarchy and
tags, users and passwords, groups and membership. Roles and policy, and the catalog and
application credentials, have files of their own (test_localcloud_identity_v3_*.py).
"""

from __future__ import annotations

import pytest
from tests.support.keystone_api import V3, Keystone, denied, ok, project_scope, unique
from tests.support.localcloud import LocalCloud


@pytest.fixture(scope="module")
def ks(localcloud: LocalCloud) -> Keystone:
    return Keystone(localcloud)


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
