"""A role, granted to users or groups on projects, domains or the system."""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource


class Role(Resource):
    resource_key = "role"
    resources_key = "roles"
    base_path = "/v3/roles"
    service_type = "identity"
    pagination = "none"
    status_attribute = None
    allow_create = allow_commit = allow_delete = True
    commit_method = "PATCH"
    query = QueryParameters("name", "domain_id")

    description = Field()
    domain_id = Field()
    options = Field(default={})
    links = Field()
