"""A user of the identity service."""

from __future__ import annotations

from urllib.parse import quote

from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class User(Resource):
    resource_key = "user"
    resources_key = "users"
    base_path = "/v3/users"
    service_type = "identity"
    pagination = "none"
    status_attribute = None
    allow_create = allow_commit = allow_delete = True
    commit_method = "PATCH"
    client_token = {"where": "description"}
    commit_idempotent = True
    query = QueryParameters("domain_id", "name", "enabled", "password_expires_at",
                            is_enabled="enabled")

    domain_id = Field()
    default_project_id = Field()
    description = Field()
    email = Field()
    is_enabled = Field("enabled", default=True)
    password = Field()
    password_expires_at = Field()
    options = Field(default={})
    links = Field()


class UserActions:
    """What a user does with its own password."""

    @operation
    def update_password(self, user: Any, current_password: str, password: str) -> Flow:
        """Change the password of the user the token belongs to
        (`POST /v3/users/{user_id}/password`); the old one is needed."""
        yield Call("POST", f"/v3/users/{quote(resource_id(user), safe='')}/password",
                   json={"user": {"original_password": current_password,
                                  "password": password}})
