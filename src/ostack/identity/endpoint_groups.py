"""An endpoint group (`/v3/OS-EP-FILTER/endpoint_groups`): endpoints chosen by filters
(`service_id`, `region_id`, `interface`)."""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource


class EndpointGroup(Resource):
    resource_key = "endpoint_group"
    resources_key = "endpoint_groups"
    base_path = "/v3/OS-EP-FILTER/endpoint_groups"
    service_type = "identity"
    pagination = "none"
    status_attribute = None
    find_policy = "list"
    allow_create = allow_commit = allow_delete = True
    commit_method = "PATCH"
    query = QueryParameters("name")

    description = Field()
    filters = Field(default={})
    links = Field()
