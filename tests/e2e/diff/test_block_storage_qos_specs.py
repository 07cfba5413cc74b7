"""`volume qos create|associate|set|unset|show|list|disassociate|delete`: ostack prints what
the official client prints, on the same local cloud."""

from __future__ import annotations

import pytest
from tests.support.servers import unique

pytestmark = pytest.mark.official


def test_qos_lifecycle(differ):
    ours, theirs = unique("ost"), unique("osc")
    type_ours, type_theirs = unique("ost"), unique("osc")
    try:
        for name in (type_ours, type_theirs):
            assert differ.run("ostack", ["volume", "type", "create", name]).code == 0
        create = ["--consumer", "front-end", "--property", "read_iops_sec=10"]
        mine, official = differ.pair(["volume", "qos", "create", ours, *create],
                                     ["volume", "qos", "create", theirs, *create])
        differ.assert_same(mine, official, ignore={"id", "name"})
        differ.pair(["volume", "qos", "associate", ours, type_ours],
                    ["volume", "qos", "associate", theirs, type_theirs], fmt=None)
        set_ = ["--no-property", "--property", "c=d", "--property", "e=f"]
        differ.pair(["volume", "qos", "set", ours, *set_],
                    ["volume", "qos", "set", theirs, *set_], fmt=None)
        differ.pair(["volume", "qos", "unset", ours, "--property", "c"],
                    ["volume", "qos", "unset", theirs, "--property", "c"], fmt=None)
        mine, official = differ.pair(["volume", "qos", "show", ours],
                                     ["volume", "qos", "show", theirs])
        differ.assert_same(mine, official, ignore={"id", "name", "associations"})
        assert mine.data["associations"] == [type_ours]
        assert mine.data["properties"] == {"e": "f"}
        ids = (mine.data["id"], official.data["id"])
        mine, official = differ.pair(["volume", "qos", "show", ours],
                                     ["volume", "qos", "show", theirs], fmt="table")
        assert mine.stdout.replace(ours, theirs).replace(type_ours, type_theirs).replace(
            *ids) == official.stdout
        # Other tests make QoS specs meanwhile: compare our own rows.
        mine, official = differ.pair(["volume", "qos", "list"])
        rows = [[{k: v for k, v in r.items() if k not in ("ID", "Name", "Associations")}
                 for r in out.data if r["Name"] == name]
                for out, name in ((mine, ours), (official, theirs))]
        assert len(rows[0]) == 1 and rows[0] == rows[1]
        assert list(mine.data[0]) == list(official.data[0])
        differ.pair(["volume", "qos", "disassociate", ours, "--volume-type", type_ours],
                    ["volume", "qos", "disassociate", theirs, "--volume-type", type_theirs],
                    fmt=None)
        differ.pair(["volume", "qos", "associate", ours, type_ours],
                    ["volume", "qos", "associate", theirs, type_theirs], fmt=None)
        differ.pair(["volume", "qos", "disassociate", ours, "--all"],
                    ["volume", "qos", "disassociate", theirs, "--all"], fmt=None)
        mine, official = differ.pair(["volume", "qos", "show", ours],
                                     ["volume", "qos", "show", theirs])
        differ.assert_same(mine, official, ignore={"id", "name"})
        assert "associations" not in mine.data
        mine, official = differ.pair(["volume", "qos", "delete", ours, "nope"],
                                     ["volume", "qos", "delete", theirs, "nope"],
                                     fmt=None, code=1)
        for outcome in (mine, official):
            assert "1 of 2 QoS specifications failed to delete." in outcome.stderr
    finally:
        differ.run("ostack", ["volume", "qos", "delete", "--force", ours, theirs], fmt=None)
        differ.run("ostack", ["volume", "type", "delete", type_ours, type_theirs], fmt=None)
