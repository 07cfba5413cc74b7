"""The CLI's cache of names by ID (image names for `server list` ...), in a file of its own.

Kept apart from the transport's token cache: `$XDG_CACHE_HOME/ostack/names/<cloud>.json`,
folder 0700 and file 0600, one file per cloud identity, forgotten after a day so that a
renamed image shows up.
"""

from __future__ import annotations

import time

from ostack.private_files import cache_root, read_json, write_json

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

MAX_AGE = 86400.0


class NameCache:
    """Names by ID, per kind ("image", "flavor" ...), for one cloud identity."""

    def __init__(self, key: str | None) -> None:
        self.path = cache_root() / "names" / f"{key}.json" if key else None
        self._data: dict[str, Any] | None = None
        self._dirty = False

    @classmethod
    def for_connection(cls, conn: Any) -> NameCache:
        session = conn.session
        if getattr(session, "cache", None) is None:
            return cls(None)
        try:
            key = session.auth.cache_id()
        except Exception:  # noqa: BLE001 - no identity, no cache
            key = None
        return cls(key)

    def _load(self) -> dict[str, Any]:
        if self._data is None:
            data = read_json(self.path) if self.path else None
            if not data or time.time() - float(data.get("saved_at", 0)) > MAX_AGE:
                data = {"saved_at": time.time(), "names": {}}
            self._data = data
        return self._data

    def names(self, kind: str) -> dict[str, str]:
        return dict(self._load()["names"].get(kind, {}))

    def remember(self, kind: str, values: dict[str, str]) -> None:
        known = self._load()["names"].setdefault(kind, {})
        if any(known.get(k) != v for k, v in values.items()):
            known.update(values)
            self._dirty = True
            self.save()

    def save(self) -> None:
        if self._dirty and self.path is not None and self._data is not None:
            write_json(self.path, self._data)
            self._dirty = False
