"""`usage list|show`: ostack prints what the official client prints, on the same local cloud.
Hours grow between the two runs, so their values are masked."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.official

HOURS = {"RAM MB-Hours", "CPU Hours", "Disk GB-Hours", "hours", "uptime"}
PAST = ("--start", "2020-01-01", "--end", "2020-01-02")


@pytest.fixture(scope="module")
def server(differ):
    name = f"usage-{uuid.uuid4().hex[:8]}"
    made = differ.run("openstack", ["server", "create", "--image", "cirros-0.6.2-x86_64-disk",
                                    "--flavor", "m1.tiny", "--nic", "none", "--wait", name])
    assert made.code == 0, made.describe()
    yield made.data["id"]
    differ.run("openstack", ["server", "delete", "--wait", name], fmt=None)


def test_usage_list(differ, server):
    mine, _ = differ.same("usage", "list", ignore=HOURS, key="Project")
    servers = [s["instance_id"] for row in mine.data for s in row["Servers"]]
    assert server in servers
    mine, official = differ.same("usage", "list", fmt="table", columns_only=True)
    assert mine.stdout.splitlines()[0] == official.stdout.splitlines()[0]
    assert mine.stdout.startswith("Usage from ")
    differ.same("usage", "list", *PAST)
    differ.same("usage", "list", *PAST, fmt="table")
    differ.same("usage", "list", "--start", "2020-13-01", code=1)


def test_usage_show(differ, server):
    mine, _ = differ.same("usage", "show", ignore=HOURS)
    assert server in [s["instance_id"] for s in mine.data["Servers"]]
    differ.same("usage", "show", "--project", "admin", ignore=HOURS)
    mine, official = differ.same("usage", "show", fmt="table", columns_only=True)
    assert mine.stdout.splitlines()[0] == official.stdout.splitlines()[0]
    assert " on project " in mine.stdout.splitlines()[0]
    # No servers in the period: Nova answers {} and every field is null.
    mine, _ = differ.same("usage", "show", *PAST)
    assert set(mine.data.values()) == {None}
    differ.same("usage", "show", "--project", "no-such-project", code=1)
