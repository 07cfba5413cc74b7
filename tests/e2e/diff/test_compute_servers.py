"""`server list|show|create|delete|set|unset`: ostack prints what the official client prints, on
the same local cloud."""

from __future__ import annotations

import uuid

import pytest
from tests.support.differential import Differ

pytestmark = pytest.mark.official

IMAGE = "cirros-0.6.2-x86_64-disk"
#: Fields that differ between two servers booted alike (names, places, times, secrets).
VARIES = {
    "id", "name", "ID", "Name", "OS-EXT-SRV-ATTR:hostname", "OS-EXT-SRV-ATTR:host",
    "OS-EXT-SRV-ATTR:hypervisor_hostname", "OS-EXT-SRV-ATTR:instance_name",
    "OS-EXT-SRV-ATTR:reservation_id", "OS-SRV-USG:launched_at", "addresses", "adminPass",
    "hostId",
}
#: Fields a boot answer shows before the server settles (read at slightly different times).
SETTLING = {"status", "OS-EXT-STS:vm_state", "OS-EXT-STS:task_state",
            "OS-EXT-STS:power_state", "progress"}


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def _boot(differ: Differ, name: str, *extra: str, cloud: Differ | None = None) -> dict:
    out = (cloud or differ).run("ostack", ["server", "create", "--image", IMAGE, "--flavor",
                                           "m1.tiny", *extra, "--wait", name])
    assert out.code == 0, out.describe()
    return out.data


@pytest.fixture(scope="module")
def prefix(differ):
    """A name prefix of this module's servers; every server left with it is deleted."""
    prefix = _name("dsv")
    yield prefix
    left = differ.run("ostack", ["server", "list", "--name", prefix, "-f", "value", "-c",
                                 "ID"], fmt=None).stdout.split()
    if left:
        differ.run("ostack", ["server", "delete", "--wait", *left], fmt=None)


@pytest.fixture
def made(differ, prefix):
    """A prefix for the servers of one test, all deleted at its end (quotas are small)."""
    mine = _name(prefix)
    yield mine
    left = differ.run("ostack", ["server", "list", "--name", mine, "-f", "value", "-c", "ID"],
                      fmt=None).stdout.split()
    if left:
        differ.run("ostack", ["server", "delete", "--wait", *left], fmt=None)


@pytest.fixture(scope="module")
def shared(differ, prefix):
    """One server both clients read."""
    return _boot(differ, f"{prefix}-shared", "--property", "role=shared", "--tag", "t1",
                 "--description", "shared server")


def test_server_list(differ, shared, prefix):
    differ.same("server", "list", "--name", prefix)
    differ.same("server", "list", "--name", prefix, "--long")
    differ.same("server", "list", "--name", prefix, "-n")
    differ.same("server", "list", "--name", prefix, "--long", "--no-name-lookup")
    differ.same("server", "list", "--name", prefix, "--status", "ACTIVE", "--all-projects")
    differ.same("server", "list", "--name", prefix, "--limit", "1", "--tags", "t1")
    differ.same("server", "list", "--name", prefix, "-c", "ID", "-c", "Created At", "-c",
                "security_groups", "-c", "user_id", "--image", IMAGE, "--flavor", "m1.tiny")
    differ.same("--os-compute-api-version", "2.1", "server", "list", "--name", prefix,
                "--long")
    differ.same("server", "list", "--name", prefix, "--long", fmt="table")
    differ.same("server", "list", "--name", prefix, fmt="csv")


def test_server_list_errors(differ):
    mine, official = differ.same("server", "list", "--changes-since", "yesterday", code=1)
    assert "Invalid changes-since value: yesterday" in official.stderr
    assert "Invalid changes-since value: yesterday" in mine.stderr
    differ.same("server", "list", "--status", "NOT_A_STATUS", code=2)
    differ.same("server", "list", "--limit", "-1", code=2)
    differ.same("server", "list", "--flavor", "no-such-flavor", code=1)


def test_server_show(differ, shared):
    differ.same("server", "show", shared["name"])
    differ.same("server", "show", shared["id"], fmt="table")
    differ.same("--os-compute-api-version", "2.1", "server", "show", shared["id"])
    differ.same("server", "show", shared["id"], fmt="value")
    differ.same("server", "show", "no-such-server", code=1)
    differ.same("server", "show", "--diagnostics", shared["id"], ignore={"uptime"})
    # Without an explicit microversion the official client asks for the topology at 2.1 (and
    # fails); with one, both show it.
    differ.same("--os-compute-api-version", "2.78", "server", "show", "--topology",
                shared["id"])


def test_server_show_as_a_member(differ, prefix):
    """A member sees fewer fields than an admin; both clients show the same ones (as None)."""
    demo = Differ(differ.cloud, "local-demo")
    name = f"{prefix}-demo"
    _boot(differ, name, cloud=demo)
    try:
        demo.same("server", "show", name)
        demo.same("server", "list", "--name", prefix, "--long")
    finally:
        demo.run("ostack", ["server", "delete", "--wait", name], fmt=None)


def test_server_create(differ, made, tmp_path):
    user_data = tmp_path / "user-data"
    user_data.write_text("#!/bin/sh\necho hello\n")
    common = ["--image", IMAGE, "--flavor", "m1.tiny", "--property", "a=b", "--tag", "x",
              "--description", "made by tests", "--user-data", str(user_data),
              "--no-security-group", "--hint", "purpose=tests", "--wait"]
    mine, official = differ.pair(["server", "create", *common, _name(made)],
                                 ["server", "create", *common, _name(made)])
    differ.assert_same(mine, official, ignore=VARIES)
    assert mine.data["status"] == "ACTIVE" and mine.data["properties"] == {"a": "b"}
    # Without --wait, and with the network left out: the boot answer merged with a GET.
    bare = ["--image", IMAGE, "--flavor", "m1.small", "--nic", "none", "--min", "1"]
    mine, official = differ.pair(["server", "create", *bare, _name(made)],
                                 ["server", "create", *bare, _name(made)])
    differ.assert_same(mine, official, ignore=VARIES | SETTLING)


def test_server_create_from_a_volume(differ, made, localcloud):
    """Booted from a volume: no image (its text instead), the volume attached."""
    from tests.support.sdk import connect

    conn, close = connect("sync", localcloud)
    volumes = []
    try:
        image = conn.image.find_image(IMAGE, ignore_missing=False)
        for _ in range(2):
            volume = conn.block_storage.create_volume(name=_name(made), size=1,
                                                      image_id=image.id)
            volumes.append(conn.block_storage.wait_for_volume(volume, status="available",
                                                              wait=60, interval=0.1))
        argv = ["--flavor", "m1.tiny", "--nic", "none", "--wait"]
        mine, official = differ.pair(
            ["server", "create", "--volume", volumes[0].name, *argv, _name(made)],
            ["server", "create", "--volume", volumes[1].name, *argv, _name(made)])
        differ.assert_same(mine, official, ignore=VARIES | {"volumes_attached"})
        assert mine.data["image"] == "N/A (booted from volume)"
        assert mine.data["volumes_attached"] == [
            {"id": volumes[0].id, "delete_on_termination": False}]
        differ.same("server", "list", "--name", made, "--long")
    finally:
        for server in list(conn.compute.servers(name=made)):
            conn.compute.delete_server(server)
            conn.compute.wait_for_delete(server, wait=60, interval=0.1)
        for volume in volumes:
            conn.block_storage.wait_for_volume(volume, status="available", wait=60,
                                               interval=0.1)
            conn.block_storage.delete_volume(volume)
        close()


def test_server_create_errors(differ, made):
    name = _name(made)
    for argv, code in (
            (["--image", IMAGE, "--flavor", "m1.tiny", "--min", "2", "--max", "1"], 1),
            (["--image", IMAGE], 2),
            (["--image", IMAGE, "--flavor", "m1.tiny", "--nic", "auto", "--nic", "none"], 1),
            (["--image", IMAGE, "--flavor", "m1.tiny", "--nic", "net-id=a,port-id=b"], 2),
            (["--image", "no-such-image", "--flavor", "m1.tiny"], 1),
            (["--flavor", "m1.tiny"], 1),
            (["--image", IMAGE, "--flavor", "m1.tiny", "--delete-on-termination"], 1),
            (["--image", IMAGE, "--flavor", "m1.tiny", "--property", "novalue"], 2),
            # The admin sees a "default" group in every project: the name is ambiguous.
            (["--image", IMAGE, "--flavor", "m1.tiny", "--security-group", "default"], 1)):
        differ.pair(["server", "create", *argv, name], code=code)
    differ.pair(["server", "create", "--flavor", "m1.tiny", "--image", IMAGE, "--file",
                 "/etc/hostname=/etc/hostname", name], code=1)
    # No host can take it: the server goes to ERROR while both wait.
    mine, official = differ.pair(
        ["server", "create", "--flavor", "m1.tiny", "--image", IMAGE, "--hint",
         "same_host=none", "--wait", name + "-o"],
        ["server", "create", "--flavor", "m1.tiny", "--image", IMAGE, "--hint",
         "same_host=none", "--wait", name + "-t"], code=1)
    assert f"Error creating server: {name}-t" in official.stderr
    assert f"Error creating server: {name}-o" in mine.stderr
    assert "No valid host was found" in mine.stderr


def test_server_set_unset(differ, made):
    ours, theirs = f"{made}-set-o", f"{made}-set-t"
    for name in (ours, theirs):
        _boot(differ, name, "--property", "keep=1", "--property", "drop=2")
    setting = ["--property", "k1=v1", "--property", "k2=v2", "--tag", "a", "--tag", "b",
               "--description", "described"]
    differ.pair(["server", "set", ours, *setting], ["server", "set", theirs, *setting],
                fmt=None)
    mine, official = differ.pair(["server", "show", ours], ["server", "show", theirs])
    differ.assert_same(mine, official, ignore=VARIES)
    assert mine.data["properties"] == {"keep": "1", "drop": "2", "k1": "v1", "k2": "v2"}
    differ.pair(["server", "set", ours, "--name", ours + "-r"],
                ["server", "set", theirs, "--name", theirs + "-r"], fmt=None)
    ours, theirs = ours + "-r", theirs + "-r"
    differ.pair(["server", "unset", ours, "--property", "drop", "--tag", "a",
                 "--description"],
                ["server", "unset", theirs, "--property", "drop", "--tag", "a",
                 "--description"], fmt=None)
    mine, official = differ.pair(["server", "show", ours], ["server", "show", theirs])
    differ.assert_same(mine, official, ignore=VARIES)
    assert mine.data["tags"] == ["b"] and mine.data["description"] == ""
    differ.pair(["server", "unset", ours, "--all-properties", "--all-tags"],
                ["server", "unset", theirs, "--all-properties", "--all-tags"], fmt=None)
    mine, official = differ.pair(["server", "show", ours, "-c", "properties", "-c", "tags"],
                                 ["server", "show", theirs, "-c", "properties", "-c", "tags"])
    differ.assert_same(mine, official)
    assert mine.data == {"properties": {}, "tags": []}
    # This cloud's newest microversion is below 2.104: both refuse the option.
    mine, official = differ.pair(["server", "set", ours, "--pinned-availability-zone", "nova"],
                                 ["server", "set", theirs, "--pinned-availability-zone",
                                  "nova"], fmt=None, code=1)
    assert "2.104 or greater is required" in mine.stderr
    assert "2.104 or greater is required" in official.stderr
    differ.pair(["server", "unset", ours, "--property", "x", "--all-properties"],
                ["server", "unset", theirs, "--property", "x", "--all-properties"],
                fmt=None, code=2)
    # A password change, then a state reset (allowed whatever the task under way).
    for extra in (["--password", "an0ther-Pass"], ["--state", "error", "--auto-approve"]):
        differ.pair(["server", "set", ours, *extra], ["server", "set", theirs, *extra],
                    fmt=None)
    mine, official = differ.pair(["server", "show", ours], ["server", "show", theirs])
    differ.assert_same(mine, official, ignore=VARIES)
    assert mine.data["status"] == "ERROR"


def test_server_delete(differ, prefix):
    ours, theirs = f"{prefix}-del-o", f"{prefix}-del-t"
    for name in (ours, theirs):
        _boot(differ, name)
    mine, official = differ.pair(["server", "delete", "--wait", ours, "no-such-server"],
                                 ["server", "delete", "--wait", theirs, "no-such-server"],
                                 fmt=None, code=1)
    assert "1 of 2 servers failed to delete." in mine.stderr
    assert "1 of 2 servers failed to delete." in official.stderr
    listed = differ.run("ostack", ["server", "list", "--name", f"{prefix}-del"])
    assert listed.data == []
