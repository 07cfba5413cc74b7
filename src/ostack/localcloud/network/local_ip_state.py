"""Local IPs (the `local_ip` extension) and their port associations, as Neutron keeps them: a
local IP takes its address from a port (given, or made for it on the network given), and
each associated port reaches it on its own fixed IP; a local IP with associations is not
deleted."""

from __future__ import annotations

from typing import Any

from ..interfaces import SYSTEM
from ..store import dumps, loads
from . import attributes
from .attributes import Attr, values
from .exceptions import NeutronError, bad_request, conflict
from .port_state import PortState
from .record_state import RecordState, register
from .resources import Caller, Record

LOCAL_IP = {
    "name": attributes.NAME, "description": attributes.DESCRIPTION,
    "project_id": attributes.PROJECT, "tenant_id": attributes.PROJECT,
    "local_port_id": Attr(attributes.an_uuid, put=False),
    "network_id": Attr(attributes.an_uuid, put=False),
    "local_ip_address": Attr(attributes.ip_address, put=False),
    "ip_mode": Attr(values("translate", "passthrough"), put=False),
}
ASSOCIATION = {
    "fixed_port_id": Attr(attributes.an_uuid, required=True),
    "fixed_ip": Attr(attributes.ip_address),
}
OWNER = "network:local_ip"
register("local_ip", "local_ips", ("LocalIPNotFound", "Local IP {} could not be found."),
         LOCAL_IP)
attributes.ATTRIBUTES["port_association"] = ASSOCIATION


class LocalIpState(RecordState):
    """The local_ips and local_ip_associations tables."""

    kind = "local_ip"

    def defaults(self, attrs: Record) -> Record:
        return {"name": "", "description": "", "ip_mode": "translate", "local_port_id": None,
                "network_id": None, "local_ip_address": None}

    def create(self, caller: Caller, attrs: Record) -> Record:
        if not attrs.get("local_port_id") and not attrs.get("network_id"):
            raise bad_request("Either Port ID or Network ID must be specified for Local IP "
                              "create.", "LocalIPRequestedIPNotFound")
        with self._transaction():
            ports = PortState(self.store)
            if attrs.get("local_port_id"):
                port = self.record("port", caller, attrs["local_port_id"])
                if attrs.get("network_id") not in (None, port["network_id"]):
                    raise bad_request(f"Port {port['id']} does not belong to network "
                                      f"{attrs['network_id']}.", "LocalIPPortNetworkMismatch")
                addresses = [ip["ip_address"] for ip in port["fixed_ips"]]
                wanted = attrs.get("local_ip_address")
                if wanted and wanted not in addresses:
                    raise bad_request(f"Requested IP {wanted} not found on port {port['id']}.",
                                      "LocalIPRequestedIPNotFound")
                if not addresses:
                    raise bad_request(f"Specified Port {port['id']} has no fixed IPs "
                                      "configured.", "LocalIPNoIP")
                attrs["local_ip_address"] = wanted or addresses[0]
            else:
                fixed = [{"ip_address": attrs["local_ip_address"]}] if attrs.get(
                    "local_ip_address") else None
                port = ports.create(SYSTEM, {
                    "network_id": attrs["network_id"], "device_owner": OWNER,
                    "project_id": attrs.get("project_id") or caller.project_id,
                    **({"fixed_ips": fixed} if fixed else {})})
                if not port["fixed_ips"]:
                    raise bad_request(f"Network {attrs['network_id']} has no subnet to take "
                                      "a Local IP address from.", "LocalIPNoIP")
                attrs["local_port_id"] = port["id"]
                attrs["local_ip_address"] = port["fixed_ips"][0]["ip_address"]
            attrs["network_id"] = port["network_id"]
            record = super().create(caller, attrs)
        return record

    def view(self, record: Record) -> Record:
        return {k: v for k, v in record.items() if k != "tags"}

    def in_use(self, db: Any, record: Record) -> None:
        if db.execute("SELECT 1 FROM local_ip_associations WHERE local_ip_id = ?",
                      (record["id"],)).fetchone():
            raise conflict(f"Local IP {record['id']} is still associated with one or more "
                           "ports.", "LocalIPInUse")
        port = self._load(db, "port", record["local_port_id"] or "")
        if port is not None and port.get("device_owner") == OWNER:
            db.execute("DELETE FROM ip_allocations WHERE port_id = ?", (port["id"],))
            db.execute("DELETE FROM ports WHERE id = ?", (port["id"],))

    # ------------------------------------------------------------- associations
    def associations(self, caller: Caller, local_ip_id: str) -> list[Record]:
        self.record("local_ip", caller, local_ip_id)
        return [loads(d) for d in self.store.column(
            "SELECT data FROM local_ip_associations WHERE local_ip_id = ? ORDER BY seq",
            (local_ip_id,))]

    def associate(self, caller: Caller, local_ip_id: str, attrs: Record) -> Record:
        local_ip = self.record("local_ip", caller, local_ip_id)
        self._require_write(caller, "create_local_ip_port_association")
        port = self.record("port", caller, attrs["fixed_port_id"])
        family = ":" in (local_ip["local_ip_address"] or "")
        addresses = [ip["ip_address"] for ip in port["fixed_ips"]
                     if (":" in ip["ip_address"]) == family]
        fixed_ip = attrs.get("fixed_ip")
        if fixed_ip and fixed_ip not in [ip["ip_address"] for ip in port["fixed_ips"]]:
            raise bad_request(f"Requested IP {fixed_ip} not found on port {port['id']}.",
                              "LocalIPRequestedIPNotFound")
        if not fixed_ip:
            if not addresses:
                raise bad_request(f"Specified Port {port['id']} has no fixed IPs configured.",
                                  "LocalIPNoIP")
            fixed_ip = addresses[0]
        record = {"local_ip_id": local_ip_id, "local_ip_address": local_ip["local_ip_address"],
                  "fixed_port_id": port["id"], "fixed_ip": fixed_ip,
                  "host": port.get("binding:host_id") or None}
        with self._transaction() as db:
            if db.execute("SELECT 1 FROM local_ip_associations WHERE local_ip_id = ? AND"
                          " fixed_port_id = ?", (local_ip_id, port["id"])).fetchone():
                raise conflict(f"Local IP {local_ip_id} is already associated with port "
                               f"{port['id']}.", "LocalIPPortAssociationExists")
            db.execute("INSERT INTO local_ip_associations (local_ip_id, fixed_port_id, data)"
                       " VALUES (?, ?, ?)", (local_ip_id, port["id"], dumps(record)))
        return record

    def dissociate(self, caller: Caller, local_ip_id: str, port_id: str) -> None:
        self.record("local_ip", caller, local_ip_id)
        self._require_write(caller, "delete_local_ip_port_association")
        with self._transaction() as db:
            gone = db.execute("DELETE FROM local_ip_associations WHERE local_ip_id = ? AND"
                              " fixed_port_id = ?", (local_ip_id, port_id)).rowcount
        if not gone:
            raise NeutronError(f"Local IP {local_ip_id} association with port {port_id} "
                               "could not be found.", "LocalIPAssociationNotFound", 404)
