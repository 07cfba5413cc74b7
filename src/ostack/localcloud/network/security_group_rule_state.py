"""Security group rules as Neutron keeps them: one per group and direction, ethertype,
protocol, port range and remote (a duplicate is a 409). Part of the network backend
(`NetworkBackend.security_group_rules`); the HTTP side (with the per-field checks) is
`security_groups.py`."""

from __future__ import annotations

from typing import Any

from ..store import loads
from .exceptions import conflict, policy_denied
from .resources import Caller, Resources


class SecurityGroupRuleState(Resources):
    """The security_group_rules table."""

    def create(self, caller: Caller,
               attrs: dict[str, Any]) -> dict[str, Any]:
        """A rule, checked as Neutron checks it (see attributes.py for the per-field checks);
        409 SecurityGroupRuleExists for a duplicate."""
        self._require_write(caller, "create_security_group_rule")
        with self._transaction() as db:
            group = self.record("security_group", caller, attrs["security_group_id"])
            if not caller.is_admin and group["project_id"] != caller.project_id:
                raise policy_denied("rule:create_security_group_rule")
            if attrs.get("remote_group_id"):
                self.record("security_group", caller, attrs["remote_group_id"])
            if attrs.get("remote_address_group_id"):
                self.record("address_group", caller, attrs["remote_address_group_id"])
            project_id = group["project_id"]
            self._check_quota(db, "security_group_rule", project_id)
            key = _rule_key(attrs)
            for data in [r[0] for r in db.execute(
                    "SELECT data FROM security_group_rules WHERE security_group_id = ?",
                    (group["id"],))]:
                existing = loads(data)
                if _rule_key(existing) == key:
                    raise conflict(f"Security group rule already exists. Rule id is "
                                   f"{existing['id']}.", "SecurityGroupRuleExists")
            rule = self._insert_rule(db, project_id, attrs)
            self._bump(db, "security_group", group["id"])
        return rule

    def update(self, caller: Caller, rule_id: str,
               attrs: dict[str, Any]) -> dict[str, Any]:
        with self._transaction() as db:
            record = self._changeable(caller, "security_group_rule", rule_id,
                                      "update_security_group_rule")
            record.update(attrs)
            self._save(db, "security_group_rule", record)
        return record

    def delete(self, caller: Caller, rule_id: str) -> None:
        with self._transaction() as db:
            record = self._changeable(caller, "security_group_rule", rule_id,
                                      "delete_security_group_rule")
            db.execute("DELETE FROM security_group_rules WHERE id = ?", (rule_id,))
            self._bump(db, "security_group", record["security_group_id"])


def _rule_key(rule: dict[str, Any]) -> tuple[Any, ...]:
    """What makes two rules the same rule (Neutron's duplicate check)."""
    prefix = rule.get("remote_ip_prefix")
    if prefix in ("0.0.0.0/0", "::/0"):
        prefix = None
    protocol = rule.get("protocol")
    protocol = {"6": "tcp", "17": "udp", "1": "icmp", "58": "ipv6-icmp"}.get(
        str(protocol), protocol)
    return (rule["direction"], rule.get("ethertype", "IPv4"), protocol,
            rule.get("port_range_min"), rule.get("port_range_max"), prefix,
            rule.get("remote_group_id"), rule.get("remote_address_group_id"))
