"""Which commands the differential tests really run through both clients, recorded as they run.

Every `Differ.run` (tests/support/differential.py) appends one line to a file of its pytest
process under `.cache/differential/session-*/`: the test, the client, the command of the CLI
index that its words name (options skipped, longest name wins) and the exit code. At the end of
the session the controlling process (xdist's controller, or the only process) merges the files
with the tests' outcomes. A command counts as *tested* when one passing test ran it through
ostack and through the official client, neither run being a usage error (exit 2) or `--help`.

Only a FULL run of tests/e2e/diff (every file, nothing deselected, every test passed) proves
anything about the set as a whole: it saves what it saw to `.cache/differential/recorded.json`,
from which `scripts/coverage.py` writes the "tested" column of docs/coverage.md, and it fails
the session when docs/coverage.md says otherwise. A run of part of the tests records nothing,
checks nothing and says so in one line (what it saw is in `.cache/differential/last-run.json`).
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import shutil
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUNS = ROOT / ".cache" / "differential"
RECORDED = RUNS / "recorded.json"
LAST_RUN = RUNS / "last-run.json"
DIFF_TESTS = ROOT / "tests" / "e2e" / "diff"
DIFF_PREFIX = "tests/e2e/diff/"
TSV = ROOT.parent / "shared" / "osc-commands.tsv"

_sink: Path | None = None


def record(client: str, argv: Sequence[str], code: int) -> None:
    """Note that `client` ran `argv` and exited with `code` (no-op outside a recorded session)."""
    if _sink is None:
        return
    test = os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" (", 1)[0]
    _append(_sink, {"test": test, "client": client, "command": command_of(argv), "code": code})


def command_of(argv: Sequence[str]) -> str | None:
    """The command `argv` runs: the longest command name its leading words (options and, where
    needed, their values skipped) spell; None for `--help` or words that name no command."""
    if "--help" in argv or "-h" in argv:
        return None
    names = _names()
    words = [word for word in argv if not word.startswith("-")]
    for start in range(len(words)):
        for length in range(min(6, len(words) - start), 0, -1):
            name = " ".join(words[start:start + length])
            if name in names:
                return name
    return None


@functools.cache
def _names() -> frozenset[str]:
    from ostack.cli.commands import COMMANDS

    names = set(COMMANDS)
    if TSV.exists():
        names |= {line.split("\t")[1] for line in TSV.read_text().splitlines()[1:]
                  if line.count("\t") >= 2}
    return frozenset(names)


def _append(path: Path, entry: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as out:
        out.write(json.dumps(entry) + "\n")


def tested_commands(runs: list[dict[str, Any]], passed: set[str]) -> dict[str, list[str]]:
    """command -> the passing tests that ran it through both clients."""
    seen: dict[tuple[str, str], set[str]] = {}
    for run in runs:
        if run["command"] and run["test"] in passed and run["code"] != 2:
            seen.setdefault((run["command"], run["test"]), set()).add(run["client"])
    found: dict[str, list[str]] = {}
    for (command, test), clients in sorted(seen.items()):
        if clients >= {"ostack", "openstack"}:
            found.setdefault(command, []).append(test)
    return found


def coverage_script() -> Any:
    """scripts/coverage.py as a module (it reads and writes docs/coverage.md)."""
    spec = importlib.util.spec_from_file_location("ostack_coverage_script",
                                                  ROOT / "scripts" / "coverage.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Recorder:
    """The pytest plugin: a record file per process, merged and judged by the controller."""

    def __init__(self, config: pytest.Config) -> None:
        global _sink
        self.config = config
        worker = getattr(config, "workerinput", None)
        self.controller = worker is None
        if worker is None:
            self.folder: Path | None = RUNS / f"session-{os.getpid()}-{time.time_ns()}"
            name = "main"
        else:
            folder = worker.get("differential_runs")
            self.folder = Path(folder) if folder else None
            name = str(worker.get("workerid", os.getpid()))
        if self.folder is not None:
            _sink = self.folder / f"{name}.jsonl"
        self.outcomes: dict[str, str] = {}
        self.summary: list[str] = []

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        ids = [item.nodeid for item in session.items if item.nodeid.startswith(DIFF_PREFIX)]
        if ids and _sink is not None:
            _append(_sink, {"collected": ids})

    def pytest_deselected(self, items: Sequence[pytest.Item]) -> None:
        ids = [item.nodeid for item in items if item.nodeid.startswith(DIFF_PREFIX)]
        if ids and _sink is not None:
            _append(_sink, {"deselected": ids})

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if not self.controller or not report.nodeid.startswith(DIFF_PREFIX):
            return
        if report.failed:
            self.outcomes[report.nodeid] = "failed"
        elif report.when == "call" or (report.when == "setup" and report.skipped):
            self.outcomes.setdefault(report.nodeid, report.outcome)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if not self.controller or self.folder is None or not self.folder.exists():
            return
        entries = []
        for path in sorted(self.folder.glob("*.jsonl")):
            entries += [json.loads(line) for line in path.read_text().splitlines() if line]
        shutil.rmtree(self.folder, ignore_errors=True)
        collected = {i for e in entries for i in e.get("collected", ())}
        if not collected:
            return
        partial = self._partial(collected, {i for e in entries for i in e.get("deselected", ())})
        passed = {test for test, outcome in self.outcomes.items() if outcome == "passed"}
        runs = [e for e in entries if "client" in e]
        tested = tested_commands(runs, passed)
        unproven = tested_commands(runs, {run["test"] for run in runs if run["test"] not in passed})
        _save(LAST_RUN, collected, tested, partial, unproven)
        if partial:
            self.summary = [f"differential coverage: {partial}; {len(tested)} commands run by "
                            "both clients (.cache/differential/last-run.json), not recorded, "
                            "docs/coverage.md not checked"]
            return
        _save(RECORDED, collected, tested, partial, unproven)
        problems = coverage_script().disagreements(set(tested))
        if problems:
            self.summary = ["differential coverage: docs/coverage.md disagrees with this full "
                            "run (recorded in .cache/differential/recorded.json):", *problems,
                            "run .venv/bin/python scripts/coverage.py to rewrite it"]
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
        else:
            self.summary = [f"differential coverage: {len(tested)} commands run by both clients "
                            "in passing tests; docs/coverage.md agrees"]

    def _partial(self, collected: set[str], deselected: set[str]) -> str:
        """Why this run is not a full run of the differential tests ('' when it is)."""
        files = {test.split("::")[0] for test in collected}
        missing = sorted(f"{DIFF_PREFIX}{p.name}" for p in DIFF_TESTS.glob("test_*.py")
                         if f"{DIFF_PREFIX}{p.name}" not in files)
        if missing:
            return f"partial run ({len(missing)} differential test files not collected)"
        if deselected:
            return f"partial run ({len(deselected)} differential tests deselected)"
        for arg in self.config.args:
            path = Path(self.config.invocation_params.dir, arg.split("::")[0]).resolve()
            if "::" in arg and (path == DIFF_TESTS or DIFF_TESTS in path.parents):
                return "partial run (differential tests chosen by node id)"
        failing = [t for t in collected if self.outcomes.get(t) not in ("passed", "skipped")]
        if failing:
            return f"{len(failing)} differential tests did not pass"
        return ""

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        for line in self.summary:
            terminalreporter.write_line(line)


def _save(path: Path, collected: set[str], tested: dict[str, list[str]], partial: str,
          unproven: dict[str, list[str]]) -> None:
    """Write what a run saw, atomically (another session may read it); `unproven`: commands
    both clients ran only in tests that did not pass (not counted)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(json.dumps({
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "tests": len(collected),
        "partial": partial, "commands": tested,
        "in_tests_that_did_not_pass": {c: t for c, t in unproven.items() if c not in tested}},
        indent=1) + "\n")
    temporary.replace(path)


class XdistHooks:
    """Tells each xdist worker where the controller's session folder is."""

    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder

    def pytest_configure_node(self, node: Any) -> None:
        if self.recorder.folder is not None:
            node.workerinput["differential_runs"] = str(self.recorder.folder)


def register(config: pytest.Config) -> None:
    """Install the recorder (from tests/conftest.py's pytest_configure)."""
    recorder = Recorder(config)
    config.pluginmanager.register(recorder, "ostack-differential-recorder")
    if config.pluginmanager.hasplugin("xdist"):
        config.pluginmanager.register(XdistHooks(recorder), "ostack-differential-xdist")
