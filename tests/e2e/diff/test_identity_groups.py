"""`group *` and membership: ostack prints what the official client prints, on the same
local cloud."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.official


def test_group_lifecycle_and_membership(differ):
    tag = uuid.uuid4().hex[:8]
    ours, theirs, user = f"ost-grp-{tag}", f"osc-grp-{tag}", f"grp-usr-{tag}"
    differ.run("ostack", ["user", "create", user, "--password", "p"], fmt=None)
    try:
        mine, official = differ.pair(
            ["group", "create", ours, "--domain", "default", "--description", "d"],
            ["group", "create", theirs, "--domain", "default", "--description", "d"])
        differ.assert_same(mine, official, ignore={"id", "name"})
        mine, official = differ.pair(["group", "create", ours, "--or-show"],
                                     ["group", "create", theirs, "--or-show"])
        differ.assert_same(mine, official, ignore={"id", "name"})
        differ.pair(["group", "set", ours, "--description", "e", "--domain", "default"],
                    ["group", "set", theirs, "--description", "e", "--domain", "default"],
                    fmt=None)
        mine, official = differ.pair(["group", "show", ours, "--domain", "default"],
                                     ["group", "show", theirs, "--domain", "default"],
                                     fmt="table")
        assert mine.stdout.replace(ours, theirs).split("| id")[0] == \
            official.stdout.split("| id")[0]
        mine, official = differ.pair(["group", "add", "user", ours, user, "nope-" + tag],
                                     ["group", "add", "user", theirs, user, "nope-" + tag],
                                     fmt=None, code=1)
        assert f"1 of 2 users not added to group {ours}." in mine.stderr
        assert f"1 of 2 users not added to group {theirs}." in official.stderr
        mine, official = differ.pair(["group", "contains", "user", ours, user],
                                     ["group", "contains", "user", theirs, user], fmt=None)
        assert mine.stdout == official.stdout.replace(theirs, ours) == \
            f"{user} in group {ours}\n"
        differ.same("group", "list", "--user", user, "--long", key="ID")
        mine, official = differ.pair(["user", "list", "--group", ours, "--long"],
                                     ["user", "list", "--group", theirs, "--long"])
        differ.assert_same(mine, official)
        differ.pair(["group", "remove", "user", ours, user, "--user-domain", "default"],
                    ["group", "remove", "user", theirs, user, "--user-domain", "default"],
                    fmt=None)
        mine, official = differ.pair(["group", "contains", "user", ours, user],
                                     ["group", "contains", "user", theirs, user], fmt=None)
        assert mine.stderr == official.stderr.replace(theirs, ours) == \
            f"{user} not in group {ours}\n"
        differ.same("group", "list", "--domain", "default", "--user", user)
        mine, official = differ.pair(["group", "delete", ours, "nope-" + tag],
                                     ["group", "delete", theirs, "nope-" + tag],
                                     fmt=None, code=1)
        for out in (mine, official):
            assert "1 of 2 groups failed to delete." in out.stderr
        differ.same("group", "show", ours, code=1)
    finally:
        differ.run("ostack", ["group", "delete", ours], fmt=None)
        differ.run("openstack", ["group", "delete", theirs], fmt=None)
        differ.run("ostack", ["user", "delete", user], fmt=None)
