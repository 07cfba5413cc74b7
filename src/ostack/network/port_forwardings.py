"""A floating IP port forwarding: traffic to one port of a floating IP goes to one port of
an internal address (a child of the floating IP)."""

from __future__ import annotations

from typing import Any

from ostack.proxy import Flow, listing, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource


class PortForwarding(Resource):
    resource_key = "port_forwarding"
    resources_key = "port_forwardings"
    base_path = "/floatingips/{floatingip_id}/port_forwardings"
    service_type = "network"
    #: openstacksdk's method names: `create_floating_ip_port_forwarding` ...
    singular = "floating_ip_port_forwarding"
    allow_create = allow_commit = allow_delete = True
    status_attribute = None
    find_policy = "list"
    query = QueryParameters("fields", "internal_port_id", "external_port",
                            "external_port_range", "protocol", "sort_key", "sort_dir")

    description = Field()
    external_port = Field()
    floatingip_id = Field()
    internal_ip_address = Field()
    internal_port = Field()
    internal_port_id = Field()
    external_port_range = Field()
    internal_port_range = Field()
    protocol = Field()


def _parents(floating_ip: Any) -> dict[str, Any]:
    return {"floatingip_id": resource_id(floating_ip)}


class PortForwardingActions:
    """openstacksdk's signatures for a floating IP's port forwardings: the floating IP first
    (`get_floating_ip_port_forwarding(floating_ip, port_forwarding)`)."""

    @listing
    def floating_ip_port_forwardings(self, floating_ip: Any, **query: Any) -> Flow:
        return self.list_flow(PortForwarding, _parents(floating_ip), **query)

    @operation
    def create_floating_ip_port_forwarding(self, floating_ip: Any, **attrs: Any) -> Flow:
        return (yield from self.create_flow(PortForwarding, attrs, _parents(floating_ip)))

    @operation
    def get_floating_ip_port_forwarding(self, floating_ip: Any, port_forwarding: Any) -> Flow:
        return (yield from self.get_flow(PortForwarding, port_forwarding,
                                         _parents(floating_ip)))

    @operation
    def find_floating_ip_port_forwarding(self, floating_ip: Any, port_forwarding_id: str,
                                         ignore_missing: bool = True, **query: Any) -> Flow:
        return (yield from self.find_flow(PortForwarding, port_forwarding_id,
                                          ignore_missing=ignore_missing,
                                          parents=_parents(floating_ip), **query))

    @operation
    def update_floating_ip_port_forwarding(self, floating_ip: Any, port_forwarding: Any,
                                           **attrs: Any) -> Flow:
        return (yield from self.update_flow(PortForwarding, port_forwarding, attrs,
                                            _parents(floating_ip)))

    @operation
    def delete_floating_ip_port_forwarding(self, floating_ip: Any, port_forwarding: Any,
                                           ignore_missing: bool = True) -> Flow:
        return (yield from self.delete_flow(PortForwarding, port_forwarding,
                                            ignore_missing=ignore_missing,
                                            parents=_parents(floating_ip)))
