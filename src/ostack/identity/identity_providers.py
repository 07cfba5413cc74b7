"""Identity providers of federation (`/v3/OS-FEDERATION/identity_providers`): the outside
sources of users (a SAML or OpenID Connect issuer), each with its remote IDs and the domain
its users land in.

Keystone creates federation records with PUT at an id the client picks; openstacksdk takes
that id as `id=` (and shows it as `name` too). `create_at_id` does the PUT for the four
federation resources.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

from ostack.proxy import Flow, operation
from ostack.resource import Field, QueryParameters, Resource

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class IdentityProvider(Resource):
    resource_key = "identity_provider"
    resources_key = "identity_providers"
    base_path = "/v3/OS-FEDERATION/identity_providers"
    service_type = "identity"
    pagination = "none"
    status_attribute = None
    find_policy = "id"
    allow_create = allow_commit = allow_delete = True
    create_method = "PUT"
    commit_method = "PATCH"
    query = QueryParameters("id", is_enabled="enabled")

    name = Field("id")
    authorization_ttl = Field()
    description = Field()
    domain_id = Field()
    is_enabled = Field("enabled")
    remote_ids = Field(default=[])
    links = Field()


def create_at_id(proxy: Any, cls: type[Resource], attrs: Mapping[str, Any],
                 parents: Mapping[str, Any] | None = None) -> Flow:
    """PUT `<base_path>/<id>` with the other attributes as the body."""
    attrs = dict(attrs)
    ident = attrs.pop("id", None) or attrs.pop("name", None)
    if not ident:
        from ostack import exceptions

        raise exceptions.OstackError(f"a new {cls.label()} needs an id")
    path = f"{proxy.path_of(cls, parents or {})}/{quote(str(ident), safe='')}"
    created = yield from proxy.create_flow(cls, attrs, parents, path=path)
    if created.id is None:
        created.id = ident
    return created


class IdentityProviderActions:
    """Creation at the chosen id (openstacksdk: `create_identity_provider(id=...)`)."""

    @operation
    def create_identity_provider(self, **attrs: Any) -> Flow:
        return (yield from create_at_id(self, IdentityProvider, attrs))
