"""`application credential *` and `access rule *`: ostack prints what the official client
prints, on the same local cloud."""

from __future__ import annotations

import json
import uuid

import pytest

pytestmark = pytest.mark.official


def _rules(path: str) -> str:
    return json.dumps([{"method": "GET", "path": path, "service": "compute"}])


def test_application_credential_lifecycle(differ):
    tag = uuid.uuid4().hex[:8]
    ours, theirs = f"ost-ac-{tag}", f"osc-ac-{tag}"
    try:
        common = ["--role", "member", "--description", "d", "--expiration",
                  "2099-01-01T00:00:00", "--restricted"]
        mine, official = differ.pair(
            ["application", "credential", "create", ours, *common, "--secret", "s3cret",
             "--access-rules", _rules(f"/v2.1/servers/{ours}")],
            ["application", "credential", "create", theirs, *common, "--secret", "s3cret",
             "--access-rules", _rules(f"/v2.1/servers/{theirs}")])
        differ.assert_same(mine, official, ignore={"ID", "Name", "Access Rules"})
        assert mine.data["Secret"] == "s3cret"
        mine, official = differ.pair(["application", "credential", "show", ours],
                                     ["application", "credential", "show", theirs])
        differ.assert_same(mine, official, ignore={"ID", "Name", "Access Rules"})
        rule_ours = mine.data["Access Rules"][0]["id"]
        rule_theirs = official.data["Access Rules"][0]["id"]
        mine, official = differ.pair(["application", "credential", "list"])
        picked = [[r for r in out.data if r["Name"] in (ours, theirs)]
                  for out in (mine, official)]
        assert picked[0] == picked[1] and len(picked[0]) == 2
        differ.same("application", "credential", "list", "--user", "admin", "--user-domain",
                    "default", columns_only=True, fmt="table")
        differ.same("access", "rule", "show", rule_ours)
        differ.same("access", "rule", "show", rule_ours, fmt="table")
        mine, official = differ.pair(["access", "rule", "list"])
        picked = [[r for r in out.data if r["ID"] in (rule_ours, rule_theirs)]
                  for out in (mine, official)]
        assert picked[0] == picked[1] and len(picked[0]) == 2
        mine, official = differ.pair(
            ["application", "credential", "delete", ours, "nope-" + tag],
            ["application", "credential", "delete", theirs, "nope-" + tag], fmt=None, code=1)
        for out in (mine, official):
            assert "1 of 2 application credentials failed to delete." in out.stderr
        differ.same("application", "credential", "show", ours, code=1)
        mine, official = differ.pair(["access", "rule", "delete", rule_ours, "nope-" + tag],
                                     ["access", "rule", "delete", rule_theirs, "nope-" + tag],
                                     fmt=None, code=1)
        for out in (mine, official):
            assert "1 of 2 access rules failed to delete." in out.stderr
        differ.same("access", "rule", "show", rule_ours, code=1)
    finally:
        differ.run("ostack", ["application", "credential", "delete", ours], fmt=None)
        differ.run("openstack", ["application", "credential", "delete", theirs], fmt=None)
