"""`server group create|delete|list|show`: ostack prints server groups as the official
client does (`policy` and `rules` at 2.64+, `policies` before)."""

from __future__ import annotations

import pytest
from tests.support.servers import unique

pytestmark = pytest.mark.official


def test_server_group_lifecycle(differ):
    ours, theirs = unique("sgo"), unique("sgt")
    mine, official = differ.pair(
        ["server", "group", "create", ours, "--policy", "anti-affinity", "--rule",
         "max_server_per_host=2"],
        ["server", "group", "create", theirs, "--policy", "anti-affinity", "--rule",
         "max_server_per_host=2"])
    differ.assert_same(mine, official, ignore={"id", "name"})
    assert mine.data["rules"] == {"max_server_per_host": 2}
    mine, official = differ.pair(["server", "group", "create", ours + "-old"],
                                 ["server", "group", "create", theirs + "-old"],
                                 fmt="table")
    assert mine.stdout.splitlines()[3:] != [] and (
        [line.split("|")[1] for line in mine.stdout.splitlines() if "|" in line]
        == [line.split("|")[1] for line in official.stdout.splitlines() if "|" in line])
    mine, official = differ.pair(
        ["--os-compute-api-version", "2.63", "server", "group", "create", ours + "-63",
         "--policy", "soft-affinity"],
        ["--os-compute-api-version", "2.63", "server", "group", "create", theirs + "-63",
         "--policy", "soft-affinity"])
    differ.assert_same(mine, official, ignore={"id", "name"})
    assert mine.data["policies"] == ["soft-affinity"]
    differ.same("server", "group", "show", ours)
    differ.same("server", "group", "show", ours, fmt="table")
    differ.same("--os-compute-api-version", "2.63", "server", "group", "show", theirs)
    differ.same("server", "group", "list")
    differ.same("server", "group", "list", "--long", fmt="table")
    differ.same("server", "group", "list", "--all-projects", "--long")
    differ.same("--os-compute-api-version", "2.63", "server", "group", "list", "--long")
    differ.same("server", "group", "list", "--max-items", "1")
    # Nova pages server groups by offset alone. openstack 10.5 drops --offset and, with
    # --limit, asks for the next page by marker, which Nova ignores: "Endless pagination loop
    # detected". ostack pages by offset, so its pages add up to the whole listing.
    everything = differ.run("openstack", ["server", "group", "list"], "json").data
    assert len(everything) >= 3
    broken = differ.run("openstack", ["server", "group", "list", "--limit", "2"], "json")
    assert broken.code == 1 and "Endless pagination loop detected" in broken.stderr
    assert differ.run("ostack", ["server", "group", "list", "--limit", "2"], "json").data == (
        everything)
    paged = differ.run("ostack", ["server", "group", "list", "--limit", "1", "--offset", "1",
                                  "--max-items", "2"], "json")
    assert paged.data == everything[1:3]
    mine, official = differ.same("--os-compute-api-version", "2.14", "server", "group",
                                 "create", unique("x"), "--policy", "soft-affinity", code=1)
    for outcome in (mine, official):
        assert ("--os-compute-api-version 2.15 or greater is required to support the "
                "soft-affinity policy") in outcome.stderr
    mine, official = differ.same("--os-compute-api-version", "2.63", "server", "group",
                                 "create", unique("x"), "--rule", "a=b", code=1)
    for outcome in (mine, official):
        assert ("--os-compute-api-version 2.64 or greater is required to support the --rule "
                "option") in outcome.stderr
    differ.same("server", "group", "show", unique("nope"), code=1)
    mine, official = differ.pair(
        ["server", "group", "delete", ours, ours + "-old", ours + "-63", "nope"],
        ["server", "group", "delete", theirs, theirs + "-old", theirs + "-63", "nope"],
        fmt=None, code=1)
    for outcome in (mine, official):
        assert "1 of 4 server groups failed to delete." in outcome.stderr
    differ.same("server", "group", "show", ours, code=1)
