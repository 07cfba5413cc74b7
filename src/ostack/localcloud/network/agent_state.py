"""The network service's agents: a small fleet on two hosts (Open vSwitch, DHCP, L3 and
metadata agents on each), made on first use, with the networks each DHCP agent serves and the
routers each L3 agent hosts. Administrators may rename (describe), disable and delete agents
and move networks and routers between them."""

from __future__ import annotations

from typing import Any

from .. import timestamps
from ..store import dumps, loads
from .exceptions import NeutronError, conflict
from .resources import Caller, Record, Resources

#: (id, agent type, binary, topic, host): what two ML2/OVS network nodes run.
FLEET = (
    ("5e1b7cb4-3a0f-4c55-9d5c-6a1b8e0d1a01", "Open vSwitch agent", "neutron-openvswitch-agent",
     "N/A", "localcloud"),
    ("5e1b7cb4-3a0f-4c55-9d5c-6a1b8e0d1a02", "DHCP agent", "neutron-dhcp-agent", "dhcp_agent",
     "localcloud"),
    ("5e1b7cb4-3a0f-4c55-9d5c-6a1b8e0d1a03", "L3 agent", "neutron-l3-agent", "l3_agent",
     "localcloud"),
    ("5e1b7cb4-3a0f-4c55-9d5c-6a1b8e0d1a04", "Metadata agent", "neutron-metadata-agent", "N/A",
     "localcloud"),
    ("5e1b7cb4-3a0f-4c55-9d5c-6a1b8e0d1a05", "Open vSwitch agent", "neutron-openvswitch-agent",
     "N/A", "localcloud-net2"),
    ("5e1b7cb4-3a0f-4c55-9d5c-6a1b8e0d1a06", "DHCP agent", "neutron-dhcp-agent", "dhcp_agent",
     "localcloud-net2"),
    ("5e1b7cb4-3a0f-4c55-9d5c-6a1b8e0d1a07", "L3 agent", "neutron-l3-agent", "l3_agent",
     "localcloud-net2"),
    ("5e1b7cb4-3a0f-4c55-9d5c-6a1b8e0d1a08", "Metadata agent", "neutron-metadata-agent", "N/A",
     "localcloud-net2"),
)
CONFIGURATIONS = {
    "dhcp_agent": {"dhcp_driver": "neutron.agent.linux.dhcp.Dnsmasq", "dhcp_lease_duration":
                   86400, "log_agent_heartbeats": False},
    "l3_agent": {"agent_mode": "legacy", "ex_gw_ports": 1, "interfaces": 1,
                 "log_agent_heartbeats": False},
}
#: The binding resource of an agent topic: a DHCP agent serves networks, an L3 agent routers.
HOSTS = {"dhcp_agent": "network", "l3_agent": "router"}


def agent_not_found(ident: str) -> NeutronError:
    return NeutronError(f"Agent {ident} could not be found.", "AgentNotFound", 404)


class AgentState(Resources):
    """The network_agents and agent_bindings tables."""

    def _fleet(self) -> None:
        """The fleet, once per store, with the networks and routers that exist then hosted on
        the first host."""
        if self.store.get_meta("network:agents") is not None:
            return
        with self._transaction() as db:
            now = timestamps.iso_micro(timestamps.now()).replace("T", " ")
            for ident, agent_type, binary, topic, host in FLEET:
                record = {"id": ident, "agent_type": agent_type, "binary": binary,
                          "topic": topic, "host": host, "admin_state_up": True,
                          "availability_zone": "nova" if topic in HOSTS else None,
                          "configurations": CONFIGURATIONS.get(topic, {}),
                          "description": None, "resources_synced": None,
                          "created_at": now, "started_at": now, "heartbeat_timestamp": now}
                db.execute("INSERT OR IGNORE INTO network_agents (id, data) VALUES (?, ?)",
                           (ident, dumps(record)))
            dhcp, l3 = FLEET[1][0], FLEET[2][0]
            for (net,) in db.execute("SELECT DISTINCT network_id FROM subnets WHERE"
                                     " json_extract(data, '$.enable_dhcp') = 1").fetchall():
                db.execute("INSERT OR IGNORE INTO agent_bindings VALUES (?, 'network', ?)",
                           (dhcp, net))
            for (router,) in db.execute("SELECT id FROM routers").fetchall():
                db.execute("INSERT OR IGNORE INTO agent_bindings VALUES (?, 'router', ?)",
                           (l3, router))
        self.store.set_meta("network:agents", "1")

    def _view(self, record: Record) -> Record:
        now = timestamps.iso_micro(timestamps.now()).replace("T", " ")
        return {**record, "alive": True, "heartbeat_timestamp": now}

    def agents(self, caller: Caller, ids: list[str] | None = None) -> list[Record]:
        """Every agent an admin may see (Neutron shows agents to admins only)."""
        if not caller.is_admin:
            return []
        self._fleet()
        found = [self._view(loads(d)) for d in self.store.column(
            "SELECT data FROM network_agents ORDER BY seq")]
        return found if ids is None else [a for a in found if a["id"] in ids]

    def agent(self, caller: Caller, ident: str) -> Record:
        found = self.agents(caller, [ident])
        if not found:
            raise agent_not_found(ident)
        return found[0]

    def update(self, caller: Caller, ident: str, attrs: Record) -> Record:
        record = self.agent(caller, ident)
        record.update(attrs)
        stored = {k: v for k, v in record.items() if k != "alive"}
        self.store.execute("UPDATE network_agents SET data = ? WHERE id = ?",
                           (dumps(stored), ident))
        return self._view(stored)

    def delete(self, caller: Caller, ident: str) -> None:
        self.agent(caller, ident)
        with self._transaction() as db:
            db.execute("DELETE FROM network_agents WHERE id = ?", (ident,))
            db.execute("DELETE FROM agent_bindings WHERE agent_id = ?", (ident,))

    # ------------------------------------------------------------- hosting
    def hosted(self, caller: Caller, ident: str, resource: str) -> list[str]:
        """The ids of the networks (routers) the agent hosts."""
        self.agent(caller, ident)
        self._fleet()
        return self.store.column("SELECT resource_id FROM agent_bindings WHERE agent_id = ?"
                                 " AND resource = ?", (ident, resource))

    def hosts_of(self, caller: Caller, resource: str, resource_id: str) -> list[Record]:
        """The agents hosting a network (router)."""
        self._fleet()
        ids = self.store.column("SELECT agent_id FROM agent_bindings WHERE resource = ? AND"
                                " resource_id = ?", (resource, resource_id))
        return self.agents(caller, ids)

    def _bindable(self, caller: Caller, ident: str, resource: str) -> Record:
        agent = self.agent(caller, ident)
        if HOSTS.get(agent["topic"]) != resource or not agent["admin_state_up"]:
            if resource == "network":
                raise conflict(f"Agent {ident} is not a valid DHCP Agent or has been disabled.",
                               "InvalidDHCPAgent")
            raise NeutronError(f"Agent {ident} is not a L3 Agent or has been disabled",
                               "InvalidL3Agent", 400)
        return agent

    def bind(self, caller: Caller, ident: str, resource: str, resource_id: str) -> None:
        self._bindable(caller, ident, resource)
        self.record(resource, caller, resource_id)
        with self._transaction() as db:
            rows = db.execute("SELECT agent_id FROM agent_bindings WHERE resource = ? AND"
                              " resource_id = ?", (resource, resource_id)).fetchall()
            if resource == "network" and any(r[0] == ident for r in rows):
                raise conflict(f"The network {resource_id} has been already hosted by the "
                               f"DHCP Agent {ident}.", "NetworkHostedByDHCPAgent")
            if resource == "router" and rows:
                raise conflict(f"The router {resource_id} has been already hosted by the L3 "
                               f"Agent {rows[0][0]}.", "RouterHostedByL3Agent")
            db.execute("INSERT INTO agent_bindings VALUES (?, ?, ?)",
                       (ident, resource, resource_id))

    def unbind(self, caller: Caller, ident: str, resource: str, resource_id: str) -> None:
        self.agent(caller, ident)
        with self._transaction() as db:
            gone = db.execute("DELETE FROM agent_bindings WHERE agent_id = ? AND resource = ?"
                              " AND resource_id = ?", (ident, resource, resource_id)).rowcount
        if not gone:
            if resource == "network":
                raise conflict(f"The network {resource_id} is not hosted by the DHCP agent "
                               f"{ident}.", "NetworkNotHostedByDhcpAgent")
            raise conflict(f"The router {resource_id} is not hosted by L3 agent {ident}.",
                           "RouterNotHostedByL3Agent")


def filter_agents(agents: list[Record], query: Any) -> list[Record]:
    """Agents matching the query's filters (each: any of its values)."""
    keys = ("agent_type", "binary", "host", "topic", "availability_zone", "description",
            "admin_state_up", "alive", "id")
    out = []
    for agent in agents:
        if all(str(agent.get(k)) in query.getlist(k) or (
                isinstance(agent.get(k), bool) and str(agent[k]).lower() in
                [v.lower() for v in query.getlist(k)]) for k in keys if k in query):
            out.append(agent)
    return out
