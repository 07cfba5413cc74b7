"""One command, many clouds: `--os-cloud a,b,c`, `--all-clouds` and `--os-region-name R1,R2`
against three local clouds of this module's own (one made to fail through the operator API),
and the SDK's `ostack.aio.connect_many`.

Cloud `a` also serves a second region (RegionTwo: its own endpoints in the catalog, same
services); cloud `c` answers 503 to every compute, network, volume and image request.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.support.localcloud import LocalCloud, start_localcloud

OSTACK = [sys.executable, "-m", "ostack.cli.app"]
SUFFIX = uuid.uuid4().hex[:8]
#: The network of the same name in clouds a and b (for `network show` across clouds).
SHARED = f"mc-shared-{SUFFIX}"
FAILING = "ostack: cloud 'c' (region RegionOne): "


def _add_region(cloud: LocalCloud, region: str) -> None:
    """A second region in the cloud's catalog: its own public endpoints, same services."""
    token = cloud.token()
    reply = cloud.call("POST", "/identity/v3/regions", {"region": {"id": region}}, token=token)
    assert reply.status == 201, reply.body
    reply = cloud.call("GET", "/identity/v3/endpoints?interface=public", token=token)
    for endpoint in reply.json["endpoints"]:
        body = {"endpoint": {"service_id": endpoint["service_id"], "interface": "public",
                             "region_id": region, "url": endpoint["url"]}}
        created = cloud.call("POST", "/identity/v3/endpoints", body, token=token)
        assert created.status == 201, created.body


class Clouds:
    """The three clouds, their clouds.yaml, and a runner of `ostack` pointed at it."""

    def __init__(self, base: Path, started: dict[str, LocalCloud]) -> None:
        self.started = started
        self.config = base / "clouds.yaml"
        entries = {}
        for name, cloud in started.items():
            entries[name] = yaml.safe_load(cloud.clouds_yaml.read_text())["clouds"]["local"]
        self.config.write_text(yaml.safe_dump({"clouds": entries}))
        self.cwd = base / "work"
        self.cwd.mkdir()
        env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
        env.update(OS_CLIENT_CONFIG_FILE=str(self.config), XDG_CACHE_HOME=str(base / "cache"),
                   XDG_CONFIG_HOME=str(base / "config"), OSTACK_LOCALCLOUD_DIR=str(base / "none"))
        self.env = env

    def run(self, *args: str, code: int | None = 0,
            python: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
        command = [OSTACK[0], *python, *OSTACK[1:], *args]
        proc = subprocess.run(command, env=self.env, cwd=self.cwd, capture_output=True,
                              text=True, timeout=60)
        if code is not None and proc.returncode != code:
            raise AssertionError(f"ostack {' '.join(args)}: exit {proc.returncode}, not {code}"
                                 f"\n{proc.stdout}\n{proc.stderr}")
        return proc


@pytest.fixture(scope="module")
def clouds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Clouds]:
    base = tmp_path_factory.mktemp("multicloud")
    started: dict[str, LocalCloud] = {}
    try:
        for name in ("a", "b", "c"):
            started[name] = start_localcloud(base / name, cache_dir=base / "cache",
                                             build_delay=0, delete_delay=0, task_delay=0)
        made = Clouds(base, started)
        _add_region(started["a"], "RegionTwo")
        for name in ("a", "b"):
            made.run("--os-cloud", name, "network", "create", f"mc-net-{name}-{SUFFIX}")
            made.run("--os-cloud", name, "network", "create", SHARED)
            made.run("--os-cloud", name, "volume", "create", "--size", "1",
                     f"mc-vol-{name}-{SUFFIX}")
            made.run("--os-cloud", name, "server", "create", "--flavor", "m1.tiny", "--image",
                     "cirros-0.6.2-x86_64-disk", "--nic", "none",
                     f"mc-vm-{name}-{SUFFIX}")
        fault = {"method": "GET", "path": "^/(compute|network|volume|image)/", "status": 503,
                 "retry_after": 0}
        reply = started["c"].call("POST", "/_localcloud/faults", fault)
        assert reply.status in (200, 201), reply.body
        yield made
    finally:
        for cloud in started.values():
            cloud.stop()


def _rows(proc: subprocess.CompletedProcess[str]) -> Any:
    return json.loads(proc.stdout)


def _ours(rows: list[dict[str, Any]], key: str = "Name") -> list[tuple[str, str, str]]:
    """(cloud, region, name) of this module's own resources, in the output's order."""
    return [(r["Cloud"], r["Region"], r[key]) for r in rows if SUFFIX in str(r.get(key))]


def test_server_list_merges_the_clouds_and_reports_the_failing_one(clouds: Clouds) -> None:
    proc = clouds.run("--os-cloud", "a,b,c", "server", "list", code=1)
    lines = proc.stdout.splitlines()
    header = [cell.strip() for cell in lines[1].strip("|").split("|")]
    assert header[:4] == ["Cloud", "Region", "ID", "Name"], lines[:3]
    table = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[3:-1]]
    ours = [(row[0], row[1], row[3]) for row in table if SUFFIX in row[3]]
    assert ours == [("a", "RegionOne", f"mc-vm-a-{SUFFIX}"),
                    ("b", "RegionOne", f"mc-vm-b-{SUFFIX}")]
    errors = proc.stderr.splitlines()
    assert len(errors) == 1 and errors[0].startswith(FAILING), proc.stderr
    assert "503" in errors[0]


def test_generated_list_in_json_value_csv_and_sorted(clouds: Clouds) -> None:
    listed = _rows(clouds.run("--os-cloud", "a,b,c", "network", "list", "-f", "json", code=1))
    assert list(listed[0])[:4] == ["Cloud", "Region", "ID", "Name"]
    assert _ours(listed) == [("a", "RegionOne", f"mc-net-a-{SUFFIX}"),
                             ("a", "RegionOne", SHARED),
                             ("b", "RegionOne", f"mc-net-b-{SUFFIX}"),
                             ("b", "RegionOne", SHARED)]

    proc = clouds.run("--os-cloud", "a,b", "network", "list", "-f", "value", "-c", "Name")
    assert f"a RegionOne mc-net-a-{SUFFIX}" in proc.stdout.splitlines()
    assert f"b RegionOne {SHARED}" in proc.stdout.splitlines()
    assert proc.stderr == ""
    assert all(len(line.split()) == 3 for line in proc.stdout.splitlines())

    proc = clouds.run("--os-cloud", "a,b", "network", "list", "-f", "csv", "-c", "ID")
    assert proc.stdout.splitlines()[0] == '"Cloud","Region","ID"'

    ordered = _rows(clouds.run("--os-cloud", "a,b", "network", "list", "-f", "json",
                               "--sort-column", "Name", "--sort-descending"))
    names = [row["Name"] for row in ordered]
    assert names == sorted(names, reverse=True)
    assert _ours(ordered) == [("a", "RegionOne", SHARED), ("b", "RegionOne", SHARED),
                              ("b", "RegionOne", f"mc-net-b-{SUFFIX}"),
                              ("a", "RegionOne", f"mc-net-a-{SUFFIX}")]


def test_ndjson_streams_each_target_with_api_fields(clouds: Clouds) -> None:
    proc = clouds.run("--os-cloud", "a,b,c", "network", "list", "-f", "ndjson", "-c", "name",
                      "-c", "id", "-c", "Cloud", code=1)
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert all(list(r) == ["Cloud", "Region", "name", "id"] for r in records), records[:2]
    assert sorted(_ours(records, "name")) == [
        ("a", "RegionOne", f"mc-net-a-{SUFFIX}"), ("a", "RegionOne", SHARED),
        ("b", "RegionOne", f"mc-net-b-{SUFFIX}"), ("b", "RegionOne", SHARED)]
    assert proc.stderr.startswith(FAILING) and len(proc.stderr.splitlines()) == 1
    shown = clouds.run("--os-cloud", "a,b", "network", "show", SHARED, "-f", "ndjson", "-c",
                       "name")
    assert sorted(json.loads(line)["Cloud"] for line in shown.stdout.splitlines()) == ["a", "b"]
    assert {json.loads(line)["name"] for line in shown.stdout.splitlines()} == {SHARED}


def test_all_clouds(clouds: Clouds) -> None:
    proc = clouds.run("--all-clouds", "volume", "list", "-f", "yaml", code=1)
    rows = yaml.safe_load(proc.stdout)
    assert list(rows[0])[:2] == ["Cloud", "Region"]
    assert _ours(rows) == [("a", "RegionOne", f"mc-vol-a-{SUFFIX}"),
                           ("b", "RegionOne", f"mc-vol-b-{SUFFIX}")]
    assert proc.stderr.splitlines()[-1].startswith(FAILING)
    assert len(proc.stderr.splitlines()) == 1


def test_regions_times_clouds(clouds: Clouds) -> None:
    proc = clouds.run("--os-cloud", "a,b", "--os-region-name", "RegionOne,RegionTwo",
                      "network", "list", "-f", "json", "-c", "Name", code=1)
    rows = _rows(proc)
    assert all(list(row) == ["Cloud", "Region", "Name"] for row in rows)
    assert [t for t in _ours(rows) if t[2] != SHARED] == [
        ("a", "RegionOne", f"mc-net-a-{SUFFIX}"), ("a", "RegionTwo", f"mc-net-a-{SUFFIX}"),
        ("b", "RegionOne", f"mc-net-b-{SUFFIX}")]
    errors = proc.stderr.splitlines()
    assert len(errors) == 1 and errors[0].startswith("ostack: cloud 'b' (region RegionTwo): ")
    assert "RegionTwo" in errors[0].split(": ", 2)[2]


def test_show_across_clouds(clouds: Clouds) -> None:
    ids = {name: _rows(clouds.run("--os-cloud", name, "network", "show", SHARED, "-f",
                                  "json"))["id"] for name in ("a", "b")}
    shown = _rows(clouds.run("--os-cloud", "a,b,c", "network", "show", SHARED, "-f", "json",
                             code=1))
    assert [(r["Cloud"], r["Region"], r["id"], r["name"]) for r in shown] == [
        ("a", "RegionOne", ids["a"], SHARED), ("b", "RegionOne", ids["b"], SHARED)]
    assert list(shown[0])[:2] == ["Cloud", "Region"]

    table = clouds.run("--os-cloud", "a,b", "network", "show", SHARED, "-c", "id").stdout
    assert f"| a     | RegionOne | id    | {ids['a']} |" in table
    assert f"| b     | RegionOne | id    | {ids['b']} |" in table
    value = clouds.run("--os-cloud", "a,b", "network", "show", SHARED, "-f", "value", "-c",
                       "name", "-c", "id").stdout
    assert value.splitlines() == [f"a RegionOne {ids['a']} {SHARED}",
                                  f"b RegionOne {ids['b']} {SHARED}"]
    refused = clouds.run("--os-cloud", "a,b", "network", "show", SHARED, "-f", "shell", code=2)
    assert "-f shell" in refused.stderr and refused.stdout == ""


def test_commands_that_change_something_are_refused(clouds: Clouds) -> None:
    name = f"mc-refused-{SUFFIX}"
    proc = clouds.run("--os-cloud", "a,b", "network", "create", name, code=2)
    assert "--os-cloud" in proc.stderr and "'network create'" in proc.stderr
    proc = clouds.run("server", "delete", "--all-clouds", "anything", code=2)
    assert "--all-clouds" in proc.stderr
    listed = clouds.run("--os-cloud", "a", "network", "list", "-f", "value", "-c", "Name")
    assert name not in listed.stdout
    # a command that needs no cloud runs once, as it would with one cloud
    status = clouds.run("--os-cloud", "a,b", "localcloud", "status", code=1)
    assert "not running" in status.stderr and "--os-cloud" not in status.stderr


def test_one_cloud_keeps_todays_output_and_imports(clouds: Clouds) -> None:
    proc = clouds.run("--os-cloud", "a", "network", "list", "-f", "json",
                      python=("-X", "importtime"))
    assert "Cloud" not in json.loads(proc.stdout)[0]
    imported = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines()}
    assert "ostack.cli.multicloud" not in imported and "asyncio" not in imported
    proc = clouds.run("--os-cloud", "a,b", "network", "list", "-f", "json",
                      python=("-X", "importtime"))
    assert "ostack.cli.multicloud" in {line.rsplit("|", 1)[-1].strip()
                                       for line in proc.stderr.splitlines()}


def test_every_cloud_answering_exits_0(clouds: Clouds) -> None:
    proc = clouds.run("--os-cloud", "a,b", "flavor", "list", "-f", "json")
    assert {row["Cloud"] for row in _rows(proc)} == {"a", "b"}
    assert proc.stderr == ""


def test_services_first_used_by_several_targets_at_once(clouds: Clouds) -> None:
    """Two targets' threads load a service's lazy resources together (once this gave
    "'IdentityService' object has no attribute 'policys'"); a command's own Region column is
    renamed after its resource."""
    policies = clouds.run("--os-cloud", "a,b", "policy", "list", "-f", "json")
    assert policies.stderr == "" and _rows(policies) == []
    endpoints = clouds.run("--os-cloud", "a,b", "endpoint", "list", "-f", "json")
    assert endpoints.stderr == ""
    rows = _rows(endpoints)
    assert list(rows[0])[:4] == ["Cloud", "Region", "ID", "Endpoint Region"]
    assert {(r["Cloud"], r["Region"]) for r in rows} == {("a", "RegionOne"), ("b", "RegionOne")}
    assert {r["Endpoint Region"] for r in rows if r["Cloud"] == "a"} == {"RegionOne",
                                                                         "RegionTwo"}


def test_sdk_connect_many(clouds: Clouds) -> None:
    import ostack.aio

    async def names(conn: Any) -> list[str]:
        return sorted([s.name async for s in conn.compute.servers() if SUFFIX in s.name])

    async def main() -> dict[Any, Any]:
        async with ostack.aio.connect_many(["a", "b", "c", "nowhere"], env=clouds.env,
                                           cache=False) as many:
            assert set(many) == {("a", None), ("b", None), ("c", None)}
            assert list(many.errors) == [("nowhere", None)]
            return await many.run(names)

    found = asyncio.run(main())
    assert list(found) == [("a", None), ("b", None), ("c", None), ("nowhere", None)]
    assert found[("a", None)] == [f"mc-vm-a-{SUFFIX}"]
    assert found[("b", None)] == [f"mc-vm-b-{SUFFIX}"]
    assert "503" in str(found[("c", None)])
    assert "nowhere" in str(found[("nowhere", None)])

    async def regions() -> dict[Any, Any]:
        async with ostack.aio.connect_many("a", regions="RegionOne,RegionTwo", env=clouds.env,
                                           cache=False) as many:
            return await ostack.aio.run_many(many, names)

    assert asyncio.run(regions()) == {("a", "RegionOne"): [f"mc-vm-a-{SUFFIX}"],
                                      ("a", "RegionTwo"): [f"mc-vm-a-{SUFFIX}"]}


def test_region_list_from_the_environment_splits_like_the_option(clouds: Clouds) -> None:
    env = dict(clouds.env, OS_REGION_NAME="RegionOne,RegionTwo")
    proc = subprocess.run([*OSTACK, "--os-cloud", "a", "network", "list", "-f", "json", "-c",
                           "Name"], env=env, cwd=clouds.cwd, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert [t for t in _ours(_rows(proc)) if t[2] != SHARED] == [
        ("a", "RegionOne", f"mc-net-a-{SUFFIX}"), ("a", "RegionTwo", f"mc-net-a-{SUFFIX}")]


def test_every_target_failing_prints_the_empty_form(clouds: Clouds) -> None:
    asked = ("--os-cloud", "c", "--os-region-name", "RegionOne,RegionNowhere")
    proc = clouds.run(*asked, "network", "list", "-f", "json", code=1)
    assert json.loads(proc.stdout) == [] and len(proc.stderr.splitlines()) == 2
    assert yaml.safe_load(clouds.run(*asked, "server", "list", "-f", "yaml", code=1).stdout
                          ) == []
    csv = clouds.run(*asked, "network", "list", "-f", "csv", code=1).stdout
    assert csv.splitlines() == ['"Cloud","Region"']
    shown = clouds.run(*asked, "network", "show", SHARED, "-f", "json", code=1)
    assert json.loads(shown.stdout) == []


def test_a_bad_column_fails_before_any_request(clouds: Clouds) -> None:
    before = {name: clouds.started[name].requests() for name in ("a", "b")}
    proc = clouds.run("--os-cloud", "a,b", "network", "list", "-c", "Nope", code=1)
    assert "No column 'Nope' for -c/--column" in proc.stderr and proc.stdout == ""
    assert "'Cloud', 'Region', 'ID', 'Name'" in proc.stderr
    assert {name: clouds.started[name].requests() for name in ("a", "b")} == before
