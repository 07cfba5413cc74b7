"""Network agents (the `agent` extension) and what they host: the networks a DHCP agent serves
and the routers an L3 agent runs (the DHCP and L3 agent scheduler extensions)."""

from __future__ import annotations

from typing import Any

from ostack.network.networks import Network
from ostack.network.routers import Router
from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource


class Agent(Resource):
    resource_key = "agent"
    resources_key = "agents"
    base_path = "/agents"
    service_type = "network"
    allow_commit = allow_delete = True
    status_attribute = None
    find_policy = "id"
    query = QueryParameters("agent_type", "availability_zone", "binary", "description",
                            "fields", "host", "topic", is_admin_state_up="admin_state_up",
                            is_alive="alive")

    agent_type = Field()
    availability_zone = Field()
    binary = Field()
    configuration = Field("configurations")
    created_at = Field()
    description = Field()
    ha_chassis_priority = Field()
    ha_state = Field()
    host = Field()
    is_admin_state_up = Field("admin_state_up")
    is_alive = Field("alive")
    last_heartbeat_at = Field("heartbeat_timestamp")
    resources_synced = Field()
    started_at = Field()
    topic = Field()


class NetworkHostingDHCPAgent(Agent):
    """The DHCP agents serving a network."""

    base_path = "/networks/{network_id}/dhcp-agents"
    singular = "network_hosting_dhcp_agent"
    allow_fetch = allow_commit = allow_delete = False


class RouterL3Agent(Agent):
    """The L3 agents hosting a router."""

    base_path = "/routers/{router_id}/l3-agents"
    singular = "router_l3_agent"
    plural = "routers_hosting_l3_agents"
    allow_fetch = allow_commit = allow_delete = False


class DHCPAgentHostingNetwork(Network):
    """The networks a DHCP agent serves."""

    base_path = "/agents/{agent_id}/dhcp-networks"
    singular = "dhcp_agent_hosting_network"
    allow_fetch = allow_create = allow_commit = allow_delete = False


class L3AgentRouter(Router):
    """The routers an L3 agent hosts."""

    base_path = "/agents/{agent_id}/l3-routers"
    singular = "agent_hosted_router"
    allow_fetch = allow_create = allow_commit = allow_delete = False


class AgentActions:
    """Moving networks and routers between agents (openstacksdk's names and arguments)."""

    @operation
    def add_dhcp_agent_to_network(self, agent: Any, network: Any) -> Flow:
        resp = yield Call("POST", f"/agents/{resource_id(agent)}/dhcp-networks",
                          json={"network_id": resource_id(network)})
        return resp.json() if resp.content else None

    @operation
    def remove_dhcp_agent_from_network(self, agent: Any, network: Any) -> Flow:
        yield Call("DELETE", f"/agents/{resource_id(agent)}/dhcp-networks/"
                             f"{resource_id(network)}")

    @operation
    def add_router_to_agent(self, agent: Any, router: Any, *,
                            ha_chassis_priority: int | None = None) -> Flow:
        body: dict[str, Any] = {"router_id": resource_id(router)}
        if ha_chassis_priority is not None:
            body["ha_chassis_priority"] = ha_chassis_priority
        resp = yield Call("POST", f"/agents/{resource_id(agent)}/l3-routers", json=body)
        return resp.json() if resp.content else None

    @operation
    def update_router_in_agent(self, agent: Any, router: Any, *,
                               ha_chassis_priority: int | None = None) -> Flow:
        body = {} if ha_chassis_priority is None else {
            "ha_chassis_priority": ha_chassis_priority}
        resp = yield Call("PUT", f"/agents/{resource_id(agent)}/l3-routers/"
                                 f"{resource_id(router)}", json=body)
        return resp.json() if resp.content else None

    @operation
    def remove_router_from_agent(self, agent: Any, router: Any) -> Flow:
        yield Call("DELETE", f"/agents/{resource_id(agent)}/l3-routers/{resource_id(router)}")


AGENT_RESOURCES = (Agent, NetworkHostingDHCPAgent, RouterL3Agent, DHCPAgentHostingNetwork,
                   L3AgentRouter)
