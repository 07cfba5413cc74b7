"""`container create|set|show|unset|list|save|delete`: one lifecycle through both clients, each
on its own containers (names sharing one unique prefix so listings can be compared)."""

from __future__ import annotations

import subprocess
import uuid

import pytest
from tests.support.coverage_runs import record

pytestmark = pytest.mark.official

OWN = {"container", "x-trans-id"}


def _save(differ, client: str, container: str, cwd) -> None:
    """`container save` writes into the working folder: run it there."""
    argv = ["container", "save", container]
    done = subprocess.run(differ.command(client, argv), env=differ.env(), cwd=cwd,
                          capture_output=True, timeout=180)
    record(client, argv, done.returncode)
    assert done.returncode == 0, done.stderr


def test_container_lifecycle(differ, tmp_path):
    prefix = f"ctr-{uuid.uuid4().hex[:8]}"
    ours, theirs = f"{prefix}-a", f"{prefix}-b"
    try:
        mine, official = differ.pair(["container", "create", "--public", ours, f"{ours}-2"],
                                     ["container", "create", "--public", theirs, f"{theirs}-2"])
        differ.assert_same(mine, official, ignore=OWN)

        differ.pair(["container", "set", ours, "--property", "Color=red", "--property", "k=v"],
                    ["container", "set", theirs, "--property", "Color=red", "--property", "k=v"],
                    fmt=None)
        differ.pair(["container", "unset", ours, "--property", "k"],
                    ["container", "unset", theirs, "--property", "k"], fmt=None)
        mine, official = differ.pair(["container", "show", ours], ["container", "show", theirs])
        differ.assert_same(mine, official, ignore=OWN)
        assert mine.data["properties"] == {"color": "red"}  # Swift lower-cases the keys
        assert mine.data["read_acl"] == ".r:*,.rlistings"

        # Listings of the shared prefix: the same for both clients.
        mine, _ = differ.same("container", "list", "--prefix", prefix, "--long", "--limit",
                              "1", "--all")
        assert [row["Name"] for row in mine.data] == [ours, f"{ours}-2", theirs,
                                                      f"{theirs}-2"]
        differ.same("container", "list", "--prefix", prefix, "--limit", "1", "--marker", ours,
                    "--end-marker", theirs, fmt="table")

        # save: each client writes a container's objects into its own folder.
        for name, data in (("top.txt", b"top\n"), ("sub/inner.bin", bytes(range(256)))):
            source = tmp_path / "src" / name
            source.parent.mkdir(parents=True, exist_ok=True)
            source.write_bytes(data)
            for container in (ours, theirs):
                done = differ.run("ostack", ["object", "create", container, str(source),
                                             "--name", name])
                assert done.code == 0, done.describe()
        for client, container in (("ostack", ours), ("openstack", theirs)):
            (tmp_path / client).mkdir()
            _save(differ, client, container, tmp_path / client)
        for name in ("top.txt", "sub/inner.bin"):
            assert (tmp_path / "ostack" / name).read_bytes() == \
                (tmp_path / "openstack" / name).read_bytes() == (tmp_path / "src" / name
                                                                  ).read_bytes()

        # delete: a container with objects needs --recursive (409 otherwise).
        mine, official = differ.pair(["container", "delete", ours],
                                     ["container", "delete", theirs], fmt=None, code=1)
        assert "HTTP 409" in mine.stderr and "HTTP 409" in official.stderr
        differ.pair(["container", "delete", "--recursive", ours, f"{ours}-2"],
                    ["container", "delete", "-r", theirs, f"{theirs}-2"], fmt=None)
        mine, official = differ.pair(["container", "show", ours],
                                     ["container", "show", theirs], code=1)
        assert "HTTP 404" in mine.stderr and "HTTP 404" in official.stderr
    finally:
        for name in (ours, theirs):
            differ.run("ostack", ["container", "delete", "-r", name, f"{name}-2"], None)
