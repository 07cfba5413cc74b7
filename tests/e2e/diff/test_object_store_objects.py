"""`object create|list|set|show|unset|save|delete` and `object store account set|show|unset`:
lifecycles through both clients, each on its own container; `object save` compared by the
bytes written; `--progress` bars drawn on a terminal only."""

from __future__ import annotations

import os
import subprocess
import uuid

import pytest
from tests.support import terminal
from tests.support.coverage_runs import record

pytestmark = pytest.mark.official


def _binary(differ, client: str, argv: list[str]) -> subprocess.CompletedProcess:
    """Run a client with stdout kept as bytes (object data)."""
    done = subprocess.run(differ.command(client, argv), env=differ.env(), capture_output=True,
                          input=b"", timeout=180)
    record(client, argv, done.returncode)
    return done


def _on_terminal(differ, argv: list[str]) -> tuple[int, str]:
    """Run ostack with stderr on a pseudo-terminal; its exit code and what it drew."""
    code, drawn = terminal.drawn(differ.command("ostack", argv), differ.env(), timeout=180)
    record("ostack", argv, code)
    return code, drawn


@pytest.fixture
def containers(differ):
    """Two empty containers, ostack's and the official client's."""
    tag = uuid.uuid4().hex[:8]
    names = (f"obj-{tag}-a", f"obj-{tag}-b")
    done = differ.run("ostack", ["container", "create", *names])
    assert done.code == 0, done.describe()
    yield names
    differ.run("ostack", ["container", "delete", "--recursive", *names], None)


def test_object_lifecycle(differ, containers, tmp_path):
    ours, theirs = containers
    big = tmp_path / "big.bin"
    data = os.urandom(3 * 1024 * 1024 + 5)
    big.write_bytes(data)
    small = tmp_path / "d" / "note.txt"
    small.parent.mkdir()
    small.write_bytes(b"hello\n")
    own = {"container"}

    mine, official = differ.pair(["object", "create", ours, str(big), str(small)],
                                 ["object", "create", theirs, str(big), str(small)])
    differ.assert_same(mine, official, ignore=own)
    mine, official = differ.pair(["object", "create", ours, str(small), "--name", "d/x.txt"],
                                 ["object", "create", theirs, str(small), "--name", "d/x.txt"])
    differ.assert_same(mine, official, ignore=own)
    mine, official = differ.pair(["object", "create", ours, "a", "b", "--name", "x"],
                                 ["object", "create", theirs, "a", "b", "--name", "x"],
                                 code=1)
    assert "using --name is not permitted" in mine.stderr
    assert "using --name is not permitted" in official.stderr

    # Listings (the last-modified times are each object's own).
    for extra in (["--long"], ["--delimiter", "/", "--long"],
                  ["--prefix", "d/", "--limit", "1", "--marker", "d/x.txt", "--long"]):
        mine, official = differ.pair(["object", "list", ours, *extra],
                                     ["object", "list", theirs, *extra])
        differ.assert_same(mine, official, ignore={"Last Modified"})
    mine, official = differ.pair(["object", "list", ours, "--limit", "1", "--all"],
                                 ["object", "list", theirs, "--limit", "1", "--all"])
    differ.assert_same(mine, official)
    assert len(mine.data) == 3

    # Properties: an object POST replaces the object's other properties.
    note = str(small)
    show_ignore = own | {"last-modified"}
    differ.pair(["object", "set", ours, note, "--property", "A=1", "--property", "b=2"],
                ["object", "set", theirs, note, "--property", "A=1", "--property", "b=2"],
                fmt=None)
    mine, official = differ.pair(["object", "show", ours, note],
                                 ["object", "show", theirs, note])
    differ.assert_same(mine, official, ignore=show_ignore)
    assert mine.data["properties"] == {"a": "1", "b": "2"}
    differ.pair(["object", "unset", ours, note, "--property", "a"],
                ["object", "unset", theirs, note, "--property", "a"], fmt=None)
    mine, official = differ.pair(["object", "show", ours, note],
                                 ["object", "show", theirs, note])
    differ.assert_same(mine, official, ignore=show_ignore)

    # save: to a file (folders made), and to stdout.
    for client, container in (("ostack", ours), ("openstack", theirs)):
        target = tmp_path / client / "deep" / "big.bin"
        done = _binary(differ, client, ["object", "save", container, str(big),
                                        "--file", str(target)])
        assert done.returncode == 0, done.stderr
        assert target.read_bytes() == data
    mine = _binary(differ, "ostack", ["object", "save", ours, note, "--file", "-"])
    official = _binary(differ, "openstack", ["object", "save", theirs, note, "--file", "-"])
    assert mine.returncode == official.returncode == 0
    assert mine.stdout == official.stdout == b"hello\n"

    # --progress: a bar on a terminal, nothing when piped.
    saved = tmp_path / "bar.bin"
    code, drawn = _on_terminal(differ, ["object", "save", ours, str(big), "--file",
                                        str(saved), "--progress"])
    assert code == 0 and saved.read_bytes() == data
    assert "100.0%" in drawn
    code, drawn = _on_terminal(differ, ["object", "create", ours, str(big), "--name",
                                        "barred", "--progress", "-f", "value"])
    assert code == 0 and "100.0%" in drawn
    piped = _binary(differ, "ostack", ["object", "save", ours, "barred", "--file", str(saved),
                                       "--progress"])
    assert piped.returncode == 0 and b"%" not in piped.stderr

    # delete, then the object is gone for both.
    differ.pair(["object", "delete", ours, note, "d/x.txt"],
                ["object", "delete", theirs, note, "d/x.txt"], fmt=None)
    mine, official = differ.pair(["object", "show", ours, note],
                                 ["object", "show", theirs, note], code=1)
    assert "HTTP 404" in mine.stderr and "HTTP 404" in official.stderr
    mine = _binary(differ, "ostack", ["object", "save", ours, note, "--file", "-"])
    official = _binary(differ, "openstack", ["object", "save", theirs, note, "--file", "-"])
    assert mine.returncode == official.returncode == 1
    assert mine.stdout == official.stdout == b""


def test_account_properties(differ):
    """As the demo member, whose account other tests leave alone."""
    key = f"Acct{uuid.uuid4().hex[:6]}"
    demo = ["--os-cloud", "local-demo"]

    def both(argv: list[str], fmt: str | None = "json"):
        mine = differ.run("ostack", demo + argv, fmt)
        official = differ.run("openstack", demo + argv, fmt)
        assert mine.code == official.code == 0, mine.describe() + official.describe()
        return mine, official

    try:
        both(["object", "store", "account", "set", "--property", f"{key}=on",
              "--property", "other=1"], None)
        mine, official = both(["object", "store", "account", "show"])
        differ.assert_same(mine, official)
        assert mine.data["properties"][key.lower()] == "on"
        mine, official = both(["object", "store", "account", "show"], "table")
        assert mine.stdout == official.stdout
        both(["object", "store", "account", "unset", "--property", "other"], None)
        mine, official = both(["object", "store", "account", "show"])
        differ.assert_same(mine, official)
        assert "other" not in mine.data.get("properties", {})
    finally:
        differ.run("ostack", [*demo, "object", "store", "account", "unset", "--property", key,
                              "--property", "other"], None)
