"""Keystone v3 under `/identity`: the routes and Keystone's error format."""

from __future__ import annotations

from starlette.routing import Route

from ..errors import ApiError, keystone_body
from ..service import Scope, Service
from . import (
    application_credentials,
    catalog,
    domains,
    projects,
    roles,
    tokens,
    users,
    versions,
)

GRANT_TARGETS = ("/v3/projects/{project_id}", "/v3/domains/{domain_id}", "/v3/system")


def _render_error(err: ApiError, scope: Scope) -> tuple[bytes, str]:
    return keystone_body(err), "application/json"


def routes() -> list[Route]:
    table = [
        Route("/", versions.list_versions, methods=["GET"]),
        Route("/v3", versions.show_version, methods=["GET"]),
        Route("/v3/", versions.show_version, methods=["GET"]),
        Route("/v3/auth/tokens", tokens.issue, methods=["POST"]),
        Route("/v3/auth/tokens", tokens.check, methods=["HEAD"]),
        Route("/v3/auth/tokens", tokens.validate, methods=["GET"]),
        Route("/v3/auth/tokens", tokens.revoke, methods=["DELETE"]),
        Route("/v3/auth/catalog", tokens.catalog, methods=["GET"]),
        Route("/v3/auth/projects", tokens.projects, methods=["GET"]),
        Route("/v3/auth/domains", tokens.domains, methods=["GET"]),
        Route("/v3/auth/system", tokens.system, methods=["GET"]),
        Route("/v3/domains", domains.list_domains, methods=["GET"]),
        Route("/v3/domains", domains.create_domain, methods=["POST"]),
        Route("/v3/domains/{domain_id}", domains.show_domain, methods=["GET"]),
        Route("/v3/domains/{domain_id}", domains.update_domain, methods=["PATCH"]),
        Route("/v3/domains/{domain_id}", domains.delete_domain, methods=["DELETE"]),
        Route("/v3/projects", projects.list_projects, methods=["GET"]),
        Route("/v3/projects", projects.create_project, methods=["POST"]),
        Route("/v3/projects/{project_id}", projects.show_project, methods=["GET"]),
        Route("/v3/projects/{project_id}", projects.update_project, methods=["PATCH"]),
        Route("/v3/projects/{project_id}", projects.delete_project, methods=["DELETE"]),
        Route("/v3/users", users.list_users, methods=["GET"]),
        Route("/v3/users", users.create_user, methods=["POST"]),
        Route("/v3/users/{user_id}", users.show_user, methods=["GET"]),
        Route("/v3/users/{user_id}", users.update_user, methods=["PATCH"]),
        Route("/v3/users/{user_id}", users.delete_user, methods=["DELETE"]),
        Route("/v3/users/{user_id}/password", users.change_password, methods=["POST"]),
        Route("/v3/users/{user_id}/projects", projects.list_user_projects, methods=["GET"]),
        Route("/v3/users/{user_id}/application_credentials",
              application_credentials.list_credentials, methods=["GET"]),
        Route("/v3/users/{user_id}/application_credentials",
              application_credentials.create, methods=["POST"]),
        Route("/v3/users/{user_id}/application_credentials/{credential_id}",
              application_credentials.show, methods=["GET"]),
        Route("/v3/users/{user_id}/application_credentials/{credential_id}",
              application_credentials.delete, methods=["DELETE"]),
        Route("/v3/roles", roles.list_roles, methods=["GET"]),
        Route("/v3/roles", roles.create_role, methods=["POST"]),
        Route("/v3/roles/{role_id}", roles.show_role, methods=["GET"]),
        Route("/v3/roles/{role_id}", roles.update_role, methods=["PATCH"]),
        Route("/v3/roles/{role_id}", roles.delete_role, methods=["DELETE"]),
        Route("/v3/role_assignments", roles.list_role_assignments, methods=["GET"]),
        Route("/v3/services", catalog.list_services, methods=["GET"]),
        Route("/v3/services", catalog.create_service, methods=["POST"]),
        Route("/v3/services/{service_id}", catalog.show_service, methods=["GET"]),
        Route("/v3/services/{service_id}", catalog.delete_service, methods=["DELETE"]),
        Route("/v3/endpoints", catalog.list_endpoints, methods=["GET"]),
        Route("/v3/endpoints", catalog.create_endpoint, methods=["POST"]),
        Route("/v3/endpoints/{endpoint_id}", catalog.show_endpoint, methods=["GET"]),
        Route("/v3/endpoints/{endpoint_id}", catalog.delete_endpoint, methods=["DELETE"]),
        Route("/v3/regions", catalog.list_regions, methods=["GET"]),
        Route("/v3/regions", catalog.create_region, methods=["POST"]),
        Route("/v3/regions/{region_id}", catalog.show_region, methods=["GET"]),
        Route("/v3/regions/{region_id}", catalog.delete_region, methods=["DELETE"]),
    ]
    for target in GRANT_TARGETS:
        table += [
            Route(f"{target}/users/{{user_id}}/roles", roles.list_grants, methods=["GET"]),
            Route(f"{target}/users/{{user_id}}/roles/{{role_id}}", roles.grant,
                  methods=["PUT"]),
            Route(f"{target}/users/{{user_id}}/roles/{{role_id}}", roles.check_grant,
                  methods=["GET"]),
            Route(f"{target}/users/{{user_id}}/roles/{{role_id}}", roles.revoke_grant,
                  methods=["DELETE"]),
        ]
    return table


def service() -> Service:
    """The identity API as an ASGI app (mounted at `/identity`)."""
    return Service("identity", routes(), _render_error)
