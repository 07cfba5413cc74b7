"""What no other client has (issue 11, section 3), against the session's local cloud:
live shell completion from the name cache, `-f ndjson`, `--dry-run`, and `ostack api`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

OSTACK = [sys.executable, "-m", "ostack.cli.app"]
BIN = Path(sys.executable).parent


@pytest.fixture
def cli(localcloud, tmp_path):
    """Run ostack with the local cloud's environment and caches of this test's own."""
    env = dict(os.environ, **localcloud.env)
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
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


@pytest.fixture
def network(cli):
    """A network of this test's own (deleted afterwards)."""
    name = f"reach-{uuid.uuid4().hex[:8]}"
    ident = cli("network", "create", name, "-f", "value", "-c", "id").stdout.strip()
    try:
        yield name, ident
    finally:
        cli("network", "delete", ident, check=False)


# --------------------------------------------------------------------------------------------
# complete


def _complete(cli, *words: str) -> list[str]:
    return cli("complete", "--cword", str(len(words) - 1), "--", "ostack", *words[1:]
               ).stdout.split()


def test_completion_from_a_fresh_cache_sends_no_request(cli, localcloud, network):
    name, ident = network
    cli("network", "list")  # an unfiltered listing fills the name cache
    cli("complete", "--cword", "3", "--", "ostack", "network", "show", "")  # specs cached
    before = localcloud.requests()
    assert name in _complete(cli, "ostack", "network", "show", name[:9])
    assert ident in _complete(cli, "ostack", "network", "delete", ident[:6])
    assert name in _complete(cli, "ostack", "server", "create", "--network", name[:9])
    assert _complete(cli, "ostack", "netw") == ["network"]
    assert {"list", "show", "create"} <= set(_complete(cli, "ostack", "network", ""))
    assert "--external" in _complete(cli, "ostack", "network", "list", "--ext")
    assert "--dry-run" in _complete(cli, "ostack", "--dr")
    assert localcloud.requests() == before


def test_stale_cache_is_served_then_refreshed_in_the_background(cli, tmp_path, network):
    """The documented fallback: stale names at once, one listing in the background."""
    import time

    name, _ = network
    cli("network", "list")
    folder = tmp_path / "cache" / "ostack" / "names"
    key = json.loads((folder / "clouds.json").read_text())["local"]
    names_file = folder / f"{key}.json"
    data = json.loads(names_file.read_text())
    data["listed"]["network.network"] = 0.0  # listed long ago: stale
    names_file.write_text(json.dumps(data))
    late = f"reach-late-{uuid.uuid4().hex[:8]}"
    late_id = cli("network", "create", late, "-f", "value", "-c", "id").stdout.strip()
    try:
        offered = _complete(cli, "ostack", "network", "show", "reach-")
        assert name in offered and late not in offered  # the stale names, no waiting
        deadline = time.monotonic() + 60
        while late not in names_file.read_text():
            assert time.monotonic() < deadline, "the background refresh did not run"
            time.sleep(0.1)
        assert late in _complete(cli, "ostack", "network", "show", "reach-")
    finally:
        cli("network", "delete", late_id, check=False)


def test_bash_script_completes_for_real(cli, network):
    name, _ = network
    cli("network", "list")
    assert shutil.which("ostack", path=cli.env["PATH"]), "the ostack script is not installed"
    script = cli("complete", "bash").stdout
    assert script.startswith("# bash completion") and "complete -o default -F _ostack" in script

    def bash(words: str, cword: int) -> list[str]:
        program = (f'source <(ostack complete bash); COMP_WORDS=({words}); COMP_CWORD={cword}; '
                   '_ostack; printf "%s\\n" "${COMPREPLY[@]}"')
        proc = subprocess.run(["bash", "-c", program], env=cli.env, capture_output=True,
                              text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout.split()

    assert bash(f"ostack network show {name[:9]}", 3) == [name]
    assert bash("ostack serve", 1) == ["server"]
    assert "--fit-width" in bash("ostack network list --fit", 3)


def _shell(name: str) -> str:
    path = shutil.which(name)
    assert path, (f"{name} is not installed, and this test drives the real shell: "
                  f"./scripts/bootstrap installs it as root (apt-get install {name})")
    return path


def test_fish_script_completes_for_real(cli, network):
    """fish's own `complete -C LINE` asks the sourced script, as a TAB would."""
    name, _ = network
    cli("network", "list")
    fish = _shell("fish")

    def complete(line: str) -> list[str]:
        program = f"ostack complete fish | source; complete -C '{line}'"
        proc = subprocess.run([fish, "--no-config", "-c", program], env=cli.env,
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        return [row.split("\t")[0] for row in proc.stdout.splitlines()]

    assert complete(f"ostack network show {name[:9]}") == [name]
    assert complete("ostack serve") == ["server"]
    assert "--fit-width" in complete("ostack network list --fit")


#: Drives an interactive zsh in a pseudo-terminal (zsh/zpty): types "$1", TAB, then moves to
#: the start of the line and prefixes `echo COMPLETED `, so that the shell prints the line as
#: the completion left it; the keys queue in the terminal, so no sleep is needed.
ZSH_DRIVER = r"""
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z 'PROMPT="> "; bindkey -e; autoload -U compinit; compinit -u -d "$TMPDIR/zcd"'
zpty -w z 'source <(ostack complete zsh)'
zpty -w -n z "$1"$'\t'
zpty -w -n z $'\x01echo COMPLETED \r'
zpty -w z 'exit'
while zpty -r z chunk; do print -rn -- "$chunk"; done
"""


def test_zsh_script_completes_for_real(cli, network, tmp_path):
    """A TAB in an interactive zsh (compinit, the sourced script) completes the word."""
    import re

    name, _ = network
    cli("network", "list")
    zsh = _shell("zsh")
    driver = tmp_path / "driver.zsh"
    driver.write_text(ZSH_DRIVER)

    def tab(line: str) -> str:
        proc = subprocess.run([zsh, "-f", str(driver), line],
                              env={**cli.env, "TMPDIR": str(tmp_path)},
                              capture_output=True, text=True, timeout=60)
        plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|.\x08|\r", "", proc.stdout)
        done = [row for row in plain.split("\n") if row.startswith("COMPLETED ")]
        assert done, f"zsh printed no completed line:\n{plain[-2000:]}\n{proc.stderr}"
        return done[-1].removeprefix("COMPLETED ").rstrip()

    assert tab(f"ostack network show {name[:9]}") == f"ostack network show {name}"
    assert tab("ostack netw") == "ostack network"
    assert tab("ostack network list --ext") == "ostack network list --external"


# --------------------------------------------------------------------------------------------
# -f ndjson


def test_ndjson_lists_api_fields_one_per_line(cli, network):
    name, ident = network
    lines = cli("network", "list", "--limit", "1", "-f", "ndjson").stdout.splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) >= 3  # one page of 1 each: every page streamed
    mine = next(r for r in rows if r["id"] == ident)
    assert mine["name"] == name and "admin_state_up" in mine and "router:external" in mine
    picked = cli("network", "list", "-f", "ndjson", "-c", "id", "-c", "name").stdout
    assert {"id": ident, "name": name} in [json.loads(x) for x in picked.splitlines()]
    shown = cli("network", "show", name, "-f", "ndjson").stdout
    assert shown.count("\n") == 1 and json.loads(shown)["id"] == ident
    # -f json is still the official client's display output
    official = json.loads(cli("network", "list", "-f", "json").stdout)
    assert {"ID", "Name", "Subnets"} <= set(official[0])


#: List commands whose rows come from no API (nothing but display rows to print).
_NO_API = {"command list", "module list"}


def _in_process(argv: list[str]) -> tuple[int, str]:
    """`ostack <argv>` in this process (cheap: no interpreter start), its code and stdout."""
    import contextlib
    import io

    from ostack.cli import app

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = app.main(argv)
        except SystemExit as exc:  # argparse: a command that needs an argument
            code = exc.code if isinstance(exc.code, int) else 2
    return code, out.getvalue()


def test_ndjson_prints_api_bodies_for_every_list_command(cli, monkeypatch, network):
    """Every `* list` of the command index, with -f ndjson: each line is a resource's body
    with the API's field names (lower-case, or Nova's `OS-...:...`), never a display label
    such as `Name` or `Zone Name`."""
    from ostack.cli.commands import COMMANDS

    name, ident = network
    for key in ("OS_CLIENT_CONFIG_FILE", "OS_CLOUD", "XDG_CACHE_HOME"):
        monkeypatch.setenv(key, cli.env[key])
    volume = f"reach-vol-{uuid.uuid4().hex[:8]}"
    cli("volume", "create", "--size", "1", volume)
    printed: dict[str, list[dict]] = {}
    try:
        for command in sorted(n for n in COMMANDS if n.endswith(" list")):
            code, out = _in_process([*command.split(), "-f", "ndjson"])
            if code != 0:
                continue  # needs an argument, or the service is absent (410, 403)
            printed[command] = [json.loads(line) for line in out.splitlines()]
        code, shown = _in_process(["volume", "show", volume, "-f", "ndjson"])  # hand-written
        assert code == 0 and "os-vol-tenant-attr:tenant_id" in json.loads(shown)
    finally:
        cli("volume", "delete", volume, check=False)
    labels = {command: sorted({k for row in rows for k in row
                               if k[:1].isupper() and ":" not in k})
              for command, rows in printed.items() if command not in _NO_API}
    assert {c: keys for c, keys in labels.items() if keys} == {}
    assert len(printed) >= 80, sorted(printed)  # the sweep did reach the list commands
    assert sum(1 for rows in printed.values() if rows) >= 35
    assert all(isinstance(row, dict) for rows in printed.values() for row in rows)
    mine = next(r for r in printed["volume list"] if r["name"] == volume)
    assert "os-vol-tenant-attr:tenant_id" in mine and "Name" not in mine
    assert any(r["id"] == ident and "router:external" in r for r in printed["network list"])
    assert {"id", "name", "domain_id"} <= set(printed["role list"][0])
    assert "endpoints" in printed["catalog list"][0]
    assert any("zoneName" in r for r in printed["availability zone list"])


def test_ndjson_streams_rows_as_pages_arrive(cli, localcloud, network):
    """Pages of one network, each answered 0.4 s late: the first line is out while the
    listing is still going."""
    fault = localcloud.call("POST", "/_localcloud/faults", {
        "method": "GET", "path": "/network/v2.0/networks$", "latency": 0.4}).json["fault"]
    try:
        proc = subprocess.Popen([*OSTACK, "network", "list", "--limit", "1", "-f", "ndjson"],
                                env=cli.env, stdout=subprocess.PIPE, text=True)
        try:
            first = proc.stdout.readline()
            running = proc.poll() is None
            rest = proc.stdout.read()
        finally:
            proc.wait(timeout=60)
    finally:
        localcloud.call("DELETE", f"/_localcloud/faults/{fault['id']}")
    assert json.loads(first)["id"] and running
    assert len(rest.splitlines()) >= 2 and proc.returncode == 0


# --------------------------------------------------------------------------------------------
# --dry-run


def test_dry_run_server_create_sends_no_post(cli, localcloud, network):
    net_name, net_id = network
    server = f"reach-vm-{uuid.uuid4().hex[:8]}"
    image = cli("image", "list", "-f", "value", "-c", "ID").stdout.split()[0]
    fault = localcloud.call("POST", "/_localcloud/faults", {
        "method": "POST", "path": "/compute/v2.1/servers$", "status": 599}).json["fault"]
    try:
        proc = cli("--dry-run", "server", "create", "--flavor", "m1.tiny", "--image", image,
                   "--network", net_name, "--password", "s3cret-pw", server)
        faults = localcloud.call("GET", "/_localcloud/faults").json["faults"]
    finally:
        localcloud.call("DELETE", f"/_localcloud/faults/{fault['id']}")
    line = proc.stdout.strip()
    assert line.startswith("REQ: curl -g -i -X POST ") and "/compute/v2.1/servers " in line
    body = json.loads(line.split(" -d '", 1)[1][:-1])
    assert body["server"]["name"] == server
    assert body["server"]["networks"] == [{"uuid": net_id}]  # the name resolved by a read
    assert body["server"]["adminPass"] == "***" and "s3cret-pw" not in proc.stdout
    assert "X-Auth-Token: {SHA256}" in line
    assert "not sent" in proc.stderr
    assert next(f for f in faults if f["id"] == fault["id"])["hits"] == 0
    assert server not in cli("server", "list", "-f", "value", "-c", "Name").stdout


def test_dry_run_after_the_command_deletes_nothing(cli, network):
    """Each DELETE of a multi-name delete is printed (none depends on another's answer);
    `--wait` stops at its first poll; a command that needs no cloud says so."""
    name, ident = network
    other = cli("network", "create", f"reach-{uuid.uuid4().hex[:8]}", "-f", "value", "-c",
                "id").stdout.strip()
    try:
        proc = cli("network", "delete", name, other, "--dry-run")
        lines = proc.stdout.splitlines()
        assert [line.split()[:6] for line in lines] == [
            ["REQ:", "curl", "-g", "-i", "-X", "DELETE"]] * 2
        assert lines[0].split()[6].endswith(f"/networks/{ident}")
        assert lines[1].split()[6].endswith(f"/networks/{other}")
        assert "the 2 requests above were not sent" in proc.stderr
        shown = cli("network", "list", "-f", "value", "-c", "ID").stdout.split()
        assert ident in shown and other in shown
    finally:
        cli("network", "delete", other, check=False)
    local = cli("--dry-run", "localcloud", "stop", check=False)
    assert local.returncode == 2 and "has no dry run: not run" in local.stderr
    listed = cli("--dry-run", "module", "list", "-f", "value")
    assert "sends no request to a cloud" in listed.stderr and listed.stdout.strip()


# --------------------------------------------------------------------------------------------
# api


def test_api_raw_calls_through_the_formatters(cli, network):
    name, ident = network
    data = json.loads(cli("api", "network", "GET", f"/networks/{ident}").stdout)
    assert data["network"]["name"] == name
    assert name in cli("api", "network", "GET", "/networks", "-f", "value", "-c",
                       "name").stdout.split()
    flavors = cli("api", "compute", "GET", "/flavors/detail", "-f", "table", "-c", "name").stdout
    assert "| name " in flavors and "m1.tiny" in flavors
    keypairs = json.loads(cli("api", "compute", "GET", "/os-keypairs", "--microversion",
                              "latest", "--noindent").stdout)
    assert "keypairs" in keypairs
    created = f"reach-api-{uuid.uuid4().hex[:8]}"
    new = json.loads(cli("api", "network", "POST", "/networks", "--body",
                         json.dumps({"network": {"name": created}})).stdout)["network"]
    assert cli("api", "network", "DELETE", f"/networks/{new['id']}").stdout == ""
    missing = cli("api", "network", "GET", f"/networks/{new['id']}", check=False)
    assert missing.returncode == 1 and missing.stdout == ""
    assert missing.stderr.count("\n") == 1 and "could not be found" in missing.stderr


def test_api_is_an_ostack_command_not_an_official_one():
    from ostack.cli.commands import COMMANDS

    assert COMMANDS["api"][2] == "ostack.api"
