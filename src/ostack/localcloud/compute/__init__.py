"""Nova v2.1 under `/compute`: the routes, microversion negotiation and Nova's fault format."""

from __future__ import annotations

import functools

from starlette.routing import Route

from ..declare import Runtime, ServiceSpec
from ..errors import ApiError, nova_body
from ..interfaces import ServerEvents
from ..service import Scope
from . import (
    aggregates,
    availability_zones,
    consoles,
    extensions,
    flavors,
    hypervisors,
    instance_actions,
    interfaces,
    ips,
    keypairs,
    limits,
    migrations,
    multinic,
    network_proxies,
    os_hosts,
    proxies,
    quota_classes,
    quotas,
    removed,
    server_actions,
    server_diagnostics,
    server_groups,
    server_metadata,
    server_moves,
    server_tags,
    servers,
    services,
    simple_tenant_usage,
    versions,
    volume_attachments,
)
from .backend import ComputeBackend
from .schema import SCHEMA
from .server_recovery import reclaim

# Modules that only register server actions (server_actions.EXTRA_ACTIONS) when imported.
ACTION_MODULES = (multinic, server_moves)


def _render_error(err: ApiError, scope: Scope) -> tuple[bytes, str]:
    return nova_body(err), "application/json"


def routes() -> list[Route]:
    v = "/v2.1"
    return [
        Route("/", versions.list_versions, methods=["GET"]),
        Route("/v2.1", versions.show_v21, methods=["GET"]),
        Route("/v2.1/", versions.show_v21, methods=["GET"]),
        Route("/v2", versions.show_v20, methods=["GET"]),
        Route("/v2/", versions.show_v20, methods=["GET"]),
        Route(f"{v}/servers", servers.list_servers, methods=["GET"]),
        Route(f"{v}/servers", servers.create_server, methods=["POST"]),
        Route(f"{v}/servers/detail", servers.list_servers_detail, methods=["GET"]),
        Route(f"{v}/servers/{{server_id}}", servers.show_server, methods=["GET"]),
        Route(f"{v}/servers/{{server_id}}", servers.update_server, methods=["PUT"]),
        Route(f"{v}/servers/{{server_id}}", servers.delete_server, methods=["DELETE"]),
        Route(f"{v}/servers/{{server_id}}/action", server_actions.server_action,
              methods=["POST"]),
        Route(f"{v}/servers/{{server_id}}/metadata", server_metadata.list_metadata,
              methods=["GET"]),
        Route(f"{v}/servers/{{server_id}}/metadata", server_metadata.create_metadata,
              methods=["POST"]),
        Route(f"{v}/servers/{{server_id}}/metadata", server_metadata.replace_metadata,
              methods=["PUT"]),
        Route(f"{v}/servers/{{server_id}}/metadata/{{key}}",
              server_metadata.show_metadata_item, methods=["GET"]),
        Route(f"{v}/servers/{{server_id}}/metadata/{{key}}",
              server_metadata.update_metadata_item, methods=["PUT"]),
        Route(f"{v}/servers/{{server_id}}/metadata/{{key}}",
              server_metadata.delete_metadata_item, methods=["DELETE"]),
        Route(f"{v}/servers/{{server_id}}/tags", server_tags.list_tags, methods=["GET"]),
        Route(f"{v}/servers/{{server_id}}/tags", server_tags.replace_tags, methods=["PUT"]),
        Route(f"{v}/servers/{{server_id}}/tags", server_tags.delete_tags, methods=["DELETE"]),
        Route(f"{v}/servers/{{server_id}}/tags/{{tag}}", server_tags.check_tag,
              methods=["GET"]),
        Route(f"{v}/servers/{{server_id}}/tags/{{tag}}", server_tags.add_tag, methods=["PUT"]),
        Route(f"{v}/servers/{{server_id}}/tags/{{tag}}", server_tags.delete_tag,
              methods=["DELETE"]),
        Route(f"{v}/servers/{{server_id}}/ips", ips.list_ips, methods=["GET"]),
        Route(f"{v}/servers/{{server_id}}/ips/{{network}}", ips.show_ips, methods=["GET"]),
        Route(f"{v}/servers/{{server_id}}/os-instance-actions", instance_actions.list_actions,
              methods=["GET"]),
        Route(f"{v}/servers/{{server_id}}/os-instance-actions/{{request_id}}",
              instance_actions.show_action, methods=["GET"]),
        Route(f"{v}/flavors", flavors.list_flavors, methods=["GET"]),
        Route(f"{v}/flavors", flavors.create_flavor, methods=["POST"]),
        Route(f"{v}/flavors/detail", flavors.list_flavors_detail, methods=["GET"]),
        Route(f"{v}/flavors/{{flavor_id}}", flavors.show_flavor, methods=["GET"]),
        Route(f"{v}/flavors/{{flavor_id}}", flavors.update_flavor, methods=["PUT"]),
        Route(f"{v}/flavors/{{flavor_id}}", flavors.delete_flavor, methods=["DELETE"]),
        Route(f"{v}/flavors/{{flavor_id}}/action", flavors.flavor_action, methods=["POST"]),
        Route(f"{v}/flavors/{{flavor_id}}/os-flavor-access", flavors.list_flavor_access,
              methods=["GET"]),
        Route(f"{v}/flavors/{{flavor_id}}/os-extra_specs", flavors.list_extra_specs,
              methods=["GET"]),
        Route(f"{v}/flavors/{{flavor_id}}/os-extra_specs", flavors.create_extra_specs,
              methods=["POST"]),
        Route(f"{v}/flavors/{{flavor_id}}/os-extra_specs/{{key}}", flavors.show_extra_spec,
              methods=["GET"]),
        Route(f"{v}/flavors/{{flavor_id}}/os-extra_specs/{{key}}", flavors.update_extra_spec,
              methods=["PUT"]),
        Route(f"{v}/flavors/{{flavor_id}}/os-extra_specs/{{key}}", flavors.delete_extra_spec,
              methods=["DELETE"]),
        Route(f"{v}/os-keypairs", keypairs.list_keypairs, methods=["GET"]),
        Route(f"{v}/os-keypairs", keypairs.create_keypair, methods=["POST"]),
        Route(f"{v}/os-keypairs/{{keypair_name}}", keypairs.show_keypair, methods=["GET"]),
        Route(f"{v}/os-keypairs/{{keypair_name}}", keypairs.delete_keypair,
              methods=["DELETE"]),
        Route(f"{v}/limits", limits.show_limits, methods=["GET"]),
        Route(f"{v}/os-quota-sets/{{project_id}}", quotas.show_quotas, methods=["GET"]),
        Route(f"{v}/os-quota-sets/{{project_id}}", quotas.update_quotas, methods=["PUT"]),
        Route(f"{v}/os-quota-sets/{{project_id}}", quotas.delete_quotas, methods=["DELETE"]),
        Route(f"{v}/os-quota-sets/{{project_id}}/defaults", quotas.show_defaults,
              methods=["GET"]),
        Route(f"{v}/os-quota-sets/{{project_id}}/detail", quotas.show_detail,
              methods=["GET"]),
        Route(f"{v}/os-server-groups", server_groups.list_server_groups, methods=["GET"]),
        Route(f"{v}/os-server-groups", server_groups.create_server_group, methods=["POST"]),
        Route(f"{v}/os-server-groups/{{group_id}}", server_groups.show_server_group,
              methods=["GET"]),
        Route(f"{v}/os-server-groups/{{group_id}}", server_groups.delete_server_group,
              methods=["DELETE"]),
        Route(f"{v}/os-availability-zone", availability_zones.list_zones, methods=["GET"]),
        Route(f"{v}/os-availability-zone/detail", availability_zones.list_zones_detail,
              methods=["GET"]),
        Route(f"{v}/os-hypervisors", hypervisors.list_hypervisors, methods=["GET"]),
        Route(f"{v}/os-hypervisors/detail", hypervisors.list_hypervisors_detail,
              methods=["GET"]),
        Route(f"{v}/os-hypervisors/statistics", hypervisors.statistics, methods=["GET"]),
        Route(f"{v}/os-hypervisors/{{hypervisor_id}}", hypervisors.show_hypervisor,
              methods=["GET"]),
        Route(f"{v}/os-hypervisors/{{hypervisor_id}}/uptime", hypervisors.show_uptime,
              methods=["GET"]),
        Route(f"{v}/os-hypervisors/{{pattern}}/search", hypervisors.search, methods=["GET"]),
        Route(f"{v}/os-hypervisors/{{pattern}}/servers", hypervisors.search, methods=["GET"]),
        Route(f"{v}/os-services", services.list_services, methods=["GET"]),
        Route(f"{v}/os-services/{{service_id}}", services.update_service, methods=["PUT"]),
        Route(f"{v}/os-services/{{service_id}}", services.delete_service,
              methods=["DELETE"]),
        Route(f"{v}/os-simple-tenant-usage", simple_tenant_usage.list_usage,
              methods=["GET"]),
        Route(f"{v}/os-simple-tenant-usage/{{project_id}}", simple_tenant_usage.show_usage,
              methods=["GET"]),
        Route(f"{v}/servers/{{server_id}}/os-volume_attachments",
              volume_attachments.list_attachments, methods=["GET"]),
        Route(f"{v}/servers/{{server_id}}/os-volume_attachments",
              volume_attachments.attach_volume, methods=["POST"]),
        Route(f"{v}/servers/{{server_id}}/os-volume_attachments/{{volume_id}}",
              volume_attachments.show_attachment, methods=["GET"]),
        Route(f"{v}/servers/{{server_id}}/os-volume_attachments/{{volume_id}}",
              volume_attachments.update_attachment, methods=["PUT"]),
        Route(f"{v}/servers/{{server_id}}/os-volume_attachments/{{volume_id}}",
              volume_attachments.detach_volume, methods=["DELETE"]),
        Route(f"{v}/servers/{{server_id}}/os-interface", interfaces.list_interfaces,
              methods=["GET"]),
        Route(f"{v}/servers/{{server_id}}/os-interface", interfaces.attach_interface,
              methods=["POST"]),
        Route(f"{v}/servers/{{server_id}}/os-interface/{{port_id}}", interfaces.show_interface,
              methods=["GET"]),
        Route(f"{v}/servers/{{server_id}}/os-interface/{{port_id}}",
              interfaces.detach_interface, methods=["DELETE"]),
        *admin_routes(v),
        *proxies.routes(v),
        *network_proxies.routes(v),
    ]


def admin_routes(v: str) -> list[Route]:
    """Aggregates, migrations, consoles, hosts, quota classes, extensions, diagnostics and
    the removed APIs (410)."""
    every = ["GET", "POST", "PUT", "DELETE"]
    found = [
        Route(f"{v}/os-aggregates", aggregates.list_aggregates, methods=["GET"]),
        Route(f"{v}/os-aggregates", aggregates.create_aggregate, methods=["POST"]),
        Route(f"{v}/os-aggregates/{{aggregate_id}}", aggregates.show_aggregate,
              methods=["GET"]),
        Route(f"{v}/os-aggregates/{{aggregate_id}}", aggregates.update_aggregate,
              methods=["PUT"]),
        Route(f"{v}/os-aggregates/{{aggregate_id}}", aggregates.delete_aggregate,
              methods=["DELETE"]),
        Route(f"{v}/os-aggregates/{{aggregate_id}}/action", aggregates.aggregate_action,
              methods=["POST"]),
        Route(f"{v}/os-aggregates/{{aggregate_id}}/images", aggregates.cache_images,
              methods=["POST"]),
        Route(f"{v}/os-migrations", migrations.list_migrations, methods=["GET"]),
        Route(f"{v}/servers/{{server_id}}/migrations", migrations.list_server_migrations,
              methods=["GET"]),
        Route(f"{v}/servers/{{server_id}}/migrations/{{migration_id}}",
              migrations.show_server_migration, methods=["GET"]),
        Route(f"{v}/servers/{{server_id}}/migrations/{{migration_id}}",
              migrations.abort_migration, methods=["DELETE"]),
        Route(f"{v}/servers/{{server_id}}/migrations/{{migration_id}}/action",
              migrations.migration_action, methods=["POST"]),
        Route(f"{v}/servers/{{server_id}}/remote-consoles", consoles.create_console,
              methods=["POST"]),
        Route(f"{v}/os-console-auth-tokens/{{token}}", consoles.show_console_token,
              methods=["GET"]),
        Route(f"{v}/servers/{{server_id}}/diagnostics", server_diagnostics.show_diagnostics,
              methods=["GET"]),
        Route(f"{v}/servers/{{server_id}}/topology", server_diagnostics.show_topology,
              methods=["GET"]),
        Route(f"{v}/servers/{{server_id}}/os-server-password",
              server_diagnostics.show_password, methods=["GET"]),
        Route(f"{v}/servers/{{server_id}}/os-server-password",
              server_diagnostics.clear_password, methods=["DELETE"]),
        Route(f"{v}/os-hosts", os_hosts.list_hosts, methods=["GET"]),
        Route(f"{v}/os-hosts/{{host_name}}", os_hosts.show_host, methods=["GET"]),
        Route(f"{v}/os-hosts/{{host_name}}", os_hosts.update_host, methods=["PUT"]),
        Route(f"{v}/os-hosts/{{host_name}}/{{action}}", os_hosts.host_power_action,
              methods=["GET"]),
        Route(f"{v}/os-quota-class-sets/{{class_name}}", quota_classes.show_quota_class,
              methods=["GET"]),
        Route(f"{v}/os-quota-class-sets/{{class_name}}", quota_classes.update_quota_class,
              methods=["PUT"]),
        Route(f"{v}/extensions", extensions.list_extensions, methods=["GET"]),
        Route(f"{v}/extensions/{{alias}}", extensions.show_extension, methods=["GET"]),
    ]
    for name in removed.REMOVED:
        found.append(Route(f"{v}/{name}", removed.gone, methods=every))
        found.append(Route(f"{v}/{name}/{{rest:path}}", removed.gone, methods=every))
    return found


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
    backend.on_reclaim = functools.partial(reclaim, runtime.peers)
    return backend


SERVICE = ServiceSpec(
    mount="compute", service_type="compute", catalog_name="nova",
    catalog_description="Compute Service", endpoint_path="/compute/v2.1",
    routes=routes, render_error=_render_error, make_backend=_backend, schema=SCHEMA,
    seed=lambda backend, seeding: backend.bootstrap(), provides=(ServerEvents,),
    before=versions.before_request, response_headers=_response_headers, order=10,
)
