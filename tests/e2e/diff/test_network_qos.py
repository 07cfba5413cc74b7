"""`network qos policy|rule|rule type *`: ostack prints what the official client prints."""

from __future__ import annotations

import uuid

import pytest
from tests.support.differential import Differ

pytestmark = pytest.mark.official



def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_qos_rule_types(differ):
    differ.same("network", "qos", "rule", "type", "list", "--all-supported")
    differ.same("network", "qos", "rule", "type", "show", "bandwidth_limit")
    differ.same("network", "qos", "rule", "type", "show", "nope", code=1)


def test_qos_policy_and_rules_lifecycle(differ):
    ours, theirs = _name("ost"), _name("osc")
    ids = {"ours": "nope-1", "theirs": "nope-1"}
    try:
        mine, official = differ.pair(
            ["network", "qos", "policy", "create", ours, "--share", "--description", "d"],
            ["network", "qos", "policy", "create", theirs, "--share", "--description", "d"])
        ids = {"ours": mine.data["id"], "theirs": official.data["id"]}
        differ.assert_same(mine, official, ignore={"id", "name"})
        # a member may not write QoS policies (admin only)
        mine, official = Differ(differ.cloud, "local-demo").pair(
            ["network", "qos", "policy", "create", _name("x")], fmt=None, code=1)
        assert "rule:create_policy is disallowed by policy" in mine.stderr
        differ.pair(["network", "qos", "policy", "set", ours, "--name", ours + "b",
                     "--no-share", "--no-default"],
                    ["network", "qos", "policy", "set", theirs, "--name", theirs + "b",
                     "--no-share", "--no-default"], fmt=None)
        ours, theirs = ours + "b", theirs + "b"
        rules = {}
        for args in (["--type", "bandwidth-limit", "--max-kbps", "1000", "--ingress"],
                     ["--type", "dscp-marking", "--dscp-mark", "10"],
                     ["--type", "minimum-bandwidth", "--min-kbps", "100", "--egress"],
                     ["--type", "minimum-packet-rate", "--min-kpps", "50", "--any"]):
            mine, official = differ.pair(["network", "qos", "rule", "create", ours, *args],
                                         ["network", "qos", "rule", "create", theirs, *args])
            differ.assert_same(mine, official, ignore={"id"})
            rules[args[1]] = (mine.data["id"], official.data["id"])
        # the client's own checks, and a rule the cloud refuses (same type and direction)
        for args in (["--type", "dscp-marking", "--max-kbps", "1"],
                     ["--type", "bandwidth-limit", "--max-kbps", "1", "--ingress"],
                     ["--type", "minimum-bandwidth", "--min-kbps", "1", "--any"]):
            mine, official = differ.pair(["network", "qos", "rule", "create", ours, *args],
                                         ["network", "qos", "rule", "create", theirs, *args],
                                         fmt=None, code=1)
            assert "Failed to create Network QoS rule" in mine.stderr
        mine_bw, theirs_bw = rules["bandwidth-limit"]
        differ.pair(["network", "qos", "rule", "set", ours, mine_bw, "--max-kbps", "2000",
                     "--max-burst-kbits", "300"],
                    ["network", "qos", "rule", "set", theirs, theirs_bw, "--max-kbps", "2000",
                     "--max-burst-kbits", "300"], fmt=None)
        mine, official = differ.pair(["network", "qos", "rule", "show", ours, mine_bw],
                                     ["network", "qos", "rule", "show", theirs, theirs_bw])
        differ.assert_same(mine, official, ignore={"id"})
        mine, official = differ.pair(["network", "qos", "rule", "list", ours],
                                     ["network", "qos", "rule", "list", theirs])
        differ.assert_same(mine, official, ignore={"ID", "QoS Policy ID"})
        mine, official = differ.pair(["network", "qos", "policy", "show", ours],
                                     ["network", "qos", "policy", "show", theirs], fmt="table")
        mine, official = differ.pair(["network", "qos", "policy", "show", ours],
                                     ["network", "qos", "policy", "show", theirs])
        differ.assert_same(mine, official, ignore={"id", "name", "rules"})
        mine, official = differ.pair(["network", "qos", "policy", "list", "--no-share"])
        assert {ours, theirs} <= {row["Name"] for row in mine.data}
        assert [r for r in mine.data if r["Name"] in (ours, theirs)] == [
            r for r in official.data if r["Name"] in (ours, theirs)]
        differ.pair(["network", "qos", "rule", "delete", ours, mine_bw],
                    ["network", "qos", "rule", "delete", theirs, theirs_bw], fmt=None)
        mine, official = differ.pair(["network", "qos", "rule", "show", ours, mine_bw],
                                     ["network", "qos", "rule", "show", theirs, theirs_bw],
                                     fmt=None, code=1)
        assert "Rule not found" in mine.stderr and "Rule not found" in official.stderr
    finally:
        mine, official = differ.pair(
            ["network", "qos", "policy", "delete", ids["ours"], "nope"],
            ["network", "qos", "policy", "delete", ids["theirs"], "nope"], fmt=None, code=1)
        assert "1 of 2 QoS policies failed to delete." in mine.stderr
        assert "1 of 2 QoS policies failed to delete." in official.stderr
