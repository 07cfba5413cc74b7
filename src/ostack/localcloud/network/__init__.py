"""Neutron v2.0 under `/network`, declared once: its route tables (one `ROUTES` per resource
module), its error format (faults.py), its backend (backend.py, a state class per resource),
its tables, and DevStack's networks as seed."""

from __future__ import annotations

from starlette.routing import Route

from .. import routing
from ..declare import Seeding, ServiceSpec
from ..interfaces import Networking
from . import (
    agents,
    availability_zones,
    extensions,
    floatingips,
    networks,
    ports,
    quotas,
    routers,
    security_groups,
    service_providers,
    subnetpools,
    subnets,
    versions,
)
from .backend import NetworkBackend
from .faults import render_error
from .schema import SCHEMA


def routes() -> list[Route]:
    """The version documents, and every resource module's table under `/v2.0`."""
    return routing.build(versions.ROUTES) + routing.build(
        extensions.ROUTES, networks.ROUTES, subnets.ROUTES, subnetpools.ROUTES, ports.ROUTES,
        routers.ROUTES,
        floatingips.ROUTES, security_groups.ROUTES, quotas.ROUTES, service_providers.ROUTES,
        agents.ROUTES, availability_zones.ROUTES, prefix="/v2.0")


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
    routes=routes, render_error=render_error,
    make_backend=lambda runtime: NetworkBackend(runtime.store), schema=SCHEMA,
    seed=_seed, upgrade=_upgrade, provides=(Networking,), order=30,
)
