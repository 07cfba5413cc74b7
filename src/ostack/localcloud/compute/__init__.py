"""Nova v2.1 under `/compute`: the routes (each resource module's `ROUTES`), microversion
negotiation (`versions.py`) and Nova's fault format (`faults.py`)."""

from __future__ import annotations

import functools

from starlette.routing import Route

from .. import routing
from ..declare import Runtime, ServiceSpec
from ..interfaces import ServerEvents
from ..service import Scope
from . import (
    aggregates,
    assisted_volume_snapshots,
    availability_zones,
    consoles,
    extensions,
    faults,
    flavors,
    floating_ips,
    hypervisors,
    image_metadata,
    images,
    instance_actions,
    instance_usage_audit_log,
    interfaces,
    ips,
    keypairs,
    limits,
    migrations,
    multinic,
    os_hosts,
    os_networks,
    os_volumes,
    quota_classes,
    quotas,
    removed,
    security_groups,
    server_actions,
    server_create,
    server_diagnostics,
    server_external_events,
    server_groups,
    server_metadata,
    server_moves,
    server_recovery,
    server_tags,
    servers,
    services,
    simple_tenant_usage,
    versions,
    volume_attachments,
)
from .backend import ComputeBackend
from .schema import SCHEMA

# Modules that only register server actions (server_actions.EXTRA_ACTIONS) when imported;
# consoles, floating_ips and os_networks register theirs beside their routes.
ACTION_MODULES = (multinic, server_moves, server_recovery)


def routes() -> list[Route]:
    """Nova's version documents, then every resource module's table under `/v2.1` (in this
    order: the first row whose path and method match answers)."""
    return [*routing.build(versions.ROUTES), *routing.build(
        servers.ROUTES, server_create.ROUTES, server_actions.ROUTES, server_metadata.ROUTES,
        server_tags.ROUTES, ips.ROUTES, instance_actions.ROUTES, flavors.ROUTES,
        keypairs.ROUTES, limits.ROUTES, quotas.ROUTES, server_groups.ROUTES,
        availability_zones.ROUTES, hypervisors.ROUTES, services.ROUTES,
        simple_tenant_usage.ROUTES, volume_attachments.ROUTES, interfaces.ROUTES,
        aggregates.ROUTES, migrations.ROUTES, consoles.ROUTES, server_diagnostics.ROUTES,
        os_hosts.ROUTES, quota_classes.ROUTES, extensions.ROUTES, removed.ROUTES,
        # Nova's proxies to the image, block storage and network services, and the APIs
        # the other services call or operators read.
        images.ROUTES, image_metadata.ROUTES, os_volumes.ROUTES,
        server_external_events.ROUTES, assisted_volume_snapshots.ROUTES,
        instance_usage_audit_log.ROUTES, security_groups.ROUTES, floating_ips.ROUTES,
        os_networks.ROUTES, prefix="/v2.1")]


def _response_headers(scope: Scope) -> list[tuple[bytes, bytes]]:
    """Nova names the request id in its own header too, and the microversion used."""
    return [(b"x-compute-request-id", scope.get("request_id", "").encode()),
            *versions.response_headers(scope)]


def _backend(runtime: Runtime) -> ComputeBackend:
    settings = runtime.settings
    backend = ComputeBackend(runtime.store, settings.build_delay, settings.delete_delay,
                             settings.task_delay, runtime.wake,
                             settings.reclaim_instance_interval)
    # Reclaimed soft-deleted servers release their ports and volumes in the other services.
    backend.on_reclaim = functools.partial(server_recovery.reclaim, runtime.peers)
    return backend


SERVICE = ServiceSpec(
    mount="compute", service_type="compute", catalog_name="nova",
    catalog_description="Compute Service", endpoint_path="/compute/v2.1",
    routes=routes, render_error=faults.render_error, make_backend=_backend, schema=SCHEMA,
    seed=lambda backend, seeding: backend.bootstrap(), provides=(ServerEvents,),
    before=versions.before_request, response_headers=_response_headers, order=10,
)
