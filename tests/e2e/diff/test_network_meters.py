"""`network meter *` and `network meter rule *`: ostack prints what the official client
prints, on the same local cloud."""

from __future__ import annotations

import uuid

import pytest
from tests.support.differential import Differ

pytestmark = pytest.mark.official


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_meter_and_rules_lifecycle(differ):
    ours, theirs = _name("ost"), _name("osc")
    ids = {"ours": "nope-1", "theirs": "nope-1"}
    try:
        mine, official = differ.pair(
            ["network", "meter", "create", ours, "--share", "--description", "d"],
            ["network", "meter", "create", theirs, "--share", "--description", "d"])
        ids = {"ours": mine.data["id"], "theirs": official.data["id"]}
        differ.assert_same(mine, official, ignore={"id", "name"})
        mine, official = differ.pair(["network", "meter", "show", ours],
                                     ["network", "meter", "show", theirs], fmt="table")
        # metering is for admins only
        mine, official = Differ(differ.cloud, "local-demo").pair(
            ["network", "meter", "create", _name("x")], fmt=None, code=1)
        assert "rule:create_metering_label is disallowed by policy" in mine.stderr
        rules = []
        for args in (["--remote-ip-prefix", "10.1.0.0/24", "--exclude"],
                     ["--source-ip-prefix", "10.2.0.0/24", "--destination-ip-prefix",
                      "10.3.0.0/24", "--egress"]):
            mine, official = differ.pair(["network", "meter", "rule", "create", ours, *args],
                                         ["network", "meter", "rule", "create", theirs, *args])
            differ.assert_same(mine, official, ignore={"id", "metering_label_id"})
            rules.append((mine.data["id"], official.data["id"]))
        mine, official = differ.pair(
            ["network", "meter", "rule", "create", ours, "--remote-ip-prefix", "10.0.0.0/8",
             "--source-ip-prefix", "10.0.0.0/8"],
            ["network", "meter", "rule", "create", theirs, "--remote-ip-prefix", "10.0.0.0/8",
             "--source-ip-prefix", "10.0.0.0/8"], fmt=None, code=1)
        assert "Cannot use 'remote-ip-prefix'" in mine.stderr
        mine, official = differ.pair(["network", "meter", "rule", "show", rules[0][0]],
                                     ["network", "meter", "rule", "show", rules[0][1]])
        differ.assert_same(mine, official, ignore={"id", "metering_label_id"})
        for outcome in differ.pair(["network", "meter", "rule", "list"]):
            assert {r for pair in rules for r in pair} <= {row["ID"] for row in outcome.data}
        differ.same("network", "meter", "rule", "list", key="ID")
        differ.same("network", "meter", "list", key="ID")
        differ.same("network", "meter", "list", fmt="table", columns_only=True)
        mine, official = differ.pair(
            ["network", "meter", "rule", "delete", rules[0][0], "nope"],
            ["network", "meter", "rule", "delete", rules[0][1], "nope"], fmt=None, code=1)
        for outcome in (mine, official):
            assert "1 of 2 meter rules failed to delete." in outcome.stderr
    finally:
        mine, official = differ.pair(["network", "meter", "delete", ids["ours"], "nope"],
                                     ["network", "meter", "delete", ids["theirs"], "nope"],
                                     fmt=None, code=1)
        for outcome in (mine, official):
            assert "1 of 2 meters failed to delete." in outcome.stderr
