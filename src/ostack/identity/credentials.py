"""A credential (`/v3/credentials`): a secret blob a user keeps in Keystone (EC2, TOTP ...)."""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource


class Credential(Resource):
    resource_key = "credential"
    resources_key = "credentials"
    base_path = "/v3/credentials"
    service_type = "identity"
    pagination = "none"
    status_attribute = None
    find_policy = "list"
    allow_create = allow_commit = allow_delete = True
    commit_method = "PATCH"
    query = QueryParameters("type", "user_id")

    blob = Field()
    project_id = Field()
    type = Field()
    user_id = Field()
    links = Field()
