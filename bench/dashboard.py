"""The dashboard's instances page with many servers, against the SDK's own listing (the floor).

Starts a local cloud (instant builds), boots `--servers` servers in the admin project in one
multi-create request, serves `ostack dashboard` against it, logs in, and times
`GET /project/instances`: the time to the first byte (status line and headers read) and to the
complete page, median of `--runs` after one warm-up. The floor is the async SDK listing the
same servers (`[s async for s in conn.compute.servers()]`, a warm connection), timed the same
way. The target is a complete page within 1.5x the floor.

    .venv/bin/python bench/dashboard.py [--servers 500] [--runs 9] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.support.localcloud import LocalCloud, start_localcloud  # noqa: E402


def boot(cloud: LocalCloud, count: int) -> None:
    """`count` servers in one request (min_count), no network; wait until all are ACTIVE."""
    cloud.raise_compute_quotas("admin")
    token = cloud.token()
    image = cloud.call("GET", "/image/v2/images?name=cirros-0.6.2-x86_64-disk",
                       token=token).json["images"][0]["id"]
    reply = cloud.call("POST", "/compute/v2.1/servers", {"server": {
        "name": "bench", "imageRef": image, "flavorRef": "1", "networks": "none",
        "min_count": count, "max_count": count}}, token=token,
        headers={"OpenStack-API-Version": "compute 2.37"}, timeout=120)
    assert reply.status == 202, (reply.status, reply.body[:300])

    def all_active() -> bool:
        found = cloud.call("GET", "/compute/v2.1/servers?status=ACTIVE&limit=1000",
                           token=token, timeout=60).json["servers"]
        return len(found) >= count

    cloud.wait_for(all_active, timeout=120, interval=0.5)


def start_dashboard(cloud: LocalCloud) -> tuple[object, str]:
    import subprocess

    process = subprocess.Popen(
        [sys.executable, "-m", "ostack.cli.app", "dashboard", "--port", "0", "--cloud", "local"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
        env=cloud.environ())
    line = process.stdout.readline().decode()  # type: ignore[union-attr]
    if "http://" not in line:
        process.kill()
        raise RuntimeError(f"ostack dashboard printed no URL: {line!r}")
    return process, line[line.index("http://"):].split()[0].rstrip("/")


def login(url: str) -> str:
    """The session cookie of a login with the local cloud's own credentials."""
    import re

    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.request("GET", "/login")  # the form's pre-session CSRF token, and its cookie
    reply = conn.getresponse()
    token = re.search(r'name="csrf_token" value="([^"]+)"', reply.read().decode()).group(1)
    csrf_cookie = (reply.getheader("set-cookie") or "").split(";", 1)[0]
    conn.request("POST", "/login", body=urlencode({"cloud": "local", "csrf_token": token}),
                 headers={"Content-Type": "application/x-www-form-urlencoded",
                          "Cookie": csrf_cookie})
    reply = conn.getresponse()
    reply.read()
    cookie = reply.getheader("set-cookie") or ""
    assert reply.status == 303 and cookie, (reply.status, cookie)
    conn.close()
    return cookie.split(";", 1)[0]


def time_page(url: str, cookie: str, path: str) -> tuple[float, float, int]:
    """(seconds to the first byte, seconds to the whole page, bytes), one fresh connection."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    conn.connect()
    start = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": cookie})
    reply = conn.getresponse()
    first = time.perf_counter() - start
    body = reply.read()
    whole = time.perf_counter() - start
    conn.close()
    assert reply.status == 200, reply.status
    return first, whole, len(body)


async def floor(cloud: LocalCloud, runs: int) -> tuple[list[float], int, int]:
    """The async SDK's listing of the same servers (warm connection), timed `runs` times;
    and the requests the cloud counted for one listing."""
    import ostack.aio

    times: list[float] = []
    count = 0
    async with ostack.aio.connect(cloud="local", env=cloud.environ(), cache=False) as conn:
        count = len([s async for s in conn.compute.servers()])  # warm-up: token, discovery
        for _ in range(runs):
            before = cloud.requests()
            start = time.perf_counter()
            count = len([s async for s in conn.compute.servers()])
            times.append(time.perf_counter() - start)
            requests = cloud.requests() - before
    return times, count, requests


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", type=int, default=500)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ostack-bench-dashboard-") as tmp:
        cloud = start_localcloud(Path(tmp) / "state", cache_dir=Path(tmp) / "cache",
                                 build_delay=0, delete_delay=0, task_delay=0)
        process = None
        try:
            boot(cloud, args.servers)
            process, url = start_dashboard(cloud)
            cookie = login(url)
            # the first page also reads the image list (concurrently): the session's image
            # names, reused for IMAGE_NAMES_TTL (60 s)
            before = cloud.requests()
            _, cold, _ = time_page(url, cookie, "/project/instances")
            cold_requests = cloud.requests() - before
            firsts, wholes, sdk = [], [], []
            size = 0
            for _ in range(args.runs):  # alternate, so a changing load skews neither
                before = cloud.requests()
                first, whole, size = time_page(url, cookie, "/project/instances")
                page_requests = cloud.requests() - before
                firsts.append(first)
                wholes.append(whole)
                sdk_times, count, sdk_requests = asyncio.run(floor(cloud, 1))
                sdk.extend(sdk_times)
        finally:
            if process is not None:
                process.terminate()  # type: ignore[attr-defined]
                process.wait(timeout=10)  # type: ignore[attr-defined]
            cloud.stop()
    result = {
        "servers": count, "runs": args.runs, "page_bytes": size,
        "sdk_listing_s": statistics.median(sdk), "ttfb_s": statistics.median(firsts),
        "page_s": statistics.median(wholes), "first_page_s": cold,
        "requests": {"sdk_listing": sdk_requests, "page": page_requests,
                     "first_page": cold_requests},
    }
    result["page_vs_sdk"] = result["page_s"] / result["sdk_listing_s"]
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{count} servers, median of {args.runs} runs, page {size} bytes")
        print(f"  SDK async listing (floor)     {result['sdk_listing_s'] * 1000:8.1f} ms")
        print(f"  dashboard time to first byte  {result['ttfb_s'] * 1000:8.1f} ms")
        print(f"  dashboard complete page       {result['page_s'] * 1000:8.1f} ms"
              f"   ({result['page_vs_sdk']:.2f}x the floor)")
        print(f"  dashboard first page (cold)   {cold * 1000:8.1f} ms   (image list read too)")
        print(f"  requests to the cloud: SDK listing {sdk_requests}, page {page_requests}, "
              f"first page {cold_requests}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
