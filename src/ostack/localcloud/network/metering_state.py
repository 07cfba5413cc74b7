"""Metering labels and their rules (the `metering` extension), as Neutron keeps them: admin
only, to read as to write (its default policy); a label's rules go with it; a rule counts
traffic by remote prefix, or by source and destination prefixes, never both ways."""

from __future__ import annotations

from typing import Any

from . import attributes
from .attributes import Attr, boolean, cidr_text, values
from .exceptions import bad_request, not_found
from .record_state import RecordState, register
from .resources import Caller, Record

LABEL = {
    "name": attributes.NAME, "description": attributes.DESCRIPTION,
    "project_id": attributes.PROJECT, "tenant_id": attributes.PROJECT,
    "shared": Attr(boolean, put=False),
}
RULE = {
    "project_id": attributes.PROJECT, "tenant_id": attributes.PROJECT,
    "metering_label_id": Attr(attributes.an_uuid, put=False, required=True),
    "direction": Attr(values("ingress", "egress"), put=False),
    "excluded": Attr(boolean),
    "remote_ip_prefix": Attr(attributes.or_none(cidr_text), put=False),
    "source_ip_prefix": Attr(attributes.or_none(cidr_text), put=False),
    "destination_ip_prefix": Attr(attributes.or_none(cidr_text), put=False),
}
register("metering_label", "metering_labels",
         ("MeteringLabelNotFound", "Metering label {} does not exist"), LABEL)
register("metering_label_rule", "metering_label_rules",
         ("MeteringLabelRuleNotFound", "Metering label rule {} does not exist"), RULE)


class _AdminOnly(RecordState):
    admin_writes = True
    standard = False

    def _visible_clause(self, kind: str, caller: Caller) -> tuple[str, list[Any]]:
        if kind == self.kind and not caller.is_admin:
            return "0", []
        return super()._visible_clause(kind, caller)


class MeteringLabelState(_AdminOnly):
    """The metering_labels table."""

    kind = "metering_label"

    def defaults(self, attrs: Record) -> Record:
        return {"name": "", "description": "", "shared": False}

    def in_use(self, db: Any, record: Record) -> None:
        db.execute("DELETE FROM metering_label_rules WHERE metering_label_id = ?",
                   (record["id"],))


class MeteringLabelRuleState(_AdminOnly):
    """The metering_label_rules table."""

    kind = "metering_label_rule"

    def defaults(self, attrs: Record) -> Record:
        return {"direction": "ingress", "excluded": False, "remote_ip_prefix": None,
                "source_ip_prefix": None, "destination_ip_prefix": None}

    def columns(self, record: Record) -> dict[str, Any]:
        return {"metering_label_id": record["metering_label_id"]}

    def check(self, db: Any, caller: Caller, record: Record, old: Record | None) -> None:
        if old is not None:
            return
        label = db.execute("SELECT project_id FROM metering_labels WHERE id = ?",
                           (record["metering_label_id"],)).fetchone()
        if label is None:
            raise not_found("metering_label", record["metering_label_id"])
        prefixes = [record.get(k) for k in ("source_ip_prefix", "destination_ip_prefix")]
        if record.get("remote_ip_prefix") and any(prefixes):
            raise bad_request("Cannot use 'remote-ip-prefix' in conjunction with "
                              "'source-ip-prefix' or 'destination-ip-prefix'.")
        if not record.get("remote_ip_prefix") and not any(prefixes):
            raise bad_request("You must define at least one of the following parameters "
                              "'remote_ip_prefix', or 'source_ip_prefix' or "
                              "'destination_ip_prefix'.")
