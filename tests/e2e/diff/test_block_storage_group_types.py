"""`volume group type create|set|show|list|delete` (volume API 3.11): one lifecycle through
both clients, each on its own group type."""

from __future__ import annotations

import pytest
from tests.support.servers import unique

pytestmark = pytest.mark.official

V = ["--os-volume-api-version", "3.11"]
OWN = {"ID", "Name"}


def _masked(table: str) -> list[str]:
    """A table's lines, without the ID and name rows (each client's own)."""
    return [line for line in table.splitlines()
            if not line.startswith(("| ID ", "| Name ", "+"))]


def test_group_type_lifecycle(differ):
    ours, theirs = unique("ost-gt"), unique("osc-gt")
    try:
        mine, official = differ.pair([*V, "volume", "group", "type", "create", ours,
                                      "--private", "--description", "d"],
                                     [*V, "volume", "group", "type", "create", theirs,
                                      "--private", "--description", "d"])
        differ.assert_same(mine, official, ignore=OWN)
        set_ = ["--property", "a=b", "--property", "c=d", "--public", "--description", "e"]
        mine, official = differ.pair([*V, "volume", "group", "type", "set", ours, *set_],
                                     [*V, "volume", "group", "type", "set", theirs, *set_])
        differ.assert_same(mine, official, ignore=OWN)
        assert mine.data["Properties"] == {"a": "b", "c": "d"}
        set_ = ["--no-property", "--property", "x=y"]
        mine, official = differ.pair([*V, "volume", "group", "type", "set", ours, *set_],
                                     [*V, "volume", "group", "type", "set", theirs, *set_],
                                     fmt="table")
        assert _masked(mine.stdout) == _masked(official.stdout)
        mine, official = differ.pair([*V, "volume", "group", "type", "show", ours],
                                     [*V, "volume", "group", "type", "show", theirs])
        differ.assert_same(mine, official, ignore=OWN)
        assert mine.data["Properties"] == {"x": "y"} and mine.data["Is Public"] is True
        mine, official = differ.pair([*V, "volume", "group", "type", "list"],
                                     [*V, "volume", "group", "type", "list"])
        rows = {row["Name"]: row for row in mine.data}
        theirs_rows = {row["Name"]: row for row in official.data}
        assert {k: v for k, v in rows[ours].items() if k not in OWN} == \
            {k: v for k, v in theirs_rows[theirs].items() if k not in OWN}
        differ.same(*V, "volume", "group", "type", "list", "--default", code=1)
        mine, official = differ.pair(["--os-volume-api-version", "3.10", "volume", "group",
                                      "type", "show", ours],
                                     ["--os-volume-api-version", "3.10", "volume", "group",
                                      "type", "show", theirs], code=1)
        assert "3.11 or greater is required" in mine.stderr
        assert "3.11 or greater is required" in official.stderr
        differ.pair([*V, "volume", "group", "type", "delete", ours],
                    [*V, "volume", "group", "type", "delete", theirs], fmt=None)
        mine, official = differ.pair([*V, "volume", "group", "type", "show", ours],
                                     [*V, "volume", "group", "type", "show", theirs], code=1)
    finally:
        for name in (ours, theirs):
            differ.run("ostack", [*V, "volume", "group", "type", "delete", name], None)
