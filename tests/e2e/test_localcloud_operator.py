"""The local cloud as a program: state folder files and modes, the operator API, state that
survives a restart, the background control functions."""

from __future__ import annotations

import json
import os
import signal
import stat
import time

import yaml
from tests.support.localcloud import LocalCloud

from ostack.localcloud import control

CIRROS = "cirros-0.6.2-x86_64-disk"


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_state_folder_files(localcloud: LocalCloud):
    folder = localcloud.state_dir
    assert _mode(folder) == 0o700
    for name in ("localcloud.db", "clouds.yaml", "run.json"):
        assert _mode(folder / name) == 0o600, name
    run = json.loads((folder / "run.json").read_text())
    assert run["pid"] == localcloud.pid
    assert run["url"] == f"http://127.0.0.1:{run['port']}" == localcloud.url
    assert isinstance(run["started_at"], float)
    clouds = yaml.safe_load(localcloud.clouds_yaml.read_text())["clouds"]
    for name, user in (("local", "admin"), ("local-demo", "demo")):
        auth = clouds[name]["auth"]
        assert auth["auth_url"] == f"{localcloud.url}/identity"
        assert (auth["username"], auth["project_name"]) == (user, user)
        assert auth["user_domain_name"] == auth["project_domain_name"] == "Default"
        assert clouds[name]["region_name"] == "RegionOne"
        assert len(auth["password"]) >= 16
    assert clouds["local"]["auth"]["password"] != clouds["local-demo"]["auth"]["password"]


def test_request_counter(localcloud: LocalCloud):
    before = localcloud.requests()
    localcloud.call("GET", "/identity")
    localcloud.call("GET", "/compute/v2.1/flavors")  # a 401 is an answer too
    localcloud.call("GET", "/_localcloud")
    assert localcloud.requests() - before == 2
    info = localcloud.call("GET", "/_localcloud").json
    assert info["url"] == localcloud.url
    assert info["services"]["compute"] == f"{localcloud.url}/compute/v2.1"


def test_state_survives_a_restart(start_cloud):
    cloud = start_cloud(build_delay=0.5)
    admin = cloud.token()
    image = cloud.call("GET", f"/image/v2/images?name={CIRROS}", token=admin).json["images"][0]
    project = cloud.call("POST", "/identity/v3/projects", {"project": {"name": "kept"}},
                         token=admin).json["project"]
    server = cloud.call("POST", "/compute/v2.1/servers", {"server": {
        "name": "survivor", "imageRef": image["id"], "flavorRef": "1"}}, token=admin)
    server_id = server.json["server"]["id"]
    first_port, passwords = cloud.port, (cloud.password("admin"), cloud.password("demo"))
    # stop while the server is still building: the transition must still happen
    new = cloud.restart()
    assert not (cloud.state_dir / "run.json").exists() or new.pid != cloud.pid
    assert (new.password("admin"), new.password("demo")) == passwords
    assert cloud.process.returncode is not None
    token = new.token()  # old tokens stay valid too: they are in the database
    assert new.call("GET", f"/identity/v3/projects/{project['id']}",
                    token=admin).status == 200
    shown = new.wait_for(lambda: (r := new.call(
        "GET", f"/compute/v2.1/servers/{server_id}", token=token)).json["server"][
        "status"] == "ACTIVE" and r, timeout=5)
    assert shown.json["server"]["name"] == "survivor"
    catalog = new.authenticate().json["token"]["catalog"]
    urls = {e["url"] for s in catalog for e in s["endpoints"]}
    assert all(url.startswith(new.url) for url in urls)
    if new.port != first_port:
        assert not any(f":{first_port}/" in url for url in urls)


def test_clean_shutdown_removes_run_json(start_cloud):
    cloud = start_cloud()
    assert (cloud.state_dir / "run.json").exists()
    # uvicorn ends by re-raising the SIGTERM it handled: the conventional exit status
    assert cloud.stop() in (0, -signal.SIGTERM)
    assert not (cloud.state_dir / "run.json").exists()
    assert (cloud.state_dir / "clouds.yaml").exists()


def test_reset(start_cloud):
    cloud = start_cloud()
    admin = cloud.token()
    cloud.call("POST", "/identity/v3/projects", {"project": {"name": "temporary"}},
               token=admin)
    reset = cloud.call("POST", "/_localcloud/reset")
    assert reset.status == 200
    assert cloud.requests() == 0
    admin = cloud.token()
    names = [p["name"] for p in cloud.call("GET", "/identity/v3/projects",
                                           token=admin).json["projects"]]
    assert sorted(names) == ["admin", "demo"]


def test_control_start_status_stop(tmp_path):
    folder = tmp_path / "bg"
    started = time.monotonic()
    run = control.start(folder, build_delay=0.1)
    try:
        elapsed = time.monotonic() - started
        assert elapsed < 1.5, f"start() took {elapsed:.2f} s"
        assert run["url"] == f"http://127.0.0.1:{run['port']}"
        assert (folder / "server.log").exists() and _mode(folder / "server.log") == 0o600
        assert control.status(folder)["pid"] == run["pid"]
        assert control.start(folder)["pid"] == run["pid"]  # already running: same server
    finally:
        assert control.stop(folder) is True
    assert control.status(folder) is None
    assert control.stop(folder) is False
    assert not (folder / "run.json").exists()


def test_loopback_only(tmp_path):
    import subprocess
    import sys

    reply = subprocess.run([sys.executable, "-m", "ostack.localcloud", "serve", "--host",
                            "0.0.0.0", "--state-dir", str(tmp_path)], capture_output=True,
                           text=True, timeout=30)
    assert reply.returncode == 2
    assert "loopback" in reply.stderr


def test_idle_connections_outlive_the_official_clients_wait_poll(localcloud: LocalCloud) -> None:
    """`openstack ... --wait` polls every 5 s on a kept-alive connection: the server keeps an
    idle connection longer than that (uvicorn's own 5 s raced the poll: a reset)."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", localcloud.port, timeout=10)
    try:
        for pause in (0.0, 6.0):
            time.sleep(pause)
            conn.request("GET", "/identity/v3")
            reply = conn.getresponse()
            reply.read()
            assert reply.status == 200
    finally:
        conn.close()
