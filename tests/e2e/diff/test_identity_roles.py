"""`role *`, `role add|remove`, `role assignment list` and `implied role *`: ostack prints what
the official client prints, on the same local cloud."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.official


def _mine(outcome, names: set[str], column: str = "Role") -> list[dict]:
    return [row for row in outcome.data if row[column] in names]


def test_role_lifecycle_and_grants(differ):
    tag = uuid.uuid4().hex[:8]
    ours, theirs = f"ost-role-{tag}", f"osc-role-{tag}"
    user, group, project = f"role-usr-{tag}", f"role-grp-{tag}", f"role-prj-{tag}"
    differ.run("ostack", ["user", "create", user], fmt=None)
    differ.run("ostack", ["group", "create", group], fmt=None)
    differ.run("ostack", ["project", "create", project], fmt=None)
    differ.same("role", "show", "admin", fmt="table")
    differ.same("role", "list", "--domain", "default")
    try:
        mine, official = differ.pair(["role", "create", ours, "--description", "d"],
                                     ["role", "create", theirs, "--description", "d"])
        differ.assert_same(mine, official, ignore={"id", "name"})
        mine, official = differ.pair(["role", "create", ours, "--or-show"],
                                     ["role", "create", theirs, "--or-show"])
        differ.assert_same(mine, official, ignore={"id", "name"})
        differ.pair(["role", "set", ours, "--description", "e"],
                    ["role", "set", theirs, "--description", "e"], fmt=None)
        mine, official = differ.pair(["role", "show", ours], ["role", "show", theirs])
        differ.assert_same(mine, official, ignore={"id", "name"})
        assert mine.data["description"] == "e"
        # Grants: a user on a project, a group on a domain (inherited), a user on the system.
        for role, client in ((ours, "ostack"), (theirs, "openstack")):
            for grant in (["--user", user, "--project", project, "--project-domain",
                           "default"],
                          ["--group", group, "--domain", "default", "--inherited"],
                          ["--user", user, "--system", "all", "--user-domain", "default"]):
                out = differ.run(client, ["role", "add", *grant, role], fmt=None)
                assert out.code == 0, out.describe()
        differ.same("role", "assignment", "list", "--user", user, "--names", key="Role")
        differ.same("role", "assignment", "list", "--group", group, "--inherited",
                    "--domain", "default", key="Role")
        differ.same("role", "assignment", "list", "--project", project, "--effective",
                    "--names", key="Role")
        differ.same("role", "assignment", "list", "--system", "all", "--user", user,
                    key="Role")
        differ.same("role", "assignment", "list", "--role", ours, "--names", fmt="table")
        mine, official = differ.pair(["role", "assignment", "list", "--auth-user",
                                      "--auth-project", "--names"])
        differ.assert_same(mine, official, key="Role")
        # Implied roles: each created role implies reader.
        mine, official = differ.pair(
            ["implied", "role", "create", ours, "--implied-role", "reader"],
            ["implied", "role", "create", theirs, "--implied-role", "reader"])
        differ.assert_same(mine, official, ignore={"prior_role"})
        mine, official = differ.pair(["implied", "role", "list"])
        assert [r["Prior Role Name"] for r in _mine(mine, {ours, theirs}, "Prior Role Name")] \
            == [r["Prior Role Name"] for r in _mine(official, {ours, theirs},
                                                    "Prior Role Name")]
        assert len(_mine(mine, {ours, theirs}, "Prior Role Name")) == 2
        differ.pair(["implied", "role", "delete", ours, "--implied-role", "reader"],
                    ["implied", "role", "delete", theirs, "--implied-role", "reader"], fmt=None)
        differ.same("implied", "role", "delete", ours, "--implied-role", "reader", fmt="",
                    code=1)
        for role, client in ((ours, "ostack"), (theirs, "openstack")):
            for grant in (["--user", user, "--project", project],
                          ["--group", group, "--domain", "default", "--inherited"],
                          ["--user", user, "--system", "all"]):
                out = differ.run(client, ["role", "remove", *grant, role], fmt=None)
                assert out.code == 0, out.describe()
        mine, official = differ.pair(["role", "assignment", "list", "--user", user])
        assert mine.data == official.data == []
        differ.same("role", "add", ours, "--user", user, fmt="", code=1)
        mine, official = differ.pair(["role", "delete", ours, "nope-" + tag],
                                     ["role", "delete", theirs, "nope-" + tag],
                                     fmt=None, code=1)
        for out in (mine, official):
            assert "1 of 2 roles failed to delete." in out.stderr
        differ.same("role", "show", ours, code=1)
    finally:
        differ.run("ostack", ["role", "delete", ours], fmt=None)
        differ.run("openstack", ["role", "delete", theirs], fmt=None)
        differ.run("ostack", ["user", "delete", user], fmt=None)
        differ.run("ostack", ["group", "delete", group], fmt=None)
        differ.run("ostack", ["project", "delete", project], fmt=None)
