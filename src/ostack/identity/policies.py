"""A policy document (`/v3/policies`): an opaque blob of a given type, kept by Keystone."""

from __future__ import annotations

from ostack.resource import Field, Resource


class Policy(Resource):
    resource_key = "policy"
    resources_key = "policies"
    singular = "policy"
    plural = "policies"
    base_path = "/v3/policies"
    service_type = "identity"
    pagination = "none"
    status_attribute = None
    find_policy = "list"
    allow_create = allow_commit = allow_delete = True
    commit_method = "PATCH"

    blob = Field()
    project_id = Field()
    type = Field()
    user_id = Field()
    links = Field()
