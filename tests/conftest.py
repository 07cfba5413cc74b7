"""Fixtures shared by every test directory: the local cloud as a real subprocess."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.localcloud import LocalCloud, start_localcloud


def pytest_configure(config: pytest.Config) -> None:
    """Record which commands the differential tests run (tests/support/coverage_runs.py)."""
    from tests.support.coverage_runs import register

    register(config)


@pytest.fixture(scope="session")
def localcloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCloud]:
    """One local cloud for the whole session (build delay 0.2 s, delete delay 0.1 s).

    Yields an object with `.url`, `.port`, `.state_dir`, `.clouds_yaml`, `.env` (the
    variables that point any OpenStack client at it) and `.requests()` (the operator's
    request count); stopped by its pid at the end.
    """
    base = tmp_path_factory.mktemp("localcloud")
    cloud = start_localcloud(base / "state", cache_dir=base / "cache")
    try:
        yield cloud
    finally:
        cloud.stop()


@pytest.fixture
def start_cloud(tmp_path: Path) -> Iterator[Callable[..., LocalCloud]]:
    """Start separate clouds for one test (e.g. to restart one): `start_cloud(**options)`.

    Every cloud started (and restarted through `.restart()`) is stopped at the end.
    """
    started: list[LocalCloud] = []

    def track(cloud: LocalCloud) -> LocalCloud:
        started.append(cloud)
        restart = cloud.restart
        cloud.restart = lambda: track(restart())  # type: ignore[method-assign]
        return cloud

    def start(state_dir: Path | None = None, **options: Any) -> LocalCloud:
        return track(start_localcloud(state_dir or tmp_path / f"cloud{len(started)}",
                                      cache_dir=tmp_path / "cache", **options))

    try:
        yield start
    finally:
        for cloud in started:
            cloud.stop()


@pytest.fixture(scope="session")
def differ(localcloud: LocalCloud):
    """Runs ostack and the official `openstack` CLI on the session's local cloud and compares
    their output (tests/support/differential.py)."""
    from tests.support.differential import Differ

    return Differ(localcloud)


@pytest.fixture(params=["sync", "async"])
def sdk(request: pytest.FixtureRequest, localcloud: LocalCloud):
    """An SDK connection to the session's local cloud, once sync and once async (the async one
    seen through a sync view, so one test body runs both drivers)."""
    from tests.support.sdk import connect

    conn, close = connect(request.param, localcloud)
    try:
        yield conn
    finally:
        close()
