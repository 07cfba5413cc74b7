"""Listing thousands of servers or ports: the ostack SDK (sync and async) against openstacksdk
and the plain-HTTP floor, on the same local cloud, in one process tree.

    .venv/bin/python bench/sdk_listing.py [--resource servers|ports] [--count 5000] [--runs 5]
                                          [--json]

Starts a local cloud on 127.0.0.1, makes `--count` resources over plain HTTP (servers in
max_count batches without networks; ports in Neutron bulk creates on a network of their own),
then runs each contender in a child process of its own, alternating them, `--runs` times. A
child imports its libraries first, then times from before authentication to the last resource
listed (authentication, discovery and every page included) and reports that time, its own CPU
time over the same span, the count it saw and its peak RSS. Contenders:

- `floor`: `requests` + `json`: POST a token, read the service URL from the catalog, GET the
  listing (`/servers/detail`, `/v2.0/ports`) and follow its `*_links` (what any client must at
  least do);
- `ostack`: `list(ostack.connect(cache=False).<service>.<resources>())`;
- `ostack-async`: the same through `ostack.aio.connect()`, `async for`;
- `openstacksdk`: `list(openstack.connect().<service>.<resources>())` (4.22.0, from the
  official clients' venv, which also provides `requests` for the floor).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import string
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.support.localcloud import LocalCloud, start_localcloud  # noqa: E402
from tests.support.venvs import OFFICIAL_CLIENTS, ensure_venv  # noqa: E402

# Each child prints one JSON line: {"seconds", "cpu_seconds", "count", "peak_rss_kib"}: the
# wall time, and the child's CPU time over the same span (what the client itself spent, which
# the load of a shared machine disturbs far less than the wall time).
_REPORT = """
import json, resource, sys
print(json.dumps({"seconds": elapsed, "cpu_seconds": cpu, "count": count,
                  "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

CHILDREN = {
    "floor": """
import json, os, time, requests, yaml
cloud = yaml.safe_load(open(os.environ["OS_CLIENT_CONFIG_FILE"]))["clouds"]["local"]["auth"]
start, cpu_start = time.perf_counter(), time.process_time()
http = requests.Session()
body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
    "name": cloud["username"], "domain": {"name": cloud.get("user_domain_name", "Default")},
    "password": cloud["password"]}}}, "scope": {"project": {"name": cloud["project_name"],
    "domain": {"name": cloud.get("project_domain_name", "Default")}}}}}
resp = http.post(cloud["auth_url"].rstrip("/") + "/v3/auth/tokens", json=body)
token = resp.headers["X-Subject-Token"]
catalog = resp.json()["token"]["catalog"]
url = next(e["url"] for s in catalog if s["type"] == "$service" for e in s["endpoints"]
           if e["interface"] == "public") + "$path"
headers = {"X-Auth-Token": token, $headers}
count = 0
while url:
    page = json.loads(http.get(url, headers=headers).content)
    count += len(page["$key"])
    url = next((l["href"] for l in page.get("${key}_links", []) if l["rel"] == "next"), None)
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
""",
    "ostack": """
import time, ostack
import http.client  # the HTTP engine ostack loads lazily (requests loads it for the floor)
import ostack.$module.service, ostack.connection, ostack.transport.session  # libraries first
start, cpu_start = time.perf_counter(), time.process_time()
conn = ostack.connect(cloud="local", cache=False)
count = sum(1 for _ in conn.$module.$key())
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
""",
    "ostack-async": """
import asyncio, time, ostack.aio
async def main():
    conn = ostack.aio.connect(cloud="local", cache=False)
    n = 0
    async for _ in conn.$module.$key():
        n += 1
    await conn.close()
    return n
# Libraries first, as the others import theirs before timing (httpcore loads h11, anyio and its
# asyncio backend on the first request; they are import cost, counted apart).
import anyio._backends._asyncio, h11, httpcore
import ostack.$module.service, ostack.connection, ostack.proxy, ostack.transport.asession
start, cpu_start = time.perf_counter(), time.process_time()
count = asyncio.run(main())
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
""",
    "openstacksdk": """
import time, openstack
start, cpu_start = time.perf_counter(), time.process_time()
conn = openstack.connect(cloud="local")
count = sum(1 for _ in conn.$module.$key())
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
""",
}


def make_ports(cloud: LocalCloud, count: int) -> None:
    """`count` ports on a network of their own (a /16), in Neutron bulk creates, over plain
    HTTP."""
    token = cloud.token()
    reply = cloud.call("GET", "/identity/v3/projects?name=admin", token=token)
    project_id = reply.json["projects"][0]["id"]
    cloud.call("PUT", f"/network/v2.0/quotas/{project_id}", {"quota": {"port": -1}},
               token=token)
    network = cloud.call("POST", "/network/v2.0/networks", {"network": {"name": "bench"}},
                         token=token).json["network"]["id"]
    cloud.call("POST", "/network/v2.0/subnets", {"subnet": {
        "network_id": network, "ip_version": 4, "cidr": "10.80.0.0/16"}}, token=token)
    left = count
    while left > 0:
        batch = min(500, left)
        reply = cloud.call("POST", "/network/v2.0/ports", {"ports": [
            {"network_id": network, "name": f"bench-{left - i}"} for i in range(batch)]},
            token=token, timeout=120)
        if reply.status >= 400:
            raise RuntimeError(f"port create failed: {reply.status} {reply.body[:300]!r}")
        left -= batch


def boot(cloud: LocalCloud, count: int) -> None:
    """`count` servers without networks, in batches of max_count, over plain HTTP."""
    cloud.raise_compute_quotas()
    token = cloud.token()
    images = cloud.call("GET", "/image/v2/images", token=token).json["images"]
    left = count
    while left > 0:
        batch = min(500, left)
        reply = cloud.call("POST", "/compute/v2.1/servers", {"server": {
            "name": "bench", "imageRef": images[0]["id"], "flavorRef": "1",
            "networks": "none", "min_count": batch, "max_count": batch}}, token=token,
            headers={"OpenStack-API-Version": "compute 2.37"}, timeout=120)
        if reply.status >= 400:
            raise RuntimeError(f"boot failed: {reply.status} {reply.body[:300]!r}")
        left -= batch


#: What each listing is: its service (catalog type and SDK proxy), path, key and headers.
RESOURCES = {
    "servers": {"service": "compute", "module": "compute", "path": "/servers/detail",
                "key": "servers", "headers": '"OpenStack-API-Version": "compute 2.96"'},
    "ports": {"service": "network", "module": "network", "path": "/v2.0/ports",
              "key": "ports", "headers": ""},
}


def run_child(python: str, name: str, env: dict[str, str], resource: str) -> dict:
    code = string.Template(CHILDREN[name]).substitute(RESOURCES[resource]) + _REPORT
    done = subprocess.run([python, "-c", code], env=env, capture_output=True, text=True,
                          timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"{name} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--resource", choices=sorted(RESOURCES), default="servers")
    parser.add_argument("--count", "--servers", type=int, default=5000, dest="count")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--skip", action="append", default=[], choices=sorted(CHILDREN),
                        help="leave a contender out (e.g. openstacksdk, which is slow)")
    args = parser.parse_args(argv)
    official = str(ensure_venv("official", OFFICIAL_CLIENTS) / "bin" / "python")
    pythons = {"floor": official, "openstacksdk": official, "ostack": sys.executable,
               "ostack-async": sys.executable}
    names = [n for n in CHILDREN if n not in args.skip]
    results: dict[str, list[dict]] = {n: [] for n in names}
    with tempfile.TemporaryDirectory(prefix="ostack-bench-") as tmp:
        cloud = start_localcloud(Path(tmp) / "state", cache_dir=Path(tmp) / "cache")
        try:
            if args.resource == "ports":
                make_ports(cloud, args.count)
            else:
                boot(cloud, args.count)
                cloud.wait_for(lambda: cloud.call(
                    "GET", "/compute/v2.1/servers?status=BUILD&limit=1",
                    token=cloud.token()).json["servers"] == [], timeout=120)
            env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env.update(cloud.env)
            env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
            for name in names:  # warm-up (and bytecode)
                run_child(pythons[name], name, env, args.resource)
            for _ in range(args.runs):
                for name in names:
                    results[name].append(run_child(pythons[name], name, env, args.resource))
        finally:
            cloud.stop()
    summary = {}
    for name, runs in results.items():
        summary[name] = {
            "median_s": statistics.median(r["seconds"] for r in runs),
            "median_cpu_s": statistics.median(r["cpu_seconds"] for r in runs),
            "count": runs[0]["count"],
            "peak_rss_mib": max(r["peak_rss_kib"] for r in runs) / 1024,
            "runs_s": [r["seconds"] for r in runs],
        }
    if args.json:
        json.dump({args.resource: args.count, "runs": args.runs, "results": summary},
                  sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    floor = summary.get("floor", {}).get("median_s")
    floor_rss = summary.get("floor", {}).get("peak_rss_mib")
    print(f"Listing {args.count} {args.resource}, median of {args.runs} runs; Python "
          f"{platform.python_version()}, {os.cpu_count()} CPUs; load average "
          f"{os.getloadavg()[0]:.1f} at the end.\n")
    print("| client | seconds | / floor | client CPU s | peak RSS MiB | RSS - floor's MiB "
          "| seen |")
    print("|---|---|---|---|---|---|---|")
    for name, row in summary.items():
        ratio = f"{row['median_s'] / floor:.2f}x" if floor else "n/a"
        extra = f"{row['peak_rss_mib'] - floor_rss:+.1f}" if floor_rss else "n/a"
        print(f"| {name} | {row['median_s']:.3f} | {ratio} | {row['median_cpu_s']:.3f} | "
              f"{row['peak_rss_mib']:.1f} | {extra} | {row['count']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
