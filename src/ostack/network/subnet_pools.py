"""A subnet pool: prefixes that subnets take their CIDRs from (`/subnetpools`)."""

from __future__ import annotations

from typing import Any

from ostack.network.tags import TAG_QUERY
from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource


class SubnetPool(Resource):
    resource_key = "subnetpool"
    resources_key = "subnetpools"
    base_path = "/subnetpools"
    service_type = "network"
    singular = "subnet_pool"
    plural = "subnet_pools"
    allow_create = allow_commit = allow_delete = True
    status_attribute = None
    query = QueryParameters(
        "address_scope_id", "description", "fields", "ip_version", "is_default", "name",
        "project_id", "sort_key", "sort_dir", is_shared="shared", tenant_id="project_id",
        **TAG_QUERY,
    )

    address_scope_id = Field()
    created_at = Field()
    default_prefix_length = Field("default_prefixlen")
    default_quota = Field()
    description = Field()
    ip_version = Field()
    is_default = Field()
    is_shared = Field("shared")
    maximum_prefix_length = Field("max_prefixlen")
    minimum_prefix_length = Field("min_prefixlen")
    project_id = Field()
    prefixes = Field(default=[])
    revision_number = Field()
    tags = Field(default=[])
    updated_at = Field()


class SubnetPoolActions:
    """Onboarding a network's subnets into a subnet pool."""

    @operation
    def onboard_network_subnets(self, subnet_pool: Any, network: Any) -> Flow:
        """Move the network's subnets of the pool's IP version into the pool; the answer."""
        resp = yield Call(
            "PUT", f"/subnetpools/{resource_id(subnet_pool)}/onboard_network_subnets",
            json={"network_id": resource_id(network)})
        return resp.json() if resp.content else {}
