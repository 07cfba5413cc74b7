"""`conn.identity`: the token and its catalog, and the Keystone v3 resources, from declarations."""

from __future__ import annotations

from ostack.auth.access import AccessInfo
from ostack.identity.domains import Domain
from ostack.identity.projects import Project
from ostack.identity.role_assignments import RoleAssignment
from ostack.identity.roles import Role
from ostack.identity.users import User
from ostack.proxy import Call, Flow, ServiceProxy, operation
from ostack.transport.catalog import ServiceCatalog


class IdentityService(ServiceProxy):
    """The Identity service (Keystone v3)."""

    service_type = "identity"
    resources = (Project, User, Domain, Role, RoleAssignment)

    def get_access(self) -> AccessInfo:
        """The session's token and what it carries (scope, roles, expiry, catalog)."""
        return self.session.get_access()

    def catalog(self) -> ServiceCatalog:
        return self.session.catalog

    @operation
    def validate_token(self, token: str) -> Flow:
        """GET /v3/auth/tokens: the body of another token (NotFound when revoked)."""
        resp = yield Call("GET", "/v3/auth/tokens", headers={"X-Subject-Token": token})
        return AccessInfo(token=token, body=resp.json() or {})

    @operation
    def revoke_token(self, token: str) -> Flow:
        """DELETE /v3/auth/tokens: revoke a token."""
        yield Call("DELETE", "/v3/auth/tokens", headers={"X-Subject-Token": token})
