"""How long `ostack` and the official `openstack` take to answer, on the same local cloud.

Starts a local cloud on 127.0.0.1 in a temporary state folder, creates a few servers, and times
`--version`, `server list`, `flavor list`, `image list`, `network list` and `port list` for
both clients (plus `python -c pass` for reference): one warm-up run each, then the median of
the timed runs, alternating the clients and `python -c pass`. Each command's ratio to
`python -c pass` uses the reference runs timed in its own rotation, so that a load that
changes during the benchmark skews neither.
It also counts the HTTP requests each client sent (the cloud's operator counter read around
every timed run) and each run's peak RSS.

    .venv/bin/python bench/cli_latency.py [--runs 7] [--servers 3] [--json] [--importtime]

The official clients live in a venv of their own (`tests/support/venvs.py`, built on first use).
Both clients get the same environment: `OS_CLIENT_CONFIG_FILE=<state>/clouds.yaml`,
`OS_CLOUD=local`, `XDG_CACHE_HOME` in a temporary folder (so ostack's token cache is warm after
the warm-up run) and `PYTHONPYCACHEPREFIX` in a temporary folder (so both run from compiled
bytecode after the warm-up, as installed software does, even if PYTHONDONTWRITEBYTECODE is set).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.support.localcloud import LocalCloud, Reply, start_localcloud  # noqa: E402
from tests.support.venvs import OFFICIAL_CLIENTS, ensure_venv  # noqa: E402

CLOUD = "local"


# --------------------------------------------------------------------------------------------
# The local cloud (started by the tests' helper: a real subprocess on 127.0.0.1)


def create_servers(cloud: LocalCloud, count: int) -> list[str]:
    """Create `count` servers over plain HTTP (no client under test involved); return names."""
    token = cloud.token()
    flavors = _ok(cloud.call("GET", "/compute/v2.1/flavors/detail", token=token))["flavors"]
    flavor = min(flavors, key=lambda f: (f["ram"], f["vcpus"], f["disk"]))
    images = _ok(cloud.call("GET", "/image/v2/images", token=token))["images"]
    if not images:
        raise RuntimeError("the local cloud has no image to boot servers from")
    names = []
    for n in range(count):
        name = f"bench-{n}"
        body = {"server": {"name": name, "imageRef": images[0]["id"],
                           "flavorRef": flavor["id"], "networks": "none"}}
        _ok(cloud.call("POST", "/compute/v2.1/servers", body, token=token,
                       headers={"OpenStack-API-Version": "compute 2.37"}))
        names.append(name)
    return names


def _ok(reply: Reply) -> dict:
    if reply.status >= 400:
        raise RuntimeError(f"local cloud answered {reply.status}: {reply.body[:500]!r}")
    return reply.json


# --------------------------------------------------------------------------------------------
# Running the clients


def _child_env(base: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in base.items() if not k.startswith(("OS_", "CLIFF_"))}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


@dataclass
class Run:
    """One run of one command."""

    wall: float
    requests: int | None
    returncode: int
    stdout: str = ""
    stderr: str = ""


def run_once(argv: list[str], env: dict[str, str], cloud: LocalCloud | None) -> Run:
    """Run `argv` to completion; its wall time, peak RSS and requests sent to `cloud`."""
    before = cloud.requests() if cloud else None
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status = os.waitpid(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode(errors="replace")
        stderr = err.read().decode(errors="replace")
    after = cloud.requests() if cloud else None
    requests = None if before is None else after - before
    return Run(wall, requests, proc.returncode, stdout, stderr)


def peak_rss_kib(argv: list[str], env: dict[str, str]) -> int | None:
    """Peak RSS of one run of `argv`, through GNU time (None without it).

    Measured apart from the timed runs: the peak RSS the kernel reports for a child spawned
    from this process includes this process's own, so a small launcher in between is needed.
    """
    gnu_time = shutil.which("time", path="/usr/bin:/bin")
    if gnu_time is None:
        return None
    proc = subprocess.run(
        [gnu_time, "-f", "peak-rss-kib=%M", *argv], env=env, capture_output=True, text=True,
        timeout=300,
    )
    for line in reversed(proc.stderr.splitlines()):
        if line.startswith("peak-rss-kib="):
            return int(line.split("=", 1)[1])
    return None


@dataclass
class Measure:
    """The timed runs of one command line."""

    label: str
    argv: list[str]
    runs: list[Run] = field(default_factory=list)
    error: str = ""
    peak_rss_kib: int | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(r.wall for r in self.runs) if self.runs else None

    @property
    def requests(self) -> int | None:
        counts = [r.requests for r in self.runs if r.requests is not None]
        return statistics.median_low(counts) if counts else None

    @property
    def peak_rss_mib(self) -> float | None:
        return None if self.peak_rss_kib is None else self.peak_rss_kib / 1024

    def summary(self) -> dict:
        return {
            "argv": self.argv, "median_s": self.median, "requests": self.requests,
            "peak_rss_mib": self.peak_rss_mib, "runs_s": [r.wall for r in self.runs],
            "error": self.error or None,
        }


def measure(
    commands: list[Measure], runs: int, env: dict[str, str], cloud: LocalCloud | None,
    check: list[str] | None = None, fresh_cache: Path | None = None,
    reference: Measure | None = None,
) -> None:
    """Warm each command up once, time them alternately `runs` times, then take peak RSS.

    `reference` (`python -c pass`) is timed in the same rotation, so that its runs and the
    commands' see the same load."""
    if reference is not None:
        run_once(reference.argv, env, None)
    live = []
    for command in commands:
        warm = run_once(command.argv, _env_for(env, fresh_cache), cloud)
        missing = [word for word in (check or []) if word not in warm.stdout]
        if warm.returncode != 0 or missing:
            command.error = (
                f"exit {warm.returncode}" + (f", output lacks {missing}" if missing else "")
                + f": {(warm.stderr or warm.stdout).strip()[-400:]}"
            )
            continue
        live.append(command)
    for _ in range(runs):
        if reference is not None:
            reference.runs.append(run_once(reference.argv, env, None))
        for command in live:
            result = run_once(command.argv, _env_for(env, fresh_cache), cloud)
            if result.returncode != 0:
                command.error = f"exit {result.returncode}: {result.stderr.strip()[-400:]}"
            command.runs.append(result)
    for command in live:
        command.peak_rss_kib = peak_rss_kib(command.argv, _env_for(env, fresh_cache))


def _env_for(env: dict[str, str], fresh_cache: Path | None) -> dict[str, str]:
    """`env`, or with an empty XDG cache folder of its own when `fresh_cache` is given."""
    if fresh_cache is None:
        return env
    if fresh_cache.exists():
        shutil.rmtree(fresh_cache)
    fresh_cache.mkdir(parents=True)
    return {**env, "XDG_CACHE_HOME": str(fresh_cache)}


def import_profile(argv: list[str], env: dict[str, str], top: int = 15) -> dict:
    """`python -X importtime` of a command: total, and the costliest modules (cumulative, self)."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", *argv], env=env, capture_output=True, text=True,
        timeout=120,
    )
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        parts = line[len("import time:"):].split("|")
        try:
            own, cumulative = int(parts[0]), int(parts[1])
        except ValueError:
            continue
        name = parts[2]
        rows.append({"module": name.strip(), "depth": (len(name) - len(name.lstrip())) // 2,
                     "self_us": own, "cumulative_us": cumulative})
    top_level = [r for r in rows if r["depth"] == 0]
    return {
        "argv": argv,
        "modules": len(rows),
        "total_ms": sum(r["self_us"] for r in rows) / 1000,
        "top_level": sorted(top_level, key=lambda r: -r["cumulative_us"])[:top],
        "by_self": sorted(rows, key=lambda r: -r["self_us"])[:top],
    }


# --------------------------------------------------------------------------------------------
# Report


def _seconds(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f} s"


def _ratio(ours: float | None, theirs: float | None) -> str:
    return "n/a" if not ours or not theirs else f"{theirs / ours:.1f}x"


def _times(value: float | None, reference: float | None) -> str:
    return "n/a" if not value or not reference else f"{value / reference:.1f}x"


def _count(value: int | None) -> str:
    return "n/a" if value is None else str(value)


def _mib(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}"


def markdown(report: dict) -> str:
    """The report as a markdown table (plus import profile when measured)."""
    lines = [
        f"ostack vs openstack, median of {report['runs']} runs after one warm-up; "
        f"{report['servers']} servers; Python {report['python']}, {report['cpus']} CPUs; "
        f"{report['official']}. `ostack / python -c pass` divides by the median of the "
        "`python -c pass` runs timed in the same rotation as the command.",
        "",
        "| command | ostack | ostack / `python -c pass` | openstack | openstack / ostack "
        "| requests (ostack / openstack) | peak RSS MiB (ostack / openstack) |",
        "|---|---|---|---|---|---|---|",
    ]
    ref = report["reference"]
    lines.append(f"| `python -c pass` | {_seconds(ref['median_s'])} | 1.0x | | | 0 | "
                 f"{_mib(ref['peak_rss_mib'])} |")
    for row in report["commands"]:
        ours, theirs = row["ostack"], row["openstack"]
        lines.append(
            f"| `{row['command']}` | {_seconds(ours['median_s'])} | "
            f"{_times(ours['median_s'], row['reference_s'])} | {_seconds(theirs['median_s'])} | "
            f"{_ratio(ours['median_s'], theirs['median_s'])} | "
            f"{_count(ours['requests'])} / {_count(theirs['requests'])} | "
            f"{_mib(ours['peak_rss_mib'])} / {_mib(theirs['peak_rss_mib'])} |"
        )
    cold = report.get("cold_token_cache")
    if cold:
        lines.append(
            f"| `{cold['command']}`, ostack with an empty token cache | "
            f"{_seconds(cold['median_s'])} | {_times(cold['median_s'], cold['reference_s'])} | | | "
            f"{_count(cold['requests'])} | "
            f"{_mib(cold['peak_rss_mib'])} |"
        )
    errors = [
        f"- `{row['command']}` ({client}): {row[client]['error']}"
        for row in report["commands"] for client in ("ostack", "openstack")
        if row[client]["error"]
    ]
    if errors:
        lines += ["", "Errors:", *errors]
    profile = report.get("import_profile")
    if profile:
        lines += [
            "",
            f"`python -X importtime` of `ostack {' '.join(profile['argv'][1:])}`: "
            f"{profile['modules']} modules, {profile['total_ms']:.1f} ms of imports.",
            "",
            "| top-level import | cumulative ms | | module | self ms |",
            "|---|---|---|---|---|",
        ]
        for a, b in zip(profile["top_level"], profile["by_self"], strict=False):
            lines.append(f"| {a['module']} | {a['cumulative_us'] / 1000:.1f} | | "
                         f"{b['module']} | {b['self_us'] / 1000:.1f} |")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per command (min 5)")
    parser.add_argument("--servers", type=int, default=3, help="servers to create first")
    parser.add_argument("--json", action="store_true", help="print JSON instead of markdown")
    parser.add_argument("--importtime", action="store_true",
                        help="also profile the imports of `ostack server list`")
    parser.add_argument("--clients", choices=("both", "ostack", "openstack"), default="both",
                        help="which clients to time (both by default)")
    args = parser.parse_args(argv)
    runs = max(5, args.runs)

    official = ensure_venv("official", OFFICIAL_CLIENTS)
    openstack = str(official / "bin" / "openstack")
    ostack = str(Path(sys.executable).parent / "ostack")
    use = {"ostack": args.clients in ("both", "ostack"),
           "openstack": args.clients in ("both", "openstack")}

    with tempfile.TemporaryDirectory(prefix="ostack-bench-") as tmp:
        tmp_path = Path(tmp)
        cloud = start_localcloud(tmp_path / "state", cache_dir=tmp_path / "cache")
        try:
            names = create_servers(cloud, args.servers)
            env = _child_env(os.environ)
            env.update({
                "OS_CLIENT_CONFIG_FILE": str(cloud.clouds_yaml),
                "OS_CLOUD": CLOUD,
                "XDG_CACHE_HOME": str(tmp_path / "cache"),
                "PYTHONPYCACHEPREFIX": str(tmp_path / "pycache"),
            })
            reference = Measure("python -c pass", [sys.executable, "-c", "pass"])

            def pass_measure() -> Measure:
                return Measure("python -c pass", [sys.executable, "-c", "pass"])

            report_rows = []
            all_passes: list[Run] = []
            for words, check in ((["--version"], []), (["server", "list"], names),
                                 (["flavor", "list"], []), (["image", "list"], []),
                                 (["network", "list"], ["public", "private"]),
                                 (["port", "list"], [])):
                pair = {
                    "ostack": Measure("ostack", [ostack, *words]),
                    "openstack": Measure("openstack", [openstack, *words]),
                }
                chosen = [m for client, m in pair.items() if use[client]]
                passes = pass_measure()
                measure(chosen, runs, env, cloud, check, reference=passes)
                all_passes += passes.runs
                for client, m in pair.items():
                    if not use[client]:
                        m.error = "not run"
                report_rows.append({
                    "command": " ".join(words),
                    "reference_s": passes.median,
                    **{client: m.summary() for client, m in pair.items()},
                })
            cold = None
            if use["ostack"]:
                cold_measure = Measure("ostack", [ostack, "server", "list"])
                passes = pass_measure()
                measure([cold_measure], runs, env, cloud, names,
                        fresh_cache=tmp_path / "cold-cache", reference=passes)
                all_passes += passes.runs
                cold = {"command": "server list", "reference_s": passes.median,
                        **cold_measure.summary()}
            reference.runs = all_passes
            reference.peak_rss_kib = peak_rss_kib(reference.argv, env)
            profile = None
            if args.importtime and use["ostack"]:
                profile = import_profile([ostack, "server", "list"], env)
        finally:
            cloud.stop()

    report = {
        "runs": runs,
        "servers": args.servers,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "official": ", ".join(OFFICIAL_CLIENTS),
        "reference": reference.summary(),
        "commands": report_rows,
        "cold_token_cache": cold,
        "import_profile": profile,
    }
    if args.json:
        json.dump(report, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(markdown(report))
    failed = any(row[c]["error"] not in (None, "not run") for row in report_rows
                 for c in ("ostack", "openstack"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
