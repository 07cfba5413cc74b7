"""`network rbac *`: ostack prints what the official client prints, on the same local
cloud; a member may not share with every project."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.official



def test_network_rbac_lifecycle(differ):
    scope = f"rbac-{uuid.uuid4().hex[:8]}"
    differ.run("openstack", ["address", "scope", "create", scope])
    try:
        mine, official = differ.pair(
            ["network", "rbac", "create", scope, "--type", "address_scope", "--action",
             "access_as_shared", "--target-project", "demo"],
            ["network", "rbac", "create", scope, "--type", "address_scope", "--action",
             "access_as_shared", "--target-all-projects"])
        differ.assert_same(mine, official, ignore={"id", "target_project_id"})
        ours, theirs = mine.data["id"], official.data["id"]
        differ.pair(["network", "rbac", "set", ours, "--target-project", "admin"],
                    ["network", "rbac", "set", theirs], fmt=None)
        mine, official = differ.pair(["network", "rbac", "show", ours],
                                     ["network", "rbac", "show", theirs])
        differ.assert_same(mine, official, ignore={"id", "target_project_id"})
        assert mine.data["target_project_id"] == mine.data["project_id"]
        mine, official = differ.pair(
            ["network", "rbac", "list", "--long", "--type", "address_scope", "--action",
             "access_as_shared"],
            ["network", "rbac", "list", "--long", "--type", "address_scope", "--action",
             "access_as_shared"])
        differ.assert_same(mine, official, key="ID")
        assert {ours, theirs} <= {row["ID"] for row in mine.data}
        differ.same("network", "rbac", "list", "--target-project", "*", "--limit", "1",
                    fmt="table", columns_only=True)
        # The same policy twice is Neutron's 409.
        mine, official = differ.pair(
            ["network", "rbac", "create", scope, "--type", "address_scope", "--action",
             "access_as_shared", "--target-all-projects"],
            ["network", "rbac", "create", scope, "--type", "address_scope", "--action",
             "access_as_shared", "--target-all-projects"], code=1)
        assert "already exists" in mine.stderr and "already exists" in official.stderr
        mine, official = differ.pair(["network", "rbac", "delete", ours, "nope"],
                                     ["network", "rbac", "delete", theirs, "nope"],
                                     fmt=None, code=1)
        assert "1 of 2 RBAC policies failed to delete." in mine.stderr
        assert "1 of 2 RBAC policies failed to delete." in official.stderr
    finally:
        differ.run("openstack", ["address", "scope", "delete", scope], fmt=None)


def test_network_rbac_member_cannot_share_with_everyone(differ):
    from tests.support.differential import Differ

    demo = Differ(differ.cloud, "local-demo")
    scope = f"rbac-{uuid.uuid4().hex[:8]}"
    demo.run("openstack", ["address", "scope", "create", scope])
    try:
        argv = ["network", "rbac", "create", scope, "--type", "address_scope", "--action",
                "access_as_shared", "--target-all-projects"]
        mine, official = demo.pair(argv, code=1)
        assert "disallowed by policy" in mine.stderr and "disallowed by policy" in \
            official.stderr
    finally:
        demo.run("openstack", ["address", "scope", "delete", scope], fmt=None)
