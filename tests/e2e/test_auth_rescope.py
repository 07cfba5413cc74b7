"""Re-scoping from the token cache: a user who has a cached token for one project gets a
token for another project with Keystone's `token` method, without sending its password (or
passcode) again; a token the cloud refuses is forgotten and the password used instead."""

from __future__ import annotations

import uuid

from tests.support.mfa_user import V3, MfaUser

import ostack


def test_cached_token_is_rescoped_to_another_project(localcloud, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    user = MfaUser(localcloud)
    member = user.ok("GET", "/roles?name=member")["roles"][0]["id"]
    other, third_project = (user.ok("POST", "/projects", {"project": {
        "name": f"rescope-{uuid.uuid4().hex[:8]}", "domain_id": "default"}}, 201)["project"]
        for _ in range(2))
    for project in (other, third_project):
        user.ok("PUT", f"/projects/{project['id']}/users/{user.id}/roles/{member}", None, 204)
    try:
        first = ostack.connect(cache=True, use_env=False, **user.options(
            password=user.password)).identity.get_access()
        assert first.project_name == "demo" and first.methods == ["password"]
        second = ostack.connect(cache=True, use_env=False, **user.options(
            password=user.password, project_name=other["name"])).identity.get_access()
        assert second.project_id == other["id"]
        assert sorted(second.methods) == ["password", "token"]  # from the cached token
        assert second.audit_ids[1:] == first.audit_ids[:1]
        # once the cached tokens are revoked, a new scope falls back to the password
        for access in (first, second):
            localcloud.call("DELETE", V3 + "/auth/tokens", token=user.admin,
                            headers={"X-Subject-Token": access.token})
        third = ostack.connect(cache=True, use_env=False, **user.options(
            password=user.password, project_name=third_project["name"])).identity.get_access()
        assert third.methods == ["password"] and third.project_id == third_project["id"]
    finally:
        user.delete()
        for project in (other, third_project):
            localcloud.call("DELETE", f"{V3}/projects/{project['id']}", token=user.admin)
