"""`aggregate *`: ostack prints what the official client prints, on the same local cloud.

Each client works on its own aggregate; both aggregates share one zone, so that a host may
sit in both. Differences masked: ids, names and the `uuid` after an action (the official
client reads action answers at microversion 2.1, where Nova sends no uuid).
"""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.official

MASK = {"id", "name", "uuid", "ID", "UUID", "Name"}


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def aggregates(differ):
    """Two aggregates (ostack's, the official client's) in one zone; deleted afterwards."""
    zone = _name("zone")
    ours, theirs = _name("ost"), _name("osc")
    mine, official = differ.pair(["aggregate", "create", ours, "--zone", zone,
                                  "--property", "a=1", "--property", "b=2"],
                                 ["aggregate", "create", theirs, "--zone", zone,
                                  "--property", "a=1", "--property", "b=2"])
    differ.assert_same(mine, official, ignore=MASK)
    assert mine.data["properties"] == {"a": "1", "b": "2", "availability_zone": zone}
    yield ours, theirs, zone
    for name in (ours, theirs):
        differ.run("openstack", ["aggregate", "remove", "host", name, "compute1"])
        differ.run("openstack", ["aggregate", "delete", name], fmt=None)


def test_aggregate_create_without_zone_and_delete(differ):
    ours, theirs = _name("ost"), _name("osc")
    mine, official = differ.pair(["aggregate", "create", ours],
                                 ["aggregate", "create", theirs])
    differ.assert_same(mine, official, ignore={"id", "name", "uuid"})
    assert mine.data["uuid"] and official.data["uuid"]
    # One that exists and one that does not: one failure, exit 1, both say so.
    mine, official = differ.pair(["aggregate", "delete", ours, "no-such-aggregate"],
                                 ["aggregate", "delete", theirs, "no-such-aggregate"],
                                 fmt=None, code=1)
    for outcome in (mine, official):
        assert "1 of 2 aggregates failed to delete." in outcome.stderr
        assert "no-such-aggregate" in outcome.stderr


def test_aggregate_list_show(differ, aggregates):
    ours, theirs, zone = aggregates
    differ.same("aggregate", "list")
    differ.same("aggregate", "list", "--long")
    differ.same("aggregate", "list", "--long", "--availability-zone", zone)
    differ.same("aggregate", "list", "--long", fmt="table")
    mine, official = differ.pair(["aggregate", "show", ours], ["aggregate", "show", theirs])
    differ.assert_same(mine, official, ignore=MASK)
    assert mine.data["properties"] == {"a": "1", "b": "2"}
    differ.same("aggregate", "show", ours, fmt="table", ignore=MASK, columns_only=True)
    differ.same("aggregate", "show", "no-such-aggregate", code=1)


def test_aggregate_hosts(differ, aggregates):
    ours, theirs, _ = aggregates
    mine, official = differ.pair(["aggregate", "add", "host", ours, "compute1"],
                                 ["aggregate", "add", "host", theirs, "compute1"])
    differ.assert_same(mine, official, ignore=MASK)
    assert mine.data["hosts"] == ["compute1"]
    mine, official = differ.pair(["aggregate", "list", "--long", "--host", "compute1"])
    assert {row["Name"] for row in mine.data} >= {ours, theirs}
    differ.assert_same(mine, official)
    # Nova names the unknown host; both exit 1.
    mine, official = differ.pair(["aggregate", "add", "host", ours, "no-such-host"],
                                 ["aggregate", "add", "host", theirs, "no-such-host"],
                                 code=1)
    assert "no-such-host could not be found" in mine.stderr
    assert "no-such-host could not be found" in official.stderr
    mine, official = differ.pair(["aggregate", "remove", "host", ours, "compute1"],
                                 ["aggregate", "remove", "host", theirs, "compute1"])
    differ.assert_same(mine, official, ignore=MASK)
    assert mine.data["hosts"] == []
    differ.pair(["aggregate", "remove", "host", ours, "compute1"],
                ["aggregate", "remove", "host", theirs, "compute1"], code=1)


def test_aggregate_set_unset(differ, aggregates):
    ours, theirs, zone = aggregates
    renamed = (f"{ours}-x", f"{theirs}-x")
    differ.pair(["aggregate", "set", ours, "--name", renamed[0], "--no-property",
                 "--property", "c=3"],
                ["aggregate", "set", theirs, "--name", renamed[1], "--no-property",
                 "--property", "c=3"], fmt=None)
    mine, official = differ.pair(["aggregate", "show", renamed[0]],
                                 ["aggregate", "show", renamed[1]])
    differ.assert_same(mine, official, ignore=MASK)
    assert mine.data["properties"] == {"c": "3"}
    assert mine.data["availability_zone"] == zone
    differ.pair(["aggregate", "set", renamed[0], "--name", ours, "--property", "d=4"],
                ["aggregate", "set", renamed[1], "--name", theirs, "--property", "d=4"],
                fmt=None)
    differ.pair(["aggregate", "unset", ours, "--property", "c"],
                ["aggregate", "unset", theirs, "--property", "c"], fmt=None)
    mine, official = differ.pair(["aggregate", "show", ours], ["aggregate", "show", theirs])
    differ.assert_same(mine, official, ignore=MASK)
    assert mine.data["properties"] == {"d": "4"}
    differ.pair(["aggregate", "set", "no-such-aggregate", "--property", "a=b"], fmt=None,
                code=1)


def test_aggregate_cache_image(differ, aggregates):
    ours, theirs, _ = aggregates
    image = "cirros-0.6.2-x86_64-disk"
    mine, official = differ.pair(["aggregate", "cache", "image", ours, image],
                                 ["aggregate", "cache", "image", theirs, image], fmt=None)
    assert mine.stdout == official.stdout == ""
    differ.pair(["aggregate", "cache", "image", ours, "no-such-image"],
                ["aggregate", "cache", "image", theirs, "no-such-image"], fmt=None, code=1)
    # Before 2.81 neither client sends the request.
    mine, official = differ.pair(
        ["--os-compute-api-version", "2.80", "aggregate", "cache", "image", ours, image],
        ["--os-compute-api-version", "2.80", "aggregate", "cache", "image", theirs, image],
        fmt=None, code=1)
    for outcome in (mine, official):
        assert "requires server support for API microversion 2.81" in outcome.stderr


def test_aggregate_list_before_2_41(differ, aggregates):
    differ.same("--os-compute-api-version", "2.40", "aggregate", "list", "--long")
