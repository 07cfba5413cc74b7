"""The official OpenStack CLI (python-openstackclient 10.5.0, openstacksdk 4.22.0) accepts the
local cloud as a real cloud: every command here must succeed with sensible output.

A failing command is run again with `--debug`, so the failure shows exactly which requests the
official client made and what the cloud answered.
"""

from __future__ import annotations

import json
import subprocess
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from tests.support.localcloud import LocalCloud
from tests.support.venvs import OFFICIAL_CLIENTS, ensure_venv

pytestmark = pytest.mark.official

CIRROS = "cirros-0.6.2-x86_64-disk"

Run = Callable[..., Any]


@pytest.fixture(scope="module")
def openstack(localcloud: LocalCloud) -> Run:
    """Run `openstack <args> -f json` against the local cloud; the parsed output."""
    executable = ensure_venv("official", OFFICIAL_CLIENTS) / "bin" / "openstack"

    def run(*args: str, cloud: str = "local", fmt: bool = True) -> Any:
        argv = [str(executable), *args] + (["-f", "json"] if fmt else [])
        env = localcloud.environ(OS_CLOUD=cloud)
        done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=180)
        if done.returncode != 0:
            debug = subprocess.run([str(executable), "--debug", *args], env=env,
                                   capture_output=True, text=True, timeout=180)
            pytest.fail(f"openstack {' '.join(args)} exited {done.returncode}:\n"
                        f"{done.stderr[-3000:]}\n--- with --debug:\n{debug.stderr[-8000:]}")
        return json.loads(done.stdout) if fmt and done.stdout.strip() else done.stdout

    return run


def test_token_issue(openstack, localcloud):
    token = openstack("token", "issue")
    assert set(token) >= {"id", "expires", "project_id", "user_id"}
    check = localcloud.call("GET", "/identity/v3/auth/tokens", token=token["id"],
                            headers={"X-Subject-Token": token["id"]})
    assert check.status == 200
    assert check.json["token"]["project"]["id"] == token["project_id"]


def test_flavor_list(openstack):
    flavors = {f["Name"]: f for f in openstack("flavor", "list")}
    assert set(flavors) >= {"m1.tiny", "m1.small", "m1.medium", "m1.large", "m1.xlarge"}
    assert (flavors["m1.tiny"]["ID"], flavors["m1.tiny"]["RAM"]) == ("1", 512)


def test_server_lifecycle(openstack, localcloud):
    name = f"osc-{uuid.uuid4().hex[:8]}"
    created = openstack("server", "create", "--image", CIRROS, "--flavor", "m1.tiny",
                        "--wait", name)
    assert created["name"] == name
    assert created["status"] == "ACTIVE"
    listed = {s["Name"]: s for s in openstack("server", "list")}
    assert listed[name]["Status"] == "ACTIVE"
    assert listed[name]["Image"] == CIRROS
    assert listed[name]["Flavor"] == "m1.tiny"
    # The admin project has no network of its own: `auto` takes the shared `public` one.
    assert list(listed[name]["Networks"]) == ["public"]
    shown = openstack("server", "show", name)
    assert shown["id"] == created["id"]
    assert shown["status"] == "ACTIVE"
    assert shown["flavor"]["original_name"] == "m1.tiny"
    assert CIRROS in shown["image"]
    openstack("server", "delete", "--wait", name, fmt=False)
    assert name not in {s["Name"] for s in openstack("server", "list")}
    admin = localcloud.token()
    gone = localcloud.call("GET", f"/compute/v2.1/servers/{created['id']}", token=admin)
    assert gone.status == 404


def test_catalog_list(openstack, localcloud):
    catalog = {c["Type"]: c for c in openstack("catalog", "list")}
    assert set(catalog) == {"identity", "compute", "image", "network", "block-storage",
                            "object-store"}
    assert catalog["compute"]["Name"] == "nova"
    endpoints = catalog["compute"]["Endpoints"]
    text = json.dumps(endpoints)
    assert f"{localcloud.url}/compute/v2.1" in text


def test_project_and_user_list(openstack):
    assert {p["Name"] for p in openstack("project", "list")} >= {"admin", "demo"}
    assert {u["Name"] for u in openstack("user", "list")} >= {"admin", "demo"}


def test_member_sees_only_its_project(openstack, localcloud):
    name = f"demo-{uuid.uuid4().hex[:8]}"
    openstack("server", "create", "--image", CIRROS, "--flavor", "m1.small", name,
              cloud="local-demo")
    try:
        mine = {s["Name"] for s in openstack("server", "list", cloud="local-demo")}
        assert name in mine
        assert name not in {s["Name"] for s in openstack("server", "list")}
        assert name in {s["Name"] for s in openstack("server", "list", "--all-projects")}
    finally:
        openstack("server", "delete", "--wait", name, cloud="local-demo", fmt=False)


def test_more_read_commands(openstack):
    assert [i["Name"] for i in openstack("image", "list")] == [CIRROS]
    assert openstack("image", "show", CIRROS)["status"] == "active"
    assert openstack("flavor", "show", "m1.small")["ram"] == 2048
    assert {r["Name"] for r in openstack("role", "list")} >= {"admin", "member", "reader"}
    assert {s["Type"] for s in openstack("service", "list")} >= {"identity", "compute",
                                                                  "image"}
    assert any(r["Region"] == "RegionOne" for r in openstack("region", "list"))
    assert openstack("limits", "show", "--absolute")
    assert openstack("quota", "show")


def test_keypair_and_application_credential(openstack):
    name = f"kp-{uuid.uuid4().hex[:6]}"
    openstack("keypair", "create", name, fmt=False)
    assert name in {k["Name"] for k in openstack("keypair", "list")}
    openstack("keypair", "delete", name, fmt=False)
    cred = openstack("application", "credential", "create", f"ac-{name}")
    assert cred["Secret"] and {r["name"] for r in cred["Roles"]} >= {"admin"}
    openstack("application", "credential", "delete", f"ac-{name}", fmt=False)
