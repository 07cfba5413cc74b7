"""The CLI's cache of names by ID (image names for `server list` ...), in a file of its own.

Kept apart from the transport's token cache: `$XDG_CACHE_HOME/ostack/names/<cloud>.json`,
folder 0700 and file 0600, one file per cloud identity, forgotten after a day so that a
renamed image shows up.

Shell completion (ostack.cli.completion) reads the same files: `listed` holds when each kind
was last listed in full, and `names/clouds.json` maps a cloud's name (`--os-cloud`) to its
file, so completion finds a cloud's names without loading its configuration.
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

    def __init__(self, key: str | None, cloud: str | None = None) -> None:
        self.path = cache_root() / "names" / f"{key}.json" if key else None
        self.key = key
        #: The cloud's name as `--os-cloud` gives it ("" without one), for completion.
        self.cloud = cloud
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
        return cls(key, getattr(getattr(conn, "config", None), "name", None) or "")

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

    def remember_listing(self, kind: str, values: dict[str, str], complete: bool) -> None:
        """Names from a listing; a `complete` (unfiltered) one replaces what was known of the
        kind, so deleted resources drop out, and records when it was made."""
        if not complete:
            self.remember(kind, values)
            return
        data = self._load()
        listed = data.setdefault("listed", {})
        now = time.time()
        if data["names"].get(kind) == values and now - float(listed.get(kind, 0)) < 60.0:
            return  # nothing new, and recorded fresh moments ago: no write on every listing
        data["names"][kind] = dict(values)
        listed[kind] = now
        self._dirty = True
        self.save()

    def save(self) -> None:
        if self._dirty and self.path is not None and self._data is not None:
            write_json(self.path, self._data)
            self._dirty = False
            if self.cloud is not None:
                index = self.path.parent / "clouds.json"
                clouds = read_json(index) or {}
                if clouds.get(self.cloud) != self.key:
                    clouds[self.cloud] = self.key
                    write_json(index, clouds)
