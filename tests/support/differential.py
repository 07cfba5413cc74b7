"""Differential tests: run ostack and the official `openstack` CLI on the same local cloud and
compare what they print.

    def test_flavor_list(differ):
        differ.same("flavor", "list")                      # -f json, whole output equal
        differ.same("flavor", "list", "--long", fmt="table", columns_only=True)

For commands that change the cloud, run each client on its own object and compare the two
outputs with the differing fields masked:

        ours, theirs = differ.pair(["flavor", "create", "a"], ["flavor", "create", "b"])
        differ.assert_same(ours, theirs, ignore={"id", "name"})

The official client lives in its own venv (`tests/support/venvs.py`). Both clients get the
same environment; ostack's caches are in the test cloud's cache folder. Every run is recorded:
the "tested" column of docs/coverage.md is what a full run saw (tests/support/coverage_runs.py).
"""

from __future__ import annotations

import difflib
import json
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.coverage_runs import record
from tests.support.localcloud import LocalCloud
from tests.support.venvs import OFFICIAL_CLIENTS, ensure_venv

#: Fields whose values legitimately differ between two runs (times, request ids).
VOLATILE = frozenset({
    "updated", "updated_at", "Updated At", "Updated", "created", "created_at", "Created At",
    "expires", "request_id",
})


@dataclass
class Outcome:
    """One client's run: exit code, output and, for json, the parsed data."""

    client: str
    argv: list[str]
    code: int
    stdout: str
    stderr: str

    @property
    def data(self) -> Any:
        if not self.stdout.strip():
            return None
        try:
            return json.loads(self.stdout)
        except ValueError as exc:
            raise AssertionError(
                f"{self.client} {' '.join(self.argv)} did not print JSON: {exc}\n"
                f"{self.stdout[:2000]}") from None

    def describe(self) -> str:
        return (f"{self.client} {' '.join(self.argv)} -> exit {self.code}\n"
                f"stdout:\n{self.stdout[-3000:]}\nstderr:\n{self.stderr[-3000:]}")


class Differ:
    """Runs both clients against one local cloud."""

    def __init__(self, cloud: LocalCloud, cloud_name: str = "local") -> None:
        self.cloud = cloud
        self.cloud_name = cloud_name
        self.official = ensure_venv("official", OFFICIAL_CLIENTS) / "bin" / "openstack"

    def env(self, **extra: str) -> dict[str, str]:
        return self.cloud.environ(**{"OS_CLOUD": self.cloud_name, **extra})

    def run(self, client: str, argv: Sequence[str], fmt: str | None = "json",
            timeout: float = 180, stdin: str | None = None,
            env: dict[str, str] | None = None) -> Outcome:
        """Run `client` ("ostack" or "openstack") with `argv` (+ `-f fmt` when given; `env`
        adds variables). Each run is recorded for docs/coverage.md (coverage_runs.py)."""
        full = list(argv) + (["-f", fmt] if fmt else [])
        done = subprocess.run(self.command(client, full), env=self.env(**(env or {})),
                              capture_output=True, text=True, timeout=timeout, input=stdin)
        record(client, full, done.returncode)
        return Outcome(client, full, done.returncode, done.stdout, done.stderr)

    def command(self, client: str, argv: Sequence[str]) -> list[str]:
        """The command line that runs `client` with `argv`. A test that runs it itself (binary
        output, a terminal) reports the run with `tests.support.coverage_runs.record`."""
        if client == "ostack":
            return [sys.executable, "-m", "ostack.cli.app", *argv]
        return [str(self.official), *argv]

    def pair(self, ours: Sequence[str], theirs: Sequence[str] | None = None,
             fmt: str | None = "json", code: int | None = 0) -> tuple[Outcome, Outcome]:
        """Run ostack with `ours` and openstack with `theirs` (default: the same arguments);
        both must exit with `code` (None: with the same code, whatever it is)."""
        mine = self.run("ostack", ours, fmt)
        official = self.run("openstack", theirs if theirs is not None else ours, fmt)
        if code is None:
            assert mine.code == official.code, (
                f"exit codes differ:\n{mine.describe()}\n---\n{official.describe()}")
        else:
            assert official.code == code, f"the official client failed:\n{official.describe()}"
            assert mine.code == code, (f"ostack exit code differs:\n{mine.describe()}\n---\n"
                                       f"{official.describe()}")
        return mine, official

    def same(self, *argv: str, fmt: str = "json", ignore: Iterable[str] = (),
             key: str | None = None, columns_only: bool = False,
             code: int | None = 0) -> tuple[Outcome, Outcome]:
        """Both clients print the same for `argv`: equal json (volatile fields aside), or for
        tables equal text (with `columns_only`, the same header)."""
        mine, official = self.pair(list(argv), fmt=fmt, code=code)
        if mine.code != 0:
            return mine, official
        if fmt == "json":
            self.assert_same(mine, official, ignore=ignore, key=key)
        elif columns_only:
            assert _header(mine.stdout) == _header(official.stdout), (
                f"table headers differ:\n{mine.describe()}\n---\n{official.describe()}")
        else:
            assert mine.stdout == official.stdout, _diff(official.stdout, mine.stdout)
        return mine, official

    @staticmethod
    def assert_same(mine: Outcome, official: Outcome, ignore: Iterable[str] = (),
                    key: str | None = None) -> None:
        """The two json outputs are equal once `ignore`d and volatile fields are masked; rows
        of a listing are matched in order, or by `key` when given."""
        drop = set(ignore) | VOLATILE
        ours, theirs = _mask(mine.data, drop), _mask(official.data, drop)
        if key is not None and isinstance(ours, list) and isinstance(theirs, list):
            ours = sorted(ours, key=lambda row: str(row.get(key)))
            theirs = sorted(theirs, key=lambda row: str(row.get(key)))
        if ours != theirs:
            raise AssertionError(
                f"ostack and openstack differ for {' '.join(official.argv)}:\n"
                + _diff(_pretty(theirs), _pretty(ours)))
        # Column (or field) order is part of the output too.
        if isinstance(ours, dict):
            assert list(_plain_keys(mine.data, drop)) == list(_plain_keys(official.data, drop))
        elif ours and isinstance(ours[0], dict):
            assert list(ours[0]) == list(theirs[0])


def _plain_keys(data: Any, drop: set[str]) -> list[str]:
    return [k for k in data if k not in drop] if isinstance(data, dict) else []


def _mask(data: Any, drop: set[str]) -> Any:
    if isinstance(data, dict):
        return {k: ("<masked>" if k in drop else _mask(v, drop)) for k, v in data.items()}
    if isinstance(data, list):
        return [_mask(v, drop) for v in data]
    return data


def _pretty(data: Any) -> str:
    return json.dumps(data, indent=1, sort_keys=False, default=str)


def _diff(theirs: str, ours: str) -> str:
    return "\n".join(difflib.unified_diff(
        theirs.splitlines(), ours.splitlines(), "openstack", "ostack", lineterm=""))


def _header(table: str) -> list[str]:
    for line in table.splitlines():
        if line.startswith("|"):
            return [cell.strip() for cell in line.strip("|").split("|")]
    return []


def ostack_bin() -> Path:
    return Path(sys.executable).with_name("ostack")
