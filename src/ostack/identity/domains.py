"""A domain: a namespace of users, groups and projects."""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource


class Domain(Resource):
    resource_key = "domain"
    resources_key = "domains"
    base_path = "/v3/domains"
    service_type = "identity"
    pagination = "none"
    status_attribute = None
    allow_create = allow_commit = allow_delete = True
    commit_method = "PATCH"
    query = QueryParameters("name", "enabled", is_enabled="enabled")

    description = Field()
    is_enabled = Field("enabled", default=True)
    options = Field(default={})
    links = Field()
