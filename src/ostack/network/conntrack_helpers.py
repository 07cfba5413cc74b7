"""Conntrack helpers of a router (the `l3-conntrack-helper` extension): netfilter helper
modules for a protocol and port."""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource


class ConntrackHelper(Resource):
    resource_key = "conntrack_helper"
    resources_key = "conntrack_helpers"
    base_path = "/routers/{router_id}/conntrack_helpers"
    service_type = "network"
    allow_create = allow_commit = allow_delete = True
    status_attribute = None
    find_policy = "id"
    query = QueryParameters("helper", "protocol", "port", "fields", "sort_key", "sort_dir")

    helper = Field()
    port = Field()
    protocol = Field()
