"""The `ostack` CLI against a started local cloud: grammar, formats, cache, errors, secrets."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import yaml

OSTACK = [sys.executable, "-m", "ostack.cli.app"]


@pytest.fixture
def cli(localcloud, tmp_path):
    """Run ostack with the local cloud's environment and a token cache of this test's own."""
    env = dict(os.environ, **localcloud.env)
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    for key in ("OS_AUTH_URL", "OS_USERNAME", "OS_PASSWORD", "OS_PROJECT_NAME", "OS_TOKEN"):
        env.pop(key, None)

    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run([*OSTACK, *args], env=env, capture_output=True, text=True,
                              timeout=120)
        if check and proc.returncode != 0:
            raise AssertionError(f"ostack {' '.join(args)} failed ({proc.returncode}):\n"
                                 f"{proc.stdout}\n{proc.stderr}")
        return proc

    run.env = env
    return run


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_version_needs_no_cloud(cli):
    proc = cli("--version")
    assert proc.stdout.startswith("ostack ")


def test_token_issue_formats(cli):
    data = json.loads(cli("token", "issue", "-f", "json").stdout)
    assert set(data) == {"expires", "id", "project_id", "user_id"}
    shell = cli("token", "issue", "-f", "shell", "-c", "project_id").stdout
    assert shell == f'project_id="{data["project_id"]}"\n'
    table = cli("token", "issue").stdout
    assert "| Field" in table and data["user_id"] in table


def test_catalog_and_versions(cli):
    rows = json.loads(cli("catalog", "list", "-f", "json").stdout)
    types = {row["Type"] for row in rows}
    assert {"identity", "compute", "image"} <= types
    compute = next(r for r in rows if r["Type"] == "compute")
    assert {e["interface"] for e in compute["Endpoints"]} == {"public", "internal", "admin"}
    versions = json.loads(cli("versions", "show", "--service", "compute", "-f", "json").stdout)
    current = [v for v in versions if v["Status"] == "CURRENT"]
    assert current and current[0]["Max Microversion"] == "2.96"
    assert current[0]["Min Microversion"] == "2.1"


def test_flavor_list_and_show(cli):
    rows = list(csv.reader(io.StringIO(cli("flavor", "list", "-f", "csv").stdout)))
    assert rows[0] == ["ID", "Name", "RAM", "Disk", "Ephemeral", "VCPUs", "Is Public"]
    names = [r[1] for r in rows[1:]]
    assert "m1.tiny" in names
    sorted_names = cli("flavor", "list", "-f", "value", "-c", "Name", "--sort-column",
                       "Name").stdout.split()
    assert sorted_names == sorted(names)
    shown = yaml.safe_load(cli("flavor", "show", "m1.tiny", "-f", "yaml").stdout)
    assert shown["name"] == "m1.tiny" and shown["vcpus"] >= 1


def test_project_and_user_list(cli):
    projects = cli("project", "list", "-f", "value", "-c", "Name").stdout.split()
    assert {"admin", "demo"} <= set(projects)
    users = json.loads(cli("user", "list", "-f", "json").stdout)
    assert {"admin", "demo"} <= {u["Name"] for u in users}


def test_server_create_list_show_delete(cli):
    name = _name("cli")
    created = json.loads(cli(
        "server", "create", "--image", "cirros-0.6.2-x86_64-disk", "--flavor", "m1.tiny",
        "--property", "owner=tests", "--wait", name, "-f", "json").stdout)
    assert created["name"] == name and created["status"] == "ACTIVE"
    listed = json.loads(cli("server", "list", "-f", "json").stdout)
    row = next(r for r in listed if r["ID"] == created["id"])
    assert row["Image"] == "cirros-0.6.2-x86_64-disk"
    assert row["Flavor"] == "m1.tiny"
    assert row["Status"] == "ACTIVE"
    shown = json.loads(cli("server", "show", name, "-f", "json").stdout)
    assert shown["id"] == created["id"]
    assert shown["properties"] == {"owner": "tests"}
    cli("server", "delete", "--wait", name)
    after = cli("server", "list", "-f", "value", "-c", "ID").stdout.split()
    assert created["id"] not in after


def test_warm_cache_server_list_sends_one_request(cli, localcloud, tmp_path):
    cli("server", "list")  # authenticates, discovers, learns image names
    before = localcloud.requests()
    timed = cli("--timing", "server", "list")
    assert localcloud.requests() - before == 1
    lines = timed.stderr.splitlines()
    assert lines[0].startswith("GET http://") and "/compute/v2.1/servers/detail" in lines[0]
    assert lines[-1].startswith("HTTP requests: 1, total ")
    cache = tmp_path / "cache" / "ostack" / "auth"
    files = list(cache.glob("*.json"))
    assert files and all(f.stat().st_mode & 0o777 == 0o600 for f in files)
    assert cache.stat().st_mode & 0o777 == 0o700
    # --no-cache authenticates every time.
    before = localcloud.requests()
    cli("--no-cache", "server", "list")
    assert localcloud.requests() - before > 1


def test_warm_server_list_imports_only_its_hot_path(cli):
    """What keeps a warm `server list` fast (docs/benchmarks.md): no async stack, YAML parser,
    logging or typing, no shutil (argparse's terminal width) and no idna codec (host names)."""
    cli("server", "list")
    proc = subprocess.run([sys.executable, "-X", "importtime", *OSTACK[1:], "server", "list"],
                          env=cli.env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines()
                if line.startswith("import time:")}
    assert "http.client" in imported and "ostack.compute.servers" in imported
    unwanted = {"shutil", "encodings.idna", "unicodedata", "httpcore", "httpx", "anyio", "yaml",
                "logging", "typing"}
    assert not imported & unwanted


def test_log_file_is_written_in_full(cli, tmp_path):
    """The CLI ends its process without the interpreter's teardown; atexit still flushes the
    --log-file handler."""
    log = tmp_path / "ostack.log"
    cli("--log-file", str(log), "--no-cache", "server", "list")
    text = log.read_text()
    assert "REQ: curl -g -i -X POST" in text and "/servers/detail" in text
    assert text.rstrip().splitlines()[-1]  # the last record is there


def test_debug_output_hides_secrets(cli, localcloud):
    clouds = yaml.safe_load(Path(localcloud.clouds_yaml).read_text())
    password = clouds["clouds"]["local"]["auth"]["password"]
    token = cli("token", "issue", "-f", "value", "-c", "id").stdout.strip()
    proc = cli("--debug", "--no-cache", "server", "list")
    assert "REQ: curl -g -i -X POST" in proc.stderr
    assert "REQ: curl -g -i -X GET" in proc.stderr
    assert "{SHA256}" in proc.stderr
    assert password not in proc.stderr and password not in proc.stdout
    cached = cli("--debug", "server", "list")
    assert token not in cached.stderr and token not in cached.stdout
    fresh_tokens = [line for line in proc.stderr.splitlines() if "x-subject-token" in line.lower()]
    assert fresh_tokens and all("{SHA256}" in line for line in fresh_tokens)


def test_errors_are_one_clear_line(cli):
    proc = cli("server", "show", "no-such-server", check=False)
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and "no-such-server" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc = cli("--os-cloud", "nowhere", "server", "list", check=False)
    assert proc.returncode == 1
    assert "nowhere" in proc.stderr and "Traceback" not in proc.stderr
    proc = cli("--debug", "--os-cloud", "nowhere", "server", "list", check=False)
    assert proc.returncode == 1 and "Traceback" in proc.stderr
    proc = cli("server", "frobnicate", check=False)
    assert proc.returncode == 2 and "not an ostack command" in proc.stderr
    proc = cli("flavor", "list", "-c", "Nope", check=False)
    assert proc.returncode == 1 and "Nope" in proc.stderr and "Traceback" not in proc.stderr


def test_wrong_password_from_env(cli):
    env = dict(cli.env, OS_PASSWORD="wrong")
    proc = subprocess.run([*OSTACK, "--no-cache", "token", "issue"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert "HTTP 401" in proc.stderr and "Traceback" not in proc.stderr
