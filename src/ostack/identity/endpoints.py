"""An endpoint of the catalog (`/v3/endpoints`): a service's URL in a region, per interface."""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource


class Endpoint(Resource):
    resource_key = "endpoint"
    resources_key = "endpoints"
    base_path = "/v3/endpoints"
    service_type = "identity"
    pagination = "none"
    status_attribute = None
    find_policy = "list"
    allow_create = allow_commit = allow_delete = True
    commit_method = "PATCH"
    query = QueryParameters("interface", "region_id", "service_id")

    interface = Field()
    is_enabled = Field("enabled", default=True)
    region_id = Field()
    service_id = Field()
    url = Field()
    links = Field()
