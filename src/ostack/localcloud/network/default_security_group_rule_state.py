"""Default security group rules as Neutron keeps them: the template of rules that new
security groups get (`used_in_default_sg` for each project's `default` group,
`used_in_non_default_sg` for the others; `remote_group_id: PARENT` is the group itself).
Everyone reads the template, only an admin changes it; a duplicate is a 409. The template
starts as Neutron's: egress to anywhere in every group, ingress from the group itself in the
`default` ones."""

from __future__ import annotations

from typing import Any

from ..store import dumps
from . import attributes
from .attributes import Attr, boolean, cidr_text, integer, or_none, string, values
from .exceptions import conflict
from .record_state import RecordState, register
from .resources import Caller, Record, new_id
from .security_groups import check_rule

DEFAULT_SECURITY_GROUP_RULE = {
    "description": attributes.DESCRIPTION,
    "direction": Attr(values("ingress", "egress"), put=False, required=True),
    "ethertype": Attr(string(), put=False), "protocol": Attr(lambda n, v: v, put=False),
    "port_range_min": Attr(or_none(integer()), put=False),
    "port_range_max": Attr(or_none(integer()), put=False),
    "remote_ip_prefix": Attr(or_none(cidr_text), put=False),
    "remote_group_id": Attr(or_none(string(255)), put=False),
    "remote_address_group_id": Attr(or_none(string(255)), put=False),
    "used_in_default_sg": Attr(boolean, put=False),
    "used_in_non_default_sg": Attr(boolean, put=False),
}
register("default_security_group_rule", "default_security_group_rules",
         ("DefaultSecurityGroupRuleNotFound", "Default Security Group rule {} does not exist"),
         DEFAULT_SECURITY_GROUP_RULE)

KEY = ("direction", "ethertype", "protocol", "port_range_min", "port_range_max",
       "remote_ip_prefix", "remote_group_id", "remote_address_group_id")
SHOWN = ("id", "description", "remote_group_id", "remote_address_group_id", "direction",
         "protocol", "port_range_min", "port_range_max", "remote_ip_prefix", "ethertype",
         "used_in_default_sg", "used_in_non_default_sg")


def _rule(**attrs: Any) -> Record:
    return {"id": new_id(), "description": "", "protocol": None, "port_range_min": None,
            "port_range_max": None, "remote_ip_prefix": None, "remote_group_id": None,
            "remote_address_group_id": None, **attrs}


class DefaultSecurityGroupRuleState(RecordState):
    """The default_security_group_rules table."""

    kind = "default_security_group_rule"
    admin_writes = True
    public = True
    standard = False

    def _seeded(self) -> None:
        """Neutron's template, once per state folder."""
        if self.store.get_meta("seeded:default_security_group_rules"):
            return
        with self._transaction() as db:
            if self.store.get_meta("seeded:default_security_group_rules"):
                return
            for ethertype in ("IPv4", "IPv6"):
                for rule in (_rule(direction="egress", ethertype=ethertype,
                                   used_in_default_sg=True, used_in_non_default_sg=True),
                             _rule(direction="ingress", ethertype=ethertype,
                                   remote_group_id="PARENT", used_in_default_sg=True,
                                   used_in_non_default_sg=False)):
                    db.execute("INSERT INTO default_security_group_rules (id, project_id, data)"
                               " VALUES (?, '', ?)", (rule["id"], dumps(rule)))
            self.store.set_meta("seeded:default_security_group_rules", "1")

    def records(self, kind: str, caller: Caller, where: str = "1",
                params: tuple[Any, ...] = ()) -> list[Record]:
        if kind == self.kind:
            self._seeded()
        return super().records(kind, caller, where, params)

    def record(self, kind: str, caller: Caller, ident: str) -> Record:
        if kind == self.kind:
            self._seeded()
        return super().record(kind, caller, ident)

    def defaults(self, attrs: Record) -> Record:
        return {**_rule(), "ethertype": "IPv4", "used_in_default_sg": False,
                "used_in_non_default_sg": True}

    def create(self, caller: Caller, attrs: Record) -> Record:
        self._seeded()
        address_group = attrs.get("remote_address_group_id")
        attrs = check_rule(dict(attrs), True)
        attrs["remote_address_group_id"] = address_group
        return super().create(caller, attrs)

    def check(self, db: Any, caller: Caller, record: Record, old: Record | None) -> None:
        record.pop("project_id", None)
        record.pop("tenant_id", None)
        key = tuple(record.get(k) for k in KEY)
        for existing in self.records(self.kind, caller):
            if existing["id"] != record["id"] and tuple(existing.get(k) for k in KEY) == key:
                raise conflict(f"Default security group rule already exists. Rule id is "
                               f"{existing['id']}.", "DefaultSecurityGroupRuleExists")

    def view(self, record: Record) -> Record:
        return {k: record.get(k) for k in SHOWN}
