"""An address scope: a set of subnet pools whose addresses do not overlap and are routed
without NAT between each other."""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource


class AddressScope(Resource):
    resource_key = "address_scope"
    resources_key = "address_scopes"
    base_path = "/address-scopes"
    service_type = "network"
    allow_create = allow_commit = allow_delete = True
    status_attribute = None
    query = QueryParameters("fields", "name", "ip_version", "project_id", "sort_key",
                            "sort_dir", is_shared="shared")

    ip_version = Field()
    is_shared = Field("shared")
    project_id = Field()
    tenant_id = Field()
