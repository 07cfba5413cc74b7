"""Keystone v3 of the local cloud, over raw HTTP: discovery, every auth flow, token
validation and revocation, policy, CRUD of the identity records, application credentials."""

from __future__ import annotations

import sqlite3
import uuid

from tests.support.localcloud import LocalCloud


def _password_auth(cloud: LocalCloud, user_ref: dict, password: str, scope=None) -> dict:
    auth = {"identity": {"methods": ["password"],
                         "password": {"user": dict(user_ref, password=password)}}}
    if scope is not None:
        auth["scope"] = scope
    return {"auth": auth}


def _ids(cloud: LocalCloud) -> dict:
    """Ids of the bootstrap records, read as admin."""
    token = cloud.token()
    projects = cloud.call("GET", "/identity/v3/projects", token=token).json["projects"]
    users = cloud.call("GET", "/identity/v3/users", token=token).json["users"]
    roles = cloud.call("GET", "/identity/v3/roles", token=token).json["roles"]
    return {
        "project": {p["name"]: p["id"] for p in projects},
        "user": {u["name"]: u["id"] for u in users},
        "role": {r["name"]: r["id"] for r in roles},
        "token": token,
    }


# ------------------------------------------------------------------ discovery
def test_version_documents(localcloud):
    root = localcloud.call("GET", "/identity")
    assert root.status == 300
    values = root.json["versions"]["values"]
    assert [v["id"] for v in values] == ["v3.14"]
    assert values[0]["status"] == "stable"
    assert values[0]["links"][0]["href"] == f"{localcloud.url}/identity/v3/"
    assert localcloud.call("GET", "/identity/").status == 300
    v3 = localcloud.call("GET", "/identity/v3")
    assert v3.status == 200
    assert v3.json["version"]["id"] == "v3.14"
    assert v3.json["version"]["media-types"][0]["type"] == (
        "application/vnd.openstack.identity-v3+json")


# ------------------------------------------------------------------ auth flows
def test_password_project_scoped_token_body(localcloud):
    reply = localcloud.authenticate("admin", "admin")
    assert reply.status == 201
    token = reply.header("x-subject-token")
    assert token and len(token) >= 32
    assert reply.header("x-openstack-request-id").startswith("req-")
    body = reply.json["token"]
    assert body["methods"] == ["password"]
    assert body["project"]["name"] == "admin"
    assert body["project"]["domain"] == {"id": "default", "name": "Default"}
    assert body["user"]["name"] == "admin"
    assert body["user"]["domain"] == {"id": "default", "name": "Default"}
    assert {r["name"] for r in body["roles"]} == {"admin", "member", "reader"}
    assert body["is_domain"] is False
    assert len(body["audit_ids"]) == 1
    assert body["expires_at"].endswith("Z") and body["issued_at"].endswith("Z")
    catalog = {s["type"]: s for s in body["catalog"]}
    assert set(catalog) == {"identity", "compute", "image", "network", "block-storage",
                            "object-store"}
    project_id = body["project"]["id"]
    assert {e["url"] for e in catalog["block-storage"]["endpoints"]} == {
        f"{localcloud.url}/volume/v3/{project_id}"}
    assert {e["url"] for e in catalog["object-store"]["endpoints"]} == {
        f"{localcloud.url}/object-store/v1/AUTH_{project_id}"}
    assert catalog["block-storage"]["name"] == "cinderv3"
    urls = {(e["interface"], e["url"]) for e in catalog["compute"]["endpoints"]}
    assert urls == {(i, f"{localcloud.url}/compute/v2.1") for i in ("public", "internal",
                                                                     "admin")}
    assert {e["url"] for e in catalog["identity"]["endpoints"]} == {
        f"{localcloud.url}/identity"}
    assert {e["url"] for e in catalog["image"]["endpoints"]} == {f"{localcloud.url}/image"}
    assert all(e["region_id"] == "RegionOne" for s in body["catalog"] for e in s["endpoints"])


def test_password_by_ids_and_domain_id(localcloud):
    ids = _ids(localcloud)
    body = _password_auth(localcloud, {"id": ids["user"]["demo"]}, localcloud.password("demo"),
                          {"project": {"id": ids["project"]["demo"]}})
    reply = localcloud.call("POST", "/identity/v3/auth/tokens", body)
    assert reply.status == 201, reply.body
    assert reply.json["token"]["project"]["id"] == ids["project"]["demo"]
    assert {r["name"] for r in reply.json["token"]["roles"]} == {"member", "reader"}
    body = _password_auth(localcloud, {"name": "demo", "domain": {"id": "default"}},
                          localcloud.password("demo"),
                          {"project": {"name": "demo", "domain": {"id": "default"}}})
    assert localcloud.call("POST", "/identity/v3/auth/tokens", body).status == 201


def test_unscoped_domain_and_system_scopes(localcloud):
    unscoped = localcloud.authenticate("admin", scope=None)
    assert unscoped.status == 201
    token = unscoped.json["token"]
    assert "project" not in token and "catalog" not in token and "roles" not in token
    # a domain scope needs a role on the domain (bootstrap grants none)
    assert localcloud.authenticate("admin", scope={"domain": {"name": "Default"}}).status == 401
    ids = _ids(localcloud)
    grant = f"/identity/v3/domains/default/users/{ids['user']['admin']}/roles/" \
            f"{ids['role']['admin']}"
    assert localcloud.call("PUT", grant, token=ids["token"]).status == 204
    try:
        domain = localcloud.authenticate("admin", scope={"domain": {"name": "Default"}})
        assert domain.status == 201
        assert domain.json["token"]["domain"] == {"id": "default", "name": "Default"}
        assert domain.json["token"]["catalog"]
        domains = localcloud.call("GET", "/identity/v3/auth/domains", token=ids["token"])
        assert [d["id"] for d in domains.json["domains"]] == ["default"]
    finally:
        assert localcloud.call("DELETE", grant, token=ids["token"]).status == 204
    system = localcloud.authenticate("admin", scope={"system": {"all": True}})
    assert system.status == 201
    assert system.json["token"]["system"] == {"all": True}
    assert "admin" in {r["name"] for r in system.json["token"]["roles"]}
    # demo holds no system role
    assert localcloud.authenticate("demo", scope={"system": {"all": True}}).status == 401


def test_nocatalog(localcloud):
    body = _password_auth(localcloud, {"name": "admin", "domain": {"name": "Default"}},
                          localcloud.password("admin"),
                          {"project": {"name": "admin", "domain": {"name": "Default"}}})
    reply = localcloud.call("POST", "/identity/v3/auth/tokens?nocatalog", body)
    assert reply.status == 201
    assert "catalog" not in reply.json["token"]
    assert reply.json["token"]["roles"]


def test_token_method_rescopes_an_unscoped_token(localcloud):
    unscoped = localcloud.authenticate("demo", scope=None)
    first = unscoped.header("x-subject-token")
    body = {"auth": {"identity": {"methods": ["token"], "token": {"id": first}},
                     "scope": {"project": {"name": "demo", "domain": {"name": "Default"}}}}}
    reply = localcloud.call("POST", "/identity/v3/auth/tokens", body)
    assert reply.status == 201, reply.body
    token = reply.json["token"]
    assert token["project"]["name"] == "demo"
    assert set(token["methods"]) == {"token", "password"}
    assert token["audit_ids"][1] == unscoped.json["token"]["audit_ids"][0]
    assert token["expires_at"] == unscoped.json["token"]["expires_at"]
    # demo cannot rescope into admin's project
    body["auth"]["scope"] = {"project": {"name": "admin", "domain": {"name": "Default"}}}
    denied = localcloud.call("POST", "/identity/v3/auth/tokens", body)
    assert denied.status == 401
    assert denied.json["error"]["code"] == 401


def test_wrong_credentials_answer_401_keystone_body(localcloud):
    reply = localcloud.authenticate("admin", password="wrong")
    assert reply.status == 401
    assert reply.json == {"error": {"code": 401, "title": "Unauthorized",
                                    "message": "The request you have made requires "
                                               "authentication."}}
    assert localcloud.authenticate("nobody", password="x").status == 401
    missing_project = localcloud.authenticate("admin", project="no-such-project")
    assert missing_project.status == 401


def test_malformed_auth_requests_answer_400(localcloud):
    cases = [
        b"{not json",
        b"[]",
        b'{"auth": 1}',
        b'{"auth": {"identity": {"methods": "password"}}}',
        b'{"auth": {"identity": {"methods": ["password"], "password": {"user": "x"}}}}',
        b'{"auth": {"identity": {"methods": ["password"], "password": {"user": '
        b'{"name": "admin", "password": "x"}}}}}',
    ]
    for raw in cases:
        reply = localcloud.call("POST", "/identity/v3/auth/tokens", raw=raw)
        assert reply.status == 400, (raw, reply.status, reply.body)
        assert reply.json["error"]["code"] == 400
        assert reply.json["error"]["title"] == "Bad Request"


def test_validate_check_and_revoke(localcloud):
    admin = localcloud.token()
    subject = localcloud.token("demo")
    shown = localcloud.call("GET", "/identity/v3/auth/tokens", token=admin,
                            headers={"X-Subject-Token": subject})
    assert shown.status == 200
    assert shown.header("x-subject-token") == subject
    assert shown.json["token"]["user"]["name"] == "demo"
    assert shown.json["token"]["catalog"]
    bare = localcloud.call("GET", "/identity/v3/auth/tokens?nocatalog", token=admin,
                           headers={"X-Subject-Token": subject})
    assert "catalog" not in bare.json["token"]
    head = localcloud.call("HEAD", "/identity/v3/auth/tokens", token=admin,
                           headers={"X-Subject-Token": subject})
    assert head.status == 200 and head.body == b""
    # the demo user may validate its own token, not admin's
    assert localcloud.call("GET", "/identity/v3/auth/tokens", token=subject,
                           headers={"X-Subject-Token": subject}).status == 200
    assert localcloud.call("GET", "/identity/v3/auth/tokens", token=subject,
                           headers={"X-Subject-Token": admin}).status == 403
    # revoke: the token stops working everywhere
    revoked = localcloud.call("DELETE", "/identity/v3/auth/tokens", token=admin,
                              headers={"X-Subject-Token": subject})
    assert revoked.status == 204
    gone = localcloud.call("GET", "/identity/v3/auth/tokens", token=admin,
                           headers={"X-Subject-Token": subject})
    assert gone.status == 404
    assert gone.json["error"]["title"] == "Not Found"
    assert localcloud.call("HEAD", "/identity/v3/auth/tokens", token=admin,
                           headers={"X-Subject-Token": subject}).status == 404
    assert localcloud.call("GET", "/compute/v2.1/servers", token=subject).status == 401
    assert localcloud.call("GET", "/identity/v3/auth/tokens", token=admin,
                           headers={"X-Subject-Token": "garbage"}).status == 404
    assert localcloud.call("GET", "/identity/v3/auth/tokens", token=admin).status == 400


def test_missing_or_invalid_token_is_401(localcloud):
    for token in (None, "not-a-token"):
        reply = localcloud.call("GET", "/identity/v3/projects", token=token)
        assert reply.status == 401
        assert reply.json["error"]["code"] == 401
        assert reply.header("www-authenticate") == (
            f'Keystone uri="{localcloud.url}/identity"')


def test_token_expiry(start_cloud):
    cloud = start_cloud(token_expiration=1)
    token = cloud.token()
    assert cloud.call("GET", "/compute/v2.1/flavors", token=token).status == 200
    cloud.wait_for(lambda: cloud.call("GET", "/compute/v2.1/flavors",
                                      token=token).status == 401, timeout=5)


def test_auth_catalog_projects_domains_system(localcloud):
    demo = localcloud.token("demo")
    catalog = localcloud.call("GET", "/identity/v3/auth/catalog", token=demo)
    assert catalog.status == 200
    assert {s["type"] for s in catalog.json["catalog"]} >= {"identity", "compute", "image",
                                                             "network", "block-storage"}
    projects = localcloud.call("GET", "/identity/v3/auth/projects", token=demo)
    assert [p["name"] for p in projects.json["projects"]] == ["demo"]
    assert localcloud.call("GET", "/identity/v3/auth/domains", token=demo).json[
        "domains"] == []
    assert localcloud.call("GET", "/identity/v3/auth/system", token=demo).json["system"] == []
    admin = localcloud.token()
    assert localcloud.call("GET", "/identity/v3/auth/system", token=admin).json[
        "system"] == [{"all": True}]
    unscoped = localcloud.authenticate("demo", scope=None).header("x-subject-token")
    assert localcloud.call("GET", "/identity/v3/auth/catalog", token=unscoped).status == 403


# ------------------------------------------------------------------ policy
def test_admin_only_calls_answer_403_to_members(localcloud):
    demo = localcloud.token("demo")
    for path in ("/identity/v3/projects", "/identity/v3/users", "/identity/v3/roles",
                 "/identity/v3/domains", "/identity/v3/role_assignments",
                 "/identity/v3/services", "/identity/v3/endpoints"):
        reply = localcloud.call("GET", path, token=demo)
        assert reply.status == 403, path
        assert reply.json["error"]["title"] == "Forbidden"
    create = localcloud.call("POST", "/identity/v3/projects", {"project": {"name": "x"}},
                             token=demo)
    assert create.status == 403
    # what a member may read: itself, its project, the regions
    ids = _ids(localcloud)
    assert localcloud.call("GET", f"/identity/v3/users/{ids['user']['demo']}",
                           token=demo).status == 200
    assert localcloud.call("GET", f"/identity/v3/users/{ids['user']['admin']}",
                           token=demo).status == 403
    assert localcloud.call("GET", f"/identity/v3/projects/{ids['project']['demo']}",
                           token=demo).status == 200
    assert localcloud.call("GET", "/identity/v3/regions", token=demo).json["regions"][0][
        "id"] == "RegionOne"


# ------------------------------------------------------------------ CRUD
def test_bootstrap_records(localcloud):
    admin = localcloud.token()
    domains = localcloud.call("GET", "/identity/v3/domains", token=admin).json["domains"]
    # The seed has one domain, Default (tests sharing this cloud may have added theirs).
    assert [(d["id"], d["name"]) for d in domains if d["name"] == "Default"] == [
        ("default", "Default")]
    ids = _ids(localcloud)
    assert set(ids["project"]) >= {"admin", "demo"}
    assert set(ids["user"]) >= {"admin", "demo"}
    assert set(ids["role"]) >= {"admin", "member", "reader"}
    services = localcloud.call("GET", "/identity/v3/services", token=admin).json["services"]
    assert {s["type"] for s in services} >= {"identity", "compute", "image"}
    endpoints = localcloud.call("GET", "/identity/v3/endpoints?interface=public",
                                token=admin).json["endpoints"]
    assert {e["interface"] for e in endpoints} == {"public"}
    assert len(endpoints) >= 3


def test_project_user_and_role_assignment_lifecycle(localcloud):
    admin = localcloud.token()
    name = f"p-{uuid.uuid4().hex[:8]}"
    created = localcloud.call("POST", "/identity/v3/projects",
                              {"project": {"name": name, "description": "test"}}, token=admin)
    assert created.status == 201, created.body
    project = created.json["project"]
    assert project["domain_id"] == "default" and project["enabled"] is True
    assert project["links"]["self"] == f"{localcloud.url}/identity/v3/projects/{project['id']}"
    dup = localcloud.call("POST", "/identity/v3/projects", {"project": {"name": name}},
                          token=admin)
    assert dup.status == 409
    listed = localcloud.call("GET", f"/identity/v3/projects?name={name}", token=admin)
    assert [p["id"] for p in listed.json["projects"]] == [project["id"]]

    user = localcloud.call("POST", "/identity/v3/users",
                           {"user": {"name": f"u-{name}", "password": "secret-pw"}},
                           token=admin).json["user"]
    assert "password" not in user
    ids = _ids(localcloud)
    member = ids["role"]["member"]
    grant_path = f"/identity/v3/projects/{project['id']}/users/{user['id']}/roles/{member}"
    # no role yet: cannot scope to the project
    auth = _password_auth(localcloud, {"id": user["id"]}, "secret-pw",
                          {"project": {"id": project["id"]}})
    assert localcloud.call("POST", "/identity/v3/auth/tokens", auth).status == 401
    assert localcloud.call("GET", grant_path, token=admin).status == 404
    assert localcloud.call("PUT", grant_path, token=admin).status == 204
    assert localcloud.call("GET", grant_path, token=admin).status == 204
    assignments = localcloud.call(
        "GET", f"/identity/v3/role_assignments?user.id={user['id']}&include_names",
        token=admin).json["role_assignments"]
    assert len(assignments) == 1
    assert assignments[0]["role"] == {"id": member, "name": "member"}
    assert assignments[0]["scope"]["project"]["id"] == project["id"]
    assert assignments[0]["scope"]["project"]["name"] == name
    effective = localcloud.call(
        "GET", f"/identity/v3/role_assignments?user.id={user['id']}&effective",
        token=admin).json["role_assignments"]
    assert {a["role"]["id"] for a in effective} == {member, ids["role"]["reader"]}
    reply = localcloud.call("POST", "/identity/v3/auth/tokens", auth)
    assert reply.status == 201
    user_token = reply.header("x-subject-token")
    assert localcloud.call("GET", "/compute/v2.1/servers", token=user_token).status == 200
    # removing the role invalidates the token, as with Keystone's fernet tokens
    assert localcloud.call("DELETE", grant_path, token=admin).status == 204
    assert localcloud.call("GET", "/compute/v2.1/servers", token=user_token).status == 401
    assert localcloud.call("DELETE", grant_path, token=admin).status == 404

    patched = localcloud.call("PATCH", f"/identity/v3/projects/{project['id']}",
                              {"project": {"description": "changed", "enabled": False}},
                              token=admin)
    assert patched.json["project"]["description"] == "changed"
    assert patched.json["project"]["enabled"] is False
    assert localcloud.call("DELETE", f"/identity/v3/users/{user['id']}",
                           token=admin).status == 204
    assert localcloud.call("GET", f"/identity/v3/users/{user['id']}",
                           token=admin).status == 404
    assert localcloud.call("DELETE", f"/identity/v3/projects/{project['id']}",
                           token=admin).status == 204
    missing = localcloud.call("GET", f"/identity/v3/projects/{project['id']}", token=admin)
    assert missing.status == 404
    assert missing.json["error"]["message"] == f"Could not find project: {project['id']}."


def test_bad_identity_bodies_answer_400(localcloud):
    admin = localcloud.token()
    for body in ({}, {"project": "x"}, {"project": {}}, {"project": {"name": 3}},
                 {"project": {"name": "ok", "enabled": "yes"}}):
        reply = localcloud.call("POST", "/identity/v3/projects", body, token=admin)
        assert reply.status == 400, (body, reply.body)
    assert localcloud.call("POST", "/identity/v3/users", raw=b"{", token=admin).status == 400
    assert localcloud.call("GET", "/identity/v3/nothing-here", token=admin).status == 404
    assert localcloud.call("PUT", "/identity/v3/projects", token=admin).status == 405


def test_passwords_and_secrets_are_stored_hashed(localcloud):
    admin = localcloud.token()
    user = _ids(localcloud)["user"]["admin"]
    cred = localcloud.call(
        "POST", f"/identity/v3/users/{user}/application_credentials",
        {"application_credential": {"name": f"hashed-{uuid.uuid4().hex[:6]}"}}, token=admin)
    secret = cred.json["application_credential"]["secret"]
    db = sqlite3.connect(f"file:{localcloud.state_dir / 'localcloud.db'}?mode=ro", uri=True)
    try:
        dump = "\n".join(db.iterdump())
        hashes = [row[0] for row in db.execute("SELECT password_hash FROM users")]
    finally:
        db.close()
    for plain in (localcloud.password("admin"), localcloud.password("demo"), secret, admin):
        assert plain not in dump
    assert all(h.startswith("$2b$04$") for h in hashes)


# ------------------------------------------------------------------ application credentials
def test_application_credentials(localcloud):
    demo = localcloud.token("demo")
    user_id = localcloud.authenticate("demo").json["token"]["user"]["id"]
    base = f"/identity/v3/users/{user_id}/application_credentials"
    name = f"ci-{uuid.uuid4().hex[:6]}"
    created = localcloud.call("POST", base, {"application_credential": {
        "name": name, "description": "for CI", "roles": [{"name": "reader"}]}}, token=demo)
    assert created.status == 201, created.body
    cred = created.json["application_credential"]
    secret = cred["secret"]
    assert len(secret) > 40
    assert cred["roles"][0]["name"] == "reader"
    assert cred["unrestricted"] is False
    shown = localcloud.call("GET", f"{base}/{cred['id']}", token=demo).json[
        "application_credential"]
    assert "secret" not in shown and shown["name"] == name
    listed = localcloud.call("GET", f"{base}?name={name}", token=demo).json
    assert [c["id"] for c in listed["application_credentials"]] == [cred["id"]]
    assert "secret" not in listed["application_credentials"][0]

    by_id = {"auth": {"identity": {"methods": ["application_credential"],
                                   "application_credential": {"id": cred["id"],
                                                              "secret": secret}}}}
    reply = localcloud.call("POST", "/identity/v3/auth/tokens", by_id)
    assert reply.status == 201, reply.body
    token = reply.json["token"]
    assert token["methods"] == ["application_credential"]
    assert token["application_credential"] == {"id": cred["id"], "name": name,
                                               "restricted": True}
    assert token["project"]["name"] == "demo"
    assert {r["name"] for r in token["roles"]} == {"reader"}
    by_name = {"auth": {"identity": {"methods": ["application_credential"],
                                     "application_credential": {
                                         "name": name, "secret": secret,
                                         "user": {"name": "demo",
                                                  "domain": {"name": "Default"}}}}}}
    assert localcloud.call("POST", "/identity/v3/auth/tokens", by_name).status == 201
    wrong = dict(by_id)
    wrong["auth"]["identity"]["application_credential"]["secret"] = "nope"
    assert localcloud.call("POST", "/identity/v3/auth/tokens", wrong).status == 401
    app_token = reply.header("x-subject-token")
    # another user's credentials are not ours to list, and admin's are not demo's to create
    admin_id = localcloud.authenticate("admin").json["token"]["user"]["id"]
    assert localcloud.call("GET", f"/identity/v3/users/{admin_id}/application_credentials",
                           token=demo).status == 403
    assert localcloud.call("POST", f"/identity/v3/users/{admin_id}/application_credentials",
                           {"application_credential": {"name": "x"}}, token=demo).status == 403
    # deleting the credential invalidates its tokens
    assert localcloud.call("DELETE", f"{base}/{cred['id']}", token=demo).status == 204
    assert localcloud.call("GET", "/compute/v2.1/flavors", token=app_token).status == 401
    assert localcloud.call("GET", f"{base}/{cred['id']}", token=demo).status == 404
    given = localcloud.call("POST", base, {"application_credential": {
        "name": f"{name}-2", "secret": "my-own-secret"}}, token=demo)
    assert given.json["application_credential"]["secret"] == "my-own-secret"
    bad = localcloud.call("POST", base, {"application_credential": {"name": 7}}, token=demo)
    assert bad.status == 400
