"""A router: forwards between subnets and to an external network (what project cleanup
needs so far: find it, detach its interfaces and routes, delete it)."""

from __future__ import annotations

from typing import Any

from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource


class Router(Resource):
    resource_key = "router"
    resources_key = "routers"
    base_path = "/routers"
    service_type = "network"
    allow_create = allow_commit = allow_delete = True
    status_attribute = "status"
    query = QueryParameters(
        "description", "fields", "flavor_id", "id", "name", "status", "project_id", "sort_key",
        "sort_dir", "tags", "tags-any", "not-tags", "not-tags-any",
        is_admin_state_up="admin_state_up", is_distributed="distributed", is_ha="ha",
        tenant_id="project_id",
    )

    availability_zone_hints = Field(default=[])
    availability_zones = Field(default=[])
    created_at = Field()
    description = Field()
    enable_ndp_proxy = Field()
    external_gateway_info = Field()
    flavor_id = Field()
    is_admin_state_up = Field("admin_state_up")
    is_distributed = Field("distributed")
    is_ha = Field("ha")
    project_id = Field()
    revision_number = Field("revision")
    routes = Field(default=[])
    status = Field()
    tags = Field(default=[])
    updated_at = Field()


class RouterActions:
    """Interfaces and extra routes of a router."""

    @operation
    def add_interface_to_router(self, router: Any, subnet_id: str | None = None,
                                port_id: str | None = None) -> Flow:
        body = {"subnet_id": subnet_id} if subnet_id else {"port_id": port_id}
        resp = yield Call("PUT", f"/routers/{resource_id(router)}/add_router_interface",
                          json=body)
        return resp.json() if resp.content else {}

    @operation
    def remove_interface_from_router(self, router: Any, subnet_id: str | None = None,
                                     port_id: str | None = None) -> Flow:
        body = {"subnet_id": subnet_id} if subnet_id else {"port_id": port_id}
        resp = yield Call("PUT", f"/routers/{resource_id(router)}/remove_router_interface",
                          json=body)
        return resp.json() if resp.content else {}

    @operation
    def remove_extra_routes_from_router(self, router: Any, body: dict[str, Any]) -> Flow:
        """`body`: `{"router": {"routes": [...]}}`, the routes to remove."""
        resp = yield Call("PUT", f"/routers/{resource_id(router)}/remove_extraroutes",
                          json=body)
        return self.one(Router, resp)
