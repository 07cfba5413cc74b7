"""Local IPs (the `local_ip` extension): an address each associated port reaches on its own
host, and the port associations that use it."""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource


class LocalIP(Resource):
    resource_key = "local_ip"
    resources_key = "local_ips"
    base_path = "/local_ips"
    service_type = "network"
    allow_create = allow_commit = allow_delete = True
    status_attribute = None
    query = QueryParameters("sort_key", "sort_dir", "name", "description", "fields",
                            "project_id", "network_id", "local_port_id", "local_ip_address",
                            "ip_mode")

    created_at = Field()
    description = Field()
    ip_mode = Field()
    local_ip_address = Field()
    local_port_id = Field()
    network_id = Field()
    project_id = Field()
    revision_number = Field()
    updated_at = Field()


class LocalIPAssociation(Resource):
    """A port's association with a local IP, identified by the port's ID."""

    resource_key = "port_association"
    resources_key = "port_associations"
    base_path = "/local_ips/{local_ip_id}/port_associations"
    service_type = "network"
    singular = "local_ip_association"
    allow_create = allow_delete = True
    allow_fetch = False
    status_attribute = None
    find_policy = "list"
    query = QueryParameters("fields", "fixed_port_id", "fixed_ip", "host", "sort_key",
                            "sort_dir")

    fixed_ip = Field()
    fixed_port_id = Field()
    host = Field()
    local_ip_address = Field()


LOCAL_IP_RESOURCES = (LocalIP, LocalIPAssociation)
