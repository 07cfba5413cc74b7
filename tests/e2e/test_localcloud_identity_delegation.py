"""Raw HTTP against the local Keystone: what the clients do not show of trusts, OS-EP-FILTER,
unified limits and OAuth1 (a trust-scoped token's roles and body, the trustee and role checks,
members refused with Keystone's 403 body, an OAuth1 bad signature)."""

from __future__ import annotations

import uuid

V3 = "/identity/v3"


def _id(localcloud, token: str, kind: str, name: str) -> str:
    reply = localcloud.call("GET", f"{V3}/{kind}?name={name}", token=token)
    return reply.json[kind][0]["id"]


def test_trust_scoped_token_carries_the_delegated_roles(localcloud):
    admin = localcloud.token()
    users = {n: _id(localcloud, admin, "users", n) for n in ("admin", "demo")}
    project = _id(localcloud, admin, "projects", "admin")
    body = {"trust": {"trustor_user_id": users["admin"], "trustee_user_id": users["demo"],
                      "project_id": project, "impersonation": False,
                      "roles": [{"name": "reader"}]}}
    reply = localcloud.call("POST", f"{V3}/OS-TRUST/trusts", body, token=admin)
    assert reply.status == 201, reply.body
    trust = reply.json["trust"]
    try:
        assert [r["name"] for r in trust["roles"]] == ["reader"]
        scope = {"OS-TRUST:trust": {"id": trust["id"]}}
        reply = localcloud.authenticate("demo", scope=scope)
        assert reply.status == 201, reply.body
        token = reply.json["token"]
        assert token["project"]["id"] == project and token["user"]["id"] == users["demo"]
        assert [r["name"] for r in token["roles"]] == ["reader"]
        assert token["OS-TRUST:trust"] == {
            "id": trust["id"], "impersonation": False,
            "trustee_user": {"id": users["demo"]}, "trustor_user": {"id": users["admin"]}}
        # the trustor may not use it, and a trust-scoped token is not rescoped
        assert localcloud.authenticate("admin", scope=scope).status == 403
        rescope = {"auth": {"identity": {"methods": ["token"], "token": {
            "id": reply.header("x-subject-token")}}, "scope": {"project": {"id": project}}}}
        assert localcloud.call("POST", f"{V3}/auth/tokens", rescope).status == 403
        # the demo member reads its trust, not the listing of all of them
        demo = localcloud.token("demo")
        assert localcloud.call("GET", f"{V3}/OS-TRUST/trusts/{trust['id']}",
                               token=demo).status == 200
        denied = localcloud.call("GET", f"{V3}/OS-TRUST/trusts", token=demo)
        assert denied.status == 403
        assert denied.json["error"]["message"] == (
            "You are not authorized to perform the requested action: identity:list_trusts.")
    finally:
        localcloud.call("DELETE", f"{V3}/OS-TRUST/trusts/{trust['id']}", token=admin)
    # once deleted, it gives no more tokens (Keystone 30 answers 401, as for a used-up trust)
    assert localcloud.authenticate("demo", scope=scope).status == 401
    # a trustor delegates only what it holds: demo has no role on the admin project
    demo = localcloud.token("demo")
    body["trust"].update(trustor_user_id=users["demo"], trustee_user_id=users["admin"])
    reply = localcloud.call("POST", f"{V3}/OS-TRUST/trusts", body, token=demo)
    assert reply.status == 404 and reply.json["error"]["title"] == "Not Found"


def test_members_are_refused_admin_calls(localcloud):
    demo = localcloud.token("demo")
    admin = localcloud.token()
    project = _id(localcloud, admin, "projects", "demo")
    endpoint = localcloud.call("GET", f"{V3}/endpoints", token=admin).json["endpoints"][0]["id"]
    for method, path, body in (
            ("PUT", f"/OS-EP-FILTER/projects/{project}/endpoints/{endpoint}", None),
            ("GET", f"/OS-EP-FILTER/projects/{project}/endpoints", None),
            ("POST", "/registered_limits", {"registered_limits": [
                {"service_id": "x", "resource_name": "y", "default_limit": 1}]}),
            ("POST", "/limits", {"limits": []})):
        reply = localcloud.call(method, V3 + path, body, token=demo)
        assert reply.status == 403, (path, reply.body)
        assert reply.json["error"]["message"].startswith(
            "You are not authorized to perform the requested action: identity:")
    # a bad batch body is Keystone's 400, and the limits model is the flat one
    reply = localcloud.call("POST", f"{V3}/limits", {"limits": []}, token=admin)
    assert reply.status == 400 and reply.json["error"]["code"] == 400
    reply = localcloud.call("GET", f"{V3}/limits/model", token=demo)
    assert reply.status == 200 and reply.json["model"]["name"] == "flat"


def test_oauth1_request_token_needs_a_valid_signature(localcloud):
    admin = localcloud.token()
    reply = localcloud.call("POST", f"{V3}/OS-OAUTH1/consumers", {"consumer": {}}, token=admin)
    consumer = reply.json["consumer"]
    project = _id(localcloud, admin, "projects", "admin")
    try:
        header = ('OAuth oauth_consumer_key="{}", oauth_signature_method="HMAC-SHA1", '
                  'oauth_timestamp="1", oauth_nonce="{}", oauth_signature="bad"').format(
            consumer["id"], uuid.uuid4().hex)
        reply = localcloud.call("POST", f"{V3}/OS-OAUTH1/request_token", headers={
            "Authorization": header, "Requested-Project-Id": project})
        assert reply.status == 401 and reply.json["error"]["message"] == "Invalid signature"
        reply = localcloud.call("POST", f"{V3}/OS-OAUTH1/request_token",
                                headers={"Authorization": header})
        assert reply.status == 400
        reply = localcloud.call("PUT", f"{V3}/OS-OAUTH1/authorize/nope",
                                {"roles": [{"name": "member"}]}, token=admin)
        assert reply.status == 404
    finally:
        localcloud.call("DELETE", f"{V3}/OS-OAUTH1/consumers/{consumer['id']}", token=admin)


def test_limits_are_unique(localcloud):
    admin = localcloud.token()
    service = localcloud.call("GET", f"{V3}/services?type=compute", token=admin).json[
        "services"][0]["id"]
    project = _id(localcloud, admin, "projects", "demo")
    name = f"raw-{uuid.uuid4().hex[:8]}"
    registered = {"service_id": service, "resource_name": name, "default_limit": 2}
    reply = localcloud.call("POST", f"{V3}/registered_limits",
                            {"registered_limits": [registered]}, token=admin)
    assert reply.status == 201, reply.body
    registered_id = reply.json["registered_limits"][0]["id"]
    limit = {"service_id": service, "resource_name": name, "project_id": project,
             "resource_limit": 1}
    reply = localcloud.call("POST", f"{V3}/limits", {"limits": [limit]}, token=admin)
    limit_id = reply.json["limits"][0]["id"]
    try:
        for path, body in (("registered_limits", {"registered_limits": [registered]}),
                           ("limits", {"limits": [limit]})):
            reply = localcloud.call("POST", f"{V3}/{path}", body, token=admin)
            assert reply.status == 409 and reply.json["error"]["title"] == "Conflict"
    finally:
        localcloud.call("DELETE", f"{V3}/limits/{limit_id}", token=admin)
        localcloud.call("DELETE", f"{V3}/registered_limits/{registered_id}", token=admin)
