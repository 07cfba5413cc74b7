"""`limits show`: compute and block storage limits, as the official client prints them.

Without --project the official client asks Nova for `tenant_id=None` (openstacksdk sends the
literal None), so Nova reports the usage of a project named "None"; ostack asks for the
current project's. The limits agree; the `*used` values are compared only with --project.
"""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.official


@pytest.fixture(scope="module")
def project(differ):
    """A project of its own, so that its usage is known (none)."""
    name = f"limits-{uuid.uuid4().hex[:8]}"
    made = differ.run("openstack", ["project", "create", name])
    assert made.code == 0, made.describe()
    yield name
    differ.run("openstack", ["project", "delete", name], fmt=None)


def test_limits_show_absolute_of_a_project(differ, project):
    mine, _ = differ.same("limits", "show", "--absolute", "--project", project)
    names = {row["Name"] for row in mine.data}
    assert {"maxTotalInstances", "max_total_volumes"} & names or {
        "max_total_instances", "max_total_volumes"} <= names
    differ.same("limits", "show", "--absolute", "--reserved", "--project", project,
                "--project-domain", "default")
    differ.same("limits", "show", "--absolute", "--project", project, fmt="table")


def test_limits_show_absolute_of_the_current_project(differ):
    mine, official = differ.pair(["limits", "show", "--absolute"])
    ours = {row["Name"]: row["Value"] for row in mine.data}
    theirs = {row["Name"]: row["Value"] for row in official.data}
    assert list(ours) == list(theirs)
    limits = [name for name in ours if "used" not in name]
    assert {n: ours[n] for n in limits} == {n: theirs[n] for n in limits}


def test_limits_show_rate(differ, project):
    mine, official = differ.same("limits", "show", "--rate")
    assert mine.data == official.data == []  # the local cloud has no rate limits
    differ.same("limits", "show", "--rate", fmt="csv", columns_only=True)


def test_limits_show_needs_a_kind(differ):
    mine, official = differ.same("limits", "show", code=2)
    assert "one of the arguments --absolute --rate is required" in mine.stderr
    assert "one of the arguments --absolute --rate is required" in official.stderr
    differ.same("limits", "show", "--absolute", "--rate", code=2)


def test_limits_show_unknown_project(differ):
    differ.same("limits", "show", "--absolute", "--project", "no-such-project", code=1)
