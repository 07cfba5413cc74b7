"""`quota show|set|list|delete`: compute, block storage and network quotas, printed in the
official client's order and names (`key-pairs`, `per-volume-gigabytes` ...)."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.official


@pytest.fixture
def projects(differ):
    """Two new projects: one for ostack to change, one for the official client."""
    names = [f"quota-{who}-{uuid.uuid4().hex[:8]}" for who in ("ost", "osc")]
    for name in names:
        made = differ.run("openstack", ["project", "create", name])
        assert made.code == 0, made.describe()
    yield names
    for name in names:
        differ.run("openstack", ["project", "delete", name], fmt=None)


def _show_same(differ, ours, theirs, *options):
    mine, official = differ.pair(["quota", "show", ours, *options],
                                 ["quota", "show", theirs, *options])
    differ.assert_same(mine, official)
    return mine


def test_quota_show(differ):
    mine, _ = differ.same("quota", "show")
    resources = [row["Resource"] for row in mine.data]
    assert {"cores", "key-pairs", "volumes", "per-volume-gigabytes", "ports",
            "floating_ips"} <= set(resources)
    differ.same("quota", "show", "--usage")
    differ.same("quota", "show", "--default")
    differ.same("quota", "show", "demo", "--compute")
    differ.same("quota", "show", "--volume", "--usage")
    differ.same("quota", "show", "--network", "--usage")
    differ.same("quota", "show", "--network", "--default", fmt="table")


def test_quota_show_refuses_what_the_official_refuses(differ):
    differ.same("quota", "show", "no-such-project", code=1)
    mine, official = differ.same("quota", "show", "--usage", "--default", code=2)
    assert "not allowed with argument" in mine.stderr


def test_quota_set_show_list_delete(differ, projects):
    ours, theirs = projects
    options = ["--cores", "7", "--ram", "1024", "--key-pairs", "5", "--properties", "64",
               "--volumes", "3", "--per-volume-gigabytes", "11", "--backups", "4",
               "--networks", "4", "--floating-ips", "9", "--secgroup-rules", "50"]
    differ.pair(["quota", "set", ours, *options], ["quota", "set", theirs, *options],
                fmt=None)
    shown = _show_same(differ, ours, theirs)
    limits = {row["Resource"]: row["Limit"] for row in shown.data}
    assert limits["cores"] == 7 and limits["per-volume-gigabytes"] == 11
    assert limits["floating_ips"] == 9 and limits["security_group_rules"] == 50
    typed = ["--volume-type", "lvmdriver-1", "--gigabytes", "33", "--snapshots", "4"]
    differ.pair(["quota", "set", ours, *typed], ["quota", "set", theirs, *typed], fmt=None)
    shown = _show_same(differ, ours, theirs, "--volume")
    assert {"Resource": "gigabytes_lvmdriver-1", "Limit": 33} in shown.data
    differ.pair(["quota", "set", ours, "--instances", "2", "--force", "--routers", "3"],
                ["quota", "set", theirs, "--instances", "2", "--force", "--routers", "3"],
                fmt=None)
    _show_same(differ, ours, theirs)
    for service in ("--compute", "--volume", "--network"):
        mine, _ = differ.same("quota", "list", service)
        listed = {row["Project ID"] for row in mine.data}
        assert len(listed) >= 2, "both changed projects are listed"
    differ.pair(["quota", "delete", ours, "--volume"], ["quota", "delete", theirs, "--volume"],
                fmt=None)
    shown = _show_same(differ, ours, theirs, "--volume")
    assert {"Resource": "volumes", "Limit": 10} in shown.data
    differ.pair(["quota", "delete", ours], ["quota", "delete", theirs], fmt=None)
    back = _show_same(differ, ours, theirs)
    mine, _ = differ.pair(["quota", "show", "--default"])
    assert back.data == mine.data


def test_quota_set_default_class(differ):
    before = differ.run("openstack", ["quota", "show", "--default", "--compute"]).data
    cores = {row["Resource"]: row["Limit"] for row in before}["cores"]
    try:
        mine = differ.run("ostack", ["quota", "set", "--default", "--cores", str(cores + 3),
                                     "--networks", "5"], fmt=None)
        assert mine.code == 0, mine.describe()
        assert mine.stderr == "Network quotas are ignored since quota classes are not " \
                              "supported."
        after = differ.run("openstack", ["quota", "show", "--default", "--compute"]).data
        assert {"Resource": "cores", "Limit": cores + 3} in after
    finally:
        differ.run("openstack", ["quota", "set", "--default", "--cores", str(cores)], fmt=None)
    mine, official = differ.pair(["quota", "set", "--class", "--cores", "1", "--force"],
                                 fmt=None, code=1)
    assert "--force cannot be used with --class or --default" in mine.stderr
    assert "'--class' option has been deprecated" in official.stderr
    assert "'--class' option has been deprecated" in mine.stderr


def test_quota_list_needs_a_service(differ):
    mine, official = differ.same("quota", "list", code=2)
    assert "one of the arguments --compute --volume --network is required" in mine.stderr
    mine, official = differ.pair(["quota", "delete", "no-such-project"], fmt=None, code=1)
    assert "no-such-project" in mine.stderr and "no-such-project" in official.stderr
