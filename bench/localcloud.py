"""How fast the local cloud starts and answers.

    .venv/bin/python bench/localcloud.py [--starts 5] [--servers 100] [--requests 200]
                                          [--clients 16] [--seconds 5] [--json]

Measures, on 127.0.0.1 in temporary state folders:

* start: the time from running `ostack localcloud start --state-dir <fresh folder>` (the CLI
  command, as a user types it) to the first answered OpenStack request (`GET /identity/v3`,
  polled every 5 ms beside the command); the median of `--starts` fresh folders, and of as many
  restarts on an existing folder;
* latency: the median (and 90th percentile) of token validation (`GET /identity/v3/auth/tokens`
  with `X-Subject-Token`) and of `GET /compute/v2.1/servers/detail` listing `--servers`
  servers, on one kept-alive connection;
* throughput: requests per second from `--clients` threads, each with its own kept-alive
  connection, for `--seconds` seconds, on `servers/detail?limit=10` and on token validation;
* memory: the server's resident set (VmRSS) after the load, and its peak (VmHWM).

The admin project's instance quota is raised through the API (`PUT os-quota-sets`) before the
servers are created.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.support.localcloud import LocalCloud, Reply, start_localcloud  # noqa: E402

OSTACK = str(Path(sys.executable).parent / "ostack")
MV = {"OpenStack-API-Version": "compute 2.96"}


# --------------------------------------------------------------------------------------------
# Start time
def _answers(url: str) -> bool:
    host, port = url.removeprefix("http://").rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=0.5)
    try:
        connection.request("GET", "/identity/v3")
        response = connection.getresponse()
        response.read()
        return response.status == 200
    except OSError:
        return False
    finally:
        connection.close()


def time_start(folder: Path, env: dict[str, str]) -> dict[str, float]:
    """Run `ostack localcloud start` on `folder`; the seconds to the first answer, and the
    command's own wall time. Stops the cloud afterwards."""
    run_file = folder / "run.json"
    started = time.perf_counter()
    command = subprocess.Popen([OSTACK, "localcloud", "start", "--state-dir", str(folder)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    first_answer = None
    try:
        while first_answer is None:
            try:
                run = json.loads(run_file.read_text())
            except (OSError, ValueError):
                run = None
            if run and _answers(run["url"]):
                first_answer = time.perf_counter() - started
                break
            if command.poll() not in (None, 0):
                raise RuntimeError(f"ostack localcloud start failed: {command.stderr.read()!r}")
            if time.perf_counter() - started > 30:
                raise RuntimeError("the local cloud did not answer within 30 s")
            time.sleep(0.005)
        command.wait(timeout=30)
        command_time = time.perf_counter() - started
    finally:
        subprocess.run([OSTACK, "localcloud", "stop", "--state-dir", str(folder)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                       timeout=30)
    return {"first_answer": first_answer, "command": command_time}


def measure_starts(tmp: Path, starts: int) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    fresh = [time_start(tmp / f"fresh-{n}", env) for n in range(starts)]
    again = [time_start(tmp / "fresh-0", env) for _ in range(starts)]
    return {
        "fresh_first_answer": statistics.median(r["first_answer"] for r in fresh),
        "fresh_command": statistics.median(r["command"] for r in fresh),
        "restart_first_answer": statistics.median(r["first_answer"] for r in again),
        "runs": {"fresh": fresh, "restart": again},
    }


# --------------------------------------------------------------------------------------------
# A cloud with servers
def _ok(reply: Reply) -> Any:
    if reply.status >= 400:
        raise RuntimeError(f"local cloud answered {reply.status}: {reply.body[:500]!r}")
    return reply.json


def populate(cloud: LocalCloud, servers: int) -> dict[str, str]:
    """Raise the admin project's quotas, boot `servers` servers and wait for them; tokens."""
    issued = cloud.authenticate("admin")
    token = issued.header("x-subject-token")
    project_id = issued.json["token"]["project"]["id"]
    demo = cloud.token("demo")
    _ok(cloud.call("PUT", f"/compute/v2.1/os-quota-sets/{project_id}", {"quota_set": {
        "instances": servers + 10, "cores": 4 * (servers + 10),
        "ram": 4096 * (servers + 10)}}, token=token))
    images = _ok(cloud.call("GET", "/image/v2/images", token=token))["images"]
    image = next((i for i in images if i["name"].startswith("cirros")), images[0])
    for n in range(servers):
        _ok(cloud.call("POST", "/compute/v2.1/servers", {"server": {
            "name": f"bench-{n:03d}", "imageRef": image["id"], "flavorRef": "1",
            "networks": "none"}}, token=token, headers=MV))

    def all_active() -> bool:
        listed = _ok(cloud.call("GET", "/compute/v2.1/servers/detail", token=token))
        return sum(s["status"] == "ACTIVE" for s in listed["servers"]) >= servers

    cloud.wait_for(all_active, timeout=120, interval=0.2)
    return {"admin": token, "demo": demo}


# --------------------------------------------------------------------------------------------
# Latency and throughput
def _connection(cloud: LocalCloud) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", cloud.port, timeout=30)


def _get(connection: http.client.HTTPConnection, path: str,
         headers: dict[str, str]) -> tuple[int, int]:
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    return response.status, len(body)


def latency(cloud: LocalCloud, path: str, headers: dict[str, str], count: int) -> dict:
    """Median and p90 of `count` GETs on one kept-alive connection (after 5 warm-ups)."""
    connection = _connection(cloud)
    times = []
    size = 0
    try:
        for n in range(count + 5):
            started = time.perf_counter()
            status, size = _get(connection, path, headers)
            elapsed = time.perf_counter() - started
            if status != 200:
                raise RuntimeError(f"GET {path} answered {status}")
            if n >= 5:
                times.append(elapsed)
    finally:
        connection.close()
    times.sort()
    return {"median_ms": statistics.median(times) * 1000,
            "p90_ms": times[int(len(times) * 0.9)] * 1000, "requests": count,
            "body_bytes": size}


def throughput(cloud: LocalCloud, path: str, headers: dict[str, str], clients: int,
               seconds: float) -> dict:
    """Requests per second from `clients` threads, each on its own kept-alive connection."""
    ready = threading.Barrier(clients + 1)
    stop = threading.Event()
    counts = [0] * clients
    times: list[list[float]] = [[] for _ in range(clients)]
    errors: list[str] = []

    def work(index: int) -> None:
        connection = _connection(cloud)
        try:
            _get(connection, path, headers)
            ready.wait()
            while not stop.is_set():
                started = time.perf_counter()
                status, _ = _get(connection, path, headers)
                times[index].append(time.perf_counter() - started)
                if status != 200:
                    errors.append(str(status))
                counts[index] += 1
        except Exception as exc:  # noqa: BLE001 - reported
            errors.append(repr(exc))
            if not ready.broken:
                ready.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    ready.wait()
    started = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    elapsed = time.perf_counter() - started
    every = sorted(t for per in times for t in per)
    return {"requests_per_second": sum(counts) / elapsed, "requests": sum(counts),
            "clients": clients, "seconds": elapsed, "errors": len(errors),
            "median_ms": statistics.median(every) * 1000 if every else None,
            "p99_ms": every[int(len(every) * 0.99)] * 1000 if every else None}


def memory(pid: int) -> dict[str, float | None]:
    """The server's VmRSS and VmHWM in MiB (Linux /proc)."""
    out: dict[str, float | None] = {"rss_mib": None, "peak_rss_mib": None}
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return out
    for line in status.splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            mib = int(value.split()[0]) / 1024
            out["rss_mib" if key == "VmRSS" else "peak_rss_mib"] = mib
    return out


# --------------------------------------------------------------------------------------------
# Report
def markdown(report: dict) -> str:
    start, lat, load, mem = (report["start"], report["latency"], report["throughput"],
                             report["memory"])
    lines = [
        f"Python {report['python']} on {report['cpus']} CPUs; {report['servers']} servers; "
        f"{load['servers_detail']['clients']} clients for "
        f"{load['servers_detail']['seconds']:.0f} s.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| `ostack localcloud start` to the first answer, fresh state folder (median of "
        f"{len(start['runs']['fresh'])}) | {start['fresh_first_answer']:.3f} s |",
        f"| the same, the start command's own wall time | {start['fresh_command']:.3f} s |",
        f"| `ostack localcloud start` to the first answer, existing state folder | "
        f"{start['restart_first_answer']:.3f} s |",
        f"| token validation (`GET /identity/v3/auth/tokens`), median / p90 | "
        f"{lat['token_validation']['median_ms']:.2f} ms / "
        f"{lat['token_validation']['p90_ms']:.2f} ms |",
        f"| `GET servers/detail` with {report['servers']} servers (2.96), median / p90 | "
        f"{lat['servers_detail']['median_ms']:.2f} ms / "
        f"{lat['servers_detail']['p90_ms']:.2f} ms |",
        f"| `GET servers/detail?limit=10`, {load['servers_detail']['clients']} clients | "
        f"{load['servers_detail']['requests_per_second']:.0f} requests/s "
        f"(median {load['servers_detail']['median_ms']:.1f} ms, "
        f"p99 {load['servers_detail']['p99_ms']:.1f} ms) |",
        f"| token validation, {load['token_validation']['clients']} clients | "
        f"{load['token_validation']['requests_per_second']:.0f} requests/s "
        f"(median {load['token_validation']['median_ms']:.1f} ms, "
        f"p99 {load['token_validation']['p99_ms']:.1f} ms) |",
        f"| server memory after the load: RSS / peak RSS | {mem['rss_mib']:.0f} MiB / "
        f"{mem['peak_rss_mib']:.0f} MiB |",
    ]
    errors = load["servers_detail"]["errors"] + load["token_validation"]["errors"]
    if errors:
        lines.append(f"\n{errors} requests failed under load.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--starts", type=int, default=5, help="fresh starts to time")
    parser.add_argument("--servers", type=int, default=100, help="servers to list")
    parser.add_argument("--requests", type=int, default=200, help="requests per latency")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients")
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds of load each")
    parser.add_argument("--json", action="store_true", help="print JSON instead of markdown")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="ostack-bench-localcloud-") as tmp:
        tmp_path = Path(tmp)
        start = measure_starts(tmp_path / "starts", max(1, args.starts))
        cloud = start_localcloud(tmp_path / "state", cache_dir=tmp_path / "cache",
                                 build_delay=0.05, delete_delay=0.05, task_delay=0.05)
        try:
            tokens = populate(cloud, args.servers)
            validate = {"X-Auth-Token": tokens["admin"], "X-Subject-Token": tokens["demo"]}
            detail = {"X-Auth-Token": tokens["admin"], **MV}
            lat = {
                "token_validation": latency(cloud, "/identity/v3/auth/tokens", validate,
                                            args.requests),
                "servers_detail": latency(cloud, "/compute/v2.1/servers/detail", detail,
                                          max(20, args.requests // 4)),
            }
            load = {
                "servers_detail": throughput(cloud, "/compute/v2.1/servers/detail?limit=10",
                                             detail, args.clients, args.seconds),
                "token_validation": throughput(cloud, "/identity/v3/auth/tokens", validate,
                                               args.clients, args.seconds),
            }
            mem = memory(cloud.pid)
        finally:
            cloud.stop()
    report = {"python": platform.python_version(), "cpus": os.cpu_count(),
              "servers": args.servers, "start": start, "latency": lat, "throughput": load,
              "memory": mem}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(markdown(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
