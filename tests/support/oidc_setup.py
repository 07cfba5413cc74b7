"""An OpenID Connect identity provider on the local cloud for the tests: the issuer
(`oidc_issuer.py`), a group with the member role on the demo project, a mapping that makes
each `preferred_username` a user of that group, the identity provider (the issuer as its
remote ID) and its `openid` protocol; made and deleted over raw HTTP as the admin."""

from __future__ import annotations

import uuid
from typing import Any

from tests.support.localcloud import LocalCloud
from tests.support.oidc_issuer import OidcIssuer

V3 = "/identity/v3"
FED = V3 + "/OS-FEDERATION"


class OidcSetup:
    def __init__(self, cloud: LocalCloud, issuer: OidcIssuer) -> None:
        self.cloud, self.issuer = cloud, issuer
        self.admin = cloud.token()
        tag = uuid.uuid4().hex[:8]
        self.idp, self.mapping = f"oidc-{tag}", f"oidc-map-{tag}"
        self.user, self.password = f"alice-{tag}", f"pw-{tag}"
        self.client_id, self.client_secret = f"client-{tag}", f"secret-{tag}"
        issuer.users[self.user] = (self.password, {"email": f"{self.user}@example.test"})
        issuer.clients[self.client_id] = self.client_secret
        self.group = self.ok("POST", V3 + "/groups", {"group": {
            "name": f"federated-{tag}", "domain_id": "default"}}, 201)["group"]["id"]
        demo = self.ok("GET", V3 + "/projects?name=demo")["projects"][0]["id"]
        member = self.ok("GET", V3 + "/roles?name=member")["roles"][0]["id"]
        self.ok("PUT", f"{V3}/projects/{demo}/groups/{self.group}/roles/{member}", None, 204)
        self.ok("PUT", f"{FED}/mappings/{self.mapping}", {"mapping": {"rules": [{
            "local": [{"user": {"name": "{0}"}}, {"group": {"id": self.group}}],
            "remote": [{"type": "OIDC-preferred_username"}]}]}}, 201)
        self.ok("PUT", f"{FED}/identity_providers/{self.idp}", {"identity_provider": {
            "enabled": True, "remote_ids": [issuer.url], "domain_id": "default"}}, 201)
        self.ok("PUT", f"{FED}/identity_providers/{self.idp}/protocols/openid",
                {"protocol": {"mapping_id": self.mapping}}, 201)

    def ok(self, method: str, path: str, body: Any = None, status: int = 200) -> Any:
        reply = self.cloud.call(method, path, body, token=self.admin)
        assert reply.status == status, (method, path, reply.status, reply.body[:300])
        return reply.json if reply.body else None

    @property
    def auth_path(self) -> str:
        return f"{FED}/identity_providers/{self.idp}/protocols/openid/auth"

    def options(self, **extra: Any) -> dict[str, Any]:
        """ostack.connect options (clouds.yaml names) for this provider, scoped to demo."""
        return {"auth_url": f"{self.cloud.url}/identity", "identity_provider": self.idp,
                "protocol": "openid", "client_id": self.client_id,
                "client_secret": self.client_secret,
                "discovery_endpoint": f"{self.issuer.url}/.well-known/openid-configuration",
                "project_name": "demo", "project_domain_name": "Default", **extra}

    def delete(self) -> None:
        for path in (f"{FED}/identity_providers/{self.idp}", f"{FED}/mappings/{self.mapping}",
                     f"{V3}/groups/{self.group}"):
            self.cloud.call("DELETE", path, token=self.admin)
        for name in (self.user, self.client_id):  # the shadow users
            users = self.ok("GET", f"{V3}/users?name={name}")["users"]
            for user in users:
                self.cloud.call("DELETE", f"{V3}/users/{user['id']}", token=self.admin)
