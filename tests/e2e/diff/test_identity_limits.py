"""`registered limit *` and `limit *`: ostack prints what the official client prints, on the
same local cloud; Keystone's checks (a limit needs a registered limit, no duplicates,
admin-only writes) answer both clients alike."""

from __future__ import annotations

import uuid

import pytest
from tests.support.differential import Differ

pytestmark = pytest.mark.official



def _ids(outcomes) -> list[str]:
    return [o.data["id"] for o in outcomes]


def test_registered_limit_and_limit_lifecycle(differ):
    ours, theirs = f"ost-{uuid.uuid4().hex[:8]}", f"osc-{uuid.uuid4().hex[:8]}"
    registered: list[str] = []
    limits: list[str] = []
    try:
        pair = differ.pair(
            ["registered", "limit", "create", "--service", "compute", "--default-limit", "10",
             "--region", "RegionOne", "--description", "d", ours],
            ["registered", "limit", "create", "--service", "compute", "--default-limit", "10",
             "--region", "RegionOne", "--description", "d", theirs])
        registered = _ids(pair)
        differ.assert_same(*pair, ignore={"id", "resource_name"})
        mine, official = differ.pair(
            ["registered", "limit", "set", registered[0], "--default-limit", "20",
             "--description", "e"],
            ["registered", "limit", "set", registered[1], "--default-limit", "20",
             "--description", "e"])
        differ.assert_same(mine, official, ignore={"id", "resource_name"})
        assert mine.data["default_limit"] == 20
        mine, official = differ.pair(["registered", "limit", "show", registered[0]],
                                     ["registered", "limit", "show", registered[1]],
                                     fmt="table")
        assert mine.stdout.replace(ours, theirs).replace(*registered) == official.stdout
        mine, official = differ.pair(
            ["registered", "limit", "list", "--service", "compute", "--resource-name", ours,
             "--region", "RegionOne"],
            ["registered", "limit", "list", "--service", "compute", "--resource-name", theirs,
             "--region", "RegionOne"])
        differ.assert_same(mine, official, ignore={"ID", "Resource Name"})

        pair = differ.pair(
            ["limit", "create", "--project", "demo", "--service", "compute",
             "--resource-limit", "5", "--region", "RegionOne", "--description", "d", ours],
            ["limit", "create", "--project", "demo", "--service", "compute",
             "--resource-limit", "5", "--region", "RegionOne", "--description", "d", theirs])
        limits = _ids(pair)
        differ.assert_same(*pair, ignore={"id", "resource_name"})
        # no registered limit for that region: Keystone's 403 for both
        mine, official = differ.pair(["limit", "create", "--project", "demo", "--service",
                                      "compute", "--resource-limit", "5", ours], fmt=None, code=1)
        assert "no corresponding registered limit" in mine.stderr
        assert "no corresponding registered limit" in official.stderr
        mine, official = differ.pair(
            ["limit", "set", limits[0], "--resource-limit", "7", "--description", "e"],
            ["limit", "set", limits[1], "--resource-limit", "7", "--description", "e"])
        differ.assert_same(mine, official, ignore={"id", "resource_name"})
        assert mine.data["resource_limit"] == 7
        mine, official = differ.pair(["limit", "show", limits[0]], ["limit", "show", limits[1]])
        differ.assert_same(mine, official, ignore={"id", "resource_name"})
        mine, official = differ.pair(
            ["limit", "list", "--project", "demo", "--service", "compute", "--resource-name",
             ours, "--region", "RegionOne"],
            ["limit", "list", "--project", "demo", "--service", "compute", "--resource-name",
             theirs, "--region", "RegionOne"])
        differ.assert_same(mine, official, ignore={"ID", "Resource Name"})
        assert len(mine.data) == 1

        # The demo member reads its project's limits, and may not change them.
        demo = Differ(differ.cloud, cloud_name="local-demo")
        for client in ("ostack", "openstack"):
            seen = demo.run(client, ["limit", "list", "--resource-name", ours])
            assert seen.code == 0 and [r["ID"] for r in seen.data] == limits[:1]
            denied = demo.run(client, ["limit", "set", limits[0], "--resource-limit", "1"])
            assert denied.code == 1 and "identity:update_limit" in denied.stderr
        # A registered limit that limits refer to cannot be deleted (403).
        differ.pair(["registered", "limit", "delete", registered[0]],
                    ["registered", "limit", "delete", registered[1]], fmt=None, code=1)

        mine, official = differ.pair(["limit", "delete", limits[0]],
                                     ["limit", "delete", limits[1]], fmt=None)
        limits = []
        mine, official = differ.pair(
            ["registered", "limit", "delete", registered[0], "nope"],
            ["registered", "limit", "delete", registered[1], "nope"], fmt=None, code=1)
        assert "1 of 2 registered limits failed to delete." in mine.stderr
        assert "1 of 2 registered limits failed to delete." in official.stderr
        registered = []
    finally:
        for ident in limits:
            differ.run("ostack", ["limit", "delete", ident], fmt=None)
        for ident in registered:
            differ.run("ostack", ["registered", "limit", "delete", ident], fmt=None)
