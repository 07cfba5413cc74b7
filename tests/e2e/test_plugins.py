"""python-openstackclient's plugins run in ostack as they are (issue 11, section 1).

A venv of its own (`tests/support/plugins.py`) holds ostack from this checkout, osc-lib and two
real plugins from the package index (python-octaviaclient, python-designateclient; octaviaclient
brings python-openstackclient along, whose `openstack` serves as the reference here). The seed's
own `runit` plugin is written by the test and pip-installed there.
"""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from pathlib import Path

import pytest
from tests.support.plugins import install, plugins_venv, write_runit


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = plugins_venv()
    install(path, write_runit(tmp_path_factory.mktemp("runit") / "runit"))
    return path


def _run(venv: Path, program: str, *args: str, env: dict[str, str] | None = None,
         python_flags: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    if program == "ostack":
        argv = [str(venv / "bin" / "python"), *python_flags, "-m", "ostack.cli.app", *args]
    else:
        argv = [str(venv / "bin" / program), *args]
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)


def _no_cloud_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("OS_")}


def test_the_seeds_echo_runs_without_a_cloud(venv: Path) -> None:
    env = _no_cloud_env()
    done = _run(venv, "ostack", "runit", "echo", env=env)
    assert (done.returncode, done.stdout, done.stderr) == (0, "Hello, World!\n", "")
    done = _run(venv, "ostack", "runit", "echo", "--message", "ostack here", env=env)
    assert (done.returncode, done.stdout) == (0, "ostack here\n")
    done = _run(venv, "ostack", "runit", "echo", "-m", "short", env=env)
    assert (done.returncode, done.stdout) == (0, "short\n")
    # Version 2 of the plugin's API has one command more, chosen by the plugin's own option
    # (before or after the command) or its environment variable, as the official client does.
    assert _run(venv, "ostack", "runit", "hello", env=env).returncode == 2
    for args, extra in (
        (("--os-runit-api-version", "2", "runit", "hello"), {}),
        (("runit", "hello", "--os-runit-api-version=2"), {}),
        (("runit", "hello"), {"OS_RUNIT_API_VERSION": "2"}),
    ):
        done = _run(venv, "ostack", *args, env={**env, **extra})
        assert (done.returncode, done.stdout) == (0, "Hello, World!\n"), (args, done.stderr)


def test_a_plugin_command_with_auth_uses_make_client_and_the_session(venv, localcloud) -> None:
    token = localcloud.token()
    images = localcloud.call("GET", "/image/v2/images?name=cirros-0.6.2-x86_64-disk",
                             token=token).json["images"]
    name = f"plugin-{uuid.uuid4().hex[:8]}"
    server = localcloud.call("POST", "/compute/v2.1/servers", {"server": {
        "name": name, "imageRef": images[0]["id"], "flavorRef": "1", "networks": "none"}},
        token=token, headers={"OpenStack-API-Version": "compute 2.37"}).json["server"]
    try:
        env = localcloud.environ()
        mine = _run(venv, "ostack", "runit", "server", "list", "-f", "json", "-c", "Name",
                    env=env)
        assert mine.returncode == 0, mine.stderr
        rows = json.loads(mine.stdout)
        assert {"Name": name} in rows and all(list(row) == ["Name"] for row in rows)
        value = _run(venv, "ostack", "runit", "server", "list", "-f", "value", "-c", "ID",
                     "-c", "Name", "--sort-column", "Name", env=env)
        assert f"{server['id']} {name}\n" in value.stdout
        names = [line.split()[1] for line in value.stdout.splitlines()]
        assert names == sorted(names)
        # The same plugin under the official client prints the same row.
        theirs = _run(venv, "openstack", "runit", "server", "list", "-f", "json", "-c", "Name",
                      env=env)
        assert theirs.returncode == 0 and {"Name": name} in json.loads(theirs.stdout)
        # A ShowOne: the version the plugin was given and the catalog's compute endpoint.
        for args, extra, version in (((), {}, "1"),
                                     (("--os-runit-api-version", "2"), {}, "2"),
                                     ((), {"OS_RUNIT_API_VERSION": "2"}, "2")):
            done = _run(venv, "ostack", "runit", "version", "show", "-f", "json", *args,
                        env={**env, **extra})
            assert done.returncode == 0, done.stderr
            assert json.loads(done.stdout) == {
                "API Version": version, "Compute": f"{localcloud.url}/compute/v2.1",
                "Network": True}
        # --timing: the plugin's requests through keystoneauth1, as built-ins print theirs.
        timed = _run(venv, "ostack", "--timing", "runit", "server", "list", "-f", "value",
                     env=env)
        assert timed.returncode == 0 and name in timed.stdout, timed.stderr
        assert f"GET {localcloud.url}/compute/v2.1/servers 200 " in timed.stderr
        assert timed.stderr.splitlines()[-1].startswith("HTTP requests: ")
        # --dry-run: every DELETE printed (none sent), as for built-in commands.
        dry = _run(venv, "ostack", "runit", "server", "delete", server["id"], "no-such-id",
                   "--dry-run", env=env)
        assert dry.returncode == 0, dry.stderr
        assert [line.split()[5] for line in dry.stdout.splitlines()] == ["DELETE", "DELETE"]
        assert dry.stdout.splitlines()[0].split()[6].endswith(f"/servers/{server['id']}")
        assert "X-Auth-Token: {SHA256}" in dry.stdout and "2 requests above" in dry.stderr
        assert localcloud.call("GET", f"/compute/v2.1/servers/{server['id']}",
                               token=token).status == 200
        local = _run(venv, "ostack", "--dry-run", "runit", "echo", env=env)
        assert local.returncode == 2 and "has no dry run" in local.stderr
        # Several clouds at once: the plugin's Lister and ShowOne merge with Cloud and Region
        # first, as built-ins do; a command that may change something is refused (exit 2).
        both = ("--os-cloud", "local,local-demo")
        many = _run(venv, "ostack", *both, "runit", "server", "list", "-f", "json", env=env)
        assert many.returncode == 0, many.stderr
        assert {"Cloud": "local", "Region": "RegionOne", "ID": server["id"],
                "Name": name} in json.loads(many.stdout)
        shown = _run(venv, "ostack", *both, "runit", "version", "show", "-f", "value", "-c",
                     "API Version", env=env)
        assert shown.stdout.splitlines() == ["local RegionOne 1", "local-demo RegionOne 1"]
        refused = _run(venv, "ostack", *both, "runit", "server", "delete", server["id"],
                       env=env)
        assert refused.returncode == 2 and "--os-cloud" in refused.stderr
        unknown = _run(venv, "ostack", "runit", "server", "list", "-c", "nope", env=env)
        assert unknown.returncode == 1 and "nope" in unknown.stderr
        assert "Traceback" not in unknown.stderr
    finally:
        localcloud.call("DELETE", f"/compute/v2.1/servers/{server['id']}", token=token)


def test_real_plugins_are_listed_and_fail_clearly_without_their_service(venv, localcloud):
    env = localcloud.environ()
    listed = _run(venv, "ostack", "command", "list", "-f", "json", env=env)
    assert listed.returncode == 0, listed.stderr
    groups = {g["Command Group"]: g["Commands"] for g in json.loads(listed.stdout)}
    assert "loadbalancer list" in groups["openstack.load_balancer.v2"]
    assert "zone list" in groups["openstack.dns.v2"]
    assert groups["openstack.runit.v1"] == ["runit echo", "runit server delete",
                                            "runit server list", "runit version show"]
    theirs = _run(venv, "openstack", "command", "list", "-f", "json", "--group", "dns", env=env)
    assert {g["Command Group"]: g["Commands"] for g in json.loads(theirs.stdout)}[
        "openstack.dns.v2"] == groups["openstack.dns.v2"]
    modules = _run(venv, "ostack", "module", "list", "-f", "json", env=env)
    assert {"octaviaclient", "designateclient"} <= set(json.loads(modules.stdout))

    for command, option in ((("loadbalancer", "list"), "--provisioning-status"),
                            (("zone", "list"), "--ttl")):
        helped = _run(venv, "ostack", *command, "--help", env=env)
        assert helped.returncode == 0, helped.stderr
        assert option in helped.stdout and "-f {csv,json," in helped.stdout
    for command, service in ((("loadbalancer", "list"), "load-balancer"),
                             (("zone", "list"), "dns")):
        done = _run(venv, "ostack", *command, env=env)
        assert done.returncode == 1 and done.stdout == ""
        assert done.stderr == (f"ostack: the cloud has no '{service}' service in its catalog "
                               "(region RegionOne, interface public)\n")
    # An endpoint override is used as osc-lib does; octaviaclient finds the project through
    # python-openstackclient's identity client (`openstack.cli.base`), made on ostack's session.
    override = localcloud.environ(OS_LOAD_BALANCER_ENDPOINT_OVERRIDE=f"{localcloud.url}/lb")
    done = _run(venv, "ostack", "loadbalancer", "list", "--project", "admin", env=override)
    assert done.returncode == 1 and done.stderr.startswith("Not found (HTTP 404)"), done.stderr
    assert len(done.stderr.splitlines()) == 1


def test_built_in_commands_load_no_plugin_machinery(venv, localcloud) -> None:
    done = _run(venv, "ostack", "server", "list", "-f", "value", "-c", "ID",
                env=localcloud.environ(), python_flags=("-X", "importtime"))
    assert done.returncode == 0, done.stderr
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0]
                for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "ostack" in imported
    assert not imported & {"cliff", "osc_lib", "keystoneauth1", "stevedore", "octaviaclient",
                           "designateclient", "runit_cli"}
