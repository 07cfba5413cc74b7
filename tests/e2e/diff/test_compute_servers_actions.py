"""Server state actions (`server pause|lock|reboot|shelve|resize|migrate|rebuild|evacuate|ssh
...`): each client acts on its own server; both must exit alike, print alike and leave their
servers in the same state."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import uuid

import pytest
from tests.support.coverage_runs import record
from tests.support.differential import Differ

pytestmark = pytest.mark.official

IMAGE = "cirros-0.6.2-x86_64-disk"
VARIES = {
    "id", "name", "OS-EXT-SRV-ATTR:hostname", "OS-EXT-SRV-ATTR:host",
    "OS-EXT-SRV-ATTR:hypervisor_hostname", "OS-EXT-SRV-ATTR:instance_name",
    "OS-EXT-SRV-ATTR:reservation_id", "OS-SRV-USG:launched_at", "addresses", "adminPass",
    "hostId",
}
STATE = ["-c", "status", "-c", "OS-EXT-STS:vm_state", "-c", "OS-EXT-STS:task_state", "-c",
         "OS-EXT-STS:power_state", "-c", "locked", "-c", "locked_reason", "-c", "flavor"]


@pytest.fixture(scope="module")
def conn(localcloud):
    from tests.support.sdk import connect

    made, close = connect("sync", localcloud)
    yield made
    close()


@pytest.fixture
def twins(differ, conn):
    """Two ACTIVE servers, ours and theirs, deleted afterwards."""
    base = f"dact-{uuid.uuid4().hex[:8]}"
    names = (f"{base}-o", f"{base}-t")
    for name in names:
        out = differ.run("ostack", ["server", "create", "--image", IMAGE, "--flavor",
                                    "m1.tiny", "--wait", name])
        assert out.code == 0, out.describe()
    yield names
    for server in conn.compute.servers(name=base):
        conn.compute.delete_server(server)
    for server in list(conn.compute.servers(name=base)):
        conn.compute.wait_for_delete(server, wait=60, interval=0.1)


def _settle(conn, names, *statuses: str) -> list:
    """Wait until each server is in one of `statuses` with no task under way."""
    found = []
    for name in names:
        server = conn.compute.find_server(name, ignore_missing=False)
        server = conn.compute.wait_for_server(server, status=statuses[0], wait=60,
                                              interval=0.1) if len(statuses) == 1 else \
            conn.compute.wait_for_status(server, statuses, wait=60, interval=0.1)
        conn.compute.wait_for_status(server, "None", attribute="task_state", wait=60,
                                     interval=0.1)
        found.append(conn.compute.get_server(server))
    return found


def _act(differ: Differ, twins, *argv: str, code: int = 0, after: tuple = ()) -> tuple:
    """Run `server <argv...> <server> <after...>` with each client on its own server."""
    ours, theirs = twins
    mine, official = differ.pair(["server", *argv, ours, *after],
                                 ["server", *argv, theirs, *after], fmt=None, code=code)
    assert mine.stdout == official.stdout
    return mine, official


def _same_state(differ: Differ, twins) -> dict:
    ours, theirs = twins
    mine, official = differ.pair(["server", "show", ours, *STATE],
                                 ["server", "show", theirs, *STATE])
    differ.assert_same(mine, official)
    return mine.data


def test_pause_suspend_stop_and_back(differ, twins, conn):
    for command, status in (("pause", "PAUSED"), ("unpause", "ACTIVE"),
                            ("suspend", "SUSPENDED"), ("resume", "ACTIVE"),
                            ("stop", "SHUTOFF"), ("start", "ACTIVE")):
        _act(differ, twins, command)
        assert {s.status for s in _settle(conn, twins, status)} == {status}
        if command in ("pause", "stop"):
            assert _same_state(differ, twins)["status"] == status
    _act(differ, twins, "stop", "--all-projects")
    _settle(conn, twins, "SHUTOFF")
    _act(differ, twins, "start", "--all-projects")
    _settle(conn, twins, "ACTIVE")
    # Several servers: each is acted on in turn; the first unknown one stops the command.
    _act(differ, twins, "pause", after=("no-such-server",), code=1)
    assert {s.status for s in _settle(conn, twins, "PAUSED")} == {"PAUSED"}
    for argv in (["pause", "no-such-server"], ["lock", "--reason", "r", "no-such-server"],
                 ["dump", "create", "no-such-server"]):
        differ.pair(["server", *argv], fmt=None, code=1)
    differ.pair(["server", "pause"], fmt=None, code=2)


def test_lock_unlock_and_dump(differ, twins, conn):
    _act(differ, twins, "lock", "--reason", "maintenance")
    state = _same_state(differ, twins)
    assert state["locked"] is True and state["locked_reason"] == "maintenance"
    _act(differ, twins, "unlock")
    assert _same_state(differ, twins)["locked"] is False
    _act(differ, twins, "dump", "create")
    _settle(conn, twins, "ACTIVE")


def test_reboot_wait(differ, twins, conn):
    mine, _ = _act(differ, twins, "reboot", "--hard", "--wait")
    assert mine.stdout == "Complete\n"
    _act(differ, twins, "reboot")
    _settle(conn, twins, "ACTIVE")
    differ.pair(["server", "reboot", "--hard", "--soft", twins[0]], fmt=None, code=2)


def test_shelve_offload_unshelve(differ, twins, conn):
    _act(differ, twins, "shelve", "--offload", "--wait")
    assert _same_state(differ, twins)["status"] == "SHELVED_OFFLOADED"
    _act(differ, twins, "shelve")  # already shelved: nothing to do
    _act(differ, twins, "unshelve", "--wait")
    assert _same_state(differ, twins)["status"] == "ACTIVE"
    _act(differ, twins, "unshelve")  # not shelved: nothing to do


def test_resize_revert_and_confirm(differ, twins, conn):
    mine, _ = _act(differ, twins, "resize", "--flavor", "m1.small", "--wait")
    assert mine.stdout == "Complete\n"
    assert _same_state(differ, twins)["status"] == "VERIFY_RESIZE"
    _act(differ, twins, "resize", "revert")
    assert _settle(conn, twins, "ACTIVE")[0].flavor["original_name"] == "m1.tiny"
    _act(differ, twins, "resize", "--flavor", "m1.small")
    _settle(conn, twins, "VERIFY_RESIZE")
    _act(differ, twins, "resize", "confirm")
    _settle(conn, twins, "ACTIVE")
    assert _same_state(differ, twins)["flavor"]["original_name"] == "m1.small"
    _act(differ, twins, "resize", "confirm", code=1)  # nothing to confirm
    _act(differ, twins, "resize", code=2)  # --flavor, --confirm or --revert is required


def test_migrate_cold_and_live(differ, twins, conn):
    mine, official = _act(differ, twins, "migrate", "--wait")
    assert mine.stdout == ("Complete, check success/failure by openstack server "
                           "migration/event list/show\n")
    mine, official = _act(differ, twins, "migrate", "revert")
    assert "deprecated in favour of the 'server migration revert'" in mine.stderr
    assert "deprecated in favour of the 'server migration revert'" in official.stderr
    _settle(conn, twins, "ACTIVE")
    _act(differ, twins, "migrate")
    _settle(conn, twins, "VERIFY_RESIZE")
    _act(differ, twins, "migrate", "confirm")
    _settle(conn, twins, "ACTIVE")
    _act(differ, twins, "migrate", "--live-migration", "--wait")
    assert _same_state(differ, twins)["status"] == "ACTIVE"
    _act(differ, twins, "migrate", "--block-migration", code=1)


def test_rescue_unrescue(differ, twins, conn):
    _act(differ, twins, "rescue", "--image", IMAGE, "--password", "r3scue-Pass")
    assert {s.status for s in _settle(conn, twins, "RESCUE")} == {"RESCUE"}
    _act(differ, twins, "unrescue")
    _settle(conn, twins, "ACTIVE")
    _act(differ, twins, "rescue", "--image", "no-such-image", code=1)


def test_rebuild(differ, twins, conn):
    ours, theirs = twins
    mine, official = differ.pair(
        ["server", "rebuild", ours, "--image", IMAGE, "--property", "r=1", "--description",
         "rebuilt"],
        ["server", "rebuild", theirs, "--image", IMAGE, "--property", "r=1", "--description",
         "rebuilt"])
    differ.assert_same(mine, official, ignore=VARIES)
    assert mine.data["status"] == "REBUILD" and mine.data["properties"] == {"r": "1"}
    _settle(conn, twins, "ACTIVE")
    mine, official = differ.pair(["server", "rebuild", "--wait", ours, "-c", "status"],
                                 ["server", "rebuild", "--wait", theirs, "-c", "status"],
                                 fmt="value")
    assert mine.stdout == official.stdout == "Complete\nREBUILD\n"
    _act(differ, twins, "pause")
    _settle(conn, twins, "PAUSED")
    mine, official = _act(differ, twins, "rebuild", code=1)
    assert "The server status is not ACTIVE, SHUTOFF or ERROR." in official.stderr
    assert "The server status is not ACTIVE, SHUTOFF or ERROR." in mine.stderr


def test_restore_soft_deleted(differ, twins, conn, localcloud):
    _act(differ, twins, "restore", code=1)  # not soft-deleted
    ids = tuple(conn.compute.find_server(name, ignore_missing=False).id for name in twins)
    localcloud.call("PUT", "/_localcloud/settings", {"reclaim_instance_interval": 3600})
    try:
        for ident in ids:
            conn.compute.delete_server(ident)
        _settle(conn, ids, "SOFT_DELETED")
        # A soft-deleted server is not listed, so not found by name: by ID only.
        _act(differ, twins, "restore", code=1)
        _act(differ, ids, "restore")
        assert {s.status for s in _settle(conn, ids, "ACTIVE")} == {"ACTIVE"}
    finally:
        localcloud.call("PUT", "/_localcloud/settings", {"reclaim_instance_interval": 0})


def test_evacuate_from_a_failed_host(differ, twins, conn):
    compute = conn.compute
    _act(differ, twins, "evacuate", code=1)  # the hosts are up
    hosts = {s.compute_host for s in _settle(conn, twins, "ACTIVE")}
    try:
        for host in hosts:
            compute.update_service_forced_down(None, host=host, binary="nova-compute")
        ours, theirs = twins
        mine, official = differ.pair(["server", "evacuate", ours],
                                     ["server", "evacuate", theirs])
        differ.assert_same(mine, official, ignore=VARIES | {"status", "OS-EXT-STS:task_state",
                                                            "updated"})
        moved = _settle(conn, twins, "SHUTOFF")  # from 2.95 it arrives stopped
        assert not {s.compute_host for s in moved} & hosts
    finally:
        for host in hosts:
            compute.update_service_forced_down(None, host=host, binary="nova-compute",
                                               forced=False)


def test_ssh_runs_ssh_with_the_address(differ, twins, tmp_path):
    fake = tmp_path / "bin"
    fake.mkdir()
    ssh = fake / "ssh"
    ssh.write_text("#!/bin/sh\necho ssh \"$@\"\n")
    ssh.chmod(ssh.stat().st_mode | stat.S_IEXEC)
    env = differ.env(PATH=f"{fake}{os.pathsep}{os.environ.get('PATH', '')}")
    ours, theirs = twins

    def run(command: list[str], *argv: str) -> subprocess.CompletedProcess:
        done = subprocess.run([*command, "server", "ssh", *argv], env=env, text=True,
                              capture_output=True, timeout=120)
        client = "ostack" if command[0] == sys.executable else "openstack"
        record(client, ["server", "ssh", *argv], done.returncode)  # for docs/coverage.md
        return done

    for argv in (["--private"], ["--private", "-4", "-p", "2222"],
                 ["--address-type", "public", "-l", "cirros"], ["-6", "--private"]):
        mine = run([sys.executable, "-m", "ostack.cli.app"], ours, *argv)
        official = run([str(differ.official)], theirs, *argv)
        assert mine.returncode == official.returncode, (mine, official)
        if official.returncode == 0:
            assert mine.stdout.split()[2:] == official.stdout.split()[2:]
            assert mine.stdout.startswith("ssh 172.") or mine.stdout.startswith("ssh 10.")
        else:
            assert "No " in official.stderr and "No " in mine.stderr
