"""Federation mappings (`/v3/OS-FEDERATION/mappings`): rules that turn a federated user's
remote attributes into a local user, groups and projects."""

from __future__ import annotations

from ostack.identity.identity_providers import create_at_id
from ostack.proxy import Flow, operation
from ostack.resource import Field, Resource

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class Mapping(Resource):
    resource_key = "mapping"
    resources_key = "mappings"
    base_path = "/v3/OS-FEDERATION/mappings"
    service_type = "identity"
    pagination = "none"
    status_attribute = None
    find_policy = "id"
    allow_create = allow_commit = allow_delete = True
    create_method = "PUT"
    commit_method = "PATCH"

    name = Field("id")
    rules = Field(default=[])
    schema_version = Field()
    links = Field()


class MappingActions:
    """Creation at the chosen id (openstacksdk: `create_mapping(id=..., rules=...)`)."""

    @operation
    def create_mapping(self, **attrs: Any) -> Flow:
        return (yield from create_at_id(self, Mapping, attrs))
