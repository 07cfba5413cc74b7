"""`/v2.0/agents` (the `agent` extension) and the scheduler extensions: the networks of a DHCP
agent (`/agents/{id}/dhcp-networks`, `/networks/{id}/dhcp-agents`) and the routers of an L3
agent (`/agents/{id}/l3-routers`, `/routers/{id}/l3-agents`). Neutron shows agents to
administrators only: anybody else lists none and finds none (404). The scheduler routes are
admin-only policies enforced before anything is looked up (403, `rule:get_dhcp-agents is
disallowed by policy`). The state is `agent_state.py`."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..routing import DELETE, GET, POST, PUT, RouteTable
from ..service import empty_response, json_response, read_json
from . import attributes
from .agent_state import FLEET, AgentState, filter_agents
from .backend import Caller
from .exceptions import bad_request, policy_denied
from .http import backend, caller, fields_of

#: (id, agent type, binary, topic) of every agent of the fleet.
AGENTS = tuple(agent[:4] for agent in FLEET)


def _agents(request: Request) -> AgentState:
    return AgentState(backend(request).store)


def _fields(items: list[dict[str, Any]], request: Request) -> list[dict[str, Any]]:
    fields = fields_of(request)
    return [{k: v for k, v in i.items() if k in fields} for i in items] if fields else items


async def list_agents(request: Request) -> Response:
    """GET /v2.0/agents (filters: agent_type, binary, host, topic ...)."""
    found = filter_agents(_agents(request).agents(caller(request)), request.query_params)
    return json_response({"agents": _fields(found, request)})


async def show_agent(request: Request) -> Response:
    agent = _agents(request).agent(caller(request), request.path_params["id"])
    return json_response({"agent": _fields([agent], request)[0]})


async def update_agent(request: Request) -> Response:
    who = caller(request)
    body = await read_json(request)
    item = body.get("agent")
    if not isinstance(item, dict):
        raise bad_request("Unable to find 'agent' in request body")
    attrs: dict[str, Any] = {}
    for name, value in item.items():
        if name == "admin_state_up":
            attrs[name] = attributes.boolean(name, value)
        elif name == "description":
            attrs[name] = attributes.or_none(attributes.string(255))(name, value)
        else:
            raise bad_request(f"Cannot update read-only attribute {name}")
    agent = _agents(request).update(who, request.path_params["id"], attrs)
    return json_response({"agent": agent})


async def delete_agent(request: Request) -> Response:
    _agents(request).delete(caller(request), request.path_params["id"])
    return empty_response(204)


#: The scheduler extensions' policy names (Neutron: `<action>_<collection>`), by resource.
_SCHEDULER = {"network": ("dhcp-networks", "dhcp-network", "dhcp-agents"),
              "router": ("l3-routers", "l3-router", "l3-agents")}


def _scheduler(request: Request, rule: str) -> Caller:
    """The caller, when the admin-only scheduler policy `rule` lets it in."""
    who = caller(request)
    if not who.is_admin:
        raise policy_denied(f"rule:{rule}")
    return who


def _hosted(resource: str, key: str):  # noqa: ANN202 - a handler factory
    async def handler(request: Request) -> Response:
        who = _scheduler(request, f"get_{_SCHEDULER[resource][0]}")
        ids = _agents(request).hosted(who, request.path_params["id"], resource)
        found = [r for r in backend(request).records(resource, who) if r["id"] in ids]
        return json_response({key: found})
    return handler


def _bind(resource: str, field: str):  # noqa: ANN202 - a handler factory
    async def handler(request: Request) -> Response:
        who = _scheduler(request, f"create_{_SCHEDULER[resource][1]}")
        body = await read_json(request)
        ident = attributes.an_uuid(field, body.get(field))
        _agents(request).bind(who, request.path_params["id"], resource, ident)
        return json_response(None, status=201)
    return handler


def _unbind(resource: str):  # noqa: ANN202 - a handler factory
    async def handler(request: Request) -> Response:
        who = _scheduler(request, f"delete_{_SCHEDULER[resource][1]}")
        _agents(request).unbind(who, request.path_params["id"], resource,
                                request.path_params["resource_id"])
        return empty_response(204)
    return handler


def _hosts(resource: str):  # noqa: ANN202 - a handler factory
    async def handler(request: Request) -> Response:
        who = _scheduler(request, f"get_{_SCHEDULER[resource][2]}")
        backend(request).record(resource, who, request.path_params["id"])
        found = _agents(request).hosts_of(who, resource, request.path_params["id"])
        return json_response({"agents": found})
    return handler


ROUTES: RouteTable = (
    ("/agents", list_agents, GET),
    ("/agents/{id}", show_agent, GET),
    ("/agents/{id}", update_agent, PUT),
    ("/agents/{id}", delete_agent, DELETE),
    ("/agents/{id}/dhcp-networks", _hosted("network", "networks"), GET),
    ("/agents/{id}/dhcp-networks", _bind("network", "network_id"), POST),
    ("/agents/{id}/dhcp-networks/{resource_id}", _unbind("network"), DELETE),
    ("/agents/{id}/l3-routers", _hosted("router", "routers"), GET),
    ("/agents/{id}/l3-routers", _bind("router", "router_id"), POST),
    ("/agents/{id}/l3-routers/{resource_id}", _unbind("router"), DELETE),
    ("/networks/{id}/dhcp-agents", _hosts("network"), GET),
    ("/routers/{id}/l3-agents", _hosts("router"), GET),
)
