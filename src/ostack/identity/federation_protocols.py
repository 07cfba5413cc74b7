"""The protocols of an identity provider
(`/v3/OS-FEDERATION/identity_providers/{idp_id}/protocols`): how its users authenticate
(`saml2`, `openid`, `mapped`) and the mapping applied to them.

openstacksdk puts the identity provider first in every method
(`get_federation_protocol(idp, protocol)`); so do these.
"""

from __future__ import annotations

from ostack.identity.identity_providers import create_at_id
from ostack.proxy import Flow, operation
from ostack.resource import Field, QueryParameters, Resource

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class FederationProtocol(Resource):
    resource_key = "protocol"
    resources_key = "protocols"
    singular = "federation_protocol"
    plural = "federation_protocols"
    base_path = "/v3/OS-FEDERATION/identity_providers/{idp_id}/protocols"
    service_type = "identity"
    pagination = "none"
    status_attribute = None
    find_policy = "id"
    allow_create = allow_commit = allow_delete = True
    create_method = "PUT"
    commit_method = "PATCH"
    query = QueryParameters("id")

    name = Field("id")
    idp_id = Field()
    mapping_id = Field()
    remote_id_attribute = Field()
    links = Field()


def _parents(idp: Any, protocol: Any) -> dict[str, Any]:
    if idp is None and isinstance(protocol, FederationProtocol):
        idp = protocol.idp_id
    return {"idp_id": idp}


class FederationProtocolActions:
    """openstacksdk's argument order: the identity provider first."""

    @operation
    def create_federation_protocol(self, idp: Any, **attrs: Any) -> Flow:
        return (yield from create_at_id(self, FederationProtocol, attrs, {"idp_id": idp}))

    @operation
    def get_federation_protocol(self, idp: Any, protocol: Any) -> Flow:
        return (yield from self.get_flow(FederationProtocol, protocol, _parents(idp, protocol)))

    @operation
    def find_federation_protocol(self, idp: Any, protocol: str,
                                 ignore_missing: bool = True) -> Flow:
        return (yield from self.find_flow(FederationProtocol, protocol,
                                          ignore_missing=ignore_missing,
                                          parents={"idp_id": idp}))

    @operation
    def update_federation_protocol(self, idp: Any, protocol: Any, **attrs: Any) -> Flow:
        return (yield from self.update_flow(FederationProtocol, protocol, attrs,
                                            _parents(idp, protocol)))

    @operation
    def delete_federation_protocol(self, idp: Any, protocol: Any,
                                   ignore_missing: bool = True) -> Flow:
        return (yield from self.delete_flow(FederationProtocol, protocol,
                                            ignore_missing=ignore_missing,
                                            parents=_parents(idp, protocol)))
