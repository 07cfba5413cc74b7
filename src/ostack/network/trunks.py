"""A trunk: a parent port carrying subports (one per VLAN) to a server."""

from __future__ import annotations

from typing import Any

from ostack.network.tags import TAG_QUERY
from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource


class Trunk(Resource):
    resource_key = "trunk"
    resources_key = "trunks"
    base_path = "/trunks"
    service_type = "network"
    allow_create = allow_commit = allow_delete = True
    status_attribute = "status"
    query = QueryParameters("name", "description", "fields", "port_id", "status", "sub_ports",
                            "project_id", "sort_key", "sort_dir",
                            is_admin_state_up="admin_state_up", **TAG_QUERY)

    created_at = Field()
    description = Field()
    is_admin_state_up = Field("admin_state_up")
    port_id = Field()
    project_id = Field()
    revision_number = Field()
    status = Field()
    sub_ports = Field(default=[])
    tags = Field(default=[])
    tenant_id = Field()
    updated_at = Field()


class TrunkActions:
    """Subports of a trunk (Neutron's `add_subports`, `remove_subports`, `get_subports`)."""

    @operation
    def add_trunk_subports(self, trunk: Any, subports: list[dict[str, Any]]) -> Flow:
        """The trunk with `subports` (`{"port_id", "segmentation_type", "segmentation_id"}`)
        added."""
        resp = yield Call("PUT", f"/trunks/{resource_id(trunk)}/add_subports",
                          json={"sub_ports": list(subports)})
        return self.one(Trunk, resp)

    @operation
    def delete_trunk_subports(self, trunk: Any, subports: list[dict[str, Any]]) -> Flow:
        """The trunk with `subports` (`{"port_id": ...}`) removed."""
        resp = yield Call("PUT", f"/trunks/{resource_id(trunk)}/remove_subports",
                          json={"sub_ports": list(subports)})
        return self.one(Trunk, resp)

    @operation
    def get_trunk_subports(self, trunk: Any) -> Flow:
        """`{"sub_ports": [...]}` of the trunk."""
        resp = yield Call("GET", f"/trunks/{resource_id(trunk)}/get_subports")
        return resp.json() if resp.content else {"sub_ports": []}
