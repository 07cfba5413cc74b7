"""QoS policies and their rules (the `qos` extension) as Neutron keeps them: policies are
written by admins only (Neutron's default policy), read by their project and, when shared, by
everyone; a project has at most one default policy; a policy in use by a network or a port is
not deleted; a policy holds at most one rule of each type and direction."""

from __future__ import annotations

from typing import Any

from ..store import dumps, loads
from . import attributes
from .attributes import Attr, boolean, non_negative, values
from .exceptions import NeutronError, conflict, policy_denied
from .record_state import RecordState, register
from .resources import Caller, Record, new_id

#: Rule type -> (the attribute defaults of a new rule, the attribute map of its body).
RULE_TYPES: dict[str, tuple[Record, dict[str, Attr]]] = {
    "bandwidth_limit": ({"max_burst_kbps": 0, "direction": "egress"}, {
        "max_kbps": Attr(non_negative, required=True),
        "max_burst_kbps": Attr(non_negative),
        "direction": Attr(values("egress", "ingress"))}),
    "dscp_marking": ({}, {
        "dscp_mark": Attr(values(0, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34,
                                 36, 38, 40, 46, 48, 56), required=True)}),
    "minimum_bandwidth": ({"direction": "egress"}, {
        "min_kbps": Attr(non_negative, required=True),
        "direction": Attr(values("egress", "ingress"))}),
    "minimum_packet_rate": ({"direction": "egress"}, {
        "min_kpps": Attr(non_negative, required=True),
        "direction": Attr(values("egress", "ingress", "any"))}),
}

POLICY = {
    "name": attributes.NAME, "description": attributes.DESCRIPTION,
    "project_id": attributes.PROJECT, "tenant_id": attributes.PROJECT,
    "shared": Attr(boolean), "is_default": Attr(boolean), "tags": attributes.TAGS,
}
register("policy", "qos_policies", ("QosPolicyNotFound", "QoS policy {} could not be found."),
         POLICY)
for _type, (_defaults, _attrs) in RULE_TYPES.items():
    attributes.ATTRIBUTES[f"{_type}_rule"] = _attrs


def check_policy(db: Any, caller: Caller, policy_id: str | None) -> None:
    """Neutron's 404 when a network or port names a QoS policy the caller may not use (one
    of its project's, a shared one, or any for an admin)."""
    if policy_id is None:
        return
    row = db.execute("SELECT project_id, shared FROM qos_policies WHERE id = ?",
                     (policy_id,)).fetchone()
    if row is None or not (caller.is_admin or row[1] or row[0] == caller.project_id):
        raise NeutronError(f"QoS policy {policy_id} could not be found.",
                           "QosPolicyNotFound", 404)


class QosPolicyState(RecordState):
    """The qos_policies and qos_rules tables."""

    kind = "policy"
    admin_writes = True
    shared_column = True

    def defaults(self, attrs: Record) -> Record:
        return {"name": "", "description": "", "shared": False, "is_default": False}

    def check(self, db: Any, caller: Caller, record: Record, old: Record | None) -> None:
        record.pop("rules", None)
        if record.get("is_default") and not (old or {}).get("is_default"):
            taken = db.execute(
                "SELECT 1 FROM qos_policies WHERE project_id = ? AND id != ? AND"
                " json_extract(data, '$.is_default') = 1", (record["project_id"], record["id"])
            ).fetchone()
            if taken:
                raise conflict(f"A default QoS policy exists for project "
                               f"{record['project_id']}.", "QoSPolicyDefaultAlreadyExists")

    def in_use(self, db: Any, record: Record) -> None:
        for table, kind in (("networks", "network"), ("ports", "port")):
            row = db.execute(f"SELECT id FROM {table} WHERE json_extract(data,"
                             " '$.qos_policy_id') = ? LIMIT 1", (record["id"],)).fetchone()
            if row:
                raise conflict(f"QoS Policy {record['id']} is used by {kind} {row[0]}.",
                               "QosPolicyInUse")
        db.execute("DELETE FROM qos_rules WHERE qos_policy_id = ?", (record["id"],))

    def view(self, record: Record) -> Record:
        rules = [self._rule_view(loads(data), listed=True) for data in self.store.column(
            "SELECT data FROM qos_rules WHERE qos_policy_id = ? ORDER BY seq", (record["id"],))]
        return {**record, "rules": rules}

    @staticmethod
    def _rule_view(rule: Record, listed: bool = False) -> Record:
        """A rule as its own URL shows it, or (`listed`) as its policy's `rules` list it."""
        shown = {k: v for k, v in rule.items() if k not in ("type", "qos_policy_id")}
        if listed:
            shown.update(qos_policy_id=rule["qos_policy_id"], type=rule["type"])
        return shown

    # ------------------------------------------------------------- rules
    def rules(self, caller: Caller, policy_id: str, rule_type: str) -> list[Record]:
        self.record("policy", caller, policy_id)
        return [self._rule_view(loads(d)) for d in self.store.column(
            "SELECT data FROM qos_rules WHERE qos_policy_id = ? AND type = ? ORDER BY seq",
            (policy_id, rule_type))]

    def _rule(self, db: Any, policy_id: str, rule_type: str, rule_id: str) -> Record:
        row = db.execute("SELECT data FROM qos_rules WHERE id = ? AND qos_policy_id = ? AND"
                         " type = ?", (rule_id, policy_id, rule_type)).fetchone()
        if row is None:
            raise NeutronError(f"{rule_type.replace('_', ' ').title().replace(' ', '')}Rule "
                               f"{rule_id} for policy {policy_id} could not be found.",
                               "QosRuleNotFound", 404)
        return loads(row[0])

    def rule(self, caller: Caller, policy_id: str, rule_type: str, rule_id: str) -> Record:
        self.record("policy", caller, policy_id)
        with self._transaction() as db:
            return self._rule_view(self._rule(db, policy_id, rule_type, rule_id))

    def _writable(self, caller: Caller, policy_id: str, action: str) -> Record:
        policy = self.record("policy", caller, policy_id)
        if not caller.is_admin:
            raise policy_denied(f"rule:{action}")
        return policy

    def _conflicts(self, db: Any, rule: Record) -> None:
        for data in db.execute("SELECT data FROM qos_rules WHERE qos_policy_id = ? AND"
                               " type = ? AND id != ?", (rule["qos_policy_id"], rule["type"],
                                                         rule["id"])).fetchall():
            other = loads(data[0])
            if other.get("direction") == rule.get("direction"):
                raise conflict(f"Rule {rule['type']} conflicts with rule {other['id']} which "
                               f"already exists in QoS Policy {rule['qos_policy_id']}.",
                               "QoSRulesConflict")

    def create_rule(self, caller: Caller, policy_id: str, rule_type: str,
                    attrs: Record) -> Record:
        policy = self._writable(caller, policy_id, f"create_policy_{rule_type}_rule")
        defaults = RULE_TYPES[rule_type][0]
        rule = {"id": new_id(), **defaults, **attrs, "qos_policy_id": policy_id,
                "type": rule_type}
        with self._transaction() as db:
            self._conflicts(db, rule)
            db.execute("INSERT INTO qos_rules (id, qos_policy_id, project_id, type, data)"
                       " VALUES (?, ?, ?, ?, ?)", (rule["id"], policy_id,
                                                   policy["project_id"], rule_type,
                                                   dumps(rule)))
            self._bump(db, "policy", policy_id)
        return self._rule_view(rule)

    def update_rule(self, caller: Caller, policy_id: str, rule_type: str, rule_id: str,
                    attrs: Record) -> Record:
        self._writable(caller, policy_id, f"update_policy_{rule_type}_rule")
        with self._transaction() as db:
            rule = {**self._rule(db, policy_id, rule_type, rule_id), **attrs}
            self._conflicts(db, rule)
            db.execute("UPDATE qos_rules SET data = ? WHERE id = ?", (dumps(rule), rule_id))
            self._bump(db, "policy", policy_id)
        return self._rule_view(rule)

    def delete_rule(self, caller: Caller, policy_id: str, rule_type: str, rule_id: str) -> None:
        self._writable(caller, policy_id, f"delete_policy_{rule_type}_rule")
        with self._transaction() as db:
            self._rule(db, policy_id, rule_type, rule_id)
            db.execute("DELETE FROM qos_rules WHERE id = ?", (rule_id,))
            self._bump(db, "policy", policy_id)
