"""A security group: a named set of packet filtering rules applied to ports."""

from __future__ import annotations

from ostack.network.tags import TAG_QUERY
from ostack.resource import Field, QueryParameters, Resource


class SecurityGroup(Resource):
    resource_key = "security_group"
    resources_key = "security_groups"
    base_path = "/security-groups"
    service_type = "network"
    allow_create = allow_commit = allow_delete = True
    status_attribute = None
    client_token = {"where": "description"}
    query = QueryParameters(
        "description", "fields", "id", "name", "stateful", "project_id", "tenant_id",
        "revision_number", "sort_dir", "sort_key", "tags", "tags-any", "not-tags",
        "not-tags-any", is_shared="shared", **TAG_QUERY,
    )

    created_at = Field()
    description = Field()
    is_shared = Field("shared")
    project_id = Field()
    revision_number = Field()
    security_group_rules = Field(default=[])
    stateful = Field()
    tags = Field(default=[])
    updated_at = Field()
