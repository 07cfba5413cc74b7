"""`token issue|revoke`: ostack prints what the official client prints, on the same local
cloud."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.official


def _new_token(differ) -> str:
    """A fresh project-scoped token of the admin user, straight from Keystone."""
    import yaml

    auth = yaml.safe_load(differ.cloud.clouds_yaml.read_text())["clouds"]["local"]["auth"]
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": auth["username"], "password": auth["password"],
        "domain": {"name": auth.get("user_domain_name", "Default")}}}},
        "scope": {"project": {"name": auth["project_name"],
                              "domain": {"name": auth.get("project_domain_name", "Default")}}}}}
    resp = httpx.post(auth["auth_url"].rstrip("/") + "/v3/auth/tokens", json=body)
    resp.raise_for_status()
    return resp.headers["X-Subject-Token"]


def test_token_issue_and_revoke(differ):
    mine, official = differ.pair(["token", "issue"])
    differ.assert_same(mine, official, ignore={"id"})
    assert list(mine.data) == ["expires", "id", "project_id", "user_id"]
    differ.same("token", "issue", "-c", "project_id", "-c", "user_id", fmt="table")
    mine, official = differ.pair(["token", "revoke", _new_token(differ)],
                                 ["token", "revoke", _new_token(differ)], fmt=None)
    assert mine.stdout == official.stdout == ""
    differ.same("token", "revoke", "not-a-token", fmt="", code=1)
