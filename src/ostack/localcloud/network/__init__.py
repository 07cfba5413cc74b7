"""Neutron v2.0 under `/network`: the routes and Neutron's error format."""

from __future__ import annotations

from starlette.routing import Route

from ..declare import Seeding, ServiceSpec
from ..errors import ApiError, neutron_body
from ..interfaces import Networking
from ..service import Scope
from . import agents, availability_zones, extensions, quotas, routers, service_providers, versions
from .backend import NetworkBackend
from .floatingips import FLOATINGIPS
from .http import Collection
from .networks import NETWORKS
from .ports import PORTS
from .routers import ROUTERS
from .schema import SCHEMA
from .security_groups import SECURITY_GROUP_RULES, SECURITY_GROUPS
from .subnets import SUBNETS

COLLECTIONS = (NETWORKS, SUBNETS, PORTS, ROUTERS, FLOATINGIPS, SECURITY_GROUPS,
               SECURITY_GROUP_RULES)


def _render_error(err: ApiError, scope: Scope) -> tuple[bytes, str]:
    return neutron_body(err), "application/json"


def _collection_routes(c: Collection) -> list[Route]:
    base = f"/v2.0/{c.path}"
    found = [
        Route(base, c.index, methods=["GET"]),
        Route(base, c.create_handler, methods=["POST"]),
        Route(f"{base}/{{id}}", c.show, methods=["GET"]),
        Route(f"{base}/{{id}}", c.update_handler, methods=["PUT"]),
        Route(f"{base}/{{id}}", c.delete_handler, methods=["DELETE"]),
    ]
    if c.taggable:
        found += [
            Route(f"{base}/{{id}}/tags", c.get_tags, methods=["GET"]),
            Route(f"{base}/{{id}}/tags", c.put_tags, methods=["PUT"]),
            Route(f"{base}/{{id}}/tags", c.delete_tags, methods=["DELETE"]),
            Route(f"{base}/{{id}}/tags/{{tag}}", c.check_tag, methods=["GET"]),
            Route(f"{base}/{{id}}/tags/{{tag}}", c.add_tag, methods=["PUT"]),
            Route(f"{base}/{{id}}/tags/{{tag}}", c.remove_tag, methods=["DELETE"]),
        ]
    return found


def routes() -> list[Route]:
    v = "/v2.0"
    found = [
        Route("/", versions.list_versions, methods=["GET"]),
        Route(v, versions.show_v20, methods=["GET"]),
        Route(f"{v}/", versions.show_v20, methods=["GET"]),
        Route(f"{v}/extensions", extensions.list_extensions, methods=["GET"]),
        Route(f"{v}/extensions/{{alias}}", extensions.show_extension, methods=["GET"]),
        Route(f"{v}/routers/{{id}}/add_router_interface", routers.add_router_interface,
              methods=["PUT"]),
        Route(f"{v}/routers/{{id}}/remove_router_interface", routers.remove_router_interface,
              methods=["PUT"]),
        Route(f"{v}/routers/{{id}}/add_extraroutes", routers.add_extraroutes, methods=["PUT"]),
        Route(f"{v}/routers/{{id}}/remove_extraroutes", routers.remove_extraroutes,
              methods=["PUT"]),
        Route(f"{v}/quotas", quotas.list_quotas, methods=["GET"]),
        Route(f"{v}/quotas/{{project_id}}", quotas.show_quota, methods=["GET"]),
        Route(f"{v}/quotas/{{project_id}}", quotas.update_quota, methods=["PUT"]),
        Route(f"{v}/quotas/{{project_id}}", quotas.delete_quota, methods=["DELETE"]),
        Route(f"{v}/quotas/{{project_id}}/default", quotas.show_default, methods=["GET"]),
        Route(f"{v}/quotas/{{project_id}}/details", quotas.show_details, methods=["GET"]),
        Route(f"{v}/service-providers", service_providers.list_service_providers,
              methods=["GET"]),
        Route(f"{v}/agents", agents.list_agents, methods=["GET"]),
        Route(f"{v}/availability_zones", availability_zones.list_availability_zones,
              methods=["GET"]),
    ]
    for collection in COLLECTIONS:
        found += _collection_routes(collection)
    return found


def _seed(backend: NetworkBackend, seeding: Seeding) -> None:
    """DevStack's `public` and `private` networks, once per state folder."""
    if "admin" in seeding.projects:
        backend.bootstrap(seeding.projects["admin"], seeding.projects.get("demo"))
    backend.store.set_meta("seeded:network", "1")


def _upgrade(backend: NetworkBackend, seeding: Seeding) -> None:
    """A state folder made before the network service existed gets DevStack's networks."""
    if backend.store.get_meta("seeded:network") is None and not backend.store.scalar(
            "SELECT 1 FROM networks LIMIT 1"):
        _seed(backend, seeding)


SERVICE = ServiceSpec(
    mount="network", service_type="network", catalog_name="neutron",
    catalog_description="Neutron Service", endpoint_path="/network",
    routes=routes, render_error=_render_error,
    make_backend=lambda runtime: NetworkBackend(runtime.store), schema=SCHEMA,
    seed=_seed, upgrade=_upgrade, provides=(Networking,), order=30,
)
