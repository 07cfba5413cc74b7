"""Neutron v2.0 under `/network`, declared once: its route tables (one `ROUTES` per resource
module), its error format (faults.py), its backend (backend.py, a state class per resource),
its tables, and DevStack's networks as seed."""

from __future__ import annotations

from starlette.routing import Route

from .. import routing
from ..declare import Seeding, ServiceSpec
from ..interfaces import Networking
from . import (
    address_groups,
    address_scopes,
    agents,
    auto_allocated_topology,
    availability_zones,
    conntrack_helpers,
    default_security_group_rules,
    default_statefulness,
    extensions,
    flavors,
    floatingips,
    ip_availability,
    local_ips,
    metering,
    ndp_proxies,
    networks,
    port_forwardings,
    ports,
    qos,
    quotas,
    rbac_policies,
    routers,
    security_groups,
    segments,
    service_providers,
    subnetpools,
    subnets,
    trunks,
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
        agents.ROUTES, availability_zones.ROUTES, qos.ROUTES, auto_allocated_topology.ROUTES,
        metering.ROUTES, flavors.ROUTES, local_ips.ROUTES,
        ndp_proxies.ROUTES, conntrack_helpers.ROUTES, default_statefulness.ROUTES,
        address_scopes.ROUTES, address_groups.ROUTES, rbac_policies.ROUTES,
        default_security_group_rules.ROUTES, segments.ROUTES, trunks.ROUTES,
        port_forwardings.ROUTES, ip_availability.ROUTES, prefix="/v2.0")


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
