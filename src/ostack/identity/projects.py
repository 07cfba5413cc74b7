"""A project (tenant): the unit that owns resources and quotas."""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource


class Project(Resource):
    resource_key = "project"
    resources_key = "projects"
    base_path = "/v3/projects"
    service_type = "identity"
    pagination = "none"
    status_attribute = None
    allow_create = allow_commit = allow_delete = True
    commit_method = "PATCH"
    query = QueryParameters("domain_id", "name", "enabled", "parent_id", "is_domain", "tags")

    description = Field()
    domain_id = Field()
    parent_id = Field()
    is_domain = Field(default=False)
    is_enabled = Field("enabled", default=True)
    tags = Field(default=[])
    options = Field(default={})
    links = Field()
