"""`flavor *`: ostack prints what the official client prints, on the same local cloud."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.official


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_flavor_list(differ):
    differ.same("flavor", "list")
    differ.same("flavor", "list", "--long")
    differ.same("flavor", "list", "--all", "--min-ram", "1024")
    differ.same("flavor", "list", "--limit", "2")
    differ.same("flavor", "list", "--long", fmt="table")
    # -c names that match no column are left out as cliff leaves them (ostack also warns on
    # stderr); only when none matches is it an error, in both clients
    differ.same("flavor", "list", "-c", "Name", "-c", "No Such Column", "-c", "ram")
    differ.same("flavor", "list", "-c", "No Such Column", code=1)
    # --sort-column: case-insensitive, underscores for spaces, unknown names left out
    differ.same("flavor", "list", "--sort-column", "nAme")
    differ.same("flavor", "list", "--sort-column", "Nope", "--sort-column", "is_public",
                "--sort-column", "RAM", "--sort-descending")
    mine, _ = differ.same("flavor", "list", "--sort-column", "Nope", fmt="table")
    assert "Warning: no column 'Nope' for --sort-column" in mine.stderr


def test_flavor_show(differ):
    differ.same("flavor", "show", "m1.tiny")
    differ.same("flavor", "show", "1", fmt="table")
    differ.same("flavor", "show", "no-such-flavor", code=1)
    differ.same("flavor", "show", "m1.tiny", "-c", "vcpus", "-c", "nope", fmt="value")


def test_flavor_create_set_unset_delete(differ):
    ours, theirs = _name("ost"), _name("osc")
    mine, official = differ.pair(
        ["flavor", "create", ours, "--ram", "128", "--vcpus", "2", "--private",
         "--property", "hw:cpu_policy=shared", "--description", "d"],
        ["flavor", "create", theirs, "--ram", "128", "--vcpus", "2", "--private",
         "--property", "hw:cpu_policy=shared", "--description", "d"])
    differ.assert_same(mine, official, ignore={"id", "name"})
    differ.pair(["flavor", "set", ours, "--property", "a=b", "--project", "demo"],
                ["flavor", "set", theirs, "--property", "a=b", "--project", "demo"], fmt=None)
    mine, official = differ.pair(["flavor", "show", ours], ["flavor", "show", theirs])
    differ.assert_same(mine, official, ignore={"id", "name", "access_project_ids"})
    assert mine.data["access_project_ids"] and official.data["access_project_ids"]
    differ.pair(["flavor", "unset", ours, "--property", "a", "--project", "demo"],
                ["flavor", "unset", theirs, "--property", "a", "--project", "demo"], fmt=None)
    mine, official = differ.pair(["flavor", "show", ours], ["flavor", "show", theirs])
    differ.assert_same(mine, official, ignore={"id", "name"})
    # Deleting one that exists and one that does not: one failure, exit 1, both say so.
    mine, official = differ.pair(["flavor", "delete", ours, "nope"],
                                 ["flavor", "delete", theirs, "nope"], fmt=None, code=1)
    assert "1 of 2 flavors failed to delete." in mine.stderr
    assert "1 of 2 flavors failed to delete." in official.stderr
