"""Write docs/coverage.md: every command of the official client for the six services, present in
ostack or not, and compared with the official client on the local cloud or not.

    .venv/bin/python scripts/coverage.py            # rewrite docs/coverage.md
    .venv/bin/python scripts/coverage.py --check    # exit 1 when the file is inconsistent
    .venv/bin/python scripts/coverage.py --why CMD  # the tests that ran CMD in the last full run

"Present" means the command is in ostack's command index. "Tested" means that in the last FULL
run of the differential tests (tests/e2e/diff/), a passing test ran the command through ostack
and through the official client: the `differ` harness records every run and the session saves
the result to .cache/differential/recorded.json (tests/support/coverage_runs.py), which this
script reads. Without that file (a fresh checkout), the tested column is carried over from the
current docs/coverage.md, and the script says so. `--check` verifies that the file lists the
commands of ../shared/osc-commands.tsv, says "present" exactly for the commands of the index and
claims "tested" only for present ones, with counts to match; whether the claims are what the
tests really run is checked at the end of every full run of tests/e2e/diff. The list of
commands is ../shared/osc-commands.tsv (python-openstackclient 10.5.0); without it, the copy of
its names kept in the last docs/coverage.md is used.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TSV = ROOT.parent / "shared" / "osc-commands.tsv"
DOC = ROOT / "docs" / "coverage.md"
RECORDED = ROOT / ".cache" / "differential" / "recorded.json"
sys.path.insert(0, str(ROOT / "src"))

GROUPS = ("openstack.common", "openstack.compute.v2", "openstack.identity.v3",
          "openstack.image.v2", "openstack.network.v2", "openstack.volume.v3",
          "openstack.object_store.v1")

#: Commands whose API needs a service outside the six: why, and what ostack does.
NOTES = {
    "server add share": "needs Manila shares (compute 2.97, beyond this cloud's 2.96): "
                        "fails as the official client does",
    "server remove share": "needs Manila shares (compute 2.97): fails as the official client does",
    "server share list": "needs Manila shares (compute 2.97): fails as the official client does",
    "server share show": "needs Manila shares (compute 2.97): fails as the official client does",
    "compute agent create": "os-agents was removed from Nova (410 Gone): fails as the official "
                            "client does",
    "compute agent delete": "os-agents was removed from Nova (410 Gone)",
    "compute agent list": "os-agents was removed from Nova (410 Gone)",
    "compute agent set": "os-agents was removed from Nova (410 Gone)",
}


def official_commands() -> list[tuple[str, str]]:
    """(group, command) of the official client, for the groups ostack covers."""
    if TSV.exists():
        rows = []
        for line in TSV.read_text().splitlines()[1:]:
            group, command, _ = line.split("\t")
            if group in GROUPS:
                rows.append((group, command))
        return rows
    rows = []
    group = ""
    for line in DOC.read_text().splitlines():
        if line.startswith("## "):
            group = line[3:].split(" ")[0]
        elif line.startswith("| `") and group:
            rows.append((group, line.split("`")[1]))
    return rows


def recorded() -> dict[str, list[str]] | None:
    """command -> tests that ran it through both clients, from the last full differential run."""
    if not RECORDED.exists():
        return None
    return json.loads(RECORDED.read_text())["commands"]


def claimed() -> set[str]:
    """The commands docs/coverage.md now says are tested."""
    if not DOC.exists():
        return set()
    return {line.split("`")[1] for line in DOC.read_text().splitlines()
            if line.startswith("| `") and line.split("|")[3].strip() == "yes"}


def disagreements(tested: set[str]) -> list[str]:
    """Where docs/coverage.md's tested column differs from `tested` (what a full run saw)."""
    from ostack.cli.commands import COMMANDS

    claims = claimed()
    listed = {command for _, command in official_commands() if command in COMMANDS}
    problems = [f"  claimed tested, not run by both clients: {c}" for c in sorted(claims - tested)]
    problems += [f"  run by both clients, not shown tested: {c}"
                 for c in sorted((tested & listed) - claims)]
    return problems


def render(tested: set[str]) -> str:
    from ostack.cli.commands import COMMANDS

    rows = official_commands()
    lines = [
        "# Command coverage",
        "",
        "Every command python-openstackclient 10.5.0 registers for the six services and its "
        "common group (`../shared/osc-commands.tsv`): whether ostack has it (*present*: in "
        "ostack's command index), and whether it is *tested*: a differential test "
        "(`tests/e2e/diff/`) runs it through ostack and the official client on the same local "
        "cloud and compares what they print.",
        "",
        "How *tested* is determined: the tests' `differ` harness (`tests/support/differential.py`) "
        "records every run of either client: the test, the client, the command of the index "
        "that the run's words name, and the exit code (`tests/support/coverage_runs.py`). A "
        "command is tested when one passing test ran it through both clients; a run that only "
        "prints `--help` or stops on a usage error (exit 2) does not count, a compared error "
        "(exit 1, e.g. an API this cloud does not serve) does. Only a full run of "
        "`tests/e2e/diff` (every file, nothing deselected, every test passed) saves what it saw "
        "(`.cache/differential/recorded.json`), and it fails when this file says otherwise; "
        "a run of part of the tests records and checks nothing.",
        "",
        "Generated by `.venv/bin/python scripts/coverage.py` from that record; "
        "`tests/unit/test_coverage_doc.py` checks that it matches the command index and the "
        "list of commands.",
        "",
        "| group | commands | present | tested |",
        "|---|---|---|---|",
    ]
    by_group: dict[str, list[str]] = {}
    for group, command in rows:
        by_group.setdefault(group, []).append(command)
    for group in GROUPS:
        commands = by_group.get(group, [])
        present = sum(1 for c in commands if c in COMMANDS)
        done = sum(1 for c in commands if c in COMMANDS and c in tested)
        lines.append(f"| {group} | {len(commands)} | {present} | {done} |")
    total = len(rows)
    present = sum(1 for _, c in rows if c in COMMANDS)
    done = sum(1 for _, c in rows if c in COMMANDS and c in tested)
    lines += [f"| all | {total} | {present} | {done} |", ""]
    for group in GROUPS:
        lines += ["", f"## {group}", "", "| command | present | tested | note |",
                  "|---|---|---|---|"]
        for command in by_group.get(group, []):
            has = command in COMMANDS
            lines.append(f"| `{command}` | {'yes' if has else 'no'} | "
                         f"{'yes' if has and command in tested else 'no'} | "
                         f"{NOTES.get(command, '')} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    record = recorded()
    if "--why" in argv:
        command = " ".join(argv[argv.index("--why") + 1:])
        if record is None:
            print("no full differential run recorded (.cache/differential/recorded.json)")
            return 1
        print("\n".join(record.get(command, [])) or f"{command}: not run by both clients")
        return 0 if command in record else 1
    if "--check" in argv:
        if DOC.read_text() != render(claimed()):
            print("docs/coverage.md does not match the command index and the command list "
                  "(or claims an absent command tested): run .venv/bin/python scripts/coverage.py")
            return 1
        return 0
    if record is None:
        print("no full differential run recorded (.cache/differential/recorded.json): "
              "the tested column is kept from docs/coverage.md")
    DOC.write_text(render(claimed() if record is None else set(record)))
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
