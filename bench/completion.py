"""How long one shell completion takes: `ostack complete --cword N -- <words>`, from cache.

Starts a local cloud on 127.0.0.1 in a temporary state folder, creates `--networks` networks
over plain HTTP, fills ostack's name cache with one `ostack network list` (and the command's
spec cache with one completion), then times `--runs` completions of each case below (median,
wall time of the whole process, as the shell waits for it) and counts the HTTP requests the
cloud answered meanwhile (the operator counter, which must not move: the cache is fresh).
`python -c pass` is timed alongside for reference. The budget is 50 ms per completion.

    .venv/bin/python bench/completion.py [--runs 15] [--networks 500] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.support.localcloud import start_localcloud  # noqa: E402

BUDGET = 0.050


def _cases(prefix: str) -> list[tuple[str, list[str]]]:
    return [
        ("command word (`ostack netw`)", ["netw"]),
        ("options (`network list --`)", ["network", "list", "--"]),
        ("network names (`network show <prefix>`)", ["network", "show", prefix]),
        ("option value (`server create --network ''`)", ["server", "create", "--network", ""]),
    ]


def _time(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--networks", type=int, default=500)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ostack-bench-completion-") as tmp:
        cloud = start_localcloud(Path(tmp) / "state")
        try:
            token = cloud.token()
            project = cloud.authenticate().json["token"]["project"]["id"]
            cloud.call("PUT", f"/network/v2.0/quotas/{project}",
                       {"quota": {"network": -1}}, token=token)
            for n in range(options.networks):
                reply = cloud.call("POST", "/network/v2.0/networks",
                                   {"network": {"name": f"bench-net-{n:04d}"}}, token=token)
                if reply.status >= 400:
                    raise RuntimeError(f"network create: {reply.status} {reply.body[:200]!r}")
            env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
            env.update(cloud.env)
            env["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")
            env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            ostack = [sys.executable, "-m", "ostack.cli.app"]
            subprocess.run([*ostack, "network", "list"], env=env, check=True,
                           stdout=subprocess.DEVNULL)
            results = []
            for label, words in _cases("bench-net-00"):
                argv = [*ostack, "complete", "--cword", str(len(words)), "--", "ostack", *words]
                out = subprocess.run(argv, env=env, check=True, capture_output=True, text=True)
                found = len(out.stdout.split())  # also the warm-up (spec cache, bytecode)
                before = cloud.requests()
                times = [_time(argv, env) for _ in range(options.runs)]
                requests = cloud.requests() - before
                reference = [_time([sys.executable, "-c", "pass"], env)
                             for _ in range(options.runs)]
                results.append({"case": label, "median": statistics.median(times),
                                "max": max(times), "candidates": found, "requests": requests,
                                "python": statistics.median(reference)})
        finally:
            cloud.stop()
    if options.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"{options.networks} networks in the name cache, median of {options.runs} runs\n")
    print("| completion | median | max | `python -c pass` | candidates | HTTP requests |")
    print("|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['case']} | {r['median'] * 1000:.0f} ms | {r['max'] * 1000:.0f} ms | "
              f"{r['python'] * 1000:.0f} ms | {r['candidates']} | {r['requests']} |")
    over = [r["case"] for r in results if r["median"] > BUDGET]
    print(f"\nbudget {BUDGET * 1000:.0f} ms: " + ("met" if not over else f"exceeded by {over}"))
    return 0 if not over else 1


if __name__ == "__main__":
    sys.exit(main())
