"""`security group default statefulness *`: ostack prints what the official client prints."""

from __future__ import annotations

import pytest
from tests.support.differential import Differ

pytestmark = pytest.mark.official

CMD = ["security", "group", "default", "statefulness"]


def test_default_statefulness_lifecycle(differ):
    made: list[str] = []
    try:
        # one setting per project: ostack makes demo's, the official client admin's
        mine, official = differ.pair([*CMD, "create", "--stateless", "--project", "demo"],
                                     [*CMD, "create", "--stateless", "--project", "admin"])
        made += [mine.data["id"], official.data["id"]]
        differ.assert_same(mine, official, ignore={"id", "project_id"})
        differ.pair([*CMD, "create", "--stateful", "--project", "demo"], fmt=None, code=1)
        differ.pair([*CMD, "set", made[0], "--stateful"],
                    [*CMD, "set", made[1], "--stateful"], fmt=None)
        mine, _ = differ.same(*CMD, "show", made[0])
        assert mine.data["stateful"] is True
        differ.same(*CMD, "show", made[1], fmt="table")
        mine, _ = differ.same(*CMD, "list", "--project", "demo")
        assert [row["ID"] for row in mine.data] == [made[0]], (mine.describe(), made)
        # a member reads its own project's setting, but may not change it
        demo = Differ(differ.cloud, "local-demo")
        demo.same(*CMD, "list")
        demo.pair([*CMD, "set", made[0], "--stateless"], fmt=None, code=1)
    finally:
        mine, official = differ.pair([*CMD, "delete", made[0], "nope"] if made else
                                     [*CMD, "delete", "nope", "nope2"],
                                     [*CMD, "delete", made[1], "nope"] if made else
                                     [*CMD, "delete", "nope", "nope2"], fmt=None, code=1)
        if made:
            for outcome in (mine, official):
                assert "1 of 2 default statefulness settings failed to delete." in \
                    outcome.stderr
