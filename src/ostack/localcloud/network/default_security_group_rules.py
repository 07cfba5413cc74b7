"""`/v2.0/default-security-group-rules`: the template of new groups' rules (no tags, no
update); the state is `default_security_group_rule_state.py`."""

from __future__ import annotations

from ..routing import RouteTable
from .default_security_group_rule_state import DefaultSecurityGroupRuleState
from .record_collection import RecordCollection

DEFAULT_SECURITY_GROUP_RULES = RecordCollection(
    kind="default_security_group_rule", path="default-security-group-rules",
    key="default_security_group_rules", taggable=False,
    state=lambda backend: DefaultSecurityGroupRuleState(backend.store))

ROUTES: RouteTable = tuple(
    row for row in DEFAULT_SECURITY_GROUP_RULES.routes() if row[2] != ("PUT",))
