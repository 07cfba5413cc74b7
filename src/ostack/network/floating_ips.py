"""A floating IP: a public address mapped to a port's fixed IP, found by its address."""

from __future__ import annotations

from ostack.network.tags import TAG_QUERY
from ostack.resource import Field, QueryParameters, Resource


class FloatingIP(Resource):
    resource_key = "floatingip"
    resources_key = "floatingips"
    base_path = "/floatingips"
    service_type = "network"
    # openstacksdk's method stems: ips(), get_ip(), find_ip(), update_ip() ...
    singular = "ip"
    plural = "ips"
    allow_create = allow_commit = allow_delete = True
    find_policy = "list"
    status_attribute = "status"
    query = QueryParameters(
        "description", "fixed_ip_address", "floating_ip_address", "floating_network_id", "id",
        "fields", "port_id", "router_id", "status", "subnet_id", "project_id", "sort_key",
        "sort_dir", "tags", "tags-any", "not-tags", "not-tags-any",
        tenant_id="project_id", **TAG_QUERY,
    )

    @classmethod
    def label(cls) -> str:
        return "floating ip"

    #: A floating IP is named by its address (find_ip("203.0.113.5")).
    name = Field("floating_ip_address")
    created_at = Field()
    description = Field()
    dns_domain = Field()
    dns_name = Field()
    fixed_ip_address = Field()
    floating_ip_address = Field()
    floating_network_id = Field()
    port_details = Field()
    port_id = Field()
    project_id = Field()
    qos_policy_id = Field()
    revision_number = Field()
    router_id = Field()
    status = Field()
    subnet_id = Field()
    tags = Field(default=[])
    updated_at = Field()
