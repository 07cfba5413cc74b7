"""A user for multi-factor auth tests: a member of the demo project with a password and a
TOTP credential, made and deleted over raw HTTP as the admin."""

from __future__ import annotations

import base64
import secrets
import uuid
from typing import Any

from ostack.localcloud.identity.mfa import totp
from tests.support.localcloud import LocalCloud

V3 = "/identity/v3"


class MfaUser:
    """A user of the demo project with a password and a TOTP credential."""

    def __init__(self, cloud: LocalCloud) -> None:
        self.cloud = cloud
        self.admin = cloud.token()
        self.name = f"mfa-{uuid.uuid4().hex[:8]}"
        self.password = "pw-" + secrets.token_urlsafe(12)  # never "-..." on a command line
        self.secret = base64.b32encode(secrets.token_bytes(10)).decode()
        self.id = self.ok("POST", "/users", {"user": {
            "name": self.name, "password": self.password, "domain_id": "default"}}, 201)[
            "user"]["id"]
        project = self.ok("GET", "/projects?name=demo")["projects"][0]["id"]
        member = self.ok("GET", "/roles?name=member")["roles"][0]["id"]
        self.ok("PUT", f"/projects/{project}/users/{self.id}/roles/{member}", None, 204)
        self.ok("POST", "/credentials", {"credential": {
            "type": "totp", "user_id": self.id, "blob": self.secret}}, 201)

    def ok(self, method: str, path: str, body: Any = None, status: int = 200) -> Any:
        reply = self.cloud.call(method, V3 + path, body, token=self.admin)
        assert reply.status == status, (method, path, reply.status, reply.body[:300])
        return reply.json if reply.body else None

    def require(self, *rules: list[str]) -> None:
        self.ok("PATCH", f"/users/{self.id}", {"user": {"options": {
            "multi_factor_auth_enabled": True, "multi_factor_auth_rules": list(rules)}}})

    def identity(self, *methods: str, passcode: str | None = None) -> dict[str, Any]:
        ref = {"name": self.name, "domain": {"name": "Default"}}
        out: dict[str, Any] = {"methods": list(methods)}
        if "password" in methods:
            out["password"] = {"user": {**ref, "password": self.password}}
        if "totp" in methods:
            out["totp"] = {"user": {**ref, "passcode": passcode or totp(self.secret)}}
        return out

    def auth(self, identity: dict[str, Any], receipt: str | None = None) -> Any:
        headers = {"Openstack-Auth-Receipt": receipt} if receipt else None
        return self.cloud.call("POST", V3 + "/auth/tokens", {"auth": {"identity": identity}},
                               headers=headers)

    def options(self, **extra: Any) -> dict[str, Any]:
        """ostack.connect keyword options for this user, scoped to demo."""
        return {"auth_url": f"{self.cloud.url}/identity", "username": self.name,
                "user_domain_name": "Default", "project_name": "demo",
                "project_domain_name": "Default", **extra}

    def delete(self) -> None:
        self.cloud.call("DELETE", f"{V3}/users/{self.id}", token=self.admin)
