"""Keystone's smaller APIs of the local cloud over raw HTTP, as Tempest's identity tests use
them: credentials and EC2 credentials, policies, endpoint groups, OAuth consumers, domain
configurations, inherited grants (OS-INHERIT), domain-specific roles, projects acting as
domains, and the defaults Keystone fills in (a domain's empty description, the region an
endpoint's v2-style `region` names)."""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

import pytest
from tests.support.localcloud import LocalCloud, Reply

V3 = "/identity/v3"


def ok(reply: Reply, status: int = 200) -> Any:
    assert reply.status == status, (reply.status, reply.body[:500])
    return reply.json


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


class Admin:
    def __init__(self, cloud: LocalCloud) -> None:
        self.cloud = cloud
        self.token = cloud.token()

    def __call__(self, method: str, path: str, body: Any = None, token: str | None = None,
                 **kwargs: Any) -> Reply:
        return self.cloud.call(method, V3 + path, body, token=token or self.token, **kwargs)

    def create(self, path: str, key: str, body: dict[str, Any]) -> dict[str, Any]:
        return ok(self("POST", path, {key: body}), 201)[key]

    def user_id(self, token: str) -> str:
        reply = self("GET", "/auth/tokens", headers={"X-Subject-Token": token})
        return ok(reply)["token"]["user"]["id"]


@pytest.fixture(scope="module")
def admin(localcloud: LocalCloud) -> Admin:
    return Admin(localcloud)


def test_domain_without_description_has_an_empty_one(admin):
    domain = admin.create("/domains", "domain", {"name": unique("dom")})
    assert domain["description"] == ""
    ok(admin("PATCH", f"/domains/{domain['id']}", {"domain": {"enabled": False}}))
    ok(admin("DELETE", f"/domains/{domain['id']}"), 204)


def test_endpoint_with_v2_region_creates_the_region(admin):
    service = admin.create("/services", "service", {"type": unique("type")})
    region = unique("region")
    endpoint = admin.create("/endpoints", "endpoint", {
        "service_id": service["id"], "interface": "public", "url": "http://example.test/",
        "region": region})
    assert endpoint["region_id"] == region == endpoint["region"]
    assert ok(admin("GET", f"/regions/{region}"))["region"]["id"] == region
    # region_id (the v3 name) still must name an existing region
    reply = admin("POST", "/endpoints", {"endpoint": {
        "service_id": service["id"], "interface": "public", "url": "http://example.test/",
        "region_id": unique("missing")}})
    assert reply.status == 400
    ok(admin("DELETE", f"/endpoints/{endpoint['id']}"), 204)
    ok(admin("DELETE", f"/regions/{region}"), 204)
    ok(admin("DELETE", f"/services/{service['id']}"), 204)


def test_credentials_crud_and_ec2_id(admin, localcloud):
    me = admin.user_id(admin.token)
    project = admin.create("/projects", "project", {"name": unique("p")})
    blob = json.dumps({"access": unique("a"), "secret": "s"})
    cred = admin.create("/credentials", "credential", {
        "user_id": me, "project_id": project["id"], "type": "ec2", "blob": blob})
    assert cred["id"] == hashlib.sha256(json.loads(blob)["access"].encode()).hexdigest()
    assert (cred["blob"], cred["project_id"], cred["user_id"]) == (blob, project["id"], me)
    updated = ok(admin("PATCH", f"/credentials/{cred['id']}",
                       {"credential": {"blob": json.dumps({"access": "x", "secret": "y"})}}))
    assert json.loads(updated["credential"]["blob"])["secret"] == "y"
    listed = ok(admin("GET", f"/credentials?user_id={me}"))["credentials"]
    assert cred["id"] in {c["id"] for c in listed}
    # another user sees none of the admin's credentials
    demo = localcloud.token("demo")
    assert cred["id"] not in {c["id"] for c in ok(admin("GET", "/credentials",
                                                        token=demo))["credentials"]}
    assert admin("GET", f"/credentials/{cred['id']}", token=demo).status == 404
    # an ec2 credential needs a project
    assert admin("POST", "/credentials", {"credential": {
        "user_id": me, "type": "ec2", "blob": blob}}).status == 400
    ok(admin("DELETE", f"/credentials/{cred['id']}"), 204)
    assert admin("GET", f"/credentials/{cred['id']}").status == 404


def test_ec2_credentials_of_a_user(admin, localcloud):
    demo = localcloud.token("demo")
    user_id = admin.user_id(demo)
    project_id = ok(admin("GET", "/auth/tokens", headers={"X-Subject-Token": demo}))[
        "token"]["project"]["id"]
    base = f"/users/{user_id}/credentials/OS-EC2"
    cred = ok(admin("POST", base, {"tenant_id": project_id}, token=demo), 201)["credential"]
    assert cred["access"] and cred["secret"]
    assert (cred["user_id"], cred["tenant_id"]) == (user_id, project_id)
    shown = ok(admin("GET", f"{base}/{cred['access']}", token=demo))["credential"]
    assert shown["secret"] == cred["secret"]
    assert cred["access"] in {c["access"] for c in ok(admin("GET", base, token=demo))[
        "credentials"]}
    # the same record is a credential of type ec2
    plain = ok(admin("GET", f"/credentials/{hashlib.sha256(cred['access'].encode()).hexdigest()}"))
    assert plain["credential"]["type"] == "ec2"
    # another user may not read them
    admin_id = admin.user_id(admin.token)
    assert admin("GET", f"/users/{admin_id}/credentials/OS-EC2", token=demo).status == 403
    ok(admin("DELETE", f"{base}/{cred['access']}", token=demo), 204)
    assert admin("GET", f"{base}/{cred['access']}", token=demo).status == 404


@pytest.mark.parametrize("path,key,body,change", [
    ("/policies", "policy", {"blob": "{}", "type": "application/json"}, {"type": "text/x"}),
    ("/OS-EP-FILTER/endpoint_groups", "endpoint_group",
     {"name": "eg", "description": "d", "filters": {"interface": "public"}},
     {"filters": {"interface": "admin"}}),
    ("/OS-OAUTH1/consumers", "consumer", {"description": "c"}, {"description": "c2"}),
])
def test_admin_documents_crud(admin, localcloud, path, key, body, change):
    created = admin.create(path, key, body)
    assert created["links"]["self"].endswith(f"{path}/{created['id']}")
    if key == "consumer":
        assert created["secret"]  # shown once, at creation
    shown = ok(admin("GET", f"{path}/{created['id']}"))[key]
    assert "secret" not in shown
    assert {k: shown[k] for k in body} == body
    plural = path.rsplit("/", 1)[-1]
    assert shown in ok(admin("GET", path))[plural]
    updated = ok(admin("PATCH", f"{path}/{created['id']}", {key: change}))[key]
    assert {k: updated[k] for k in change} == change
    assert admin("HEAD", f"{path}/{created['id']}").status == 200
    # only the admin changes them
    demo = localcloud.token("demo")
    assert admin("POST", path, {key: body}, token=demo).status == 403
    ok(admin("DELETE", f"{path}/{created['id']}"), 204)
    assert admin("GET", f"{path}/{created['id']}").status == 404


def test_domain_configuration(admin):
    defaults = ok(admin("GET", "/domains/config/default"))["config"]
    assert {"driver", "list_limit"} <= set(defaults["identity"]) and "url" in defaults["ldap"]
    assert ok(admin("GET", "/domains/config/ldap/url/default"))["config"] == {
        "url": defaults["ldap"]["url"]}
    domain = admin.create("/domains", "domain", {"name": unique("cfg")})
    base = f"/domains/{domain['id']}/config"
    assert admin("GET", base).status == 404
    config = {"identity": {"driver": "ldap"}, "ldap": {"url": "ldap://x:389/"}}
    assert ok(admin("PUT", base, {"config": config}), 201)["config"] == config
    assert ok(admin("PUT", base, {"config": config}), 200)["config"] == config
    updated = ok(admin("PATCH", f"{base}/identity", {"config": {"identity": {
        "list_limit": 5}}}))["config"]
    assert updated["identity"] == {"driver": "ldap", "list_limit": 5}
    assert ok(admin("PATCH", f"{base}/identity/driver", {"config": {"driver": "sql"}}))[
        "config"]["identity"]["driver"] == "sql"
    assert ok(admin("GET", f"{base}/ldap/url"))["config"] == {"url": "ldap://x:389/"}
    # only Keystone's groups and options
    assert admin("PATCH", base, {"config": {"nova": {"x": "y"}}}).status == 403
    ok(admin("DELETE", f"{base}/identity/driver"), 204)
    assert admin("GET", f"{base}/identity/driver").status == 404
    ok(admin("DELETE", f"{base}/ldap"), 204)
    assert admin("GET", f"{base}/ldap").status == 404
    ok(admin("DELETE", base), 204)
    assert admin("GET", base).status == 404


def test_inherited_grants_reach_the_projects_below(admin):
    domain = admin.create("/domains", "domain", {"name": unique("inh")})
    parent = admin.create("/projects", "project", {"name": unique("p"),
                                                   "domain_id": domain["id"]})
    leaf = admin.create("/projects", "project", {"name": unique("l"),
                                                 "domain_id": domain["id"],
                                                 "parent_id": parent["id"]})
    user = admin.create("/users", "user", {"name": unique("u"), "domain_id": domain["id"],
                                           "password": "secret-pass"})
    role = admin.create("/roles", "role", {"name": unique("r")})

    def effective(project_id: str) -> list[dict[str, Any]]:
        return ok(admin("GET", f"/role_assignments?effective&user.id={user['id']}"
                               f"&scope.project.id={project_id}"))["role_assignments"]

    grant = f"/OS-INHERIT/projects/{parent['id']}/users/{user['id']}/roles/{role['id']}" \
            "/inherited_to_projects"
    ok(admin("PUT", grant), 204)
    ok(admin("GET", grant), 204)
    assert effective(parent["id"]) == []  # not on the project itself
    [assignment] = effective(leaf["id"])
    assert assignment["role"]["id"] == role["id"]
    assert assignment["links"]["assignment"].endswith("/inherited_to_projects")
    # the leaf's token carries the role
    token = admin.cloud.call("POST", f"{V3}/auth/tokens", {"auth": {"identity": {
        "methods": ["password"], "password": {"user": {"id": user["id"],
                                                       "password": "secret-pass"}}},
        "scope": {"project": {"id": leaf["id"]}}}})
    assert role["id"] in {r["id"] for r in ok(token, 201)["token"]["roles"]}
    ok(admin("DELETE", grant), 204)
    assert effective(leaf["id"]) == []
    # on a domain: every project of it, listed under the domain
    on_domain = f"/OS-INHERIT/domains/{domain['id']}/users/{user['id']}/roles"
    ok(admin("PUT", f"{on_domain}/{role['id']}/inherited_to_projects"), 204)
    listed = ok(admin("GET", f"{on_domain}/inherited_to_projects"))["roles"]
    assert [r["id"] for r in listed] == [role["id"]]
    assert effective(parent["id"]) and effective(leaf["id"])
    ok(admin("DELETE", f"{on_domain}/{role['id']}/inherited_to_projects"), 204)
    assert effective(parent["id"]) == []


def test_domain_specific_roles(admin):
    domain = admin.create("/domains", "domain", {"name": unique("dr")})
    project = admin.create("/projects", "project", {"name": unique("p"),
                                                    "domain_id": domain["id"]})
    user = admin.create("/users", "user", {"name": unique("u"), "domain_id": domain["id"]})
    global_role = admin.create("/roles", "role", {"name": unique("g")})
    role = admin.create("/roles", "role", {"name": unique("d"), "domain_id": domain["id"]})
    assert role["domain_id"] == domain["id"]
    assert ok(admin("GET", f"/roles?domain_id={domain['id']}"))["roles"] == [role]
    assert role["id"] not in {r["id"] for r in ok(admin("GET", "/roles"))["roles"]}
    # a global role may not imply a domain role; the other way round is fine
    assert admin("PUT", f"/roles/{global_role['id']}/implies/{role['id']}").status == 403
    ok(admin("PUT", f"/roles/{role['id']}/implies/{global_role['id']}"), 201)
    # granted, a domain role is not effective itself, only what it implies
    ok(admin("PUT", f"/projects/{project['id']}/users/{user['id']}/roles/{role['id']}"), 204)
    found = ok(admin("GET", f"/role_assignments?effective&user.id={user['id']}"
                            f"&scope.project.id={project['id']}"))["role_assignments"]
    assert [a["role"]["id"] for a in found] == [global_role["id"]]
    ok(admin("DELETE", f"/roles/{role['id']}"), 204)
    assert ok(admin("GET", f"/roles?domain_id={domain['id']}"))["roles"] == []


def test_project_acting_as_domain_is_updated_and_deleted_as_a_project(admin):
    created = admin.create("/projects", "project", {"name": unique("isd"), "is_domain": True})
    assert created["is_domain"] is True
    listed = ok(admin("GET", "/projects?is_domain=true"))["projects"]
    assert created["id"] in {p["id"] for p in listed}
    updated = ok(admin("PATCH", f"/projects/{created['id']}", {"project": {
        "enabled": False}}))["project"]
    assert updated["enabled"] is False
    assert ok(admin("GET", f"/domains/{created['id']}"))["domain"]["enabled"] is False
    ok(admin("DELETE", f"/projects/{created['id']}"), 204)
    assert admin("GET", f"/domains/{created['id']}").status == 404
