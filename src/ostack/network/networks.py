"""A network: an isolated layer-2 segment that ports and subnets belong to."""

from __future__ import annotations

from ostack.network.tags import TAG_QUERY
from ostack.resource import Field, QueryParameters, Resource


class Network(Resource):
    resource_key = "network"
    resources_key = "networks"
    base_path = "/networks"
    service_type = "network"
    allow_create = allow_commit = allow_delete = True
    status_attribute = "status"
    client_token = {"where": "description"}
    query = QueryParameters(
        "description", "fields", "name", "status", "project_id", "sort_key", "sort_dir", "id",
        "tags", "tags-any", "not-tags", "not-tags-any",
        is_admin_state_up="admin_state_up", is_port_security_enabled="port_security_enabled",
        is_router_external="router:external", is_shared="shared",
        provider_network_type="provider:network_type",
        provider_physical_network="provider:physical_network",
        provider_segmentation_id="provider:segmentation_id",
        availability_zone_hints="availability_zone_hints", **TAG_QUERY,
    )

    availability_zone_hints = Field()
    availability_zones = Field()
    created_at = Field()
    description = Field()
    dns_domain = Field()
    ipv4_address_scope_id = Field("ipv4_address_scope")
    ipv6_address_scope_id = Field("ipv6_address_scope")
    is_admin_state_up = Field("admin_state_up")
    is_default = Field()
    is_port_security_enabled = Field("port_security_enabled")
    is_router_external = Field("router:external")
    is_shared = Field("shared")
    mtu = Field()
    project_id = Field()
    provider_network_type = Field("provider:network_type")
    provider_physical_network = Field("provider:physical_network")
    provider_segmentation_id = Field("provider:segmentation_id")
    pvlan = Field()
    qos_policy_id = Field()
    revision_number = Field()
    segments = Field()
    status = Field()
    subnet_ids = Field("subnets", default=[])
    tags = Field(default=[])
    updated_at = Field()
    is_vlan_transparent = Field("vlan_transparent")
    is_vlan_qinq = Field("vlan_qinq")
