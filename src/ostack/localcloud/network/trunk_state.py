"""Trunks as Neutron keeps them (the `trunk` extension): a parent port and subports, each
subport a port of its own tagged with a VLAN (`segmentation_type` vlan, `segmentation_id`
1-4094). A port is the parent of one trunk at most and never both a parent and a subport; a
VLAN is used once per trunk; a trunk whose parent port a server uses is not deleted. Subports
are marked `trunk:subport` (device the trunk) while they belong to it."""

from __future__ import annotations

from typing import Any

from ..store import loads
from . import attributes
from .attributes import Attr, an_uuid, boolean, list_of
from .exceptions import NeutronError, conflict, invalid_input, not_found
from .record_state import RecordState, register
from .resources import Caller, Record

SUBPORT_OWNER = "trunk:subport"


def subport(name: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict) or "port_id" not in value:
        raise attributes.invalid(name, f"'{value}' is not a valid subport: a port_id is "
                                       f"required")
    unknown = set(value) - {"port_id", "segmentation_type", "segmentation_id"}
    if unknown:
        raise attributes.invalid(name, f"Unrecognized attribute(s) '{', '.join(unknown)}'")
    found = {"port_id": an_uuid(name, value["port_id"])}
    if "segmentation_type" in value:
        found["segmentation_type"] = value["segmentation_type"]
    if "segmentation_id" in value:
        found["segmentation_id"] = value["segmentation_id"]
    return found


TRUNK = {
    "name": attributes.NAME, "description": attributes.DESCRIPTION,
    "project_id": attributes.PROJECT, "tenant_id": attributes.PROJECT,
    "port_id": Attr(an_uuid, put=False, required=True),
    "admin_state_up": Attr(boolean), "sub_ports": Attr(list_of(subport), put=False),
    "tags": attributes.TAGS,
}
register("trunk", "trunks", ("TrunkNotFound", "Trunk {} could not be found."), TRUNK)


class TrunkState(RecordState):
    """The trunks table (subports live in each trunk's record)."""

    kind = "trunk"

    def defaults(self, attrs: Record) -> Record:
        return {"name": "", "description": "", "admin_state_up": True, "status": "DOWN",
                "sub_ports": []}

    def _trunk_of(self, db: Any, port_id: str) -> tuple[str | None, str | None]:
        """The trunk a port is the parent of, and the trunk it is a subport of."""
        parent = sub = None
        for (data,) in db.execute("SELECT data FROM trunks"):
            trunk = loads(data)
            if trunk["port_id"] == port_id:
                parent = trunk["id"]
            if any(s["port_id"] == port_id for s in trunk.get("sub_ports") or []):
                sub = trunk["id"]
        return parent, sub

    def _port(self, db: Any, caller: Caller, port_id: str) -> Record:
        port = self.record("port", caller, port_id)
        if not caller.is_admin and port["project_id"] != caller.project_id:
            raise not_found("port", port_id)
        return port

    def check(self, db: Any, caller: Caller, record: Record, old: Record | None) -> None:
        if old is not None:
            return
        port = self._port(db, caller, record["port_id"])
        parent, sub = self._trunk_of(db, record["port_id"])
        if parent:
            raise conflict(f"Port {record['port_id']} is in use by another trunk.",
                           "TrunkPortInUse")
        if sub:
            raise conflict(f"Port {record['port_id']} is currently a subport for trunk "
                           f"{sub}.", "PortInUseAsSubPort")
        if (port.get("device_owner") or "").startswith("network:"):
            raise conflict(f"Port {record['port_id']} is currently in use and is not "
                           f"eligible for use as a parent port.", "ParentPortInUse")
        record["status"] = "ACTIVE" if port.get("status") == "ACTIVE" else "DOWN"
        given, record["sub_ports"] = record.get("sub_ports") or [], []
        self._add(db, caller, record, given)

    def _add(self, db: Any, caller: Caller, trunk: Record, given: list[Record]) -> None:
        """Check and add subports to `trunk` (its record only; the caller saves it)."""
        for item in given:
            kind = item.get("segmentation_type")
            segment = item.get("segmentation_id")
            if kind is None or segment is None:
                raise invalid_input(f"Invalid subport details '{item}': missing "
                                    f"segmentation information. Must specify both "
                                    f"segmentation_id and segmentation_type")
            if kind not in ("vlan", "inherit"):
                raise invalid_input(f"Invalid segmentation type {kind}")
            try:
                segment = int(segment)
            except (TypeError, ValueError):
                raise invalid_input(f"Invalid segmentation id {segment}") from None
            if kind == "vlan" and not 1 <= segment <= 4094:
                raise NeutronError(f"Invalid input for operation: Segmentation ID {segment} "
                                   f"is out of range (1 through 4094).", "InvalidInput", 400)
            self._port(db, caller, item["port_id"])
            parent, sub = self._trunk_of(db, item["port_id"])
            if parent or item["port_id"] == trunk["port_id"]:
                raise conflict(f"Port {item['port_id']} is currently a parent port for trunk "
                               f"{parent or trunk['id']}.", "PortInUseAsTrunkParent")
            if sub or any(s["port_id"] == item["port_id"] for s in trunk["sub_ports"]):
                raise conflict(f"Port {item['port_id']} is currently a subport for trunk "
                               f"{sub or trunk['id']}.", "PortInUseAsSubPort")
            if any(s["segmentation_type"] == kind and s["segmentation_id"] == segment
                   for s in trunk["sub_ports"]):
                raise conflict(f"segmentation_type {kind} and segmentation_id {segment} "
                               f"already in use on trunk {trunk['id']}.", "DuplicateSubPort")
            trunk["sub_ports"].append({"segmentation_id": segment, "segmentation_type": kind,
                                       "port_id": item["port_id"]})
            self._mark(db, item["port_id"], SUBPORT_OWNER, trunk["id"])

    @staticmethod
    def _mark(db: Any, port_id: str, owner: str, device: str) -> None:
        db.execute("UPDATE ports SET device_owner = ?, device_id = ?, data = json_set(data,"
                   " '$.device_owner', ?, '$.device_id', ?) WHERE id = ?",
                   (owner, device, owner, device, port_id))

    def change_subports(self, caller: Caller, ident: str, given: Any, add: bool) -> Record:
        """The trunk after `add_subports` (add) or `remove_subports`."""
        if not isinstance(given, list):
            raise invalid_input("sub_ports must be a list")
        items = [subport("sub_ports", item) for item in given]
        with self._transaction() as db:
            trunk = self.record(self.kind, caller, ident)
            self._authorize(caller, "update")
            if not caller.is_admin and trunk["project_id"] != caller.project_id:
                raise not_found("trunk", ident)
            if add:
                self._add(db, caller, trunk, items)
            else:
                for item in items:
                    if not any(s["port_id"] == item["port_id"] for s in trunk["sub_ports"]):
                        raise NeutronError(f"SubPort {item['port_id']} could not be found.",
                                           "SubPortNotFound", 404)
                    trunk["sub_ports"] = [s for s in trunk["sub_ports"]
                                          if s["port_id"] != item["port_id"]]
                    self._mark(db, item["port_id"], "", "")
            self._save(db, self.kind, trunk)
        return trunk

    def in_use(self, db: Any, record: Record) -> None:
        row = db.execute("SELECT device_owner FROM ports WHERE id = ?",
                         (record["port_id"],)).fetchone()
        if row and (row[0] or "").startswith("compute:"):
            raise conflict(f"Trunk {record['id']} is currently in use.", "TrunkInUse")
        for sub in record.get("sub_ports") or []:
            self._mark(db, sub["port_id"], "", "")
