"""`server migration list|show|abort|force complete|confirm|revert`: ostack and the official
client list the same moves, and act alike on twin servers' migrations."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from tests.support.servers import Fixtures

pytestmark = pytest.mark.official

#: Fields of a migration that differ between two twin servers' migrations.
OWN = {"Id", "ID", "UUID", "Server UUID", "Source Node", "Dest Node", "Source Compute",
       "Dest Compute", "Dest Host"}


@contextmanager
def slow_tasks(cloud, seconds: float) -> Iterator[None]:
    """Tasks scheduled inside take `seconds` (a live migration stays in progress)."""
    before = cloud.call("GET", "/_localcloud/settings").json["settings"]["task_delay"]
    cloud.call("PUT", "/_localcloud/settings", {"task_delay": seconds})
    try:
        yield
    finally:
        cloud.call("PUT", "/_localcloud/settings", {"task_delay": before})


def _live(made: Fixtures, cloud, servers) -> list:
    """Start a live migration of each server; their migrations once running."""
    with slow_tasks(cloud, 120):
        for server in servers:
            made.conn.compute.live_migrate_server(server)
    found = []
    for server in servers:
        deadline = time.monotonic() + 30
        while True:
            running = [m for m in made.conn.compute.server_migrations(server)
                       if m.status == "running"]
            if running or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert running, f"no running live migration for {server.id}"
        found.append(running[0])
    return found


def test_migration_list(differ, localcloud):
    with Fixtures(localcloud) as made:
        ours, theirs = made.servers("mig")
        for server in (ours, theirs):
            made.conn.compute.migrate_server(server)
        for server in (ours, theirs):
            made.wait(server, "VERIFY_RESIZE")
        differ.same("server", "migration", "list")
        differ.same("server", "migration", "list", fmt="table")
        differ.same("server", "migration", "list", "--type", "cold-migration", "--status",
                    "finished", "--changes-since", "2000-01-01T00:00:00Z")
        differ.same("server", "migration", "list", "--limit", "1", "--host",
                    ours.compute_host)
        differ.same("server", "migration", "list", "--max-items", "1", "--type", "resize")
        differ.same("server", "migration", "list", "--project", "admin", "--user", "admin",
                    "--changes-before", "2999-01-01T00:00:00Z")
        mine, official = differ.pair(["server", "migration", "list", "--server", ours.name],
                                     ["server", "migration", "list", "--server", theirs.name])
        differ.assert_same(mine, official, ignore=OWN)
        assert [row["Server UUID"] for row in mine.data] == [ours.id]
        assert mine.data[0]["Type"] == "migration"
        mine, official = differ.same("--os-compute-api-version", "2.58", "server", "migration",
                                     "list", "--limit", "1", code=1)
        for outcome in (mine, official):
            assert ("--os-compute-api-version 2.59 or greater is required to support the "
                    "--limit option") in outcome.stderr
        differ.same("--os-compute-api-version", "2.22", "server", "migration", "list",
                    "--server", ours.id)
        # confirm (ours) and revert (theirs) the two cold migrations, then the other way.
        differ.pair(["server", "migration", "confirm", ours.id],
                    ["server", "migration", "revert", theirs.id], fmt=None)
        for server in (ours, theirs):
            made.wait(server, "ACTIVE")
        confirmed = made.conn.compute.get_server(ours.id)
        reverted = made.conn.compute.get_server(theirs.id)
        assert confirmed.compute_host != ours.compute_host
        assert reverted.compute_host == theirs.compute_host
        for server in (ours, theirs):
            made.conn.compute.migrate_server(server)
        for server in (ours, theirs):
            made.wait(server, "VERIFY_RESIZE")
        differ.pair(["server", "migration", "revert", ours.id],
                    ["server", "migration", "confirm", theirs.id], fmt=None)
        for server in (ours, theirs):
            made.wait(server, "ACTIVE")
        assert made.conn.compute.get_server(ours.id).compute_host == confirmed.compute_host
        assert made.conn.compute.get_server(theirs.id).compute_host != theirs.compute_host
        differ.pair(["server", "migration", "confirm", ours.id],
                    ["server", "migration", "confirm", theirs.id], fmt=None, code=1)


def test_live_migration_show_abort_force_complete(differ, localcloud):
    with Fixtures(localcloud) as made:
        ours, theirs = made.servers("live")
        mig_ours, mig_theirs = _live(made, localcloud, (ours, theirs))
        mine, official = differ.pair(
            ["server", "migration", "show", ours.id, mig_ours.uuid],
            ["server", "migration", "show", theirs.id, mig_theirs.uuid])
        differ.assert_same(mine, official, ignore=OWN | {
            "Memory Processed Bytes", "Memory Remaining Bytes"})
        assert mine.data["UUID"] == mig_ours.uuid and mine.data["Server UUID"] == ours.id
        # By numeric ID ostack shows the same; openstack 10.5 swaps the server and the
        # migration in this call (a 404 for "Instance <id>"), so its UUID answer stands in.
        by_id = differ.run("ostack", ["server", "migration", "show", ours.id, str(mig_ours.id)])
        swapped = differ.run("openstack", ["server", "migration", "show", theirs.id,
                                           str(mig_theirs.id)])
        assert by_id.code == 0 and swapped.code == 1
        assert f"Instance {mig_theirs.id} could not be found" in swapped.stderr
        differ.assert_same(by_id, official, ignore=OWN | {
            "Memory Processed Bytes", "Memory Remaining Bytes"})
        differ.same("server", "migration", "show", ours.id, mig_ours.uuid, fmt="table",
                    columns_only=True)
        differ.same("server", "migration", "list", "--server", ours.id, "--status", "running")
        # abort: ours by UUID, theirs by ID.
        differ.pair(["server", "migration", "abort", ours.name, mig_ours.uuid],
                    ["server", "migration", "abort", theirs.name, str(mig_theirs.id)],
                    fmt=None)
        for server in (ours, theirs):
            made.wait(server, "ACTIVE")
        statuses = {m.id: m.status for m in made.conn.compute.migrations()}
        assert statuses[mig_ours.id] == statuses[mig_theirs.id] == "cancelled"
        # force complete: ours by ID, theirs by UUID.
        mig_ours, mig_theirs = _live(made, localcloud, (ours, theirs))
        differ.pair(["server", "migration", "force", "complete", ours.id, str(mig_ours.id)],
                    ["server", "migration", "force", "complete", theirs.id, mig_theirs.uuid],
                    fmt=None)
        for server in (ours, theirs):
            deadline = time.monotonic() + 20
            while made.conn.compute.get_server(server.id).task_state is not None:
                assert time.monotonic() < deadline, "force complete did not finish"
                time.sleep(0.1)
        statuses = {m.id: m.status for m in made.conn.compute.migrations()}
        assert statuses[mig_ours.id] == statuses[mig_theirs.id] == "completed"
        # Nothing left in progress: the same errors.
        for argv in (["server", "migration", "show", ours.id, mig_ours.uuid],
                     ["server", "migration", "abort", ours.id, str(mig_ours.id)],
                     ["server", "migration", "force", "complete", ours.id, mig_ours.uuid]):
            mine, official = differ.pair(argv, argv, fmt=None, code=1)
            if "show" in argv or mig_ours.uuid in argv:
                text = (f"In-progress live migration {mig_ours.uuid} is not found for server "
                        f"{ours.id}")
                assert text in mine.stderr and text in official.stderr


def test_migration_argument_checks(differ, localcloud):
    with Fixtures(localcloud) as made:
        (server,) = made.servers("mig", count=1)
        for command in (["show"], ["abort"], ["force", "complete"]):
            argv = ["server", "migration", *command, server.id, "not-an-id"]
            mine, official = differ.pair(argv, argv, fmt=None, code=1)
            for outcome in (mine, official):
                assert "The <migration> argument must be an ID or UUID" in outcome.stderr
        argv = ["--os-compute-api-version", "2.23", "server", "migration", "abort",
                server.id, "1"]
        mine, official = differ.pair(argv, argv, fmt=None, code=1)
        for outcome in (mine, official):
            assert ("--os-compute-api-version 2.24 or greater is required to support the "
                    "server migration abort command") in outcome.stderr
        mine, official = differ.same("--os-compute-api-version", "2.58", "server",
                                     "migration", "show", server.id,
                                     "0b1e8a4c-7f0e-4d5e-9c1a-2b3c4d5e6f70", code=1)
        for outcome in (mine, official):
            assert ("--os-compute-api-version 2.59 or greater is required to retrieve "
                    "server migrations by UUID") in outcome.stderr
