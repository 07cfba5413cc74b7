"""Do installed python-openstackclient plugins slow ostack's built-in commands down?

Times a warm `ostack server list` on one local cloud with two ostacks from this checkout:
the main venv's (`.venv`, no plugin) and the plugins venv's (`.cache/venvs/plugins`, built by
`tests/support/plugins.py`: osc-lib, python-octaviaclient, python-designateclient, and with
them python-openstackclient and python-manilaclient, four `openstack.cli.extension` plugins in
all), in wall time and in CPU time (user + system, which other work on a busy machine
inflates far less). Runs alternate between the two; each ostack has an XDG cache folder of
its own (its token cache and entry-point list, warm after the warm-up run), as a user with one
venv has.
It also lists, from `python -X importtime`, any module of the plugin machinery (cliff, osc-lib,
keystoneauth1, stevedore, the plugins) that a built-in command imports: there must be none.

    .venv/bin/python bench/plugins.py [--runs 15] [--servers 3] [--json]
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

from bench.cli_latency import _child_env, create_servers  # noqa: E402
from tests.support.localcloud import start_localcloud  # noqa: E402
from tests.support.plugins import plugins_venv  # noqa: E402

COMMAND = ("server", "list")
MACHINERY = ("cliff", "osc_lib", "keystoneauth1", "stevedore", "octaviaclient",
             "designateclient", "manilaclient", "openstackclient")


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system: what a busy machine's other work does not
    inflate much) and exit code of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, proc.returncode


def plugin_imports(python: Path, env: dict[str, str]) -> list[str]:
    """Top-level modules of the plugin machinery imported by `ostack server list`."""
    done = subprocess.run([str(python), "-X", "importtime", "-m", "ostack.cli.app", *COMMAND],
                          env=env, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    tops = {line.rsplit("|", 1)[-1].strip().split(".")[0]
            for line in done.stderr.splitlines() if line.startswith("import time:")}
    return sorted(tops & set(MACHINERY))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--servers", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    clients = {"without plugins (.venv)": ROOT / ".venv" / "bin",
               "with plugins (.cache/venvs/plugins)": plugins_venv() / "bin"}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        cloud = start_localcloud(base / "state", cache_dir=base / "cloud-cache")
        try:
            create_servers(cloud, args.servers)
            envs = {}
            for n, name in enumerate(clients):
                envs[name] = {**_child_env(dict(os.environ)),
                              "OS_CLIENT_CONFIG_FILE": str(cloud.clouds_yaml),
                              "OS_CLOUD": "local", "XDG_CACHE_HOME": str(base / f"xdg{n}"),
                              "PYTHONPYCACHEPREFIX": str(base / f"pycache{n}")}
            walls: dict[str, list[float]] = {name: [] for name in clients}
            cpus: dict[str, list[float]] = {name: [] for name in clients}
            for name, folder in clients.items():  # warm-up: token, entry points, bytecode
                if run_once([str(folder / "ostack"), *COMMAND], envs[name])[2] != 0:
                    raise RuntimeError(f"{name}: ostack server list failed")
            for _ in range(args.runs):
                for name, folder in clients.items():
                    wall, cpu, _ = run_once([str(folder / "ostack"), *COMMAND], envs[name])
                    walls[name].append(wall)
                    cpus[name].append(cpu)
            imports = {name: plugin_imports(folder / "python", envs[name])
                       for name, folder in clients.items()}
        finally:
            cloud.stop()
    report = {
        "command": "ostack " + " ".join(COMMAND), "runs": args.runs, "servers": args.servers,
        "median_s": {name: statistics.median(w) for name, w in walls.items()},
        "min_s": {name: min(w) for name, w in walls.items()},
        "median_cpu_s": {name: statistics.median(c) for name, c in cpus.items()},
        "plugin_machinery_imported": imports,
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"warm `{report['command']}`, {args.runs} runs each, alternating "
          f"({args.servers} servers)\n")
    print("| ostack | median wall | min wall | median CPU | plugin machinery imported |")
    print("| --- | --- | --- | --- | --- |")
    for name in clients:
        print(f"| {name} | {report['median_s'][name]:.3f} s | {report['min_s'][name]:.3f} s | "
              f"{report['median_cpu_s'][name]:.3f} s | {', '.join(imports[name]) or 'none'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
