"""Private JSON files under the user's cache folder: folder 0700, file 0600, written atomically.

Both the token cache and the parsed-configuration cache hold secrets, so neither may ever be
readable by other users, nor seen half-written by a concurrent command.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def cache_root(env: dict[str, str] | None = None) -> Path:
    """`$XDG_CACHE_HOME/ostack`, by default under `$HOME/.cache` of the given environment."""
    env = os.environ if env is None else env
    home = env.get("HOME") or os.path.expanduser("~")
    base = env.get("XDG_CACHE_HOME") or os.path.join(home, ".cache")
    return Path(base) / "ostack"


def read_json(path: Path) -> dict[str, Any] | None:
    """The mapping in a file, or None when it is missing or damaged."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_json(path: Path, data: dict[str, Any]) -> bool:
    """Write atomically with mode 0600 in a 0700 folder; False (never an error) on failure."""
    folder = path.parent
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
        tmp = str(folder / f".tmp-{os.getpid()}-{os.urandom(6).hex()}.json")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh)
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except (OSError, TypeError, ValueError):  # unwritable folder, or data JSON cannot hold
        return False
    return True


def open_log(path: str):
    """A log file opened for appending, created 0600 (a debug log names users, projects and
    URLs); an existing regular file loses its group and other permissions. Errors name the
    file."""
    import stat

    from ostack.exceptions import ConfigError

    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    except OSError as exc:
        raise ConfigError(f"cannot open the log file {path}: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISREG(info.st_mode) and info.st_mode & 0o077:
            os.fchmod(fd, stat.S_IMODE(info.st_mode) & 0o700)
    except OSError:
        pass
    return os.fdopen(fd, "a", encoding="utf-8", errors="backslashreplace")
