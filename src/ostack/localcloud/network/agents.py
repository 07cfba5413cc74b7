"""`/v2.0/agents`: the agents of the network service. Neutron shows them to administrators
only; anybody else lists none (its policy filters every agent out)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..routing import GET, RouteTable
from ..service import json_response
from .http import caller

#: (id, agent type, binary, topic): what a one-host ML2/OVS Neutron runs.
AGENTS = (
    ("5e1b7cb4-3a0f-4c55-9d5c-6a1b8e0d1a01", "Open vSwitch agent", "neutron-openvswitch-agent",
     "N/A"),
    ("5e1b7cb4-3a0f-4c55-9d5c-6a1b8e0d1a02", "DHCP agent", "neutron-dhcp-agent", "dhcp_agent"),
    ("5e1b7cb4-3a0f-4c55-9d5c-6a1b8e0d1a03", "L3 agent", "neutron-l3-agent", "l3_agent"),
    ("5e1b7cb4-3a0f-4c55-9d5c-6a1b8e0d1a04", "Metadata agent", "neutron-metadata-agent",
     "N/A"),
)
HOST = "localcloud"


def _view(agent: tuple[str, str, str, str], now: str) -> dict[str, Any]:
    agent_id, agent_type, binary, topic = agent
    return {"id": agent_id, "agent_type": agent_type, "binary": binary, "topic": topic,
            "host": HOST, "admin_state_up": True, "alive": True,
            "availability_zone": "nova" if topic in ("dhcp_agent", "l3_agent") else None,
            "configurations": {}, "description": None, "resources_synced": None,
            "created_at": now, "started_at": now, "heartbeat_timestamp": now}


async def list_agents(request: Request) -> Response:
    """GET /v2.0/agents (filters: agent_type, binary, host, topic)."""
    who = caller(request)
    if not who.is_admin:
        return json_response({"agents": []})
    now = timestamps.iso_micro(timestamps.now()).replace("T", " ")  # Neutron's agent times
    query = request.query_params
    found = [_view(agent, now) for agent in AGENTS]
    found = [a for a in found if all(str(a[k]) == query[k] for k in
                                     ("agent_type", "binary", "host", "topic") if k in query)]
    return json_response({"agents": found})


ROUTES: RouteTable = (
    ("/agents", list_agents, GET),
)
