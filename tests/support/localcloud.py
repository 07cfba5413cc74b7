"""Start the local cloud as a real subprocess for tests, and talk raw HTTP to it.

The tests of the local cloud use `urllib`/`http.client` only: the ostack client library is
tested against the cloud, not the other way round.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 30.0


@dataclass
class Reply:
    """One HTTP answer: status, headers (lower-case names), raw body, JSON body if any."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass
class LocalCloud:
    """A running local cloud: where it is, its files, and helpers to call it."""

    process: subprocess.Popen[bytes]
    state_dir: Path
    url: str
    port: int
    cache_dir: Path
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def clouds_yaml(self) -> Path:
        return self.state_dir / "clouds.yaml"

    @property
    def env(self) -> dict[str, str]:
        """Environment variables that point any OpenStack client at this cloud."""
        return {
            "OS_CLIENT_CONFIG_FILE": str(self.clouds_yaml),
            "OS_CLOUD": "local",
            "XDG_CACHE_HOME": str(self.cache_dir),
            "OSTACK_LOCALCLOUD_DIR": str(self.state_dir),
        }

    def environ(self, **extra: str) -> dict[str, str]:
        """The current environment without OS_* variables, plus `env` and `extra`."""
        base = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
        return {**base, **self.env, **extra}

    def requests(self) -> int:
        """HTTP requests the cloud answered so far (outside /_localcloud)."""
        return self.call("GET", "/_localcloud/requests").json["count"]

    def password(self, user: str = "admin") -> str:
        import yaml

        clouds = yaml.safe_load(self.clouds_yaml.read_text())["clouds"]
        return clouds["local" if user == "admin" else "local-demo"]["auth"]["password"]

    # ------------------------------------------------------------------ HTTP
    def call(self, method: str, path: str, body: Any = None, token: str | None = None,
             headers: dict[str, str] | None = None, raw: bytes | None = None,
             timeout: float = 10.0) -> Reply:
        """One request to `path` (e.g. `/compute/v2.1/servers`); JSON `body` or `raw` bytes."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        sent = {"Accept": "application/json"}
        if body is not None or raw is not None:
            sent["Content-Type"] = "application/json"
        if token is not None:
            sent["X-Auth-Token"] = token
        sent.update(headers or {})
        payload = raw if raw is not None else (
            json.dumps(body).encode() if body is not None else None)
        try:
            connection.request(method, path, body=payload, headers=sent)
            response = connection.getresponse()
            data = response.read()
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()},
                         data)
        finally:
            connection.close()

    def authenticate(self, user: str = "admin", project: str | None = None,
                     scope: Any = "default", password: str | None = None) -> Reply:
        """POST /identity/v3/auth/tokens with a password (user and project by name)."""
        auth: dict[str, Any] = {"identity": {"methods": ["password"], "password": {"user": {
            "name": user, "domain": {"name": "Default"},
            "password": password if password is not None else self.password(user)}}}}
        if scope == "default":
            scope = {"project": {"name": project or user, "domain": {"name": "Default"}}}
        if scope is not None:
            auth["scope"] = scope
        return self.call("POST", "/identity/v3/auth/tokens", {"auth": auth})

    def token(self, user: str = "admin", project: str | None = None) -> str:
        """A project-scoped token (project defaults to the user's own: admin or demo)."""
        reply = self.authenticate(user, project)
        assert reply.status == 201, (reply.status, reply.body)
        token = reply.header("x-subject-token")
        assert token
        return token

    def raise_compute_quotas(self, project: str = "admin", **limits: int) -> None:
        """Lift the compute quotas of a project (by name; Nova's defaults allow 10 servers)
        through the API as the admin, for set-ups that create many servers."""
        admin = self.token()
        reply = self.call("GET", f"/identity/v3/projects?name={project}", token=admin)
        project_id = reply.json["projects"][0]["id"]
        quota_set = {"instances": -1, "cores": -1, "ram": -1, **limits}
        reply = self.call("PUT", f"/compute/v2.1/os-quota-sets/{project_id}",
                          {"quota_set": quota_set}, token=admin)
        assert reply.status == 200, (reply.status, reply.body)

    def wait_for(self, check: Any, timeout: float = 10.0, interval: float = 0.05) -> Any:
        """Poll `check()` until it returns something truthy."""
        deadline = time.monotonic() + timeout
        while True:
            result = check()
            if result:
                return result
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout}s waiting for {check}")
            time.sleep(interval)

    # ------------------------------------------------------------------ lifecycle
    def stop(self) -> int | None:
        """SIGTERM the server (by its pid) and wait for it; its exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        return self.process.returncode

    def restart(self) -> LocalCloud:
        """Stop, then start again on the same state folder (a new port); returns the new one."""
        self.stop()
        return start_localcloud(self.state_dir, cache_dir=self.cache_dir, **self.options)


def start_localcloud(state_dir: Path, cache_dir: Path | None = None, build_delay: float = 0.2,
                     delete_delay: float = 0.1, token_expiration: int | None = None,
                     port: int = 0, task_delay: float = 0.1) -> LocalCloud:
    """Run `python -m ostack.localcloud serve` on `state_dir`; wait for run.json and an
    answer."""
    state_dir = Path(state_dir)
    state_dir.mkdir(parents=True, exist_ok=True)
    options: dict[str, Any] = {"build_delay": build_delay, "delete_delay": delete_delay,
                               "task_delay": task_delay, "token_expiration": token_expiration}
    command = [sys.executable, "-m", "ostack.localcloud", "serve", "--port", str(port),
               "--state-dir", str(state_dir), "--build-delay", str(build_delay),
               "--delete-delay", str(delete_delay), "--task-delay", str(task_delay)]
    if token_expiration is not None:
        command += ["--token-expiration", str(token_expiration)]
    log = open(state_dir / "test-server.log", "ab")  # noqa: SIM115 - handed to the child
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    # OSTACK_LOCALCLOUD_SRC runs the cloud from another checkout's src (e.g. a stable one
    # while the local cloud is being changed); the client under test stays this checkout's.
    source = os.environ.get("OSTACK_LOCALCLOUD_SRC") or str(ROOT / "src")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [source, env.get("PYTHONPATH")]))
    process = subprocess.Popen(command, stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                               env=env)
    log.close()
    run_file = state_dir / "run.json"
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"local cloud exited with {process.returncode}:\n"
                               f"{(state_dir / 'test-server.log').read_text()[-3000:]}")
        try:
            run = json.loads(run_file.read_text())
        except (OSError, ValueError):
            run = None
        if run and run.get("pid") == process.pid:
            try:
                with urllib.request.urlopen(f"{run['url']}/_localcloud/requests",
                                            timeout=1) as reply:
                    if reply.status == 200:
                        return LocalCloud(process, state_dir, run["url"], run["port"],
                                          cache_dir or state_dir.parent / "cache", options)
            except OSError:
                pass
        time.sleep(0.02)
    process.kill()
    process.wait()
    raise RuntimeError(f"local cloud did not answer within {START_TIMEOUT}s")
