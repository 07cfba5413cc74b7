"""IP availability of networks (`/network-ip-availabilities`, admin only): how many
addresses each network and its subnets have and use. Its ID is the network's."""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource


class NetworkIPAvailability(Resource):
    resource_key = "network_ip_availability"
    resources_key = "network_ip_availabilities"
    base_path = "/network-ip-availabilities"
    service_type = "network"
    singular = "network_ip_availability"
    plural = "network_ip_availabilities"
    status_attribute = None
    #: Found by network ID, then by network name.
    find_policy = "list"
    query = QueryParameters(
        "fields", "ip_version", "network_id", "network_name", "project_id", "sort_key",
        "sort_dir", tenant_id="project_id",
    )

    id = Field("network_id")
    name = Field("network_name")
    network_id = Field()
    network_name = Field()
    subnet_ip_availability = Field(default=[])
    project_id = Field()
    tenant_id = Field()
    total_ips = Field()
    used_ips = Field()
    ip_availability_details = Field()
