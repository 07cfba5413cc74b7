"""`hypervisor list|show` and `hypervisor stats show`: ostack prints what the official client
prints, at the latest microversion and at older ones (usage fields before 2.88, integer IDs
and a JSON string of CPU info before 2.53 and 2.28)."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.official

OLD = ("--os-compute-api-version", "2.87")


def test_hypervisor_list(differ):
    mine, _ = differ.same("hypervisor", "list")
    assert {row["Hypervisor Hostname"] for row in mine.data} >= {"compute1", "compute2"}
    differ.same("hypervisor", "list", "--long")
    differ.same("hypervisor", "list", "--matching", "compute")
    differ.same("hypervisor", "list", "--matching", "no-such-host", code=1)
    differ.same("hypervisor", "list", "--limit", "1")
    differ.same("hypervisor", "list", "--max-items", "2")
    differ.same("hypervisor", "list", "--marker", mine.data[0]["ID"])
    differ.same("hypervisor", "list", fmt="table")
    differ.same(*OLD, "hypervisor", "list", "--long")
    differ.same(*OLD, "hypervisor", "list", "--long", fmt="table")
    differ.same("--os-compute-api-version", "2.1", "hypervisor", "list", "--matching", "2")
    mine, official = differ.same("hypervisor", "list", "--matching", "x", "--limit", "1",
                                 code=1)
    for outcome in (mine, official):
        assert "--matching is not compatible with --marker or --limit" in outcome.stderr
    differ.same("--os-compute-api-version", "2.32", "hypervisor", "list", "--limit", "1",
                code=1)
    differ.same("hypervisor", "list", "--limit", "-1", code=2)


def test_hypervisor_show(differ):
    mine, _ = differ.same("hypervisor", "show", "compute1")
    assert mine.data["uptime"] and mine.data["load_average"]
    differ.same("hypervisor", "show", mine.data["id"])
    differ.same("hypervisor", "show", "compute1", fmt="table")
    differ.same(*OLD, "hypervisor", "show", "compute2")
    differ.same(*OLD, "hypervisor", "show", "compute2", fmt="table")
    differ.same("--os-compute-api-version", "2.1", "hypervisor", "show", "compute3")
    differ.same("hypervisor", "show", "no-such-hypervisor", code=1)


def test_hypervisor_show_aggregates(differ):
    name = f"hv-{uuid.uuid4().hex[:8]}"
    differ.run("openstack", ["aggregate", "create", name])
    try:
        differ.run("openstack", ["aggregate", "add", "host", name, "compute3"])
        mine, _ = differ.same("hypervisor", "show", "compute3")
        assert name in mine.data["aggregates"]
    finally:
        differ.run("openstack", ["aggregate", "remove", "host", name, "compute3"])
        differ.run("openstack", ["aggregate", "delete", name], fmt=None)


def test_hypervisor_stats_show(differ):
    mine, official = differ.same("hypervisor", "stats", "show")
    assert mine.data["count"] >= 3
    for outcome in (mine, official):
        assert "This command is deprecated." in outcome.stderr
    differ.same("hypervisor", "stats", "show", fmt="table")
    differ.same("hypervisor", "stats", "show", fmt="value")
