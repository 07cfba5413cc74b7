"""`volume type create|set|unset|show|list|delete`: ostack prints what the official client
prints, on the same local cloud (extra specs, project access, encryption)."""

from __future__ import annotations

import pytest
from tests.support.servers import unique

pytestmark = pytest.mark.official

IDS = {"id", "name", "encryption_id"}


def _mask_encryption(data: dict) -> dict:
    return {k: ({**v, "encryption_id": "-"} if k == "encryption" else v)
            for k, v in data.items()}


def _rows(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in row.items() if k not in ("ID", "Name")} for row in rows]


def test_volume_type_lifecycle(differ):
    ours, theirs = unique("ost"), unique("osc")
    try:
        create = ["--description", "d", "--private", "--property", "a=b", "--multiattach",
                  "--availability-zone", "nova", "--project", "demo",
                  "--encryption-provider", "luks", "--encryption-cipher", "aes-xts-plain64"]
        mine, official = differ.pair(["volume", "type", "create", ours, *create],
                                     ["volume", "type", "create", theirs, *create])
        assert _mask_encryption(mine.data) | {"id": 0, "name": 0} == (
            _mask_encryption(official.data) | {"id": 0, "name": 0})
        assert list(mine.data) == list(official.data)
        set_ = ["--property", "c=d", "--cacheable", "--project", "admin",
                "--encryption-key-size", "256", "--encryption-control-location", "back-end"]
        differ.pair(["volume", "type", "set", ours, *set_],
                    ["volume", "type", "set", theirs, *set_], fmt=None)
        for flags in (["--encryption-type"], []):
            mine, official = differ.pair(["volume", "type", "show", ours, *flags],
                                         ["volume", "type", "show", theirs, *flags])
            assert _mask_encryption(mine.data) | {"id": 0, "name": 0} == (
                _mask_encryption(official.data) | {"id": 0, "name": 0})
        assert len(mine.data["access_project_ids"]) == 2
        # --public: this cloud refuses the access flag in an update, for both clients.
        mine, official = differ.pair(["volume", "type", "set", ours, "--public"],
                                     ["volume", "type", "set", theirs, "--public"],
                                     fmt=None, code=1)
        for outcome in (mine, official):
            assert "Failed to update volume type name or description" in outcome.stderr
            assert "Command Failed: One or more of the operations failed" in outcome.stderr
        unset = ["--property", "c", "--project", "admin", "--encryption-type"]
        differ.pair(["volume", "type", "unset", ours, *unset],
                    ["volume", "type", "unset", theirs, *unset], fmt=None)
        mine, official = differ.pair(["volume", "type", "show", ours, "--encryption-type"],
                                     ["volume", "type", "show", theirs, "--encryption-type"])
        differ.assert_same(mine, official, ignore=IDS)
        assert mine.data["encryption"] == {} and "c" not in mine.data["properties"]
        # Other tests make types meanwhile: compare our own rows.
        mine, official = differ.pair(
            ["volume", "type", "list", "--long", "--encryption-type", "--private"])
        rows = [[r for r in out.data if r["Name"] == name]
                for out, name in ((mine, ours), (official, theirs))]
        assert len(rows[0]) == 1 and _rows(rows[0]) == _rows(rows[1])
        assert list(mine.data[0]) == list(official.data[0])
        differ.same("volume", "type", "list", "--default")
        differ.same("volume", "type", "list", "--default", "--long", fmt="table")
        mine, official = differ.pair(
            ["--os-volume-api-version", "3.51", "volume", "type", "list", "--cacheable"],
            fmt=None, code=1)
        for outcome in (mine, official):
            assert "--os-volume-api-version 3.52 or greater is required" in outcome.stderr
        mine, official = differ.pair(["volume", "type", "delete", ours, "nope"],
                                     ["volume", "type", "delete", theirs, "nope"],
                                     fmt=None, code=1)
        for outcome in (mine, official):
            assert "1 of 2 volume types failed to delete." in outcome.stderr
    finally:
        differ.run("ostack", ["volume", "type", "delete", ours, theirs], fmt=None)
