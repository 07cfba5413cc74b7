"""A user of the identity service."""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource


class User(Resource):
    resource_key = "user"
    resources_key = "users"
    base_path = "/v3/users"
    service_type = "identity"
    pagination = "none"
    status_attribute = None
    allow_create = allow_commit = allow_delete = True
    commit_method = "PATCH"
    query = QueryParameters("domain_id", "name", "enabled", "password_expires_at")

    domain_id = Field()
    default_project_id = Field()
    description = Field()
    email = Field()
    is_enabled = Field("enabled", default=True)
    password = Field()
    password_expires_at = Field()
    options = Field(default={})
    links = Field()
