"""A subnet: an IP address block of a network (what project cleanup needs so far)."""

from __future__ import annotations

from ostack.network.tags import TAG_QUERY
from ostack.resource import Field, QueryParameters, Resource


class Subnet(Resource):
    resource_key = "subnet"
    resources_key = "subnets"
    base_path = "/subnets"
    service_type = "network"
    allow_create = allow_commit = allow_delete = True
    status_attribute = None
    client_token = {"where": "description"}
    query = QueryParameters(
        "cidr", "description", "fields", "gateway_ip", "id", "ip_version", "ipv6_address_mode",
        "ipv6_ra_mode", "name", "network_id", "segment_id", "dns_publish_fixed_ip",
        "project_id", "sort_key", "sort_dir", "tags", "tags-any", "not-tags", "not-tags-any",
        is_dhcp_enabled="enable_dhcp", subnet_pool_id="subnetpool_id",
        use_default_subnet_pool="use_default_subnetpool", tenant_id="project_id", **TAG_QUERY,
    )

    allocation_pools = Field(default=[])
    cidr = Field()
    created_at = Field()
    description = Field()
    dns_nameservers = Field(default=[])
    dns_publish_fixed_ip = Field()
    gateway_ip = Field()
    host_routes = Field(default=[])
    ip_version = Field()
    ipv6_address_mode = Field()
    ipv6_ra_mode = Field()
    is_dhcp_enabled = Field("enable_dhcp")
    network_id = Field()
    prefix_length = Field("prefixlen")
    project_id = Field()
    revision_number = Field()
    segment_id = Field()
    service_types = Field(default=[])
    subnet_pool_id = Field("subnetpool_id")
    tags = Field(default=[])
    updated_at = Field()
    use_default_subnet_pool = Field("use_default_subnetpool")
