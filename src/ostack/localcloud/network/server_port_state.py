"""The ports of Nova's servers, as `nova.network.neutron` manages them (the `Networking`
Protocol of interfaces.py): ports made or bound at boot, interfaces attached and detached,
addresses and security groups of servers, ports released when a server goes. Errors are
worded for Nova's fault body. Part of the network backend (`NetworkBackend.servers`)."""

from __future__ import annotations

import ipaddress
import sqlite3
from typing import Any

from ..errors import BadRequest, Conflict, NotFound
from ..interfaces import SYSTEM, Caller
from ..store import Store, loads
from .exceptions import NeutronError
from .port_state import PortState, bind
from .resources import COMPUTE_OWNER, HOST, Record, Resources


class ServerPortState(Resources):
    """Nova's side of the ports table (`nova_created`, `nova_tag`)."""

    def __init__(self, store: Store, ports: PortState) -> None:
        super().__init__(store)
        self.ports = ports

    def _project_caller(self, project_id: str) -> Caller:
        return Caller(project_id, False, True)

    def ports_for_server(self, project_id: str, server_id: str, requested: Any,
                         security_groups: list[str] | None) -> None:
        """Create or bind the ports of a new server from Nova's `networks` value (`auto`,
        `none`, or a list of `{"uuid"|"port"|"fixed_ip"|"tag"}`)."""
        if requested == "none":
            return
        caller = self._project_caller(project_id)
        with self._transaction() as db:
            groups = self._nova_groups(project_id, security_groups or ["default"])
            entries = requested if isinstance(requested, list) else None
            if entries is None:
                network = self._auto_network(project_id)
                entries = [] if network is None else [{"uuid": network}]
            for entry in entries:
                if entry.get("port"):
                    self._bind_user_port(db, caller, server_id, entry["port"], entry.get("tag"))
                    continue
                self._nova_port(caller, server_id, entry["uuid"], entry.get("fixed_ip"),
                                groups, entry.get("tag"), boot=True)

    def _auto_network(self, project_id: str) -> str | None:
        """Nova's choice for `auto`: the project's only network, else the only shared one."""
        own = self.store.column("SELECT id FROM networks WHERE project_id = ? AND shared = 0"
                                " AND json_extract(data, '$.admin_state_up') ORDER BY seq",
                                (project_id,))
        candidates = own or self.store.column("SELECT id FROM networks WHERE shared = 1"
                                              " ORDER BY seq")
        if len(candidates) > 1:
            raise Conflict("Multiple possible networks found, use a Network ID to be more "
                           "specific.")
        return candidates[0] if candidates else None

    def _nova_groups(self, project_id: str, names: list[str]) -> list[str]:
        default = self.ensure_default_security_group(project_id)
        ids = []
        for name in names:
            if name == "default":
                ids.append(default)
                continue
            found = self.store.column("SELECT id FROM security_groups WHERE project_id = ? AND"
                                      " (id = ? OR name = ?)", (project_id, name, name))
            if not found:
                raise BadRequest(f"Security group {name} not found.")
            if len(found) > 1:
                raise Conflict(f"Multiple security_group matches found for name '{name}', use "
                               f"an ID to be more specific.")
            ids.append(found[0])
        return list(dict.fromkeys(ids))

    def _nova_port(self, caller: Caller, server_id: str, network_id: str,
                   fixed_ip: str | None, groups: list[str], tag: str | None,
                   boot: bool) -> dict[str, Any]:
        missing = BadRequest if boot else NotFound
        network = self.store.scalar("SELECT data FROM networks WHERE id = ?", (network_id,))
        net = loads(network) if network else None
        if net is None or not (net["shared"] or net["project_id"] == caller.project_id):
            raise missing(f"Network {network_id} could not be found.")
        if boot and not self.store.scalar("SELECT 1 FROM subnets WHERE network_id = ?",
                                          (network_id,)):
            raise BadRequest(f"Network {network_id} requires a subnet in order to boot "
                             f"instances on.")
        attrs: dict[str, Any] = {
            "network_id": network_id, "device_id": server_id, "device_owner": COMPUTE_OWNER,
            "binding:host_id": HOST, "project_id": caller.project_id}
        if net["port_security_enabled"]:
            attrs["security_groups"] = groups
        if fixed_ip is not None:
            attrs["fixed_ips"] = [{"ip_address": fixed_ip}]
        try:
            return self.ports.create(SYSTEM, attrs, nova={"created": True, "tag": tag})
        except NeutronError as err:
            if err.type == "IpAddressAlreadyAllocated":
                raise Conflict(f"Fixed IP address {fixed_ip} is already in use on instance "
                               f"{server_id}.") from None
            if err.type == "IpAddressGenerationFailure":
                raise BadRequest(f"No fixed IP addresses available for network: "
                                 f"{network_id}") from None
            if err.type == "OverQuota":
                raise Conflict("Maximum number of ports exceeded") from None
            if err.status == 400:
                raise BadRequest(f"Invalid fixed IP address ({fixed_ip})") from None
            raise

    def _bind_user_port(self, db: sqlite3.Connection, caller: Caller, server_id: str,
                        port_id: str, tag: str | None, boot: bool = True) -> dict[str, Any]:
        row = db.execute("SELECT project_id, data FROM ports WHERE id = ?",
                         (port_id,)).fetchone()
        if row is None or row[0] != caller.project_id:
            raise (BadRequest if boot else NotFound)(f"Port id {port_id} could not be found.")
        port = loads(row[1])
        if port["device_id"]:
            raise Conflict(f"Port {port_id} is still in use.")
        port.update({"device_id": server_id, "device_owner": COMPUTE_OWNER,
                     "binding:host_id": HOST})
        bind(port)
        self._save(db, "port", port, device_id=server_id, device_owner=COMPUTE_OWNER)
        db.execute("UPDATE ports SET nova_created = 0, nova_tag = ? WHERE id = ?",
                   (tag, port_id))
        return port

    def release_server_ports(self, server_id: str) -> None:
        """A server is gone: delete the ports Nova made for it, unbind the user's own."""
        with self._transaction() as db:
            rows = db.execute("SELECT id, nova_created, data FROM ports WHERE device_id = ? AND"
                              " device_owner LIKE 'compute:%'", (server_id,)).fetchall()
            for port_id, created, data in rows:
                if created:
                    self.ports.remove(db, port_id)
                    continue
                self._unbind(db, loads(data))

    def _unbind(self, db: sqlite3.Connection, port: dict[str, Any]) -> None:
        port.update({"device_id": "", "device_owner": "", "binding:host_id": ""})
        bind(port)
        self._save(db, "port", port, device_id="", device_owner="")
        db.execute("UPDATE ports SET nova_tag = NULL WHERE id = ?", (port["id"],))

    def addresses_for_servers(self, server_ids: list[str]) -> dict[str, dict[str, list[Any]]]:
        """Nova's `addresses` of each server: its ports' fixed IPs by network name, each
        followed by the floating IPs associated with it."""
        result: dict[str, dict[str, list[Any]]] = {sid: {} for sid in server_ids}
        if not server_ids:
            return result
        marks = ",".join("?" * len(server_ids))
        rows = self.store.query(
            f"SELECT p.id, p.device_id, p.data AS port, n.data AS network FROM ports p JOIN"
            f" networks n ON n.id = p.network_id WHERE p.device_id IN ({marks}) AND"
            f" p.device_owner LIKE 'compute:%' ORDER BY p.seq", server_ids)
        if not rows:
            return result
        fips = self._rows_by("floatingips", "port_id", [row["id"] for row in rows])
        for row in rows:
            port, network = loads(row["port"]), loads(row["network"])
            entries = result[row["device_id"]].setdefault(network["name"], [])
            mac = port["mac_address"]
            for ip in port["fixed_ips"]:
                address = ipaddress.ip_address(ip["ip_address"])
                entries.append({"version": address.version, "addr": ip["ip_address"],
                                "OS-EXT-IPS:type": "fixed", "OS-EXT-IPS-MAC:mac_addr": mac})
                for fip in fips.get(port["id"], []):
                    if fip["fixed_ip_address"] == ip["ip_address"]:
                        entries.append({"version": 4, "addr": fip["floating_ip_address"],
                                        "OS-EXT-IPS:type": "floating",
                                        "OS-EXT-IPS-MAC:mac_addr": mac})
        return result

    def security_groups_for_servers(self, server_ids: list[str]
                                    ) -> dict[str, list[dict[str, str]]]:
        """Nova's `security_groups` of each server: the groups of its ports, by name."""
        result: dict[str, list[dict[str, str]]] = {sid: [] for sid in server_ids}
        if not server_ids:
            return result
        marks = ",".join("?" * len(server_ids))
        rows = self.store.query(
            f"SELECT device_id, data FROM ports WHERE device_id IN ({marks}) AND device_owner"
            f" LIKE 'compute:%' ORDER BY seq", server_ids)
        group_ids = {g for row in rows for g in loads(row["data"])["security_groups"]}
        names = {}
        if group_ids:
            ids = sorted(group_ids)
            names = {r["id"]: r["name"] for r in self.store.query(
                f"SELECT id, name FROM security_groups WHERE id IN ({','.join('?' * len(ids))})",
                ids)}
        for row in rows:
            seen = result[row["device_id"]]
            for group in loads(row["data"])["security_groups"]:
                entry = {"name": names.get(group, group)}
                if entry not in seen:
                    seen.append(entry)
        return result

    def attach_interface(self, project_id: str, server_id: str, net_id: str | None = None,
                         port_id: str | None = None, fixed_ip: str | None = None,
                         tag: str | None = None) -> dict[str, Any]:
        """Nova's interface attach: bind the given port, or create one on the network (the
        automatic choice when neither is given)."""
        caller = self._project_caller(project_id)
        with self._transaction() as db:
            if port_id:
                port = self._bind_user_port(db, caller, server_id, port_id, tag, boot=False)
            else:
                if net_id is None:
                    net_id = self._auto_network(project_id)
                    if net_id is None:
                        raise BadRequest("No network to attach the interface to: the project "
                                         "has none and no network is shared.")
                groups = self._nova_groups(project_id, ["default"])
                port = self._nova_port(caller, server_id, net_id, fixed_ip, groups, tag,
                                       boot=False)
            port["tag"] = tag
        return port

    def detach_interface(self, server_id: str, port_id: str) -> None:
        with self._transaction() as db:
            row = db.execute("SELECT nova_created, data FROM ports WHERE id = ? AND device_id"
                             " = ? AND device_owner LIKE 'compute:%'",
                             (port_id, server_id)).fetchone()
            if row is None:
                raise NotFound(f"Port id {port_id} could not be found.")
            if row[0]:
                self.ports.remove(db, port_id)
            else:
                self._unbind(db, loads(row[1]))

    def interfaces(self, server_id: str) -> list[dict[str, Any]]:
        """The server's ports (Neutron's view, plus the Nova device `tag` under `tag`)."""
        ports = []
        for row in self.store.query("SELECT nova_tag, data FROM ports WHERE device_id = ? AND"
                                    " device_owner LIKE 'compute:%' ORDER BY seq",
                                    (server_id,)):
            port = loads(row["data"])
            port["tag"] = row["nova_tag"]
            ports.append(port)
        return ports

    def _server_group(self, project_id: str, group: str) -> str:
        found = self.store.column("SELECT id FROM security_groups WHERE project_id = ? AND"
                                  " (id = ? OR name = ?)", (project_id, group, group))
        if group == "default" and not found:
            found = [self.ensure_default_security_group(project_id)]
        if not found:
            raise NotFound(f"Security group {group} is not found for project {project_id}")
        if len(found) > 1:
            raise Conflict(f"Multiple security_group matches found for name '{group}', use an "
                           f"ID to be more specific.")
        return found[0]

    @staticmethod
    def _server_ports(db: sqlite3.Connection, server_id: str) -> list[Record]:
        """The ports of a server for a change of its security groups (404 without any)."""
        ports = [loads(r[0]) for r in db.execute(
            "SELECT data FROM ports WHERE device_id = ? AND device_owner LIKE 'compute:%'",
            (server_id,))]
        if not ports:
            raise NotFound(f"instance_id {server_id} could not be found as device id on any "
                           f"ports")
        return ports

    def add_security_group(self, project_id: str, server_id: str, group: str) -> None:
        """Nova's addSecurityGroup: add the group to every port of the server."""
        group_id = self._server_group(project_id, group)
        with self._transaction() as db:
            ports = self._server_ports(db, server_id)
            for port in ports:
                if not port["port_security_enabled"] or not port["fixed_ips"]:
                    raise BadRequest("Network requires port_security_enabled and subnet "
                                     "associated in order to apply security groups.")
            for port in ports:
                if group_id not in port["security_groups"]:
                    port["security_groups"].append(group_id)
                    self._save(db, "port", port)

    def remove_security_group(self, project_id: str, server_id: str, group: str) -> None:
        """Nova's removeSecurityGroup: remove the group from the ports that have it."""
        group_id = self._server_group(project_id, group)
        with self._transaction() as db:
            ports = self._server_ports(db, server_id)
            found = False
            for port in ports:
                if group_id in port["security_groups"]:
                    port["security_groups"].remove(group_id)
                    self._save(db, "port", port)
                    found = True
            if not found:
                raise BadRequest(f"Security group {group} not associated with the instance "
                                 f"{server_id}")
