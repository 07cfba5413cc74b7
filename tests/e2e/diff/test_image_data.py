"""`image save|stage|import` (and `image create --progress`): the same bytes and the same
answers as the official client; `--progress` draws a bar on a terminal only."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid

import pytest
from tests.support import terminal
from tests.support.coverage_runs import record

pytestmark = pytest.mark.official

OWN = {"id", "name", "file", "owner_specified.openstack.object"}


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def _command(differ, client: str, argv: list[str]) -> list[str]:
    if client == "ostack":
        return [sys.executable, "-m", "ostack.cli.app", *argv]
    return [str(differ.official), *argv]


def run_binary(differ, client: str, argv: list[str]) -> subprocess.CompletedProcess:
    """Run a client with stdout as bytes (image data) and an empty stdin."""
    done = subprocess.run(_command(differ, client, argv), env=differ.env(),
                          capture_output=True, input=b"", timeout=300)
    record(client, argv, done.returncode)  # for docs/coverage.md
    return done


def run_on_terminal(differ, argv: list[str]) -> tuple[int, str]:
    """Run ostack with stderr on a pseudo-terminal (stdout and stdin elsewhere); its exit
    code and what it drew on the terminal."""
    return terminal.drawn(_command(differ, "ostack", argv), differ.env(), timeout=300)


@pytest.fixture(scope="module")
def sdk_conn(localcloud):
    from tests.support.sdk import connect

    conn, close = connect("sync", localcloud)
    yield conn
    close()


@pytest.fixture(scope="module")
def uploaded(differ, tmp_path_factory):
    """An image of 18 MiB (more than one download range) made by ostack, and its data."""
    data = os.urandom(18 * 1024 * 1024 + 123)
    path = tmp_path_factory.mktemp("image") / "big.raw"
    path.write_bytes(data)
    name = _name("ost-big")
    done = run_binary(differ, "ostack", ["image", "create", name, "--file", str(path),
                                         "--disk-format", "raw", "-f", "value", "-c", "id"])
    assert done.returncode == 0, done.stderr
    yield name, data, path
    differ.run("ostack", ["image", "delete", name], None)


def test_image_save_same_bytes(differ, uploaded, tmp_path):
    name, data, _ = uploaded
    outputs = {}
    for client in ("ostack", "openstack"):
        target = tmp_path / f"{client}.raw"
        done = run_binary(differ, client, ["image", "save", name, "--file", str(target)])
        assert done.returncode == 0, done.stderr
        outputs[client] = target.read_bytes()
    assert outputs["ostack"] == outputs["openstack"] == data
    # To stdout (the default), with a chunk size.
    ours = run_binary(differ, "ostack", ["image", "save", "--chunk-size", "65536", name])
    theirs = run_binary(differ, "openstack", ["image", "save", "--chunk-size", "65536", name])
    assert ours.returncode == theirs.returncode == 0
    assert ours.stdout == theirs.stdout == data


def test_image_save_errors_and_empty(differ, sdk_conn, tmp_path):
    for client in ("ostack", "openstack"):
        done = run_binary(differ, client, ["image", "save", "no-such-image"])
        assert done.returncode == 1 and done.stdout == b""
    queued = sdk_conn.image.create_image(_name("queued"), disk_format="raw",
                                         allow_duplicates=True)
    try:
        for client in ("ostack", "openstack"):
            target = tmp_path / f"{client}-empty"
            done = run_binary(differ, client, ["image", "save", queued.id, "--file",
                                               str(target)])
            assert done.returncode == 0, done.stderr
            assert target.read_bytes() == b""
    finally:
        sdk_conn.image.delete_image(queued)


def test_progress_bars_on_a_terminal_only(differ, uploaded, tmp_path):
    name, data, path = uploaded
    target = tmp_path / "saved.raw"
    code, drawn = run_on_terminal(differ, ["image", "save", name, "--file", str(target),
                                           "--progress"])
    assert code == 0 and target.read_bytes() == data
    assert "[==============================] 100.0%" in drawn
    piped = run_binary(differ, "ostack", ["image", "save", name, "--file", str(target),
                                          "--progress"])
    assert piped.returncode == 0 and b"%" not in piped.stderr
    small = tmp_path / "small.raw"
    small.write_bytes(b"x" * 300000)
    created = _name("ost-bar")
    code, drawn = run_on_terminal(differ, ["image", "create", created, "--file", str(small),
                                           "--disk-format", "raw", "--progress"])
    try:
        assert code == 0 and "100.0%" in drawn
    finally:
        differ.run("ostack", ["image", "delete", created], None)
    piped = run_binary(differ, "ostack", ["image", "create", created, "--file", str(small),
                                          "--disk-format", "raw", "--progress"])
    try:
        assert piped.returncode == 0 and b"%" not in piped.stderr
    finally:
        differ.run("ostack", ["image", "delete", created], None)


def test_stage_progress_bar(differ, sdk_conn, tmp_path):
    data = tmp_path / "stage.raw"
    data.write_bytes(b"s" * 200000)
    image = sdk_conn.image.create_image(_name("ost-stage-bar"), disk_format="raw",
                                        allow_duplicates=True)
    try:
        code, drawn = run_on_terminal(differ, ["image", "stage", image.id, "--file",
                                               str(data), "--progress"])
        assert code == 0 and "100.0%" in drawn
        assert sdk_conn.image.get_image(image).status == "uploading"
    finally:
        sdk_conn.image.delete_image(image)


def _wait_status(differ, name: str, status: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        shown = differ.run("ostack", ["image", "show", name, "-c", "status"])
        if shown.data and shown.data["status"] == status:
            return
        time.sleep(0.3)
    raise AssertionError(f"{name} did not become {status}")


def test_image_stage_and_import(differ, sdk_conn, tmp_path):
    data = tmp_path / "staged.raw"
    data.write_bytes(b"staged data " * 1000)
    images = [sdk_conn.image.create_image(_name(p), disk_format="raw", allow_duplicates=True)
              for p in ("ost-stage", "osc-stage")]
    ours, theirs = (i.id for i in images)
    try:
        mine, official = differ.pair(["image", "stage", ours, "--file", str(data)],
                                     ["image", "stage", theirs, "--file", str(data)],
                                     fmt=None)
        mine, official = differ.pair(["image", "show", ours], ["image", "show", theirs])
        differ.assert_same(mine, official, ignore=OWN)
        assert mine.data["status"] == "uploading"
        # Staging again is refused for an image that is no longer queued.
        mine, official = differ.pair(["image", "stage", ours, "--file", str(data)],
                                     ["image", "stage", theirs, "--file", str(data)],
                                     fmt=None, code=1)
        for out in (mine, official):
            assert "Image stage is only possible for images in the queued state" in out.stderr
        mine, official = differ.pair(["image", "import", ours], ["image", "import", theirs])
        differ.assert_same(mine, official, ignore=OWN)
        for image in (ours, theirs):
            _wait_status(differ, image, "active")
        mine, official = differ.pair(["image", "show", ours], ["image", "show", theirs])
        differ.assert_same(mine, official, ignore=OWN)
        assert mine.data["size"] == data.stat().st_size
        # Checks of the method against the image and the options, in the official order.
        for argv in (["image", "import", ours],
                     ["image", "import", ours, "--method", "web-download"],
                     ["image", "import", ours, "--uri", "http://example.com/x"],
                     ["image", "import", ours, "--method", "web-download", "--uri", "nope"],
                     ["image", "import", ours, "--remote-region", "r1"],
                     ["image", "import", ours, "--method", "glance-download"],
                     ["image", "import", ours, "--method", "copy-image"],
                     ["image", "import", "no-such-image"]):
            mine, official = differ.same(*argv, code=1)
            message = re.sub(r" \(HTTP \d+\)$", "", mine.stderr.split("Error: ")[-1].strip())
            assert message in official.stderr, argv
        differ.same("image", "import", ours, "--method", "bogus", code=2)
        differ.same("image", "import", ours, "--store", "fast", "--all-stores", code=2)
        # copy-image to another store of this multi-store cloud.
        mine, official = differ.pair(
            ["image", "import", ours, "--method", "copy-image", "--store", "cheap"],
            ["image", "import", theirs, "--method", "copy-image", "--store", "cheap"])
        differ.assert_same(mine, official, ignore=OWN)
    finally:
        for image in images:
            sdk_conn.image.delete_image(image)


def test_image_stage_from_stdin(differ, sdk_conn):
    images = [sdk_conn.image.create_image(_name(p), disk_format="raw", allow_duplicates=True)
              for p in ("ost-stdin", "osc-stdin")]
    try:
        for client, image in zip(("ostack", "openstack"), images, strict=True):
            done = subprocess.run(_command(differ, client, ["image", "stage", image.id]),
                                  env=differ.env(), capture_output=True,
                                  input=b"piped data", timeout=120)
            record(client, ["image", "stage", image.id], done.returncode)
            assert done.returncode == 0, done.stderr
        mine, official = differ.pair(["image", "show", images[0].id],
                                     ["image", "show", images[1].id])
        differ.assert_same(mine, official, ignore=OWN)
        assert mine.data["status"] == "uploading"
    finally:
        for image in images:
            sdk_conn.image.delete_image(image)
