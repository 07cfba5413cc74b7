"""Application credentials of a user (`/v3/users/{user_id}/application_credentials`) and
their access rules (`/v3/users/{user_id}/access_rules`).

The secret is shown once, in the answer to the create. openstacksdk puts the user first in
every method (`get_application_credential(user, application_credential)`); so do these.
"""

from __future__ import annotations

from ostack.proxy import Flow, operation
from ostack.resource import Field, QueryParameters, Resource

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class ApplicationCredential(Resource):
    resource_key = "application_credential"
    resources_key = "application_credentials"
    base_path = "/v3/users/{user_id}/application_credentials"
    service_type = "identity"
    pagination = "none"
    status_attribute = None
    allow_create = allow_delete = True
    query = QueryParameters("name")

    user_id = Field()
    user = Field()
    secret = Field(doc="only in the answer to the create")
    description = Field()
    expires_at = Field()
    roles = Field(default=[])
    unrestricted = Field(default=False)
    project_id = Field()
    access_rules = Field(default=[])
    links = Field()


class AccessRule(Resource):
    resource_key = "access_rule"
    resources_key = "access_rules"
    base_path = "/v3/users/{user_id}/access_rules"
    service_type = "identity"
    pagination = "none"
    status_attribute = None
    find_policy = "list"
    allow_delete = True
    query = QueryParameters("service", "path", "method")

    user_id = Field()
    method = Field()
    path = Field()
    service = Field()
    links = Field()


class ApplicationCredentialActions:
    """openstacksdk's argument order: the user first."""

    @operation
    def get_application_credential(self, user: Any, application_credential: Any) -> Flow:
        return (yield from self.get_flow(ApplicationCredential, application_credential,
                                         {"user_id": user}))

    @operation
    def create_application_credential(self, user: Any, name: str, **attrs: Any) -> Flow:
        """A new application credential (its `secret` is in this answer only)."""
        return (yield from self.create_flow(ApplicationCredential, {"name": name, **attrs},
                                            {"user_id": user}))

    @operation
    def find_application_credential(self, user: Any, name_or_id: str,
                                    ignore_missing: bool = True, **query: Any) -> Flow:
        return (yield from self.find_flow(ApplicationCredential, name_or_id,
                                          ignore_missing=ignore_missing,
                                          parents={"user_id": user}, **query))

    @operation
    def delete_application_credential(self, user: Any, application_credential: Any,
                                      ignore_missing: bool = True) -> Flow:
        return (yield from self.delete_flow(ApplicationCredential, application_credential,
                                            ignore_missing=ignore_missing,
                                            parents={"user_id": user}))

    @operation
    def get_access_rule(self, user: Any, access_rule: Any) -> Flow:
        return (yield from self.get_flow(AccessRule, access_rule, {"user_id": user}))

    @operation
    def delete_access_rule(self, user: Any, access_rule: Any,
                           ignore_missing: bool = True) -> Flow:
        return (yield from self.delete_flow(AccessRule, access_rule,
                                            ignore_missing=ignore_missing,
                                            parents={"user_id": user}))
