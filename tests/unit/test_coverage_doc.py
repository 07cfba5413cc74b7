"""docs/coverage.md is generated from the command index, the list of commands and the record of
the last full differential run; the record counts a command only when one passing test ran it
through both clients."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from tests.support import coverage_runs
from tests.support.coverage_runs import command_of, coverage_script

ROOT = Path(__file__).resolve().parents[2]


def test_coverage_doc_is_current() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "coverage.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(("argv", "command"), [
    (["server", "migrate", "confirm", "s1"], "server migrate confirm"),
    (["server", "migrate", "--wait", "s1"], "server migrate"),
    (["--os-compute-api-version", "2.1", "server", "list", "--long", "-f", "json"],
     "server list"),
    (["image", "metadef", "resource", "type", "association", "create", "ns", "rt"],
     "image metadef resource type association create"),
    (["server", "list", "--help"], None),
    (["no", "such", "thing"], None),
])
def test_command_of_names_the_longest_command(argv: list[str], command: str | None) -> None:
    assert command_of(argv) == command


def _run(test: str, client: str, command: str, code: int = 0) -> dict:
    return {"test": test, "client": client, "command": command, "code": code}


def test_tested_means_both_clients_in_one_passing_test() -> None:
    runs = [
        _run("a", "ostack", "flavor list"), _run("a", "openstack", "flavor list"),
        _run("a", "ostack", "server create"),  # a fixture: ostack only
        _run("b", "ostack", "flavor show"), _run("c", "openstack", "flavor show"),  # apart
        _run("d", "ostack", "flavor set", 2), _run("d", "openstack", "flavor set", 2),
        _run("e", "ostack", "compute agent list", 1),
        _run("e", "openstack", "compute agent list", 1),
        _run("f", "ostack", "flavor delete"), _run("f", "openstack", "flavor delete"),
    ]
    assert coverage_runs.tested_commands(runs, passed={"a", "b", "c", "d", "e"}) == {
        "flavor list": ["a"], "compute agent list": ["e"]}


def test_disagreements_name_each_wrong_claim(monkeypatch: pytest.MonkeyPatch) -> None:
    script = coverage_script()
    claims = script.claimed()
    assert claims, "docs/coverage.md claims no command tested"
    assert script.disagreements(claims) == []
    dropped = sorted(claims)[0]
    assert script.disagreements(claims - {dropped}) == [
        f"  claimed tested, not run by both clients: {dropped}"]
    # An absent command is never shown tested, whatever the record says (every command is
    # present now, so one is taken out of the index for the check).
    from ostack.cli import commands

    absent = dropped
    monkeypatch.delitem(commands.COMMANDS, absent)
    assert f"| `{absent}` | no | no |" in script.render(claims)
