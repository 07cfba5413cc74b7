"""One authentication at a time per token cache entry, across processes; damaged entries out.

When several processes share a token cache (a script running `ostack` eight times at once)
and the token is missing or about to expire, each would authenticate. `ReauthLock` is an
advisory file lock (fcntl) beside the cache entry (`<entry>.lock`): the first process
authenticates and saves the token; the others wait for the lock, read the entry again and use
that token. The lock is taken as a flow (polling with `Sleep`), so that the async session's
event loop never blocks; where fcntl does not exist, or the lock cannot be had in time, the
process authenticates on its own as before.

`damaged_entry` tells a cache entry the session must not trust (unreadable or truncated JSON,
another user's token); the session discards it, says so once on stderr (naming `--no-cache`),
and authenticates again. Loaded only off the hot path: when a token is needed or an entry
looks wrong.
"""

from __future__ import annotations

import os
import sys
import time

from ostack.transport.flows import Sleep

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from typing import Any

    from ostack.transport.flows import Flow

#: How long a process waits for another one's authentication before doing its own.
WAIT = 30.0


class ReauthLock:
    """An exclusive advisory lock on `<cache entry>.lock`, taken in a flow."""

    def __init__(self, entry: Path) -> None:
        self.path = entry.with_name(entry.name + ".lock")
        self._fd: int | None = None

    def acquire_flow(self, wait: float = WAIT) -> Flow[bool]:
        """True once the lock is held; False when it cannot be had (no fcntl, an unwritable
        folder, `wait` seconds passed): the caller goes on without it."""
        try:
            import fcntl
        except ImportError:  # not POSIX
            return False
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return False
        deadline = time.monotonic() + wait
        delay = 0.005
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    return False
                yield Sleep(delay)
                delay = min(delay * 2, 0.05)
                continue
            except OSError:
                os.close(fd)
                return False
            self._fd = fd
            return True

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        import fcntl

        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def locked(session: Any, authenticate: Callable[[], Flow[Any]]) -> Flow[Any]:
    """Run `authenticate` (the session's token flow) holding the entry's lock, after reading
    the entry again: the token another process saved while this one waited is used as is."""
    lock = ReauthLock(session.cache.path)
    held = yield from lock.acquire_flow()
    try:
        if held:
            session._loaded = False
            session._load_cache()
        return (yield from authenticate())
    finally:
        lock.release()


def damaged_entry(path: Path, data: dict[str, Any] | None, auth: Any) -> str | None:
    """Why the cache entry at `path` (read as `data`) must not be used, or None."""
    if data is None:
        try:
            with open(path, "rb") as fh:
                text = fh.read()
        except FileNotFoundError:
            return None  # no entry: nothing damaged
        except OSError as exc:
            return f"it cannot be read: {exc.strerror or exc}"
        return "it is not valid JSON" if text.strip() else "it is empty"
    access = data.get("access")
    if access is not None and not isinstance(access, dict):
        return "its token is not a mapping"
    if isinstance(access, dict):
        token = access.get("body", {}) if isinstance(access.get("body"), dict) else {}
        user = (token.get("token") or {}).get("user") if isinstance(token.get("token"),
                                                                    dict) else None
        wanted_id = getattr(auth, "user_id", None)
        wanted_name = getattr(auth, "username", None)
        if isinstance(user, dict):
            if wanted_id and user.get("id") and user["id"] != wanted_id:
                return f"its token is user {user['id']}'s, not {wanted_id}'s"
            if not wanted_id and wanted_name and user.get("name") and \
                    str(user["name"]).casefold() != str(wanted_name).casefold():
                return f"its token is user {user['name']}'s, not {wanted_name}'s"
    return None


def report(path: Path, reason: str) -> None:
    """One line on stderr: the entry was discarded, and how to bypass the cache."""
    sys.stderr.write(f"ostack: discarded the token cache entry {path} ({reason}); "
                     f"authenticating again (--no-cache bypasses the cache)\n")
    sys.stderr.flush()
