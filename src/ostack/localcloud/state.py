"""The state folder and its files (see docs/contracts.md): `localcloud.db`, `clouds.yaml`,
`run.json`, `server.log`. Folder 0700, files 0600."""

from __future__ import annotations

import json
import os
import secrets
import string
from pathlib import Path
from typing import Any

DB_FILE = "localcloud.db"
CLOUDS_FILE = "clouds.yaml"
RUN_FILE = "run.json"
LOG_FILE = "server.log"


def state_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """`--state-dir`, else `$OSTACK_LOCALCLOUD_DIR`, else `$XDG_STATE_HOME/ostack/localcloud`
    (default `~/.local/state/ostack/localcloud`)."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("OSTACK_LOCALCLOUD_DIR")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local",
                                                             "state")
    return Path(xdg) / "ostack" / "localcloud"


def ensure_state_dir(path: Path) -> Path:
    """Create the folder (0700) if needed."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def write_private(path: Path, text: str) -> None:
    """Write a file readable by its owner only, atomically (write then rename)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    os.replace(tmp, path)


def new_password() -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(20))


def read_passwords(path: Path) -> dict[str, str]:
    """The admin and demo passwords from an existing clouds.yaml (empty when unreadable)."""
    try:
        import yaml

        data = yaml.safe_load((path / CLOUDS_FILE).read_text())
        clouds = data["clouds"]
        return {"admin": str(clouds["local"]["auth"]["password"]),
                "demo": str(clouds["local-demo"]["auth"]["password"])}
    except (OSError, KeyError, TypeError, ValueError, ImportError):
        return {}
    except Exception:  # yaml.YAMLError
        return {}


def clouds_yaml(base_url: str, passwords: dict[str, str]) -> str:
    """A standard clouds.yaml with clouds `local` (admin) and `local-demo` (demo)."""
    lines = ["# Written by the ostack local cloud on every start; the passwords are this",
             "# state folder's own (generated once).", "clouds:"]
    for cloud, user in (("local", "admin"), ("local-demo", "demo")):
        lines += [
            f"  {cloud}:",
            "    auth_type: password",
            "    auth:",
            f"      auth_url: {json.dumps(base_url + '/identity')}",
            f"      username: {json.dumps(user)}",
            f"      password: {json.dumps(passwords[user])}",
            f"      project_name: {json.dumps(user)}",
            "      user_domain_name: Default",
            "      project_domain_name: Default",
            "    region_name: RegionOne",
            "    interface: public",
            '    identity_api_version: "3"',
        ]
    return "\n".join(lines) + "\n"


def read_run(path: Path) -> dict[str, Any] | None:
    """run.json's content, or None when absent or unreadable."""
    try:
        data = json.loads((path / RUN_FILE).read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("pid"), int) else None
