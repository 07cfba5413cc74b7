"""Raw calls to the local cloud's Keystone v3 as its admin for the identity tests
(test_localcloud_identity_v3*.py): `Keystone` (create, grant, authenticate, validate), and
`ok` / `denied` (a reply's body, or Keystone's error body)."""

from __future__ import annotations

import uuid
from typing import Any

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


def project_scope(project_id: str) -> dict[str, Any]:
    return {"project": {"id": project_id}}
