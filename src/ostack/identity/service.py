"""`conn.identity`: the token and its catalog, and the Keystone v3 resources, from declarations.

Projects, users, domains, roles and role assignments load with the class; groups, grants,
implied roles, the catalog (services, endpoints, regions, endpoint groups), application
credentials and access rules, credentials, policies, domain configs, project endpoints
(OS-EP-FILTER), registered limits and limits, trusts and OAuth1 consumers and tokens on first
use.
"""

from __future__ import annotations

from ostack import exceptions
from ostack.auth.access import AccessInfo
from ostack.identity.domains import Domain
from ostack.identity.projects import Project
from ostack.identity.role_assignments import RoleAssignment
from ostack.identity.roles import Role
from ostack.identity.users import User
from ostack.proxy import Call, Flow, ServiceProxy, operation
from ostack.transport.catalog import ServiceCatalog

_I = "ostack.identity."


class IdentityService(ServiceProxy):
    """The Identity service (Keystone v3)."""

    service_type = "identity"
    resources = (Project, User, Domain, Role, RoleAssignment)
    lazy = tuple(_I + target for target in (
        "projects:ProjectActions", "users:UserActions",
        "groups:Group", "groups:GroupActions",
        "implied_roles:ImpliedRoleActions", "grants:GrantActions",
        "services:Service", "endpoints:Endpoint", "regions:Region",
        "application_credentials:ApplicationCredential",
        "application_credentials:AccessRule",
        "application_credentials:ApplicationCredentialActions",
        "credentials:Credential", "policies:Policy", "endpoint_groups:EndpointGroup",
        "domain_configs:DomainConfigActions",
        "ec2_credentials:EC2Credential", "ec2_credentials:EC2CredentialActions",
        "identity_providers:IdentityProvider", "identity_providers:IdentityProviderActions",
        "mappings:Mapping", "mappings:MappingActions",
        "federation_protocols:FederationProtocol",
        "federation_protocols:FederationProtocolActions",
        "service_providers:ServiceProvider", "service_providers:ServiceProviderActions",
        "federation:FederationActions",
        "endpoint_filters:ProjectEndpoint", "endpoint_filters:EndpointProject",
        "endpoint_filters:EndpointGroupProject", "endpoint_filters:EndpointGroupEndpoint",
        "endpoint_filters:ProjectEndpointGroup", "endpoint_filters:EndpointFilterActions",
        "limits:RegisteredLimit", "limits:Limit", "limits:LimitActions",
        "trusts:Trust", "oauth1:Consumer", "oauth1:OAuth1Actions",
    ))

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
    def check_token(self, token: str, allow_expired: bool = False) -> Flow:
        """HEAD /v3/auth/tokens: True while the token is valid, False once revoked or gone."""
        params = {"allow_expired": "true"} if allow_expired else None
        try:
            yield Call("HEAD", "/v3/auth/tokens", headers={"X-Subject-Token": token},
                       params=params)
        except exceptions.NotFound:
            return False
        return True

    @operation
    def revoke_token(self, token: str) -> Flow:
        """DELETE /v3/auth/tokens: revoke a token."""
        yield Call("DELETE", "/v3/auth/tokens", headers={"X-Subject-Token": token})
