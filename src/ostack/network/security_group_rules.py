"""Security group rules (one packet filter of a group) and default security group rules (the
template Neutron copies into every new group)."""

from __future__ import annotations

from ostack.network.tags import TAG_QUERY
from ostack.resource import Field, QueryParameters, Resource


class SecurityGroupRule(Resource):
    resource_key = "security_group_rule"
    resources_key = "security_group_rules"
    base_path = "/security-group-rules"
    service_type = "network"
    allow_create = allow_delete = True
    status_attribute = None
    find_policy = "list"
    query = QueryParameters(
        "description", "direction", "fields", "id", "protocol", "remote_group_id",
        "security_group_id", "remote_address_group_id", "port_range_max", "port_range_min",
        "remote_ip_prefix", "revision_number", "project_id", "tenant_id", "sort_dir",
        "sort_key", ether_type="ethertype", **TAG_QUERY,
    )

    created_at = Field()
    description = Field()
    direction = Field()
    ether_type = Field("ethertype")
    port_range_max = Field()
    port_range_min = Field()
    project_id = Field()
    protocol = Field()
    remote_address_group_id = Field()
    remote_group_id = Field()
    remote_ip_prefix = Field()
    revision_number = Field()
    security_group_id = Field()
    tags = Field(default=[])
    tenant_id = Field()
    updated_at = Field()


class DefaultSecurityGroupRule(Resource):
    resource_key = "default_security_group_rule"
    resources_key = "default_security_group_rules"
    base_path = "/default-security-group-rules"
    service_type = "network"
    allow_create = allow_delete = True
    status_attribute = None
    find_policy = "list"
    query = QueryParameters(
        "id", "description", "fields", "remote_group_id", "remote_address_group_id",
        "direction", "protocol", "port_range_min", "port_range_max", "remote_ip_prefix",
        "used_in_default_sg", "used_in_non_default_sg", "sort_dir", "sort_key",
        ether_type="ethertype",
    )

    description = Field()
    direction = Field()
    ether_type = Field("ethertype")
    port_range_max = Field()
    port_range_min = Field()
    protocol = Field()
    remote_address_group_id = Field()
    remote_group_id = Field()
    remote_ip_prefix = Field()
    revision_number = Field()
    used_in_default_sg = Field()
    used_in_non_default_sg = Field()
