"""A region of the catalog (`/v3/regions`), possibly below a parent region."""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource


class Region(Resource):
    resource_key = "region"
    resources_key = "regions"
    base_path = "/v3/regions"
    service_type = "identity"
    pagination = "none"
    status_attribute = None
    find_policy = "list"
    allow_create = allow_commit = allow_delete = True
    commit_method = "PATCH"
    query = QueryParameters("parent_region_id")

    description = Field()
    parent_region_id = Field()
    links = Field()
