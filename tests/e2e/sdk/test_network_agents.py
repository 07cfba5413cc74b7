"""Network agents and what they host through the SDK, sync and async."""

from __future__ import annotations

import uuid

import pytest

from ostack import exceptions


def test_agents_and_hosting(sdk):
    network = sdk.network
    agents = list(network.agents())
    dhcp = [a for a in agents if a.agent_type == "DHCP agent"]
    l3 = [a for a in agents if a.agent_type == "L3 agent"]
    assert len(dhcp) >= 2 and len(l3) >= 2 and all(a.is_alive for a in agents)
    assert {a.host for a in agents} >= {"localcloud", "localcloud-net2"}
    assert network.get_agent(dhcp[0].id).configuration["dhcp_driver"]
    name = f"sdk-agent-{uuid.uuid4().hex[:8]}"
    net = network.create_network(name=name)
    router = network.create_router(name=name)
    try:
        network.add_dhcp_agent_to_network(dhcp[1], net)
        assert [a.id for a in network.network_hosting_dhcp_agents(net)] == [dhcp[1].id]
        assert net.id in [n.id for n in network.dhcp_agent_hosting_networks(dhcp[1])]
        network.remove_dhcp_agent_from_network(dhcp[1], net)
        network.add_router_to_agent(l3[1], router)
        with pytest.raises(exceptions.Conflict):
            network.add_router_to_agent(l3[0], router)
        assert [a.id for a in network.routers_hosting_l3_agents(router)] == [l3[1].id]
        assert router.id in [r.id for r in network.agent_hosted_routers(l3[1])]
        network.remove_router_from_agent(l3[1], router)
        assert list(network.routers_hosting_l3_agents(router)) == []
        updated = network.update_agent(l3[1], description="edge")
        assert updated.description == "edge"
    finally:
        network.update_agent(l3[1], description=None)
        network.delete_router(router)
        network.delete_network(net)
