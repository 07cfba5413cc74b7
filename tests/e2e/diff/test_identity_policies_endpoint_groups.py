"""`policy *` and `endpoint group *` (with `endpoint group add|remove project`): ostack
prints what the official client prints, on the same local cloud."""

from __future__ import annotations

import json
import uuid

import pytest

pytestmark = pytest.mark.official


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_policy_lifecycle(differ, tmp_path):
    rules = tmp_path / "rules.json"
    rules.write_text('{"identity:list_users": "rule:admin"}\n')
    newer = tmp_path / "newer.json"
    newer.write_text('{"a": "b"}')
    mine, official = differ.pair(["policy", "create", str(rules)])
    ids = [mine.data["id"], official.data["id"]]
    try:
        differ.assert_same(mine, official, ignore={"id"})
        assert mine.data["rules"] == '{"identity:list_users": "rule:admin"}'
        for ident in ids:
            differ.pair(["policy", "set", ident, "--type", "text/plain", "--rules",
                         str(newer)], fmt=None)
        mine, official = differ.pair(["policy", "show", ids[0]], ["policy", "show", ids[1]])
        differ.assert_same(mine, official, ignore={"id"})
        assert mine.data["type"] == "text/plain" and mine.data["rules"] == '{"a": "b"}'
        mine, official = differ.same("policy", "list", "--long", key="ID")
        assert set(ids) <= {row["ID"] for row in mine.data}
        mine, official = differ.pair(["policy", "delete", ids[0], "nope"],
                                     ["policy", "delete", ids[1], "nope"], fmt=None, code=1)
        assert "1 of 2 policies failed to delete." in mine.stderr
        assert "1 of 2 policies failed to delete." in official.stderr
    finally:
        for ident in ids:
            differ.run("ostack", ["policy", "delete", ident], fmt=None)


def test_endpoint_group_lifecycle(differ, tmp_path):
    filters = tmp_path / "filters.json"
    filters.write_text(json.dumps({"interface": "public"}))
    others = tmp_path / "others.json"
    others.write_text(json.dumps({"interface": "admin", "region_id": "RegionOne"}))
    ours, theirs = _name("ost"), _name("osc")
    try:
        mine, official = differ.pair(
            ["endpoint", "group", "create", ours, str(filters), "--description", "d"],
            ["endpoint", "group", "create", theirs, str(filters), "--description", "d"])
        differ.assert_same(mine, official, ignore={"id", "name"})
        mine, official = differ.pair(["endpoint", "group", "show", ours],
                                     ["endpoint", "group", "show", theirs], fmt="table")
        assert mine.stdout.split("\n")[4] == official.stdout.split("\n")[4]  # filters
        # The official client sends the fields not given as null: Keystone refuses that.
        differ.pair(["endpoint", "group", "set", ours, "--description", "x"],
                    ["endpoint", "group", "set", theirs, "--description", "x"], fmt=None,
                    code=1)
        differ.pair(["endpoint", "group", "set", ours, "--name", ours + "b", "--filters",
                     str(others), "--description", "e"],
                    ["endpoint", "group", "set", theirs, "--name", theirs + "b", "--filters",
                     str(others), "--description", "e"], fmt=None)
        ours, theirs = ours + "b", theirs + "b"
        mine, official = differ.pair(["endpoint", "group", "show", ours],
                                     ["endpoint", "group", "show", theirs])
        differ.assert_same(mine, official, ignore={"id", "name"})
        assert mine.data["filters"] == {"interface": "admin", "region_id": "RegionOne"}
        differ.pair(["endpoint", "group", "add", "project", ours, "demo"],
                    ["endpoint", "group", "add", "project", theirs, "demo"], fmt=None)
        mine, official = differ.pair(["endpoint", "group", "list", "--endpointgroup", ours],
                                     ["endpoint", "group", "list", "--endpointgroup", theirs])
        differ.assert_same(mine, official)
        assert [row["Name"] for row in mine.data] == ["demo"]
        mine, official = differ.same("endpoint", "group", "list", "--project", "demo",
                                     key="ID")
        assert {ours, theirs} <= {row["Name"] for row in mine.data}
        differ.pair(["endpoint", "group", "remove", "project", ours, "demo"],
                    ["endpoint", "group", "remove", "project", theirs, "demo"], fmt=None)
        mine, official = differ.pair(["endpoint", "group", "list", "--endpointgroup", ours],
                                     ["endpoint", "group", "list", "--endpointgroup", theirs])
        assert mine.data == official.data == []
        mine, official = differ.pair(["endpoint", "group", "delete", ours, "nope"],
                                     ["endpoint", "group", "delete", theirs, "nope"],
                                     fmt=None, code=1)
        assert "1 of 2 endpointgroups failed to delete." in mine.stderr
        assert "1 of 2 endpointgroups failed to delete." in official.stderr
    finally:
        for name in (ours, theirs):
            differ.run("ostack", ["endpoint", "group", "delete", name], fmt=None)
