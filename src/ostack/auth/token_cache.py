"""The token cache on disk: the auth result and discovery results, per cloud identity.

One JSON file per identity (auth URL, user, scope and a hash of the secret) under
`$XDG_CACHE_HOME/ostack/auth/`, the folder 0700 and each file 0600, written atomically.
"""

from __future__ import annotations

from pathlib import Path

from ostack import private_files

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def cache_dir(env: dict[str, str] | None = None) -> Path:
    """`$XDG_CACHE_HOME/ostack/auth`, by default under `$HOME/.cache` of the given env."""
    return private_files.cache_root(env) / "auth"


class TokenCache:
    """Reads and writes one identity's cache entry."""

    def __init__(self, key: str, folder: Path | None = None) -> None:
        self.folder = folder or cache_dir()
        self.path = self.folder / f"{key}.json"

    def load(self) -> dict[str, Any] | None:
        return private_files.read_json(self.path)

    def save(self, data: dict[str, Any]) -> None:
        # A cache that cannot be written only costs speed; never fail the command for it.
        private_files.write_json(self.path, data)

    def discard(self) -> None:
        try:
            self.path.unlink()
        except OSError:
            pass
