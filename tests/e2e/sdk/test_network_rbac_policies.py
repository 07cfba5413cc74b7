"""RBAC policies through the SDK, sync and async."""

from __future__ import annotations

import uuid


def test_rbac_policies(sdk):
    network = sdk.network
    scope = network.create_address_scope(name=f"sdk-rbac-{uuid.uuid4().hex[:8]}",
                                         ip_version=4)
    try:
        policy = network.create_rbac_policy(object_type="address_scope", object_id=scope.id,
                                            action="access_as_shared", target_project_id="*")
        assert policy.target_project_id == "*" and policy.object_id == scope.id
        updated = network.update_rbac_policy(policy, target_project_id=policy.project_id)
        assert updated.target_project_id == policy.project_id
        found = list(network.rbac_policies(object_id=scope.id,
                                           target_project_id=policy.project_id))
        assert [p.id for p in found] == [policy.id]
        network.delete_rbac_policy(policy)
        assert network.find_rbac_policy(policy.id) is None
    finally:
        network.delete_address_scope(scope)
