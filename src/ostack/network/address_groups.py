"""An address group: a named set of IP addresses that security group rules can refer to
(`remote_address_group_id`)."""

from __future__ import annotations

from typing import Any

from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource


class AddressGroup(Resource):
    resource_key = "address_group"
    resources_key = "address_groups"
    base_path = "/address-groups"
    service_type = "network"
    allow_create = allow_commit = allow_delete = True
    status_attribute = None
    query = QueryParameters("fields", "sort_key", "sort_dir", "name", "description",
                            "project_id")

    addresses = Field(default=[])
    description = Field()
    project_id = Field()
    tenant_id = Field()


class AddressGroupActions:
    """Adding and removing addresses of a group (Neutron's `add_addresses` and
    `remove_addresses` member actions)."""

    @operation
    def add_addresses_to_address_group(self, address_group: Any, addresses: list[str]) -> Flow:
        """The group with `addresses` added."""
        resp = yield Call("PUT", f"/address-groups/{resource_id(address_group)}/add_addresses",
                          json={"addresses": list(addresses)})
        return self.one(AddressGroup, resp)

    @operation
    def remove_addresses_from_address_group(self, address_group: Any,
                                            addresses: list[str]) -> Flow:
        """The group with `addresses` removed."""
        resp = yield Call("PUT",
                          f"/address-groups/{resource_id(address_group)}/remove_addresses",
                          json={"addresses": list(addresses)})
        return self.one(AddressGroup, resp)
