"""A service of the catalog (`/v3/services`): its type, name and whether it is enabled."""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource


class Service(Resource):
    resource_key = "service"
    resources_key = "services"
    base_path = "/v3/services"
    service_type = "identity"
    pagination = "none"
    status_attribute = None
    find_policy = "list"
    allow_create = allow_commit = allow_delete = True
    commit_method = "PATCH"
    query = QueryParameters("name", "type")

    description = Field()
    is_enabled = Field("enabled", default=True)
    type = Field()
    links = Field()
