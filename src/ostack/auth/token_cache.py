"""The token cache on disk: the auth result and discovery results, per cloud identity.

One JSON file per identity (auth URL, user, scope and a hash of the secret) under
`$XDG_CACHE_HOME/ostack/auth/`, the folder 0700 and each file 0600, written atomically.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def cache_dir(env: dict[str, str] | None = None) -> Path:
    """`$XDG_CACHE_HOME/ostack/auth`, by default under `$HOME/.cache` of the given env."""
    env = os.environ if env is None else env
    home = env.get("HOME") or os.path.expanduser("~")
    base = env.get("XDG_CACHE_HOME") or os.path.join(home, ".cache")
    return Path(base) / "ostack" / "auth"


class TokenCache:
    """Reads and writes one identity's cache entry."""

    def __init__(self, key: str, folder: Path | None = None) -> None:
        self.folder = folder or cache_dir()
        self.path = self.folder / f"{key}.json"

    def load(self) -> dict[str, Any] | None:
        try:
            with open(self.path, encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def save(self, data: dict[str, Any]) -> None:
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(self.folder, 0o700)
            tmp = str(self.folder / f".tmp-{os.getpid()}-{os.urandom(6).hex()}.json")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                os.fchmod(fd, 0o600)
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump(data, fh)
                os.replace(tmp, self.path)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        except OSError:
            # A cache that cannot be written only costs speed; never fail the command for it.
            pass

    def discard(self) -> None:
        try:
            self.path.unlink()
        except OSError:
            pass
