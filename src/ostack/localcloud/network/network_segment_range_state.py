"""Network segment ranges as Neutron keeps them (the `network-segment-range` extension): the
segmentation IDs of a network type (on a physical network for VLAN) that every project
(shared) or one project may draw from. Admin only; a range may not overlap another of the
same type, a default range is neither changed nor deleted, a range its networks use is not
deleted. `available` and `used` are computed from the networks."""

from __future__ import annotations

from typing import Any

from ..store import loads
from . import attributes
from .attributes import Attr, boolean, integer, or_none, string, values
from .exceptions import NeutronError, conflict, invalid_input
from .record_state import RecordState, register
from .resources import Caller, Record
from .segment_state import RANGES

NETWORK_SEGMENT_RANGE = {
    "name": attributes.NAME, "description": attributes.DESCRIPTION,
    "project_id": attributes.PROJECT, "tenant_id": attributes.PROJECT,
    "shared": Attr(boolean, put=False),
    "network_type": Attr(values("vlan", "vxlan", "gre", "geneve"), put=False, required=True),
    "physical_network": Attr(or_none(string(64)), put=False),
    "minimum": Attr(integer(), required=True), "maximum": Attr(integer(), required=True),
    "tags": attributes.TAGS,
}
register("network_segment_range", "network_segment_ranges",
         ("NetworkSegmentRangeNotFound", "Network Segment Range {} could not be found."),
         NETWORK_SEGMENT_RANGE)


class NetworkSegmentRangeState(RecordState):
    """The network_segment_ranges table."""

    kind = "network_segment_range"
    admin_writes = True

    def _visible_clause(self, kind: str, caller: Caller) -> tuple[str, list[Any]]:
        if kind == self.kind and not caller.is_admin:
            return "0", []
        return super()._visible_clause(kind, caller)

    def defaults(self, attrs: Record) -> Record:
        return {"name": "", "default": False, "shared": True, "physical_network": None}

    def create(self, caller: Caller, attrs: Record) -> Record:
        if attrs.get("shared", True):
            attrs.pop("project_id", None)
        elif not attrs.get("project_id"):
            raise invalid_input("project_id is required for a private (not shared) network "
                                "segment range")
        record = super().create(caller, attrs)
        return record

    def check(self, db: Any, caller: Caller, record: Record, old: Record | None) -> None:
        if old is None and record.get("shared", True):
            record["project_id"] = record["tenant_id"] = None
        if old is not None and old.get("default"):
            raise conflict(f"Network Segment Range {record['id']} is a default segment range "
                           f"which could not be updated or deleted.",
                           "NetworkSegmentRangeDefaultReadOnly")
        kind = record["network_type"]
        if kind == "vlan" and not record.get("physical_network"):
            raise invalid_input("physical_network is required for a vlan network segment "
                                "range")
        if kind != "vlan" and record.get("physical_network"):
            raise invalid_input(f"physical_network is not allowed for a {kind} network "
                                f"segment range")
        low, high = RANGES[kind] or (0, 0)
        if not low <= record["minimum"] <= record["maximum"] <= high:
            raise NeutronError(
                f"Invalid input for operation: network segment range [{record['minimum']}, "
                f"{record['maximum']}] is invalid: the minimum and maximum must be in "
                f"{low} - {high}, minimum <= maximum.", "InvalidInput", 400)
        for (data,) in db.execute("SELECT data FROM network_segment_ranges WHERE id != ?",
                                  (record["id"],)):
            other = loads(data)
            if other["network_type"] == kind and other.get("physical_network") == record.get(
                    "physical_network") and other["minimum"] <= record["maximum"] and \
                    record["minimum"] <= other["maximum"]:
                raise conflict(f"Network segment range overlaps with range(s) with id "
                               f"{other['id']}", "NetworkSegmentRangeOverlaps")
        if old is not None and self._used(db, old, outside=record):
            raise conflict(f"Network Segment Range {record['id']} is referenced by one or "
                           f"more tenant networks.", "NetworkSegmentRangeReferencedByProject")

    @staticmethod
    def _used(db: Any, record: Record, outside: Record | None = None) -> dict[int, str]:
        """Segmentation IDs of the range that networks use (outside `outside`'s bounds when
        given), with each network's project."""
        used = {}
        found = [(n.get("provider:network_type"), n.get("provider:physical_network"),
                  n.get("provider:segmentation_id"), n["project_id"]) for n in map(
                      loads, (row[0] for row in db.execute("SELECT data FROM networks")))]
        found += [(s["network_type"], s.get("physical_network"), s.get("segmentation_id"),
                   project) for s, project in ((loads(row[0]), row[1]) for row in db.execute(
                       "SELECT s.data, n.project_id FROM segments s JOIN networks n ON"
                       " n.id = json_extract(s.data, '$.network_id')"))]
        for kind, physical, segment, project in found:
            if kind != record["network_type"] or segment is None:
                continue
            if physical != record.get("physical_network"):
                continue
            if record["minimum"] <= segment <= record["maximum"] and not (
                    outside and outside["minimum"] <= segment <= outside["maximum"]):
                used[segment] = project
        return used

    def in_use(self, db: Any, record: Record) -> None:
        if record.get("default"):
            raise conflict(f"Network Segment Range {record['id']} is a default segment range "
                           f"which could not be updated or deleted.",
                           "NetworkSegmentRangeDefaultReadOnly")
        if self._used(db, record):
            raise conflict(f"Network Segment Range {record['id']} is referenced by one or "
                           f"more tenant networks.", "NetworkSegmentRangeReferencedByProject")

    def view(self, record: Record) -> Record:
        with self._transaction() as db:
            used = self._used(db, record)
        available = [i for i in range(record["minimum"], record["maximum"] + 1)
                     if i not in used]
        return {**record, "used": {str(k): v for k, v in sorted(used.items())},
                "available": available}
