"""The attributes openstacksdk code reads, dumped as JSON by whichever SDK runs it.

Run as a script by the official venv's python (`python sdk_attributes.py openstack`) and by
ostack's (`... ostack`, which makes `openstack` resolve to `ostack`): the same code, the same
cloud, so the two dumps must be equal (tests/e2e/test_sdk_port.py). Standard library only at
module level, as tests/support/flows.py.
"""

from __future__ import annotations

import json
import sys
from typing import Any

#: (service, listing) -> the attributes read from each item.
ATTRIBUTES: dict[tuple[str, str], tuple[str, ...]] = {
    ("compute", "servers"): (
        "id", "name", "status", "addresses", "key_name", "metadata", "security_groups",
        "availability_zone", "power_state", "task_state", "vm_state", "user_id", "project_id",
        "host_id", "access_ipv4", "is_locked", "tags", "description", "hypervisor_hostname",
        "attached_volumes", "config_drive", "disk_config", "fault", "has_config_drive",
        "launched_at", "terminated_at", "progress"),
    ("compute", "flavors"): (
        "id", "name", "vcpus", "ram", "disk", "is_public", "ephemeral", "swap", "rxtx_factor",
        "is_disabled", "description", "extra_specs"),
    ("compute", "keypairs"): ("id", "name", "fingerprint", "public_key", "type", "user_id"),
    ("network", "networks"): (
        "id", "name", "status", "is_router_external", "is_shared", "subnet_ids", "project_id",
        "is_admin_state_up", "mtu", "is_port_security_enabled", "provider_network_type",
        "provider_physical_network", "provider_segmentation_id", "availability_zones", "tags",
        "description", "is_default", "ipv4_address_scope_id", "dns_domain",
        "revision_number", "created_at"),
    ("network", "subnets"): (
        "id", "name", "cidr", "gateway_ip", "ip_version", "is_dhcp_enabled",
        "allocation_pools", "dns_nameservers", "host_routes", "network_id", "project_id",
        "ipv6_address_mode", "ipv6_ra_mode", "subnet_pool_id", "segment_id", "service_types",
        "use_default_subnet_pool", "prefix_length"),
    ("network", "ports"): (
        "id", "name", "fixed_ips", "mac_address", "device_owner", "device_id", "status",
        "network_id", "binding_host_id", "binding_vif_type", "binding_vnic_type",
        "binding_profile", "security_group_ids", "is_admin_state_up",
        "is_port_security_enabled", "allowed_address_pairs", "extra_dhcp_opts", "dns_name",
        "dns_assignment", "qos_policy_id", "data_plane_status", "trunk_details"),
    ("network", "routers"): (
        "id", "name", "status", "external_gateway_info", "is_admin_state_up",
        "is_distributed", "is_ha", "routes", "availability_zones", "availability_zone_hints",
        "flavor_id", "project_id"),
    ("network", "security_groups"): (
        "id", "name", "description", "security_group_rules", "project_id", "is_shared",
        "stateful"),
    ("network", "ips"): (
        "id", "floating_ip_address", "fixed_ip_address", "port_id", "status",
        "floating_network_id", "router_id", "dns_name", "qos_policy_id"),
    ("image", "images"): (
        "id", "name", "status", "disk_format", "container_format", "visibility", "size",
        "checksum", "min_disk", "min_ram", "properties", "tags", "owner", "owner_id",
        "is_protected", "is_hidden", "hash_algo", "hash_value", "virtual_size", "file",
        "schema", "created_at", "stores"),
    ("block_storage", "volumes"): (
        "id", "name", "size", "status", "is_bootable", "volume_type", "attachments",
        "availability_zone", "description", "is_encrypted", "metadata",
        "volume_image_metadata", "snapshot_id", "source_volume_id", "host", "project_id",
        "user_id", "replication_status", "consistency_group_id", "is_multiattach",
        "migration_status", "created_at", "group_id", "provider_id", "cluster_name",
        "consumes_quota"),
    ("block_storage", "snapshots"): (
        "id", "name", "size", "status", "volume_id", "description", "metadata", "is_forced",
        "created_at", "project_id", "progress"),
    ("identity", "projects"): (
        "id", "name", "domain_id", "is_enabled", "is_domain", "parent_id", "description",
        "tags", "options"),
    ("identity", "users"): (
        "id", "name", "email", "is_enabled", "default_project_id", "domain_id",
        "password_expires_at", "description"),
    ("identity", "roles"): ("id", "name", "domain_id", "description", "options"),
    ("identity", "domains"): ("id", "name", "is_enabled", "description", "options"),
    ("identity", "services"): ("id", "name", "type", "is_enabled", "description"),
    ("identity", "endpoints"): ("id", "url", "interface", "region_id", "service_id",
                                "is_enabled"),
    ("object_store", "containers"): ("id", "name", "count", "bytes"),
}
OBJECT_ATTRIBUTES = ("id", "name", "content_type", "etag", "last_modified_at", "container")


def dump(conn: Any, container: str) -> dict[str, Any]:
    """Every listed item's attributes (an attribute that raises: its exception's name)."""
    def read(item: Any, names: tuple[str, ...]) -> dict[str, Any]:
        row = {}
        for name in names:
            try:
                row[name] = getattr(item, name)
            except Exception as exc:  # noqa: BLE001 - recorded, compared like a value
                row[name] = f"raised {type(exc).__name__}"
        return row

    out: dict[str, Any] = {}
    for (service, listing), names in ATTRIBUTES.items():
        rows = [read(item, names) for item in getattr(getattr(conn, service), listing)()]
        out[f"{service}.{listing}"] = sorted(rows, key=lambda row: str(row["id"]))
    out["object_store.objects"] = [read(item, OBJECT_ATTRIBUTES)
                                   for item in conn.object_store.objects(container)]
    return out


MISSING_ID = "5e0c2b4e-0000-4000-8000-000000000000"


def errors(conn: Any) -> dict[str, Any]:
    """What the usual failing calls raise, as the classes ported code catches them."""
    from openstack import exceptions

    calls = {
        "find_server": lambda: conn.compute.find_server("no-such", ignore_missing=False),
        "get_server": lambda: conn.compute.get_server(MISSING_ID),
        "get_flavor": lambda: conn.compute.get_flavor("no-such"),
        "find_network": lambda: conn.network.find_network("no-such", ignore_missing=False),
        "get_port": lambda: conn.network.get_port(MISSING_ID),
        "get_image": lambda: conn.image.get_image(MISSING_ID),
        "get_volume": lambda: conn.block_storage.get_volume(MISSING_ID),
        "get_project": lambda: conn.identity.get_project(MISSING_ID),
        "find_duplicate": lambda: conn.network.find_network("port-twin"),
        "find_missing": lambda: conn.network.find_network("no-such"),
    }
    out: dict[str, Any] = {}
    for name, call in calls.items():
        try:
            out[name] = repr(call())
        except exceptions.ResourceNotFound as exc:
            out[name] = ["ResourceNotFound", isinstance(exc, exceptions.NotFoundException),
                         isinstance(exc, exceptions.HttpException),
                         isinstance(exc, exceptions.SDKException),
                         # a find's own "not found": openstacksdk leaves the status empty,
                         # ostack says 404; code written for either works with both
                         exc.status_code if name.startswith("get_") else "-"]
        except exceptions.DuplicateResource as exc:
            out[name] = ["DuplicateResource", isinstance(exc, exceptions.SDKException)]
        except exceptions.SDKException as exc:
            out[name] = ["SDKException", getattr(exc, "status_code", None)]
    return out


def facts(conn: Any) -> dict[str, Any]:
    """What the connection tells of its token and endpoints, and a few reads by older names."""
    server = conn.compute.find_server("port-server", ignore_missing=False)
    return {
        "current_project_id": conn.current_project_id,
        "current_user_id": conn.current_user_id,
        "auth_token": type(conn.auth_token).__name__,
        "endpoint_for": [conn.endpoint_for(kind) for kind in (
            "compute", "network", "image", "block-storage", "identity", "object-store")],
        "get_server_metadata": conn.compute.get_server_metadata(server).metadata,
        "flavor": [server.flavor.name, server.flavor.vcpus, server.flavor["original_name"]],
        "image": server.image.id,
    }


if __name__ == "__main__":
    if sys.argv[1] == "ostack":
        import ostack

        sys.modules["openstack"] = ostack
    import openstack

    conn = openstack.connect()
    print(json.dumps({**dump(conn, sys.argv[2]), "errors": errors(conn),
                      "facts": facts(conn)}, default=repr, sort_keys=True))
