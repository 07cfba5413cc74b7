"""A server interface (os-interface): a port attached to a server, named by its port ID.

Nova's body does not repeat the server's ID; as in openstacksdk, `server_id` is filled from
the path the interface was read at.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ostack import exceptions
from ostack.proxy import Call, Flow, Items, listing, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource


class ServerInterface(Resource):
    resource_key = "interfaceAttachment"
    resources_key = "interfaceAttachments"
    singular = "server_interface"
    plural = "server_interfaces"
    base_path = "/servers/{server_id}/os-interface"
    service_type = "compute"
    allow_create = allow_delete = True
    find_policy = "id"
    pagination = "none"
    status_attribute = "port_state"
    query = QueryParameters()

    id = Field("port_id")
    fixed_ips = Field(default=[])
    mac_addr = Field()
    net_id = Field()
    port_id = Field()
    port_state = Field()
    server_id = Field()
    tag = Field(doc="shown from 2.70; accepted when attaching from 2.49")


def with_server(resource: Resource | None, server_id: str) -> Any:
    """The resource with `server_id` set (its path's parent), as openstacksdk shows it."""
    if resource is not None and not resource.raw.get("server_id"):
        resource.raw["server_id"] = server_id
    return resource


def pages_with_server(flow: Flow, server_id: str) -> Iterator[Any]:
    """A listing flow whose items get `server_id` set."""
    try:
        message = next(flow)
        while True:
            if isinstance(message, Items):
                for item in message.items:
                    with_server(item, server_id)
                message = flow.send((yield message))
                continue
            try:
                reply = yield message
            except BaseException as exc:  # noqa: BLE001 - handed to the inner flow
                message = flow.throw(exc)
            else:
                message = flow.send(reply)
    except StopIteration:
        return


class ServerInterfaceActions:
    """Interfaces with openstacksdk's signatures (the server second where it is optional)."""

    @listing
    def server_interfaces(self, server: Any, **query: Any) -> Flow:
        """The interfaces (ports) attached to a server."""
        sid = resource_id(server)
        return pages_with_server(
            self.list_flow(ServerInterface, {"server_id": sid}, **query), sid)

    @operation
    def create_server_interface(self, server: Any, **attrs: Any) -> Flow:
        """Attach a port (`port_id=`) or a new port on a network (`net_id=`, `fixed_ips=`,
        `tag=`) to a server."""
        sid = resource_id(server)
        attrs = {k: v for k, v in attrs.items() if v is not None}
        created = yield from self.create_flow(ServerInterface, attrs, {"server_id": sid})
        return with_server(created, sid)

    @operation
    def get_server_interface(self, server_interface: Any, server: Any = None) -> Flow:
        sid = server_of(server_interface, server)
        found = yield from self.get_flow(ServerInterface, server_interface, {"server_id": sid})
        return with_server(found, sid)

    @operation
    def delete_server_interface(self, server_interface: Any, server: Any = None,
                                ignore_missing: bool = True) -> Flow:
        """Detach a port from a server (its port ID or a ServerInterface)."""
        sid = server_of(server_interface, server)
        return (yield from self.delete_flow(ServerInterface, server_interface,
                                            ignore_missing=ignore_missing,
                                            parents={"server_id": sid}))


def server_of(child: Any, server: Any) -> str:
    """The server of a child resource: given, or the one the resource was read from."""
    if server is not None:
        return resource_id(server)
    found = child.get("server_id") if isinstance(child, Resource) else None
    if not found:
        raise exceptions.OstackError("a server is needed: give server=")
    return str(found)


class ServerNetworkActions:
    """The server actions about its networking: fixed IPs (multinic), floating IPs (the
    nova-network era proxy) and security groups, by name or ID."""

    def _network_action(self, server: Any, action: str, args: dict[str, Any]) -> Flow:
        yield Call("POST", f"/servers/{resource_id(server)}/action", json={action: args})

    @operation
    def add_fixed_ip_to_server(self, server: Any, network: Any) -> Flow:
        """A new fixed IP on `network` (addFixedIp: in effect a new interface)."""
        yield from self._network_action(server, "addFixedIp",
                                        {"networkId": resource_id(network)})

    @operation
    def remove_fixed_ip_from_server(self, server: Any, address: str) -> Flow:
        """Remove the interface that holds the fixed IP `address` (removeFixedIp)."""
        yield from self._network_action(server, "removeFixedIp", {"address": address})

    @operation
    def add_floating_ip_to_server(self, server: Any, address: str,
                                  fixed_address: str | None = None) -> Flow:
        """addFloatingIp (removed from Nova at 2.44; Neutron's floating IPs replace it)."""
        args = {"address": address}
        if fixed_address is not None:
            args["fixed_address"] = fixed_address
        yield from self._network_action(server, "addFloatingIp", args)

    @operation
    def remove_floating_ip_from_server(self, server: Any, address: str) -> Flow:
        yield from self._network_action(server, "removeFloatingIp", {"address": address})

    @operation
    def add_security_group_to_server(self, server: Any, security_group: Any) -> Flow:
        """Add a security group (a name, an ID, or a resource or mapping with a name)."""
        yield from self._network_action(server, "addSecurityGroup",
                                        {"name": _group_name(security_group)})

    @operation
    def remove_security_group_from_server(self, server: Any, security_group: Any) -> Flow:
        yield from self._network_action(server, "removeSecurityGroup",
                                        {"name": _group_name(security_group)})


def _group_name(group: Any) -> str:
    """What Nova's security group actions take: the group's name, else its ID."""
    if isinstance(group, Resource | dict):
        found = group.get("name") or group.get("id")
        if found:
            return str(found)
    return resource_id(group)
