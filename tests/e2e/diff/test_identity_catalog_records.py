"""`service *`, `endpoint *` (with `endpoint add|remove project`) and `region *`: ostack
prints what the official client prints, on the same local cloud."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.official


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_catalog_reads(differ):
    differ.same("service", "list", "--long", key="ID")
    differ.same("service", "show", "nova", fmt="table")
    differ.same("endpoint", "list", "--service", "compute", "--interface", "public")
    differ.same("region", "show", "RegionOne")


def test_service_endpoint_region_lifecycle(differ):
    ours, theirs = _name("ost"), _name("osc")  # service types, and region IDs
    try:
        mine, official = differ.pair(
            ["region", "create", ours, "--description", "r"],
            ["region", "create", theirs, "--description", "r"])
        differ.assert_same(mine, official, ignore={"region"})
        mine, official = differ.pair(
            ["region", "create", ours + "-sub", "--parent-region", ours],
            ["region", "create", theirs + "-sub", "--parent-region", theirs])
        differ.assert_same(mine, official, ignore={"region", "parent_region"})
        differ.pair(["region", "set", ours + "-sub", "--description", "child"],
                    ["region", "set", theirs + "-sub", "--description", "child"], fmt=None)
        mine, official = differ.pair(["region", "list", "--parent-region", ours],
                                     ["region", "list", "--parent-region", theirs])
        differ.assert_same(mine, official, ignore={"Region", "Parent Region"})
        assert mine.data[0]["Description"] == "child"

        mine, official = differ.pair(
            ["service", "create", ours, "--name", ours, "--description", "d", "--disable"],
            ["service", "create", theirs, "--name", theirs, "--description", "d",
             "--disable"])
        differ.assert_same(mine, official, ignore={"id", "name", "type"})
        differ.pair(["service", "set", ours, "--enable", "--description", "e"],
                    ["service", "set", theirs, "--enable", "--description", "e"], fmt=None)
        mine, official = differ.pair(["service", "show", ours], ["service", "show", theirs])
        differ.assert_same(mine, official, ignore={"id", "name", "type"})
        assert mine.data["enabled"] is True and mine.data["description"] == "e"

        mine, official = differ.pair(
            ["endpoint", "create", ours, "public", "http://example.com/a", "--region", ours],
            ["endpoint", "create", theirs, "public", "http://example.com/a", "--region",
             theirs])
        skip = {"id", "service_id", "service_name", "service_type", "region", "region_id"}
        differ.assert_same(mine, official, ignore=skip)
        ep_ours, ep_theirs = mine.data["id"], official.data["id"]
        differ.pair(["endpoint", "set", ep_ours, "--url", "http://example.com/b", "--disable",
                     "--interface", "internal"],
                    ["endpoint", "set", ep_theirs, "--url", "http://example.com/b",
                     "--disable", "--interface", "internal"], fmt=None)
        mine, official = differ.pair(["endpoint", "show", ep_ours],
                                     ["endpoint", "show", ep_theirs])
        differ.assert_same(mine, official, ignore=skip)
        assert mine.data["enabled"] is False and mine.data["interface"] == "internal"
        mine, official = differ.pair(["endpoint", "list", "--service", ours],
                                     ["endpoint", "list", "--service", theirs])
        differ.assert_same(mine, official, ignore={"ID", "Region", "Service Name",
                                                   "Service Type"})

        # OS-EP-FILTER: an endpoint given to a project, listed both ways, taken back.
        differ.pair(["endpoint", "add", "project", ep_ours, "demo"],
                    ["endpoint", "add", "project", ep_theirs, "demo"], fmt=None)
        mine, official = differ.pair(["endpoint", "list", "--endpoint", ep_ours],
                                     ["endpoint", "list", "--endpoint", ep_theirs])
        differ.assert_same(mine, official)
        mine, official = differ.same("endpoint", "list", "--project", "demo", key="ID")
        assert {ep_ours, ep_theirs} <= {row["ID"] for row in mine.data}
        differ.pair(["endpoint", "remove", "project", ep_ours, "demo"],
                    ["endpoint", "remove", "project", ep_theirs, "demo"], fmt=None)
        mine, official = differ.pair(["endpoint", "remove", "project", ep_ours, "demo"],
                                     ["endpoint", "remove", "project", ep_theirs, "demo"],
                                     fmt=None, code=1)
        assert "not found in project" in mine.stderr and "not found in project" in \
            official.stderr

        mine, official = differ.pair(["endpoint", "delete", ep_ours, "nope"],
                                     ["endpoint", "delete", ep_theirs, "nope"], fmt=None,
                                     code=1)
        assert "1 of 2 endpoints failed to delete." in mine.stderr
        assert "1 of 2 endpoints failed to delete." in official.stderr
        mine, official = differ.pair(["service", "delete", ours, "nope"],
                                     ["service", "delete", theirs, "nope"], fmt=None, code=1)
        assert "1 of 2 services failed to delete." in mine.stderr
        assert "1 of 2 services failed to delete." in official.stderr
        # A region already gone is no failure for `region delete` (the SDK ignores a 404).
        differ.pair(["region", "delete", ours + "-sub", ours, "nope"],
                    ["region", "delete", theirs + "-sub", theirs, "nope"], fmt=None)
    finally:
        for name in (ours, theirs):
            differ.run("ostack", ["service", "delete", name], fmt=None)
            differ.run("ostack", ["region", "delete", name + "-sub", name], fmt=None)
