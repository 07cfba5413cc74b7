"""A router: forwards between subnets and to an external network (what project cleanup
needs so far: find it, detach its interfaces and routes, delete it)."""

from __future__ import annotations

from typing import Any

from ostack.network.tags import TAG_QUERY
from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource


class Router(Resource):
    resource_key = "router"
    resources_key = "routers"
    base_path = "/routers"
    service_type = "network"
    allow_create = allow_commit = allow_delete = True
    status_attribute = "status"
    client_token = {"where": "description"}
    query = QueryParameters(
        "description", "fields", "flavor_id", "id", "name", "status", "project_id", "sort_key",
        "sort_dir", "tags", "tags-any", "not-tags", "not-tags-any",
        is_admin_state_up="admin_state_up", is_distributed="distributed", is_ha="ha",
        tenant_id="project_id", availability_zone_hints="availability_zone_hints",
        availability_zones="availability_zones", **TAG_QUERY,
    )

    availability_zone_hints = Field(default=[])
    availability_zones = Field(default=[])
    created_at = Field()
    description = Field()
    enable_ndp_proxy = Field()
    evpn_vni = Field()
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
    def add_interface_to_router(self, router: Any, subnet: Any = None, port: Any = None,
                                advertise_host: bool | None = None, *,
                                subnet_id: str | None = None,
                                port_id: str | None = None) -> Flow:
        """Attach a subnet (a new port on its gateway IP) or a port; Neutron's answer
        (`{"id", "subnet_id", "port_id", ...}`). `subnet_id`/`port_id` are older names."""
        port = port or port_id
        body: dict[str, Any] = ({"port_id": resource_id(port)} if port else
                                {"subnet_id": resource_id(subnet or subnet_id)})
        if advertise_host:
            body["advertise_host"] = advertise_host
        resp = yield Call("PUT", f"/routers/{resource_id(router)}/add_router_interface",
                          json=body)
        return resp.json() if resp.content else {}

    @operation
    def remove_interface_from_router(self, router: Any, subnet: Any = None, port: Any = None,
                                     *, subnet_id: str | None = None,
                                     port_id: str | None = None) -> Flow:
        port = port or port_id
        body = ({"port_id": resource_id(port)} if port else
                {"subnet_id": resource_id(subnet or subnet_id)})
        resp = yield Call("PUT", f"/routers/{resource_id(router)}/remove_router_interface",
                          json=body)
        return resp.json() if resp.content else {}

    @operation
    def remove_extra_routes_from_router(self, router: Any, body: dict[str, Any]) -> Flow:
        """`body`: `{"router": {"routes": [...]}}`, the routes to remove."""
        resp = yield Call("PUT", f"/routers/{resource_id(router)}/remove_extraroutes",
                          json=body)
        return self.one(Router, resp)

    @operation
    def add_extra_routes_to_router(self, router: Any, body: dict[str, Any]) -> Flow:
        """`body`: `{"router": {"routes": [...]}}`, the routes to add."""
        resp = yield Call("PUT", f"/routers/{resource_id(router)}/add_extraroutes", json=body)
        return self.one(Router, resp)

    @operation
    def add_gateway_to_router(self, router: Any, **body: Any) -> Flow:
        """The older gateway call of some plugins (`add_gateway_router`): its raw answer."""
        resp = yield Call("PUT", f"/routers/{resource_id(router)}/add_gateway_router",
                          json=body)
        return resp.json() if resp.content else {}

    @operation
    def remove_gateway_from_router(self, router: Any, **body: Any) -> Flow:
        resp = yield Call("PUT", f"/routers/{resource_id(router)}/remove_gateway_router",
                          json=body)
        return resp.json() if resp.content else {}

    def _gateways(self, router: Any, action: str, body: dict[str, Any]) -> Flow:
        resp = yield Call("PUT", f"/routers/{resource_id(router)}/{action}", json=body)
        return self.one(Router, resp)

    @operation
    def add_external_gateways(self, router: Any, body: dict[str, Any]) -> Flow:
        """`body`: `{"router": {"external_gateways": [...]}}` (external-gateway-multihoming)."""
        return (yield from self._gateways(router, "add_external_gateways", body))

    @operation
    def update_external_gateways(self, router: Any, body: dict[str, Any]) -> Flow:
        return (yield from self._gateways(router, "update_external_gateways", body))

    @operation
    def remove_external_gateways(self, router: Any, body: dict[str, Any]) -> Flow:
        return (yield from self._gateways(router, "remove_external_gateways", body))
