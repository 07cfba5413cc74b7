"""Many clouds and regions at once: the targets (each cloud of clouds.yaml x each region), an
async connection to each, and one coroutine run against all of them on one event loop.

    async with ostack.aio.connect_many(["east", "west"], regions=["R1", "R2"]) as clouds:
        found = await clouds.run(lambda conn: conn.compute.list_servers())
    for (cloud, region), result in found.items():
        ...  # a list of servers, or the exception that target raised

A target that fails (its configuration, its auth, its service) fails alone: its entry holds the
exception, the others' results are kept. The CLI's `--os-cloud a,b`, `--all-clouds` and
`--os-region-name R1,R2` resolve their targets here too (`targets`, `cloud_names`).
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from ostack.config import files

__all__ = ["ManyConnections", "Target", "cloud_names", "connect_many", "run_many", "targets"]


class Target(NamedTuple):
    """One cloud (a clouds.yaml name; None: the `OS_*` variables) in one region (None: the
    cloud's own `region_name`)."""

    cloud: str | None
    region: str | None


def cloud_names(env: Mapping[str, str] | None = None) -> list[str]:
    """Every cloud named in the clouds.yaml files ostack searches (OS_CLIENT_CONFIG_FILE, ./,
    the user's and /etc/openstack), in that order, each once; the local cloud's own file
    only while it runs (as `--os-cloud local` needs it to)."""
    env = dict(os.environ if env is None else env)
    paths = files.candidate_files(env, files.CONFIG_NAMES, "OS_CLIENT_CONFIG_FILE")
    local = files.localcloud_dir(env) / "clouds.yaml"
    if local.is_file() and local not in paths and (local.parent / "run.json").is_file():
        paths.append(local)
    names: list[str] = []
    for path in paths:
        for name in files.clouds_of(path, files.read_document(path, env)):
            if str(name) not in names:
                names.append(str(name))
    return names


def split_names(value: str | Iterable[str] | None) -> list[str]:
    """`"a,b, c"` or `["a", "b"]` as a list of names, blanks dropped, each once."""
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    out: list[str] = []
    for item in items:
        item = str(item).strip()
        if item and item not in out:
            out.append(item)
    return out


def targets(
    clouds: Iterable[str | None], regions: Iterable[str | None] | None = None
) -> list[Target]:
    """Each cloud in each region, cloud by cloud, in the order given."""
    wanted_regions = list(regions) if regions else [None]
    return [Target(cloud, region) for cloud in clouds for region in wanted_regions]


class ManyConnections(Mapping[Target, Any]):
    """The async connections of several targets (a mapping Target -> AsyncConnection), and
    the targets whose configuration could not be resolved (`errors`)."""

    def __init__(self, connections: Mapping[Target, Any],
                 errors: Mapping[Target, Exception] | None = None,
                 order: Iterable[Target] | None = None) -> None:
        self.connections = dict(connections)
        self.errors = dict(errors or {})
        self.order = list(order) if order is not None else [*self.connections, *self.errors]

    def __getitem__(self, target: tuple[str | None, str | None]) -> Any:
        return self.connections[Target(*target)]

    def __iter__(self) -> Iterator[Target]:
        return (t for t in self.order if t in self.connections)

    def __len__(self) -> int:
        return len(self.connections)

    async def run(self, fn: Callable[..., Awaitable[Any]], *args: Any,
                  **kwargs: Any) -> dict[Target, Any]:
        """`await fn(conn, *args, **kwargs)` for every connection at once; per target, in
        the targets' order, the result or the exception it raised (a target whose
        configuration failed holds that error)."""
        return await run_many(self, fn, *args, **kwargs)

    async def close(self) -> None:
        import asyncio

        await asyncio.gather(*(c.close() for c in self.connections.values()),
                             return_exceptions=True)

    async def __aenter__(self) -> ManyConnections:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


async def run_many(connections: ManyConnections, fn: Callable[..., Awaitable[Any]],
                   *args: Any, **kwargs: Any) -> dict[Target, Any]:
    """Run `fn(conn, ...)` against each connection concurrently (asyncio.gather); a failure
    is that target's result, never the others' loss."""
    import asyncio

    async def one(conn: Any) -> Any:
        try:
            return await fn(conn, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the target's result, reported per target
            return exc

    live = [t for t in connections.order if t in connections.connections]
    answers = await asyncio.gather(*(one(connections.connections[t]) for t in live))
    found = dict(zip(live, answers, strict=True))
    return {t: found[t] if t in found else connections.errors[t] for t in connections.order}


def connect_many(
    clouds: str | Iterable[str | None] | None = None,
    regions: str | Iterable[str] | None = None,
    *,
    cache: bool | None = None,
    microversions: dict[str, str] | None = None,
    env: dict[str, str] | None = None,
    use_env: bool = True,
    **options: Any,
) -> ManyConnections:
    """An AsyncConnection per cloud x region, each resolved as `ostack.aio.connect()` would
    (clouds None: every cloud of clouds.yaml; "a,b" or a list; regions likewise, None: each
    cloud's own). Options apply to every target; a target whose configuration cannot be
    resolved is left in `errors`. No request is sent until the connections are used."""
    from ostack.config import load
    from ostack.connection import AsyncConnection

    if clouds is None:
        names: list[str | None] = list(cloud_names(env))
    elif isinstance(clouds, str):
        names = list(split_names(clouds))
    else:
        names = list(clouds)
    wanted = targets(names, split_names(regions) or None)
    connections: dict[Target, Any] = {}
    errors: dict[Target, Exception] = {}
    for target in wanted:
        settings = dict(options)
        if target.region is not None:
            settings["region_name"] = target.region
        try:
            config = load(target.cloud, settings, env, use_env=use_env)
        except Exception as exc:  # noqa: BLE001 - this target's error, kept for the caller
            errors[target] = exc
            continue
        connections[target] = AsyncConnection(config=config, cache=cache,
                                              microversions=microversions)
    return ManyConnections(connections, errors, wanted)
