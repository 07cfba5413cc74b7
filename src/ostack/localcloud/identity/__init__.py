"""Keystone v3 under `/identity`: the routes and Keystone's error format."""

from __future__ import annotations

from starlette.routing import Route

from ..declare import Runtime, ServiceSpec
from ..errors import ApiError, keystone_body
from ..interfaces import Tokens
from ..service import Scope
from . import (
    application_credentials,
    catalog,
    credentials,
    documents,
    domain_configs,
    domains,
    grants,
    groups,
    projects,
    role_assignments,
    roles,
    seeding,
    tokens,
    users,
    versions,
)
from .backend import IdentityBackend
from .schema import SCHEMA


def _render_error(err: ApiError, scope: Scope) -> tuple[bytes, str]:
    return keystone_body(err), "application/json"


def routes() -> list[Route]:
    creds = "/v3/users/{user_id}/application_credentials"
    rules = "/v3/users/{user_id}/access_rules"
    implies = "/v3/roles/{prior_role_id}/implies"
    table = [
        Route("/", versions.list_versions, methods=["GET"]),
        Route("/v3", versions.show_version, methods=["GET"]),
        Route("/v3/", versions.show_version, methods=["GET"]),
        # tokens and what a token may use
        Route("/v3/auth/tokens", tokens.issue, methods=["POST"]),
        Route("/v3/auth/tokens", tokens.check, methods=["HEAD"]),
        Route("/v3/auth/tokens", tokens.validate, methods=["GET"]),
        Route("/v3/auth/tokens", tokens.revoke, methods=["DELETE"]),
        Route("/v3/auth/catalog", tokens.catalog, methods=["GET"]),
        Route("/v3/auth/projects", tokens.projects, methods=["GET"]),
        Route("/v3/auth/domains", tokens.domains, methods=["GET"]),
        Route("/v3/auth/system", tokens.system, methods=["GET"]),
        # domains
        Route("/v3/domains", domains.list_domains, methods=["GET"]),
        Route("/v3/domains", domains.create_domain, methods=["POST"]),
        Route("/v3/domains/{domain_id}", domains.show_domain, methods=["GET"]),
        Route("/v3/domains/{domain_id}", domains.update_domain, methods=["PATCH"]),
        Route("/v3/domains/{domain_id}", domains.delete_domain, methods=["DELETE"]),
        # projects and their tags
        Route("/v3/projects", projects.list_projects, methods=["GET"]),
        Route("/v3/projects", projects.create_project, methods=["POST"]),
        Route("/v3/projects/{project_id}", projects.show_project, methods=["GET"]),
        Route("/v3/projects/{project_id}", projects.update_project, methods=["PATCH"]),
        Route("/v3/projects/{project_id}", projects.delete_project, methods=["DELETE"]),
        Route("/v3/projects/{project_id}/tags", projects.list_tags, methods=["GET"]),
        Route("/v3/projects/{project_id}/tags", projects.replace_tags, methods=["PUT"]),
        Route("/v3/projects/{project_id}/tags", projects.delete_tags, methods=["DELETE"]),
        Route("/v3/projects/{project_id}/tags/{tag}", projects.check_tag_exists,
              methods=["GET"]),
        Route("/v3/projects/{project_id}/tags/{tag}", projects.add_tag, methods=["PUT"]),
        Route("/v3/projects/{project_id}/tags/{tag}", projects.remove_tag, methods=["DELETE"]),
        # users
        Route("/v3/users", users.list_users, methods=["GET"]),
        Route("/v3/users", users.create_user, methods=["POST"]),
        Route("/v3/users/{user_id}", users.show_user, methods=["GET"]),
        Route("/v3/users/{user_id}", users.update_user, methods=["PATCH"]),
        Route("/v3/users/{user_id}", users.delete_user, methods=["DELETE"]),
        Route("/v3/users/{user_id}/password", users.change_password, methods=["POST"]),
        Route("/v3/users/{user_id}/projects", projects.list_user_projects, methods=["GET"]),
        Route("/v3/users/{user_id}/groups", users.list_user_groups, methods=["GET"]),
        # groups and membership
        Route("/v3/groups", groups.list_groups, methods=["GET"]),
        Route("/v3/groups", groups.create_group, methods=["POST"]),
        Route("/v3/groups/{group_id}", groups.show_group, methods=["GET"]),
        Route("/v3/groups/{group_id}", groups.update_group, methods=["PATCH"]),
        Route("/v3/groups/{group_id}", groups.delete_group, methods=["DELETE"]),
        Route("/v3/groups/{group_id}/users", groups.list_group_users, methods=["GET"]),
        Route("/v3/groups/{group_id}/users/{user_id}", groups.add_user, methods=["PUT"]),
        Route("/v3/groups/{group_id}/users/{user_id}", groups.check_user, methods=["GET"]),
        Route("/v3/groups/{group_id}/users/{user_id}", groups.remove_user,
              methods=["DELETE"]),
        # application credentials and access rules
        Route(creds, application_credentials.list_credentials, methods=["GET"]),
        Route(creds, application_credentials.create, methods=["POST"]),
        Route(creds + "/{credential_id}", application_credentials.show, methods=["GET"]),
        Route(creds + "/{credential_id}", application_credentials.delete, methods=["DELETE"]),
        Route(rules, application_credentials.list_access_rules, methods=["GET"]),
        Route(rules + "/{access_rule_id}", application_credentials.show_access_rule,
              methods=["GET"]),
        Route(rules + "/{access_rule_id}", application_credentials.delete_access_rule,
              methods=["DELETE"]),
        # roles, implied roles, assignments
        Route("/v3/roles", roles.list_roles, methods=["GET"]),
        Route("/v3/roles", roles.create_role, methods=["POST"]),
        Route("/v3/roles/{role_id}", roles.show_role, methods=["GET"]),
        Route("/v3/roles/{role_id}", roles.update_role, methods=["PATCH"]),
        Route("/v3/roles/{role_id}", roles.delete_role, methods=["DELETE"]),
        Route(implies, roles.list_implied_roles, methods=["GET"]),
        Route(implies + "/{implied_role_id}", roles.check_implied_role, methods=["HEAD"]),
        Route(implies + "/{implied_role_id}", roles.show_implied_role, methods=["GET"]),
        Route(implies + "/{implied_role_id}", roles.create_implied_role, methods=["PUT"]),
        Route(implies + "/{implied_role_id}", roles.delete_implied_role, methods=["DELETE"]),
        Route("/v3/role_inferences", roles.list_role_inferences, methods=["GET"]),
        Route("/v3/role_assignments", role_assignments.list_role_assignments,
              methods=["GET"]),
        # the catalog's records
        Route("/v3/services", catalog.list_services, methods=["GET"]),
        Route("/v3/services", catalog.create_service, methods=["POST"]),
        Route("/v3/services/{service_id}", catalog.show_service, methods=["GET"]),
        Route("/v3/services/{service_id}", catalog.update_service, methods=["PATCH"]),
        Route("/v3/services/{service_id}", catalog.delete_service, methods=["DELETE"]),
        Route("/v3/endpoints", catalog.list_endpoints, methods=["GET"]),
        Route("/v3/endpoints", catalog.create_endpoint, methods=["POST"]),
        Route("/v3/endpoints/{endpoint_id}", catalog.show_endpoint, methods=["GET"]),
        Route("/v3/endpoints/{endpoint_id}", catalog.update_endpoint, methods=["PATCH"]),
        Route("/v3/endpoints/{endpoint_id}", catalog.delete_endpoint, methods=["DELETE"]),
        Route("/v3/regions", catalog.list_regions, methods=["GET"]),
        Route("/v3/regions", catalog.create_region, methods=["POST"]),
        Route("/v3/regions/{region_id}", catalog.show_region, methods=["GET"]),
        Route("/v3/regions/{region_id}", catalog.create_region_with_id, methods=["PUT"]),
        Route("/v3/regions/{region_id}", catalog.update_region, methods=["PATCH"]),
        Route("/v3/regions/{region_id}", catalog.delete_region, methods=["DELETE"]),
    ]
    for target in grants.INHERITED_TARGETS:
        for collection, key, _ in grants.ACTORS:
            base = f"{target}/{collection}/{{{key}}}/roles"
            table += [
                Route(base + "/inherited_to_projects", grants.list_grants, methods=["GET"]),
                Route(base + "/{role_id}/inherited_to_projects", grants.grant, methods=["PUT"]),
                Route(base + "/{role_id}/inherited_to_projects", grants.check_grant,
                      methods=["GET"]),
                Route(base + "/{role_id}/inherited_to_projects", grants.revoke_grant,
                      methods=["DELETE"]),
            ]
    for target in grants.TARGETS:
        for collection, key, _ in grants.ACTORS:
            base = f"{target}/{collection}/{{{key}}}/roles"
            table += [
                Route(base, grants.list_grants, methods=["GET"]),
                Route(base + "/{role_id}", grants.grant, methods=["PUT"]),
                Route(base + "/{role_id}", grants.check_grant, methods=["GET"]),
                Route(base + "/{role_id}", grants.revoke_grant, methods=["DELETE"]),
            ]
    ec2 = "/v3/users/{user_id}/credentials/OS-EC2"
    table += [
        Route("/v3/credentials", credentials.list_credentials, methods=["GET"]),
        Route("/v3/credentials", credentials.create_credential, methods=["POST"]),
        Route("/v3/credentials/{credential_id}", credentials.show_credential, methods=["GET"]),
        Route("/v3/credentials/{credential_id}", credentials.update_credential,
              methods=["PATCH"]),
        Route("/v3/credentials/{credential_id}", credentials.delete_credential,
              methods=["DELETE"]),
        Route(ec2, credentials.list_ec2, methods=["GET"]),
        Route(ec2, credentials.create_ec2, methods=["POST"]),
        Route(ec2 + "/{access}", credentials.show_ec2, methods=["GET"]),
        Route(ec2 + "/{access}", credentials.delete_ec2, methods=["DELETE"]),
    ]
    for path, handler, methods in documents.routes() + domain_configs.routes():
        table.append(Route(path, handler, methods=methods))
    return table


def _backend(runtime: Runtime) -> IdentityBackend:
    return IdentityBackend(runtime.store, runtime.settings.token_expiration)


SERVICE = ServiceSpec(
    mount="identity", service_type="identity", catalog_name="keystone",
    catalog_description="Identity Service", endpoint_path="/identity",
    routes=routes, render_error=_render_error, make_backend=_backend, schema=SCHEMA,
    seed=seeding.seed, upgrade=seeding.upgrade, provides=(Tokens,), order=0,
)
