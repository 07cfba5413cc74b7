"""`token issue|revoke`: ostack prints what the official client prints, on the same local
cloud."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.official


def _new_token(differ) -> str:
    """A fresh project-scoped token of the admin user, straight from Keystone."""
    return differ.cloud.token()


def test_token_issue_and_revoke(differ):
    mine, official = differ.pair(["token", "issue"])
    differ.assert_same(mine, official, ignore={"id"})
    assert list(mine.data) == ["expires", "id", "project_id", "user_id"]
    differ.same("token", "issue", "-c", "project_id", "-c", "user_id", fmt="table")
    mine, official = differ.pair(["token", "revoke", _new_token(differ)],
                                 ["token", "revoke", _new_token(differ)], fmt=None)
    assert mine.stdout == official.stdout == ""
    differ.same("token", "revoke", "not-a-token", fmt="", code=1)
