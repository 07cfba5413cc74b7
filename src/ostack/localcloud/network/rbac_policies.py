"""`/v2.0/rbac-policies`: the collection (no tags); the state is `rbac_policy_state.py`."""

from __future__ import annotations

from ..routing import RouteTable
from .rbac_policy_state import RbacPolicyState
from .record_collection import RecordCollection

RBAC_POLICIES = RecordCollection(
    kind="rbac_policy", path="rbac-policies", key="rbac_policies", taggable=False,
    state=lambda backend: RbacPolicyState(backend.store))

ROUTES: RouteTable = tuple(RBAC_POLICIES.routes())
