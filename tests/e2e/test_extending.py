"""The quick-backup extension (examples/quickbackup) adds an SDK action and a CLI command from a
separate package, installed into a venv of its own beside ostack, without touching ostack."""

from __future__ import annotations

import json
import shutil
import site
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "quickbackup"


@pytest.fixture(scope="module")
def extended(tmp_path_factory) -> Path:
    """A venv that sees ostack (through a .pth file) and has the example installed with pip."""
    venv = tmp_path_factory.mktemp("ext") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                              "['purelib'])"], capture_output=True, text=True, check=True)
    # ostack and its dependencies come from the test venv (its .pth files included).
    (Path(purelib.stdout.strip()) / "ostack-beside.pth").write_text("".join(
        f"import site; site.addsitedir({folder!r})\n" for folder in site.getsitepackages()))
    source = venv.parent / "quickbackup"  # built from a copy: no build/ left in the checkout
    shutil.copytree(EXAMPLE, source)
    done = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps",
                           "--disable-pip-version-check", str(source)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return python


def _server(localcloud) -> str:
    token = localcloud.token()
    images = localcloud.call("GET", "/image/v2/images?name=cirros-0.6.2-x86_64-disk",
                             token=token).json["images"]
    reply = localcloud.call("POST", "/compute/v2.1/servers", {"server": {
        "name": f"qb-{uuid.uuid4().hex[:6]}", "imageRef": images[0]["id"], "flavorRef": "1",
        "networks": "none"}}, token=token, headers={"OpenStack-API-Version": "compute 2.37"})
    server_id = reply.json["server"]["id"]
    localcloud.wait_for(lambda: localcloud.call(
        "GET", f"/compute/v2.1/servers/{server_id}", token=token
    ).json["server"]["status"] == "ACTIVE")
    return server_id


def _image(localcloud, image_id: str) -> dict:
    return localcloud.call("GET", f"/image/v2/images/{image_id}", token=localcloud.token()).json


def test_cli_command_from_the_extension(extended, localcloud) -> None:
    server_id = _server(localcloud)
    done = subprocess.run(
        [str(extended), "-m", "ostack.cli.app", "server", "quick", "backup", server_id,
         "nightly", "before the upgrade", "-f", "json"],
        env=localcloud.environ(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert shown["server_id"] == server_id and shown["name"] == "nightly"
    image = _image(localcloud, shown["id"])
    assert image["name"] == "nightly"
    assert image["description"] == "before the upgrade"
    # Without the package, ostack does not know the command (and says so).
    plain = subprocess.run([sys.executable, "-m", "ostack.cli.app", "server", "quick", "backup"],
                           env=localcloud.environ(), capture_output=True, text=True)
    assert plain.returncode == 2 and "is not an ostack command" in plain.stderr


def test_sdk_action_from_the_extension_sync_and_async(extended, localcloud) -> None:
    # One server each: a second snapshot of a server whose first one is still being made is
    # refused (409), as Nova does.
    server_id, other_id = _server(localcloud), _server(localcloud)
    code = f"""
import asyncio, json, ostack, ostack.aio
conn = ostack.connect(cloud="local")
first = conn.compute.quick_backup_server({server_id!r}, "qb-sync", "made sync")
async def run():
    aconn = ostack.aio.connect(cloud="local")
    try:
        return await aconn.compute.quick_backup_server({other_id!r}, "qb-async", "made async")
    finally:
        await aconn.close()
print(json.dumps([first, asyncio.run(run()), type(conn.compute).__name__]))
"""
    done = subprocess.run([str(extended), "-c", code], env=localcloud.environ(),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    sync_id, async_id, proxy = json.loads(done.stdout)
    assert proxy == "QuickBackupCompute"
    time.sleep(0.1)
    assert _image(localcloud, sync_id)["description"] == "made sync"
    assert _image(localcloud, async_id)["description"] == "made async"
