"""`user *` and `user password set`: ostack prints what the official client prints, on the
same local cloud."""

from __future__ import annotations

import uuid

import pytest
from tests.support.differential import Differ

pytestmark = pytest.mark.official


def test_user_lifecycle(differ):
    tag = uuid.uuid4().hex[:8]
    ours, theirs = f"ost-usr-{tag}", f"osc-usr-{tag}"
    differ.same("user", "show", "admin", fmt="table")
    differ.same("user", "show", "demo", "--domain", "default")
    try:
        create = ["--password", "pw-1", "--email", "a@example.com", "--description", "d",
                  "--project", "demo", "--project-domain", "default", "--domain", "default",
                  "--ignore-password-expiry", "--disable-multi-factor-auth"]
        mine, official = differ.pair(["user", "create", ours, *create],
                                     ["user", "create", theirs, *create])
        differ.assert_same(mine, official, ignore={"id", "name"})
        mine, official = differ.pair(["user", "create", ours, "--or-show"],
                                     ["user", "create", theirs, "--or-show"])
        differ.assert_same(mine, official, ignore={"id", "name"})
        assert "No password was supplied" in mine.stderr and "No password" in official.stderr
        change = ["--email", "b@example.com", "--description", "e", "--disable",
                  "--enable-lock-password", "--project", "admin"]
        differ.pair(["user", "set", ours, *change], ["user", "set", theirs, *change], fmt=None)
        mine, official = differ.pair(["user", "show", ours], ["user", "show", theirs])
        differ.assert_same(mine, official, ignore={"id", "name"})
        assert not mine.data["enabled"] and mine.data["email"] == "b@example.com"
        differ.pair(["user", "set", ours, "--enable"], ["user", "set", theirs, "--enable"],
                    fmt=None)
        # Each user changes its own password (a token of its own, on the demo project).
        for name in (ours, theirs):
            differ.run("ostack", ["role", "add", "--user", name, "--project", "demo", "member"],
                       fmt=None)
        as_user = ["--os-project-name", "demo", "--os-project-domain-name", "Default",
                   "--os-user-domain-name", "Default"]
        differ.pair(
            ["--os-username", ours, "--os-password", "pw-1", *as_user, "user", "password",
             "set", "--original-password", "pw-1", "--password", "pw-2"],
            ["--os-username", theirs, "--os-password", "pw-1", *as_user, "user", "password",
             "set", "--original-password", "pw-1", "--password", "pw-2"], fmt=None)
        differ.pair(
            ["--os-username", ours, "--os-password", "pw-2", *as_user, "user", "password",
             "set", "--original-password", "wrong", "--password", "pw-3"],
            ["--os-username", theirs, "--os-password", "pw-2", *as_user, "user", "password",
             "set", "--original-password", "wrong", "--password", "pw-3"], fmt=None, code=1)
        differ.same("user", "list", "--project", "demo", "--limit", "1", code=1)
        member = Differ(differ.cloud, "local-demo")
        member.same("user", "create", f"m-{tag}", code=1)
        mine, official = differ.pair(["user", "delete", ours, "nope-" + tag],
                                     ["user", "delete", theirs, "nope-" + tag],
                                     fmt=None, code=1)
        for out in (mine, official):
            assert "1 of 2 users failed to delete." in out.stderr
        differ.same("user", "show", ours, code=1)
    finally:
        for client, name in (("ostack", ours), ("openstack", theirs)):
            differ.run(client, ["user", "delete", name], fmt=None)

