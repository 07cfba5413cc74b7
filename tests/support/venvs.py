"""Virtual environments of their own for the official OpenStack software the tests compare against.

Each venv lives under `<checkout>/.cache/venvs/<name>` and is built once; a stamp file records the
requirements it was built for, so a changed pin rebuilds it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENVS = ROOT / ".cache" / "venvs"

# oauthlib: the official client's `consumer`, `request token` and `access token` commands
# need it (keystoneclient signs OAuth1 requests with it).
OFFICIAL_CLIENTS = ("python-openstackclient==10.5.0", "openstacksdk==4.22.0", "oauthlib==4.0.1")
KEYSTONE = ("keystone==30.0.0", "gunicorn>=22")


def ensure_venv(name: str, requirements: tuple[str, ...], timeout: float = 1200) -> Path:
    """Return the path of a venv holding `requirements`, creating it if needed.

    Test processes running side by side (pytest -n) build each venv once: the first takes a
    lock on the venvs folder, the others wait for it and find the venv made.
    """
    import fcntl

    VENVS.mkdir(parents=True, exist_ok=True)
    with open(VENVS / f".{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _ensure_venv(name, requirements, timeout)


def _ensure_venv(name: str, requirements: tuple[str, ...], timeout: float) -> Path:
    path = VENVS / name
    stamp = path / ".requirements"
    wanted = "\n".join(requirements)
    if stamp.exists() and stamp.read_text() == wanted:
        return path
    if path.exists():
        shutil.rmtree(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1")
    proc = subprocess.run(
        [str(path / "bin" / "pip"), "install", "-q", *requirements],
        capture_output=True, text=True, timeout=timeout, env=env,
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"could not install {' '.join(requirements)} into {path}:\n{proc.stdout}\n{proc.stderr}"
        )
    stamp.write_text(wanted)
    return path
