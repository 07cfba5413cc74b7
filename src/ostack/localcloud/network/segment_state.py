"""Network segments as Neutron keeps them (the `segment` extension): a network's layer-2
pieces, each with a network type, a physical network where the type has one and a
segmentation ID drawn from the type's range when not given. Admin only (Neutron's policy),
checked as the type drivers check them; a segment its subnets use is not deleted."""

from __future__ import annotations

from typing import Any

from ..store import loads
from . import attributes
from .attributes import Attr, an_uuid, integer, or_none, string, values
from .exceptions import NeutronError, conflict, invalid_input, not_found
from .record_state import RecordState, register
from .resources import Caller, Record

#: network type -> the segmentation IDs it allows (None: it has none)
RANGES: dict[str, tuple[int, int] | None] = {
    "vlan": (1, 4094), "vxlan": (1, 2 ** 24 - 1), "geneve": (1, 2 ** 24 - 1),
    "gre": (1, 2 ** 32 - 1), "flat": None, "local": None}
PHYSICAL = ("vlan", "flat")

SEGMENT = {
    "name": Attr(or_none(string(255))), "description": attributes.DESCRIPTION,
    "network_id": Attr(an_uuid, put=False, required=True),
    "network_type": Attr(values(*RANGES), put=False, required=True),
    "physical_network": Attr(or_none(string(64)), put=False),
    "segmentation_id": Attr(or_none(integer()), put=False),
}
register("segment", "segments", ("SegmentNotFound", "Segment {} could not be found."),
         SEGMENT)
SHOWN = ("id", "name", "network_id", "network_type", "physical_network", "segmentation_id",
         "description", "created_at", "updated_at", "revision_number")


class SegmentState(RecordState):
    """The segments table."""

    kind = "segment"
    admin_writes = True

    def _visible_clause(self, kind: str, caller: Caller) -> tuple[str, list[Any]]:
        if kind == self.kind and not caller.is_admin:
            return "0", []
        return super()._visible_clause(kind, caller)

    def defaults(self, attrs: Record) -> Record:
        return {"name": None, "description": "", "physical_network": None,
                "segmentation_id": None}

    def check(self, db: Any, caller: Caller, record: Record, old: Record | None) -> None:
        if old is not None:
            return
        if db.execute("SELECT 1 FROM networks WHERE id = ?",
                      (record["network_id"],)).fetchone() is None:
            raise not_found("network", record["network_id"])
        kind, physical = record["network_type"], record.get("physical_network")
        if kind in PHYSICAL and not physical:
            raise invalid_input(f"physical_network required for {kind} provider network")
        if kind not in PHYSICAL and physical:
            raise invalid_input(f"physical_network specified for {kind} network")
        bounds = RANGES[kind]
        segment = record.get("segmentation_id")
        if bounds is None:
            if segment is not None:
                raise invalid_input(f"segmentation_id specified for {kind} network")
            return
        taken = self._taken(db, kind, physical)
        if segment is None:
            segment = next(i for i in range(bounds[0], bounds[1] + 1) if i not in taken)
            record["segmentation_id"] = segment
        elif not bounds[0] <= segment <= bounds[1]:
            raise invalid_input(f"segmentation_id out of range ({bounds[0]} through "
                                f"{bounds[1]})")
        if segment in taken:
            if kind == "vlan":
                raise conflict(f"Unable to create the network. The VLAN {segment} on physical "
                               f"network {physical} is in use.", "VlanIdInUse")
            raise conflict(f"Unable to create the network. The tunnel ID {segment} is in "
                           f"use.", "TunnelIdInUse")

    @staticmethod
    def _taken(db: Any, kind: str, physical: str | None) -> set[int]:
        """Segmentation IDs of `kind` (on `physical`) used by segments and networks."""
        taken = set()
        for (data,) in db.execute("SELECT data FROM segments"):
            seg = loads(data)
            if seg["network_type"] == kind and seg.get("physical_network") == physical:
                taken.add(seg.get("segmentation_id"))
        for (data,) in db.execute("SELECT data FROM networks"):
            net = loads(data)
            if net.get("provider:network_type") == kind and net.get(
                    "provider:physical_network") == physical:
                taken.add(net.get("provider:segmentation_id"))
        return taken

    def in_use(self, db: Any, record: Record) -> None:
        used = db.execute("SELECT 1 FROM subnets WHERE json_extract(data, '$.segment_id') = ?"
                          " LIMIT 1", (record["id"],)).fetchone()
        if used:
            raise NeutronError(f"Segment '{record['id']}' cannot be deleted: The segment is "
                               f"still used by subnet(s).", "SegmentInUse", 409)

    def view(self, record: Record) -> Record:
        return {k: record.get(k) for k in SHOWN}
