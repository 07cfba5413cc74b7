"""Floating IP port forwardings as Neutron keeps them: TCP or UDP traffic to a port (or a
range) of a floating IP goes to a port (or range) of one fixed IP of an internal port. The
floating IP may not also be associated with a port; the same external port and protocol are
forwarded once per floating IP; the internal address is one of the port's fixed IPs."""

from __future__ import annotations

from typing import Any

from ..store import loads
from . import attributes
from .attributes import Attr, an_uuid, integer, ip_address, or_none, string, values
from .exceptions import NeutronError, bad_request, conflict, not_found
from .record_state import RecordState, register
from .resources import Caller, Record

PORT_FORWARDING = {
    "description": attributes.DESCRIPTION,
    "project_id": attributes.PROJECT, "tenant_id": attributes.PROJECT,
    "external_port": Attr(or_none(integer(1, 65535))),
    "internal_port": Attr(or_none(integer(1, 65535))),
    "external_port_range": Attr(or_none(string(11))),
    "internal_port_range": Attr(or_none(string(11))),
    "internal_ip_address": Attr(ip_address),
    "internal_port_id": Attr(an_uuid),
    "protocol": Attr(values("tcp", "udp", "udplite", "sctp")),
}
register("port_forwarding", "port_forwardings",
         ("PortForwardingNotFound", "Port Forwarding {} could not be found."),
         PORT_FORWARDING)
SHOWN = ("id", "external_port", "internal_port", "internal_ip_address", "protocol",
         "internal_port_id", "description", "external_port_range", "internal_port_range")


def _bounds(record: Record, side: str) -> tuple[int, int] | None:
    text = record.get(f"{side}_port_range")
    if text:
        low, _, high = str(text).partition(":")
        try:
            first, last = int(low), int(high or low)
        except ValueError:
            raise bad_request(f"Invalid input for {side}_port_range. Reason: '{text}' is "
                              f"not a valid port range.") from None
        if not 1 <= first <= last <= 65535:
            raise bad_request(f"Invalid input for {side}_port_range. Reason: '{text}' is "
                              f"not a valid port range.")
        return first, last
    port = record.get(f"{side}_port")
    return None if port is None else (port, port)


class PortForwardingState(RecordState):
    """The port_forwardings table (a forwarding's floating IP in `floatingip_id`)."""

    kind = "port_forwarding"
    standard = False

    def __init__(self, store: Any, floatingip_id: str) -> None:
        super().__init__(store)
        self.floatingip_id = floatingip_id

    def _floatingip(self, caller: Caller) -> Record:
        fip = self.record("floatingip", caller, self.floatingip_id)
        return fip

    def columns(self, record: Record) -> dict[str, Any]:
        return {"floatingip_id": self.floatingip_id}

    def defaults(self, attrs: Record) -> Record:
        return {"description": "", "external_port": None, "internal_port": None,
                "external_port_range": None, "internal_port_range": None}

    def visible(self, caller: Caller) -> list[Record]:
        self._floatingip(caller)
        return [self.view(r) for r in self.records(self.kind, caller, "floatingip_id = ?",
                                                   (self.floatingip_id,))]

    def one(self, caller: Caller, ident: str) -> Record:
        self._floatingip(caller)
        record = self.record(self.kind, caller, ident)
        if record.get("floatingip_id") != self.floatingip_id:
            raise not_found(self.kind, ident)
        return self.view(record)

    def create(self, caller: Caller, attrs: Record) -> Record:
        fip = self._floatingip(caller)
        missing = [n for n in ("internal_ip_address", "internal_port_id", "protocol")
                   if n not in attrs]
        if missing:
            raise bad_request(f"Failed to parse request. Required attribute '{missing[0]}' "
                              f"not specified")
        attrs["project_id"] = fip["project_id"]
        return super().create(caller, attrs)

    def update(self, caller: Caller, ident: str, attrs: Record) -> Record:
        self.one(caller, ident)
        for side in ("external", "internal"):  # the one given replaces the other form
            if f"{side}_port" in attrs and f"{side}_port_range" not in attrs:
                attrs[f"{side}_port_range"] = None
            elif f"{side}_port_range" in attrs and f"{side}_port" not in attrs:
                attrs[f"{side}_port"] = None
        return super().update(caller, ident, attrs)

    def delete(self, caller: Caller, ident: str) -> None:
        self.one(caller, ident)
        super().delete(caller, ident)

    def check(self, db: Any, caller: Caller, record: Record, old: Record | None) -> None:
        record["floatingip_id"] = self.floatingip_id
        fip = self._floatingip(caller)
        if fip.get("port_id"):
            raise conflict(f"Cannot create port forwarding to floating IP "
                           f"{fip['floating_ip_address']} ({fip['id']}) because it is "
                           f"associated with port {fip['port_id']}.",
                           "PortHasBindingFloatingIP")
        external, internal = _bounds(record, "external"), _bounds(record, "internal")
        if external is None or internal is None:
            raise bad_request("Bad port_forwarding request: The port forwarding needs an "
                              "internal and an external port (or port range).")
        if internal[1] - internal[0] not in (0, external[1] - external[0]):
            raise bad_request("Bad port_forwarding request: The relation between internal "
                              "and external ports does not match the pattern 1:N and N:N.")
        for side, (low, high) in (("external", external), ("internal", internal)):
            record[f"{side}_port_range"] = f"{low}:{high}"
            record[f"{side}_port"] = low if low == high else None
        port = self.record("port", caller, record["internal_port_id"])
        addresses = [ip["ip_address"] for ip in port.get("fixed_ips") or []]
        if record["internal_ip_address"] not in addresses:
            raise bad_request(f"Bad port_forwarding request: Requested internal IP address "
                              f"{record['internal_ip_address']} is not one of the fixed IPs "
                              f"of port {port['id']}.")
        for (data,) in db.execute("SELECT data FROM port_forwardings WHERE floatingip_id = ?"
                                  " AND id != ?", (self.floatingip_id, record["id"])):
            other = loads(data)
            theirs = _bounds(other, "external")
            if other["protocol"] == record["protocol"] and theirs and not (
                    theirs[1] < external[0] or external[1] < theirs[0]):
                raise NeutronError(
                    f"Bad port_forwarding request: A duplicate port forwarding entry with "
                    f"same attributes already exists, conflicting values are "
                    f"{{'floatingip_id': '{self.floatingip_id}', 'external_port': "
                    f"{record.get('external_port')}, 'protocol': '{record['protocol']}'}}.",
                    "BadRequest", 400)

    def view(self, record: Record) -> Record:
        return {k: record.get(k) for k in SHOWN}
