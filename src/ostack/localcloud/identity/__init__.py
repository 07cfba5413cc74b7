"""Keystone v3 under `/identity`: the routes and Keystone's error format."""

from __future__ import annotations

from starlette.routing import Route

from .. import routing
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
    endpoint_filters,
    federation,
    grants,
    groups,
    limits,
    oauth1,
    projects,
    role_assignments,
    roles,
    seeding,
    tokens,
    trusts,
    users,
    versions,
)
from .backend import IdentityBackend
from .schema import SCHEMA


def _render_error(err: ApiError, scope: Scope) -> tuple[bytes, str]:
    return keystone_body(err), "application/json"


def routes() -> list[Route]:
    """Every resource module's table, in Keystone's order (HEAD checks before the GETs that
    answer HEAD too)."""
    return routing.build(
        versions.ROUTES, tokens.ROUTES, domains.ROUTES, projects.ROUTES, users.ROUTES,
        groups.ROUTES, application_credentials.ROUTES, roles.ROUTES, role_assignments.ROUTES,
        catalog.ROUTES, grants.ROUTES, credentials.ROUTES, documents.ROUTES,
        domain_configs.ROUTES, endpoint_filters.ROUTES, limits.ROUTES, trusts.ROUTES,
        oauth1.ROUTES, federation.ROUTES)


def _backend(runtime: Runtime) -> IdentityBackend:
    return IdentityBackend(runtime.store, runtime.settings)


SERVICE = ServiceSpec(
    mount="identity", service_type="identity", catalog_name="keystone",
    catalog_description="Identity Service", endpoint_path="/identity",
    routes=routes, render_error=_render_error, make_backend=_backend, schema=SCHEMA,
    seed=seeding.seed, upgrade=seeding.upgrade, provides=(Tokens,), order=0,
)
