"""NDP proxies (the `l3-ndp-proxy` extension): a router answering neighbour solicitations for
an IPv6 address of a port behind it."""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource


class NDPProxy(Resource):
    resource_key = "ndp_proxy"
    resources_key = "ndp_proxies"
    base_path = "/ndp_proxies"
    service_type = "network"
    singular = "ndp_proxy"
    plural = "ndp_proxies"
    allow_create = allow_commit = allow_delete = True
    status_attribute = None
    query = QueryParameters("sort_key", "sort_dir", "name", "description", "fields",
                            "project_id", "router_id", "port_id", "ip_address")

    created_at = Field()
    description = Field()
    ip_address = Field()
    port_id = Field()
    project_id = Field()
    revision_number = Field()
    router_id = Field()
    updated_at = Field()
