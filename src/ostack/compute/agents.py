"""Compute agents (`os-agents`): guest agent builds for the XenAPI driver.

Nova removed the API in Wallaby (23.0.0) and answers 410 Gone; the calls remain so that
scripts and the `compute agent` commands meet the same answer the official client does. They
ask for microversion 2.1, as the official client does.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from ostack.proxy import Call, Flow, Items, listing, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource

MICROVERSION = "2.1"


class Agent(Resource):
    resource_key = "agent"
    resources_key = "agents"
    base_path = "/os-agents"
    service_type = "compute"
    allow_fetch = False
    allow_create = allow_commit = allow_delete = True
    pagination = "none"
    status_attribute = None
    query = QueryParameters("hypervisor")

    id = Field("agent_id")
    agent_id = Field()
    hypervisor = Field()
    os = Field()
    architecture = Field()
    version = Field()
    url = Field()
    md5hash = Field()


class AgentActions:
    """List, create, update and delete compute agents."""

    @listing
    def agents(self, hypervisor: str | None = None) -> Flow:
        resp = yield Call("GET", Agent.base_path,
                          params={"hypervisor": hypervisor} if hypervisor else None,
                          microversion=MICROVERSION)
        body = resp.json() if resp.content else {}
        yield Items([Agent(item, MICROVERSION) for item in (body or {}).get("agents") or []])

    @operation
    def create_agent(self, **attrs: Any) -> Flow:
        """Register an agent build: hypervisor, os, architecture, version, url, md5hash."""
        resp = yield Call("POST", Agent.base_path, json={"agent": Agent.wire_body(attrs)},
                          microversion=MICROVERSION)
        return self.one(Agent, resp)  # type: ignore[attr-defined]

    @operation
    def update_agent(self, agent: Any, **attrs: Any) -> Flow:
        """Change an agent's version, url and md5hash (Nova wants all three)."""
        resp = yield Call("PUT", f"{Agent.base_path}/{quote(resource_id(agent), safe='')}",
                          json={"para": Agent.wire_body(attrs)}, microversion=MICROVERSION)
        return self.one(Agent, resp)  # type: ignore[attr-defined]

    @operation
    def delete_agent(self, agent: Any) -> Flow:
        yield Call("DELETE", f"{Agent.base_path}/{quote(resource_id(agent), safe='')}",
                   microversion=MICROVERSION)
