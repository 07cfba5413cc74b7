"""Keystone v3 responses of the local cloud against the OpenAPI spec in `../shared/openapi`
(through the validation machinery of `test_localcloud_schemas`, which skips, saying why,
when the reference material is absent): every identity operation answering a body, made
with realistic records (a hierarchy, a group, a grant on the system, implied roles, an
application credential with access rules)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from test_localcloud_schemas import SAMPLES, validate
from tests.support.localcloud import LocalCloud

V3 = "/identity/v3"


def _unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


# Where the spec wants `links` as arrays, while Keystone and its own samples
# (get-available-domain-scopes-response.json, access-rules-list-response.json ...) answer
# Keystone's link objects: those links are checked against the samples instead.
LINKS_AS_OBJECTS = {"/v3/auth/projects", "/v3/auth/domains", "/v3/users/{user_id}/access_rules"}


def _without_links(body: dict[str, Any]) -> dict[str, Any]:
    trimmed = {k: v for k, v in body.items() if k != "links"}
    for key, value in trimmed.items():
        if isinstance(value, list):
            trimmed[key] = [_without_links(v) if isinstance(v, dict) else v for v in value]
    return trimmed


class Calls:
    """Calls as the admin (or another token) that must succeed, validated against the spec."""

    def __init__(self, cloud: LocalCloud) -> None:
        self.cloud = cloud
        self.admin = cloud.token()

    def __call__(self, method: str, spec_path: str, path: str, body: Any = None,
                 token: str | None = None, status: int | None = None) -> Any:
        reply = self.cloud.call(method, V3 + path, body, token=token or self.admin)
        expected = status or {"POST": 201, "PUT": 201}.get(method, 200)
        assert reply.status == expected, (method, path, reply.status, reply.body[:400])
        body = reply.json
        if spec_path in LINKS_AS_OBJECTS:
            assert set(body["links"]) == {"self", "previous", "next"}
            body = _without_links(body)
        validate("identity", spec_path, method.lower(), body)
        return reply.json


@pytest.fixture(scope="module")
def calls(localcloud: LocalCloud) -> Calls:
    return Calls(localcloud)


def test_identity_records_match_openapi(calls):
    domain = calls("POST", "/v3/domains", "/domains", {"domain": {"name": _unique("d")}})[
        "domain"]
    calls("GET", "/v3/domains/{domain_id}", f"/domains/{domain['id']}")
    calls("PATCH", "/v3/domains/{domain_id}", f"/domains/{domain['id']}",
          {"domain": {"description": "schema"}})
    calls("GET", "/v3/domains", "/domains")
    parent = calls("POST", "/v3/projects", "/projects", {"project": {
        "name": _unique("p"), "tags": ["a"], "size": "large"}})["project"]
    child = calls("POST", "/v3/projects", "/projects", {"project": {
        "name": _unique("c"), "parent_id": parent["id"]}})["project"]
    for query in ("", "?parents_as_list", "?subtree_as_list", "?parents_as_ids"):
        calls("GET", "/v3/projects/{project_id}", f"/projects/{child['id']}{query}")
    calls("GET", "/v3/projects/{project_id}", f"/projects/{parent['id']}?subtree_as_list")
    calls("PATCH", "/v3/projects/{project_id}", f"/projects/{child['id']}",
          {"project": {"description": "schema"}})
    calls("GET", "/v3/projects", f"/projects?parent_id={parent['id']}")
    calls("GET", "/v3/projects", "/projects?is_domain=true")
    calls("GET", "/v3/projects/{project_id}/tags", f"/projects/{parent['id']}/tags")
    calls("PUT", "/v3/projects/{project_id}/tags", f"/projects/{parent['id']}/tags",
          {"tags": ["x", "y"]}, status=200)
    user = calls("POST", "/v3/users", "/users", {"user": {
        "name": _unique("u"), "password": "pw-secret", "email": "u@example.com",
        "default_project_id": child["id"]}})["user"]
    calls("GET", "/v3/users/{user_id}", f"/users/{user['id']}")
    calls("PATCH", "/v3/users/{user_id}", f"/users/{user['id']}",
          {"user": {"description": "schema"}})
    calls("GET", "/v3/users", "/users")
    group = calls("POST", "/v3/groups", "/groups", {"group": {"name": _unique("g")}})["group"]
    calls("GET", "/v3/groups/{group_id}", f"/groups/{group['id']}")
    calls("PATCH", "/v3/groups/{group_id}", f"/groups/{group['id']}",
          {"group": {"description": "schema"}})
    calls("GET", "/v3/groups", "/groups")
    calls.cloud.call("PUT", f"{V3}/groups/{group['id']}/users/{user['id']}",
                     token=calls.admin)
    calls("GET", "/v3/groups/{group_id}/users", f"/groups/{group['id']}/users")
    calls("GET", "/v3/users/{user_id}/groups", f"/users/{user['id']}/groups")

    role = calls("POST", "/v3/roles", "/roles", {"role": {"name": _unique("r")}})["role"]
    calls("PATCH", "/v3/roles/{role_id}", f"/roles/{role['id']}",
          {"role": {"description": "schema"}})
    calls("GET", "/v3/roles/{role_id}", f"/roles/{role['id']}")
    roles = {r["name"]: r["id"] for r in calls("GET", "/v3/roles", "/roles")["roles"]}
    implies = f"/roles/{role['id']}/implies/{roles['reader']}"
    calls("PUT", "/v3/roles/{prior_role_id}/implies/{implied_role_id}", implies)
    calls("GET", "/v3/roles/{prior_role_id}/implies/{implied_role_id}", implies)
    calls("GET", "/v3/roles/{prior_role_id}/implies", f"/roles/{role['id']}/implies")
    calls("GET", "/v3/role_inferences", "/role_inferences")

    for target, spec_target in ((f"projects/{child['id']}", "projects/{project_id}"),
                                ("domains/default", "domains/{domain_id}"),
                                ("system", "system")):
        for actor, spec_actor, role_name in ((f"users/{user['id']}", "users/{user_id}",
                                              role["name"]),
                                             (f"groups/{group['id']}", "groups/{group_id}",
                                              "member")):
            reply = calls.cloud.call("PUT", f"{V3}/{target}/{actor}/roles/{roles[role_name]}",
                                     token=calls.admin)
            assert reply.status == 204, reply.body
            calls("GET", f"/v3/{spec_target}/{spec_actor}/roles", f"/{target}/{actor}/roles")
    for query in ("?include_names", f"?user.id={user['id']}&effective&include_names",
                  f"?scope.project.id={parent['id']}&include_subtree=true&effective",
                  "?scope.system=all", f"?group.id={group['id']}"):
        assignments = calls("GET", "/v3/role_assignments", f"/role_assignments{query}")
        assert assignments["role_assignments"], query
    calls("GET", "/v3/users/{user_id}/projects", f"/users/{user['id']}/projects")

    token = calls.cloud.call("POST", f"{V3}/auth/tokens", {"auth": {"identity": {
        "methods": ["password"], "password": {"user": {"id": user["id"],
                                                       "password": "pw-secret"}}}}})
    assert token.json["token"]["project"]["id"] == child["id"]  # the default project
    validate("identity", "/v3/auth/tokens", "post", token.json)
    user_token = token.header("x-subject-token")
    calls("GET", "/v3/auth/domains", "/auth/domains", token=user_token)
    calls("GET", "/v3/auth/projects", "/auth/projects", token=user_token)
    calls("GET", "/v3/auth/system", "/auth/system", token=user_token)
    calls("GET", "/v3/auth/catalog", "/auth/catalog", token=user_token)
    for scope in ({"system": {"all": True}}, {"domain": {"id": "default"}}):
        scoped = calls.cloud.call("POST", f"{V3}/auth/tokens", {"auth": {
            "identity": {"methods": ["password"], "password": {"user": {
                "id": user["id"], "password": "pw-secret"}}}, "scope": scope}})
        assert scoped.status == 201, scoped.body
        validate("identity", "/v3/auth/tokens", "post", scoped.json)
        subject = scoped.header("x-subject-token")
        shown = calls.cloud.call("GET", f"{V3}/auth/tokens", token=calls.admin,
                                 headers={"X-Subject-Token": subject})
        validate("identity", "/v3/auth/tokens", "get", shown.json)

    base = f"/users/{user['id']}/application_credentials"
    cred = calls("POST", "/v3/users/{user_id}/application_credentials", base, {
        "application_credential": {"name": _unique("ac"), "access_rules": [
            {"service": "compute", "method": "GET", "path": "/v2.1/servers"}]}},
        token=user_token)["application_credential"]
    calls("GET", "/v3/users/{user_id}/application_credentials", base, token=user_token)
    calls("GET", "/v3/users/{user_id}/application_credentials/{application_credential_id}",
          f"{base}/{cred['id']}", token=user_token)
    rules = calls("GET", "/v3/users/{user_id}/access_rules",
                  f"/users/{user['id']}/access_rules", token=user_token)["access_rules"]
    calls("GET", "/v3/users/{user_id}/access_rules/{access_rule_id}",
          f"/users/{user['id']}/access_rules/{rules[0]['id']}", token=user_token)


def test_catalog_records_match_openapi(calls):
    region = calls("POST", "/v3/regions", "/regions", {"region": {"id": _unique("R")}})[
        "region"]
    calls("PUT", "/v3/regions/{region_id}", f"/regions/{_unique('S')}", {"region": {
        "parent_region_id": region["id"]}})
    calls("PATCH", "/v3/regions/{region_id}", f"/regions/{region['id']}",
          {"region": {"description": "schema"}})
    calls("GET", "/v3/regions/{region_id}", f"/regions/{region['id']}")
    service = calls("POST", "/v3/services", "/services", {"service": {
        "type": _unique("t"), "name": "schema"}})["service"]
    calls("PATCH", "/v3/services/{service_id}", f"/services/{service['id']}",
          {"service": {"enabled": False}})
    calls("GET", "/v3/services/{service_id}", f"/services/{service['id']}")
    endpoint = calls("POST", "/v3/endpoints", "/endpoints", {"endpoint": {
        "service_id": service["id"], "interface": "internal", "region_id": region["id"],
        "url": "http://127.0.0.1:9/x/$(project_id)s"}})["endpoint"]
    calls("PATCH", "/v3/endpoints/{endpoint_id}", f"/endpoints/{endpoint['id']}",
          {"endpoint": {"url": "http://127.0.0.1:9/y"}})
    calls("GET", "/v3/endpoints/{endpoint_id}", f"/endpoints/{endpoint['id']}")
    calls("GET", "/v3/endpoints", f"/endpoints?service_id={service['id']}")


def _keys(ours: dict[str, Any], sample: dict[str, Any], what: str) -> None:
    assert set(sample) <= set(ours), (what, set(sample) - set(ours))


def test_identity_keys_match_the_samples(calls):
    """The keys the official samples show are all in our answers."""
    import json

    def sample(name: str) -> Any:
        return json.loads((SAMPLES / "keystone" / "admin" / name).read_text())

    inferences = calls("GET", "/v3/role_inferences", "/role_inferences")
    expected = sample("role-inferences-response.json")
    assert set(inferences) == set(expected)
    _keys(inferences["role_inferences"][0], expected["role_inferences"][0], "inference")
    group = calls("POST", "/v3/groups", "/groups", {"group": {"name": _unique("g")}})["group"]
    _keys(group, sample("group-show-response.json")["group"], "group")
    demo = calls.cloud.token("demo")
    user_id = calls.cloud.call("GET", f"{V3}/auth/tokens", token=calls.admin, headers={
        "X-Subject-Token": demo}).json["token"]["user"]["id"]
    cred = calls("POST", "/v3/users/{user_id}/application_credentials",
                 f"/users/{user_id}/application_credentials", {"application_credential": {
                     "name": _unique("ac"), "access_rules": [
                         {"service": "monitoring", "method": "GET", "path": "/v2.0/metrics"}]}},
                 token=demo)["application_credential"]
    expected_cred = sample("application-credential-create-response.json")[
        "application_credential"]
    _keys(cred, expected_cred, "application credential")
    _keys(cred["access_rules"][0], expected_cred["access_rules"][0], "access rule item")
    rule = calls("GET", "/v3/users/{user_id}/access_rules/{access_rule_id}",
                 f"/users/{user_id}/access_rules/{cred['access_rules'][0]['id']}", token=demo)
    _keys(rule["access_rule"], sample("access-rule-get-response.json")["access_rule"],
          "access rule")
    listed = calls("GET", "/v3/users/{user_id}/access_rules",
                   f"/users/{user_id}/access_rules", token=demo)
    assert set(listed) == set(sample("access-rules-list-response.json"))
    calls.cloud.call("DELETE", f"{V3}/users/{user_id}/application_credentials/{cred['id']}",
                     token=demo)
