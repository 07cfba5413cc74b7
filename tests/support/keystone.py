"""A real Keystone (the OpenStack identity service) for the integration tests.

Keystone 30.0.0 runs from its own venv (see `venvs.py`) on SQLite with fernet tokens, served by
one gunicorn worker on 127.0.0.1. Setting a database up costs four `keystone-manage` runs of
about 2 s each (nearly all imports), so the result (database, fernet and credential keys, admin
password) is kept once as a template under `.cache/keystone/`; each test session copies the
template into a folder of its own, starts gunicorn on it, and points the identity endpoints of
the catalog at the port it got, through Keystone's own API.

The listening socket is bound here and handed to gunicorn (`--bind fd://N`), so the port known
before start is the port served: no race for a free port.
"""

from __future__ import annotations

import contextlib
import grp
import hashlib
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

from tests.support.venvs import KEYSTONE, ROOT, ensure_venv

# Bump when the configuration or the set-up steps change, so old templates are not reused.
TEMPLATE_FORMAT = "1"
TEMPLATES = ROOT / ".cache" / "keystone"
REGION = "RegionOne"
ADMIN_USER = "admin"
ADMIN_PROJECT = "admin"
DEFAULT_DOMAIN_ID = "default"
DEFAULT_DOMAIN_NAME = "Default"
# The template is bootstrapped with this URL; each session rewrites it to the real one.
_PLACEHOLDER_URL = "http://127.0.0.1:9/v3"
_SHIM_MODULE = "ostack_keystone_wsgi"
# gunicorn's default access log format: ... "GET /v3/path HTTP/1.1" 200 ...
_ACCESS_LINE = re.compile(r'"([A-Z]+) (\S+) HTTP/[\d.]+" (\d{3}) ')


class KeystoneError(RuntimeError):
    """Keystone could not be installed, set up or started; the message carries the log tail."""


@dataclass
class RawResponse:
    """An HTTP answer as urllib gives it, read whole."""

    status: int
    headers: Message  # case-insensitive, as urllib gives them
    body: bytes

    def json(self):
        return json.loads(self.body) if self.body else None


def http(
    method: str,
    url: str,
    *,
    token: str | None = None,
    body: dict | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> RawResponse:
    """One plain HTTP request with urllib; HTTP errors are returned, not raised."""
    hdrs = {"Accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        hdrs["Content-Type"] = "application/json"
    if token:
        hdrs["X-Auth-Token"] = token
    hdrs.update(headers or {})
    req = urllib.request.Request(url, data=data, method=method, headers=hdrs)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return RawResponse(resp.status, resp.headers, resp.read())
    except urllib.error.HTTPError as exc:
        return RawResponse(exc.code, exc.headers, exc.read())


def password_auth_body(
    username: str, password: str, project: str | None = None, domain: str = DEFAULT_DOMAIN_ID
) -> dict:
    """The body of POST /v3/auth/tokens for a user (and project) in domain `domain` (an id)."""
    auth: dict = {
        "identity": {
            "methods": ["password"],
            "password": {
                "user": {"name": username, "domain": {"id": domain}, "password": password}
            },
        }
    }
    if project is not None:
        auth["scope"] = {"project": {"name": project, "domain": {"id": domain}}}
    return {"auth": auth}


@dataclass
class KeystoneServer:
    """A running Keystone: where it answers and how to log in as its admin."""

    url: str  # http://127.0.0.1:PORT
    auth_url: str  # http://127.0.0.1:PORT/v3
    admin_password: str
    region: str
    workdir: Path
    pid: int
    admin_username: str = ADMIN_USER
    admin_project_name: str = ADMIN_PROJECT
    domain_id: str = DEFAULT_DOMAIN_ID
    domain_name: str = DEFAULT_DOMAIN_NAME
    _admin_token: str | None = field(default=None, repr=False)

    @property
    def log_paths(self) -> list[Path]:
        return [self.workdir / "gunicorn.log", self.workdir / "keystone.log"]

    def log_tail(self, lines: int = 40) -> str:
        return _log_tail(self.log_paths, lines)

    def access_log(self) -> list[tuple[str, str, int]]:
        """(method, path, status) of every request gunicorn has logged so far, oldest first."""
        try:
            text = (self.workdir / "access.log").read_text(errors="replace")
        except FileNotFoundError:
            return []
        return [
            (m.group(1), m.group(2), int(m.group(3))) for m in _ACCESS_LINE.finditer(text)
        ]

    def request(self, method: str, path: str, **kwargs) -> RawResponse:
        """A raw request to `path` (relative to the server root, e.g. "/v3/projects")."""
        return http(method, self.url + path, **kwargs)

    def issue_token(self, username: str, password: str, project: str | None = None) -> str:
        resp = self.request(
            "POST", "/v3/auth/tokens", body=password_auth_body(username, password, project)
        )
        if resp.status != 201:
            raise KeystoneError(
                f"token for {username!r} refused: {resp.status} {resp.body[:500]!r}"
            )
        return resp.headers["X-Subject-Token"]

    def issue_token_by_id(self, user_id: str, password: str, project_id: str) -> str:
        body = {
            "auth": {
                "identity": {
                    "methods": ["password"],
                    "password": {"user": {"id": user_id, "password": password}},
                },
                "scope": {"project": {"id": project_id}},
            }
        }
        resp = self.request("POST", "/v3/auth/tokens", body=body)
        if resp.status != 201:
            raise KeystoneError(f"token for {user_id} refused: {resp.status} {resp.body[:500]!r}")
        return resp.headers["X-Subject-Token"]

    def admin_token(self, fresh: bool = False) -> str:
        """A project-scoped admin token obtained with plain HTTP (kept and reused unless fresh)."""
        if fresh or self._admin_token is None:
            token = self.issue_token(self.admin_username, self.admin_password, ADMIN_PROJECT)
            if fresh:
                return token
            self._admin_token = token
        return self._admin_token

    def admin(self, method: str, path: str, body: dict | None = None) -> RawResponse:
        """A request as admin that must succeed (2xx); raises KeystoneError otherwise."""
        resp = self.request(method, path, token=self.admin_token(), body=body)
        if not 200 <= resp.status < 300:
            raise KeystoneError(f"{method} {path}: {resp.status} {resp.body[:500]!r}")
        return resp


def _log_tail(paths: list[Path], lines: int) -> str:
    parts = []
    for path in paths:
        try:
            text = path.read_text(errors="replace").splitlines()[-lines:]
        except OSError:
            continue
        parts.append(f"--- {path} (last {len(text)} lines) ---\n" + "\n".join(text))
    return "\n".join(parts) or "(no log written)"


def _write_conf(workdir: Path) -> Path:
    conf = workdir / "keystone.conf"
    conf.write_text(
        "[DEFAULT]\n"
        f"log_file = {workdir / 'keystone.log'}\n"
        "use_stderr = false\n"
        "[database]\n"
        f"connection = sqlite:///{workdir / 'keystone.db'}\n"
        "[token]\n"
        "provider = fernet\n"
        "[fernet_tokens]\n"
        f"key_repository = {workdir / 'fernet-keys'}\n"
        "[fernet_receipts]\n"
        f"key_repository = {workdir / 'fernet-keys'}\n"
        "[credential]\n"
        f"key_repository = {workdir / 'credential-keys'}\n"
        "[identity]\n"
        # bcrypt cost 4 instead of 12: token issue 60-80 ms instead of about 270 ms.
        "password_hash_rounds = 4\n"
        "[oslo_concurrency]\n"
        f"lock_path = {workdir / 'locks'}\n"
    )
    return conf


def _clean_env() -> dict[str, str]:
    """The environment for Keystone's processes: nothing of ours leaks into its imports."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OS_", "PYTHON", "VIRTUAL"))}
    env["PYTHONWARNINGS"] = "ignore"
    return env


def _manage(venv: Path, conf: Path, *args: str) -> None:
    cmd = [str(venv / "bin" / "keystone-manage"), "--config-file", str(conf), *args]
    proc = subprocess.run(
        cmd, capture_output=True, text=True, timeout=300, env=_clean_env(), cwd=conf.parent
    )
    if proc.returncode != 0:
        raise KeystoneError(
            f"keystone-manage {args[0]} failed (exit {proc.returncode}):\n"
            f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}\n"
            + _log_tail([conf.parent / "keystone.log"], 40)
        )


def _template_dir(venv: Path) -> Path:
    stamp = venv / ".requirements"
    wanted = stamp.read_text() if stamp.exists() else "\n".join(KEYSTONE)
    digest = hashlib.sha256(f"{TEMPLATE_FORMAT}\n{wanted}".encode()).hexdigest()[:16]
    return TEMPLATES / f"template-{digest}"


def ensure_template(venv: Path) -> Path:
    """A set-up Keystone database with its keys, built once per Keystone version."""
    target = _template_dir(venv)
    if (target / "admin-password").exists():
        return target
    TEMPLATES.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(prefix="building-", dir=TEMPLATES))
    try:
        for sub in ("fernet-keys", "credential-keys", "locks"):
            (build / sub).mkdir()
        conf = _write_conf(build)
        user = pwd.getpwuid(os.getuid()).pw_name
        group = grp.getgrgid(os.getgid()).gr_name
        password = "pw-" + secrets.token_urlsafe(18)  # never "-..." on a command line
        _manage(venv, conf, "db_sync")
        _manage(venv, conf, "fernet_setup", "--keystone-user", user, "--keystone-group", group)
        _manage(venv, conf, "credential_setup", "--keystone-user", user, "--keystone-group", group)
        _manage(
            venv, conf, "bootstrap",
            "--bootstrap-password", password,
            "--bootstrap-username", ADMIN_USER,
            "--bootstrap-project-name", ADMIN_PROJECT,
            "--bootstrap-admin-url", _PLACEHOLDER_URL,
            "--bootstrap-public-url", _PLACEHOLDER_URL,
            "--bootstrap-internal-url", _PLACEHOLDER_URL,
            "--bootstrap-region-id", REGION,
        )  # fmt: skip
        (build / "admin-password").write_text(password)
        try:
            os.rename(build, target)  # atomic: a concurrent builder may have won, that is fine
        except OSError:
            if not (target / "admin-password").exists():
                raise
    finally:
        shutil.rmtree(build, ignore_errors=True)
    return target


def _gunicorn_version(venv: Path) -> tuple[int, ...]:
    for dist in (venv / "lib").glob("python*/site-packages/gunicorn-*.dist-info"):
        version = dist.name[len("gunicorn-") : -len(".dist-info")]
        with contextlib.suppress(ValueError):
            return tuple(int(p) for p in version.split(".")[:2])
    return (0,)


def _die_with_parent() -> None:
    """In the child before exec: get SIGTERM if the test process dies without cleaning up."""
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _stop(proc: subprocess.Popen) -> None:
    """Stop gunicorn's process group (the group we created for it), by its id."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=15)
    else:
        # The master is gone; a worker left behind would still be in its group.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


def _wait_ready(proc: subprocess.Popen, url: str, workdir: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last = "no answer yet"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise KeystoneError(
                f"gunicorn serving Keystone exited with {proc.returncode} before answering:\n"
                + _log_tail([workdir / "gunicorn.log", workdir / "keystone.log"], 60)
            )
        try:
            resp = http("GET", url + "/v3", timeout=5)
            if resp.status == 200:
                return
            last = f"{resp.status} {resp.body[:300]!r}"
        except OSError as exc:
            last = repr(exc)
        time.sleep(0.05)
    raise KeystoneError(
        f"Keystone did not answer GET {url}/v3 within {timeout:.0f} s (last: {last}):\n"
        + _log_tail([workdir / "gunicorn.log", workdir / "keystone.log"], 60)
    )


@contextlib.contextmanager
def run_keystone(
    workdir: Path | None = None, ready_timeout: float = 90
) -> Iterator[KeystoneServer]:
    """Install (once), set up and serve a Keystone; stop it on exit. Raises KeystoneError."""
    try:
        venv = ensure_venv("keystone", KEYSTONE)
    except Exception as exc:  # pip failure, timeout, no network...
        raise KeystoneError(f"could not install Keystone ({' '.join(KEYSTONE)}): {exc}") from exc
    template = ensure_template(venv)

    owned = workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="ostack-keystone-")) if owned else Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    for sub in ("fernet-keys", "credential-keys"):
        shutil.copytree(template / sub, workdir / sub)
    shutil.copy2(template / "keystone.db", workdir / "keystone.db")
    (workdir / "locks").mkdir(exist_ok=True)
    conf = _write_conf(workdir)
    password = (template / "admin-password").read_text()
    (workdir / f"{_SHIM_MODULE}.py").write_text(
        '"""Keystone parses sys.argv when it loads: hide gunicorn\'s arguments from it."""\n'
        "import os\n"
        "import sys\n\n"
        "sys.argv = [sys.argv[0]]\n"
        f"os.environ['OS_KEYSTONE_CONFIG_FILES'] = {str(conf)!r}\n"
        "os.environ.pop('OS_KEYSTONE_CONFIG_DIR', None)\n\n"
        "from keystone.wsgi.api import application  # noqa: E402,F401\n"
    )

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    proc = None
    try:
        sock.bind(("127.0.0.1", 0))
        sock.listen(128)
        port = sock.getsockname()[1]
        url = f"http://127.0.0.1:{port}"
        cmd = [
            str(venv / "bin" / "gunicorn"),
            "--bind", f"fd://{sock.fileno()}",
            "--workers", "1",
            "--timeout", "120",
            "--chdir", str(workdir),
            "--pythonpath", str(workdir),
            "--error-logfile", str(workdir / "gunicorn.log"),
            "--access-logfile", str(workdir / "access.log"),
        ]  # fmt: skip
        if _gunicorn_version(venv) >= (27,):
            cmd.append("--no-control-socket")  # else it would share ~/.gunicorn/gunicorn.ctl
        cmd.append(f"{_SHIM_MODULE}:application")
        with open(workdir / "gunicorn.log", "ab") as out:
            proc = subprocess.Popen(
                cmd,
                pass_fds=[sock.fileno()],
                start_new_session=True,
                preexec_fn=_die_with_parent,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=_clean_env(),
                cwd=workdir,
            )
        sock.close()  # gunicorn holds its own copy
        _wait_ready(proc, url, workdir, ready_timeout)
        server = KeystoneServer(
            url=url,
            auth_url=url + "/v3",
            admin_password=password,
            region=REGION,
            workdir=workdir,
            pid=proc.pid,
        )
        _point_catalog_at(server)
        yield server
    finally:
        sock.close()
        if proc is not None:
            _stop(proc)
        if owned:
            shutil.rmtree(workdir, ignore_errors=True)


def _point_catalog_at(server: KeystoneServer) -> None:
    """Rewrite the template's placeholder identity endpoints to this server's URL."""
    try:
        endpoints = server.admin("GET", "/v3/endpoints").json()["endpoints"]
        for endpoint in endpoints:
            if endpoint["url"] == _PLACEHOLDER_URL:
                server.admin(
                    "PATCH",
                    f"/v3/endpoints/{endpoint['id']}",
                    {"endpoint": {"url": server.auth_url}},
                )
    except KeystoneError as exc:
        raise KeystoneError(f"{exc}\n{server.log_tail()}") from exc
