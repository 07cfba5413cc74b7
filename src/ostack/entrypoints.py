"""Entry points of installed packages, read cheaply enough for the CLI's hot path.

`importlib.metadata` costs about 40 ms to import and 9 ms to scan, more than a whole warm
`ostack server list`. The groups ostack reads (`ostack.services`, `ostack.cli`,
`openstack.cli.extension` ...) are therefore kept in a private cache file keyed by the
modification times of the package folders on `sys.path` (`site-packages`): installing or
removing a package changes that folder, and the next run scans again.
"""

from __future__ import annotations

import os
import sys

from ostack.private_files import cache_root, read_json, write_json


def _key() -> list[list[object]]:
    """Modification times of the folders where installed packages' metadata lives."""
    out: list[list[object]] = []
    for folder in sys.path:
        if not folder.endswith(("site-packages", "dist-packages")):
            continue
        try:
            out.append([folder, os.stat(folder or ".").st_mtime_ns])
        except OSError:
            continue
    return out


def _scan() -> dict[str, dict[str, str]]:
    from importlib.metadata import distributions

    groups: dict[str, dict[str, str]] = {}
    for dist in distributions():
        for ep in dist.entry_points:
            groups.setdefault(ep.group, {}).setdefault(ep.name, ep.value)
    return groups


def group(name: str) -> dict[str, str]:
    """Entry point name -> "module:attr" for one group, across installed packages."""
    path = cache_root() / "entry-points.json"
    key = _key()
    cached = read_json(path)
    if cached is None or cached.get("key") != key:
        wanted = {g: eps for g, eps in _scan().items()
                  if g.startswith(("ostack", "openstack."))}
        cached = {"key": key, "groups": wanted}
        write_json(path, cached)
    return dict(cached.get("groups", {}).get(name, {}))
