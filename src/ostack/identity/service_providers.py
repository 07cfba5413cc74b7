"""Service providers of federation (`/v3/OS-FEDERATION/service_providers`): other clouds
this Keystone vouches for its users to (Keystone to Keystone)."""

from __future__ import annotations

from ostack.identity.identity_providers import create_at_id
from ostack.proxy import Flow, operation
from ostack.resource import Field, QueryParameters, Resource

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class ServiceProvider(Resource):
    resource_key = "service_provider"
    resources_key = "service_providers"
    base_path = "/v3/OS-FEDERATION/service_providers"
    service_type = "identity"
    pagination = "none"
    status_attribute = None
    find_policy = "id"
    allow_create = allow_commit = allow_delete = True
    create_method = "PUT"
    commit_method = "PATCH"
    query = QueryParameters("id", is_enabled="enabled")

    name = Field("id")
    auth_url = Field()
    description = Field()
    is_enabled = Field("enabled")
    relay_state_prefix = Field()
    sp_url = Field()
    links = Field()


class ServiceProviderActions:
    """Creation at the chosen id (openstacksdk: `create_service_provider(id=...)`)."""

    @operation
    def create_service_provider(self, **attrs: Any) -> Flow:
        return (yield from create_at_id(self, ServiceProvider, attrs))
