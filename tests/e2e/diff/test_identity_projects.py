"""`project *`: ostack prints what the official client prints, on the same local cloud."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.official


def test_project_lifecycle(differ):
    tag = f"t-{uuid.uuid4().hex[:8]}"
    ours, theirs = f"ost-prj-{tag}", f"osc-prj-{tag}"
    differ.same("project", "show", "admin", fmt="table")
    differ.same("project", "list", "--my-projects", "--long")
    try:
        mine, official = differ.pair(
            ["project", "create", ours, "--domain", "default", "--description", "d",
             "--property", "k=v", "--tag", tag, "--tag", "x"],
            ["project", "create", theirs, "--domain", "default", "--description", "d",
             "--property", "k=v", "--tag", tag, "--tag", "x"])
        differ.assert_same(mine, official, ignore={"id", "name", "tags"})
        assert sorted(mine.data["tags"]) == sorted(official.data["tags"]) == sorted([tag, "x"])
        child_ours, child_theirs = ours + "-c", theirs + "-c"
        differ.pair(["project", "create", child_ours, "--parent", ours, "--disable"],
                    ["project", "create", child_theirs, "--parent", theirs, "--disable"])
        mine, official = differ.pair(["project", "show", ours, "--children", "--parents"],
                                     ["project", "show", theirs, "--children", "--parents"])
        differ.assert_same(mine, official, ignore={"id", "name", "tags", "subtree"})
        differ.pair(["project", "set", ours, "--description", "e", "--disable", "--property",
                     "k2=v2", "--tag", "y", "--domain", "default"],
                    ["project", "set", theirs, "--description", "e", "--disable", "--property",
                     "k2=v2", "--tag", "y", "--domain", "default"], fmt=None)
        differ.pair(["project", "set", ours, "--remove-tag", "x"],
                    ["project", "set", theirs, "--remove-tag", "x"], fmt=None)
        mine, official = differ.pair(["project", "show", ours], ["project", "show", theirs],
                                     fmt="table")
        assert mine.stdout.replace(ours, theirs).split("| id")[0] == \
            official.stdout.split("| id")[0]
        # Both clients list the same projects (filtered by this test's tag).
        differ.same("project", "list", "--tags", tag, "--long", "--sort", "name:desc")
        differ.same("project", "list", "--tags-any", f"{tag},nope", "--disabled", "--domain",
                    "default", key="ID")
        differ.same("project", "list", "--parent", ours, "--long")
        differ.same("project", "list", "--not-tags", "x", "--tags", tag)
        mine, official = differ.pair(["project", "delete", child_ours, "nope-" + tag],
                                     ["project", "delete", child_theirs, "nope-" + tag],
                                     fmt=None, code=1)
        for out in (mine, official):
            assert "1 of 2 projects failed to delete." in out.stderr
        differ.pair(["project", "delete", ours], ["project", "delete", theirs], fmt=None)
        differ.same("project", "show", ours, code=1)
    finally:
        for client, name in (("ostack", ours), ("openstack", theirs)):
            differ.run(client, ["project", "delete", name + "-c", name], fmt=None)
