"""Moving object data: a 1 GiB object, 2,000 small objects and a 10,000-object listing, through
the ostack CLI and SDK (sync and async), the official client (`openstack`, openstacksdk) and
the plain-HTTP floor, on the same local cloud, in one process tree.

    .venv/bin/python bench/object_transfer.py [--size-mib 1024] [--count 2000]
        [--small-kib 4] [--list-count 10000] [--runs 1] [--concurrency 16]
        [--cli-sample 20] [--skip VARIANT] [--only-op OP] [--json]

Starts a local cloud on 127.0.0.1 in a temporary folder, writes a `--size-mib` file and
`--count` files of `--small-kib` each there, and fills a container with `--list-count`
objects over plain HTTP (outside any timing). Then each variant runs each operation in a child
process of its own, operation by operation (every variant's upload, then every variant's
download ...), `--runs` times; the best time of the runs is kept, and the peak RSS of the
child doing it is read from `wait4()` (the kernel's maximum resident set of that process).

Operations: `upload-big`, `download-big` (to a file), `upload-small` (each file to an object
of its name), `list-small` (the container of those objects), `download-small` (each object to
a file), `list-many` (the `--list-count` container). A variant uploads into a container of its
own and downloads what it uploaded; every upload and download is checked (size, count) after
it. Variants:

- `floor`: the Python standard library only: `http.client` on one keep-alive connection, the
  token from a POST to Keystone, the big file sent by `socket.sendfile()` after the headers,
  downloads read into a 1 MiB buffer and written out, listings paged by `marker` with
  `limit=10000` and `json.loads` (no client library does less);
- `floor-process`: the same script timed as a whole process, as the CLIs are (interpreter
  start, imports and all): the `/ floor` column of a CLI row compares with it;
- `ostack`: `ostack.connect(cache=False).object_store` (`create_object(filename=...)`,
  `get_object(outfile=...)`, `objects()`);
- `ostack-async`: the same through `ostack.aio.connect()`; the small objects `--concurrency`
  at a time;
- `ostack-cli`: `ostack object create|save|list` (one process per command; `object create`
  takes all the small files at once, `object save` one object per call);
- `openstacksdk`: `openstack.connect().object_store` (4.22.0, in the official clients' venv),
  `get_object(..., resp_chunk_size=1 MiB)`;
- `openstack-cli`: `openstack object create|save|list` (python-openstackclient 10.5.0).

SDK and floor children time themselves from before authentication to the end of the operation
(their imports come first, not timed); a CLI is timed as the whole process. `object save` takes
one object per call, so a CLI's `download-small` is timed on `--cli-sample` objects and scaled
to `--count` (marked `~`).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.support.localcloud import LocalCloud, start_localcloud  # noqa: E402
from tests.support.venvs import OFFICIAL_CLIENTS, ensure_venv  # noqa: E402

OPS = ("upload-big", "download-big", "upload-small", "list-small", "download-small",
       "list-many")

# Every script child reads its task from the environment: BENCH_OP, BENCH_CONTAINER, BENCH_BIG
# (the big file), BENCH_SMALL (the folder of small files), BENCH_OUT (where downloads go),
# BENCH_CONCURRENCY; and prints one JSON line {"seconds", "count", "rss_kib"}: its peak RSS is
# its own VmHWM (the kernel's figure from wait4() would include the bench's memory, which a
# child inherits as its starting maximum).
_TASK = """
import json, os, sys, time
op, container = os.environ["BENCH_OP"], os.environ["BENCH_CONTAINER"]
big, small, out = os.environ["BENCH_BIG"], os.environ["BENCH_SMALL"], os.environ["BENCH_OUT"]
names = sorted(os.listdir(small))
"""
_REPORT = """
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({"seconds": elapsed, "cpu": cpu, "count": count, "rss_kib": peak}))
"""

SCRIPTS = {
    "floor": """
import http.client, urllib.parse, yaml
cloud = yaml.safe_load(open(os.environ["OS_CLIENT_CONFIG_FILE"]))["clouds"]["local"]["auth"]
start, cpu_start = time.perf_counter(), time.process_time()
auth = urllib.parse.urlsplit(cloud["auth_url"])
conn = http.client.HTTPConnection(auth.hostname, auth.port)
body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
    "name": cloud["username"], "domain": {"name": cloud.get("user_domain_name", "Default")},
    "password": cloud["password"]}}}, "scope": {"project": {"name": cloud["project_name"],
    "domain": {"name": cloud.get("project_domain_name", "Default")}}}}}
conn.request("POST", auth.path.rstrip("/") + "/v3/auth/tokens", json.dumps(body),
             {"Content-Type": "application/json"})
resp = conn.getresponse()
token, catalog = resp.getheader("X-Subject-Token"), json.loads(resp.read())["token"]["catalog"]
url = urllib.parse.urlsplit(next(e["url"] for s in catalog if s["type"] == "object-store"
                                 for e in s["endpoints"] if e["interface"] == "public"))
if (url.hostname, url.port) != (auth.hostname, auth.port):
    conn.close()
    conn = http.client.HTTPConnection(url.hostname, url.port)
base = url.path.rstrip("/") + "/" + urllib.parse.quote(container)
headers = {"X-Auth-Token": token}

def answer(expect):
    resp = conn.getresponse()
    data = resp.read()
    if resp.status not in expect:
        raise SystemExit(f"{resp.status} {data[:200]!r}")
    return data

def fetch(name, path):
    conn.request("GET", base + "/" + urllib.parse.quote(name), headers=headers)
    resp = conn.getresponse()
    if resp.status != 200:
        raise SystemExit(f"GET {name}: {resp.status}")
    buf = bytearray(1 << 20)
    view = memoryview(buf)
    with open(path, "wb") as handle:
        while n := resp.readinto(buf):
            handle.write(view[:n])

count = 0
if op == "upload-big":
    conn.putrequest("PUT", base + "/big", skip_accept_encoding=True)
    conn.putheader("X-Auth-Token", token)
    conn.putheader("Content-Length", str(os.path.getsize(big)))
    conn.endheaders()
    with open(big, "rb") as handle:
        conn.sock.sendfile(handle)
    answer((201,))
    count = 1
elif op == "download-big":
    fetch("big", out)
    count = 1
elif op == "upload-small":
    for name in names:
        with open(os.path.join(small, name), "rb") as handle:
            data = handle.read()
        conn.request("PUT", base + "/" + urllib.parse.quote(name), data, headers)
        answer((201,))
        count += 1
elif op == "download-small":
    for name in names:
        fetch(name, os.path.join(out, name))
        count += 1
else:
    marker = ""
    while True:
        query = "?format=json&limit=10000" + ("&marker=" + urllib.parse.quote(marker)
                                              if marker else "")
        conn.request("GET", base + query, headers=headers)
        page = json.loads(answer((200, 204)) or b"[]")
        count += len(page)
        if len(page) < 10000:
            break
        marker = page[-1]["name"]
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
""",
    "ostack": """
import ostack, http.client
import ostack.connection, ostack.object_store.service, ostack.transport.session
start, cpu_start = time.perf_counter(), time.process_time()
store = ostack.connect(cloud="local", cache=False).object_store
count = 0
if op == "upload-big":
    store.create_object(container, "big", filename=big)
    count = 1
elif op == "download-big":
    store.get_object("big", container, outfile=out)
    count = 1
elif op == "upload-small":
    for name in names:
        store.create_object(container, name, filename=os.path.join(small, name))
        count += 1
elif op == "download-small":
    for name in names:
        store.get_object(name, container, outfile=os.path.join(out, name))
        count += 1
else:
    count = sum(1 for _ in store.objects(container))
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
""",
    "ostack-async": """
import asyncio, ostack.aio
import anyio._backends._asyncio, h11, httpcore
import ostack.connection, ostack.object_store.service, ostack.proxy, ostack.transport.asession
limit = int(os.environ["BENCH_CONCURRENCY"])

async def main():
    conn = ostack.aio.connect(cloud="local", cache=False)
    store = conn.object_store
    gate = asyncio.Semaphore(limit)

    async def bounded(call, *args, **kwargs):
        async with gate:
            await call(*args, **kwargs)
    try:
        if op == "upload-big":
            await store.create_object(container, "big", filename=big)
            return 1
        if op == "download-big":
            await store.get_object("big", container, outfile=out)
            return 1
        if op == "upload-small":
            await asyncio.gather(*(bounded(store.create_object, container, name,
                                           filename=os.path.join(small, name))
                                   for name in names))
            return len(names)
        if op == "download-small":
            await asyncio.gather(*(bounded(store.get_object, name, container,
                                           outfile=os.path.join(out, name))
                                   for name in names))
            return len(names)
        n = 0
        async for _ in store.objects(container):
            n += 1
        return n
    finally:
        await conn.close()

start, cpu_start = time.perf_counter(), time.process_time()
count = asyncio.run(main())
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
""",
    "openstacksdk": """
import openstack
start, cpu_start = time.perf_counter(), time.process_time()
store = openstack.connect(cloud="local").object_store
count = 0
if op == "upload-big":
    store.create_object(container, "big", filename=big)
    count = 1
elif op == "download-big":
    store.get_object("big", container, outfile=out, resp_chunk_size=1 << 20)
    count = 1
elif op == "upload-small":
    for name in names:
        store.create_object(container, name, filename=os.path.join(small, name))
        count += 1
elif op == "download-small":
    for name in names:
        store.get_object(name, container, outfile=os.path.join(out, name),
                         resp_chunk_size=1 << 20)
        count += 1
else:
    count = sum(1 for _ in store.objects(container))
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
""",
}
CLIS = {"ostack-cli": "ostack", "openstack-cli": "openstack"}
VARIANTS = ("floor", "floor-process", "ostack", "ostack-async", "ostack-cli", "openstacksdk",
            "openstack-cli")
# The floor script timed as a whole process (interpreter start, imports, token, operation), the
# like-for-like floor of a CLI, which is timed the same way.
WHOLE_PROCESS = {"floor-process": "floor"}


def spawn(command: list[str], env: dict[str, str], cwd: Path, timeout: float = 1800
          ) -> tuple[float, float | None, float | None, str]:
    """Run `command`; its wall time, its peak RSS in MiB, its CPU seconds and its stdout.

    The peak RSS comes from GNU time when there is one (a child spawned by the bench itself
    would start with the bench's own maximum): None without it."""
    gnu_time = shutil.which("time", path="/usr/bin:/bin")
    with tempfile.TemporaryDirectory() as folder:
        rss_file = Path(folder) / "rss"
        argv = [gnu_time, "-q", "-f", "%M %U %S", "-o", str(rss_file), *command] if gnu_time \
            else command
        start = time.perf_counter()
        done = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, timeout=timeout)
        wall = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(f"{command[:5]} failed ({done.returncode}):\n"
                               f"{done.stderr.decode(errors='replace')[-2000:]}")
        rss = cpu = None
        if gnu_time:
            peak, user, system = rss_file.read_text().split()[-3:]
            rss, cpu = int(peak) / 1024, float(user) + float(system)
    return wall, rss, cpu, done.stdout.decode(errors="replace")


class Bench:
    """The cloud, the files and the way to run each variant's operation."""

    def __init__(self, args: argparse.Namespace, tmp: Path, cloud: LocalCloud) -> None:
        self.args, self.tmp, self.cloud = args, tmp, cloud
        official = ensure_venv("official", OFFICIAL_CLIENTS) / "bin"
        self.pythons = {"floor": sys.executable, "ostack": sys.executable,
                        "ostack-async": sys.executable, "openstacksdk": str(official / "python")}
        self.clis = {"ostack-cli": str(Path(sys.executable).parent / "ostack"),
                     "openstack-cli": str(official / "openstack")}
        self.big = tmp / "big.bin"
        self.small = tmp / "small"
        self.out = tmp / "out"
        self.env = cloud.environ(PYTHONPYCACHEPREFIX=str(tmp / "pycache"))
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.token = cloud.token()
        catalog = cloud.authenticate().json["token"]["catalog"]
        self.base = urllib.parse.urlsplit(next(
            e["url"] for s in catalog if s["type"] == "object-store"
            for e in s["endpoints"] if e["interface"] == "public")).path.rstrip("/")

    # -- data -------------------------------------------------------------------------------
    def make_files(self) -> None:
        block = os.urandom(16 << 20)
        left = self.args.size_mib << 20
        with open(self.big, "wb") as handle:
            while left > 0:
                handle.write(block[:left])
                left -= len(block)
        self.small.mkdir()
        self.out.mkdir()
        size = self.args.small_kib * 1024
        for i in range(self.args.count):
            (self.small / f"obj-{i:05d}").write_bytes(os.urandom(size))

    def swift(self, method: str, path: str, body: bytes | None = None) -> int:
        return self.cloud.call(method, self.base + path, body, token=self.token,
                               timeout=600).status

    def fill_listing(self, container: str) -> None:
        """`--list-count` empty objects over 8 keep-alive connections."""
        self.swift("PUT", f"/{container}")
        port = self.cloud.port
        names = [f"item-{i:06d}" for i in range(self.args.list_count)]

        def put(chunk: list[str]) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port)
            for name in chunk:
                conn.request("PUT", f"{self.base}/{container}/{name}", b"",
                             {"X-Auth-Token": self.token})
                resp = conn.getresponse()
                resp.read()
                if resp.status != 201:
                    raise RuntimeError(f"PUT {name}: {resp.status}")
            conn.close()

        with ThreadPoolExecutor(8) as pool:
            list(pool.map(put, [names[i::8] for i in range(8)]))

    # -- one measurement ----------------------------------------------------------------------
    def command(self, variant: str, op: str, container: str) -> tuple[list[str], Path, int]:
        """The command line of a variant's operation, its working folder and how many
        objects it moves (a CLI's download-small: `--cli-sample` of them)."""
        script = WHOLE_PROCESS.get(variant, variant)
        if script in SCRIPTS:
            code = _TASK + SCRIPTS[script] + _REPORT
            return [self.pythons[script], "-c", code], self.tmp, 0
        cli = self.clis[variant]
        if op == "upload-big":
            return [cli, "object", "create", container, str(self.big), "--name", "big",
                    "-f", "value"], self.tmp, 1
        if op == "download-big":
            return [cli, "object", "save", container, "big", "--file",
                    str(self.tmp / "out.bin")], self.tmp, 1
        if op == "upload-small":
            names = sorted(os.listdir(self.small))
            return [cli, "object", "create", container, *names, "-f", "value"], \
                self.small, len(names)
        return [cli, "object", "list", container, "--all", "-f", "value"], self.tmp, 0

    def run(self, variant: str, op: str) -> dict:
        container = "list-many" if op == "list-many" else f"bench-{variant}"
        out = self.out if op == "download-small" else self.tmp / "out.bin"
        env = {**self.env, "BENCH_OP": op, "BENCH_CONTAINER": container,
               "BENCH_BIG": str(self.big), "BENCH_SMALL": str(self.small),
               "BENCH_OUT": str(out), "BENCH_CONCURRENCY": str(self.args.concurrency)}
        if variant in CLIS and op == "download-small":
            return self.cli_downloads(variant, container, env)
        command, cwd, moved = self.command(variant, op, container)
        wall, rss, cpu, text = spawn(command, env, cwd)
        if variant in SCRIPTS or variant in WHOLE_PROCESS:
            report = json.loads(text.strip().splitlines()[-1])
            seconds, count = report["seconds"], report["count"]
            rss, cpu = report["rss_kib"] / 1024, report["cpu"]
            if variant in WHOLE_PROCESS:
                seconds = wall
        else:
            seconds = wall
            count = moved or sum(1 for line in text.splitlines() if line.strip())
        self.check(op, container, count)
        return {"seconds": seconds, "cpu": cpu, "rss_mib": rss, "count": count,
                "scaled": False}

    def cli_downloads(self, variant: str, container: str, env: dict[str, str]) -> dict:
        names = sorted(os.listdir(self.small))[:self.args.cli_sample]
        total, rss, cpu = 0.0, None, None
        for name in names:
            wall, peak, used, _ = spawn([self.clis[variant], "object", "save", container, name,
                                   "--file", str(self.out / name)], env, self.tmp)
            total = total + wall
            cpu = used if cpu is None or used is None else cpu + used
            rss = peak if rss is None or peak is None else max(rss, peak)
        self.check("download-small", container, len(names))
        scale = self.args.count / max(len(names), 1)
        return {"seconds": total * scale, "cpu": None if cpu is None else cpu * scale,
                "rss_mib": rss, "count": len(names), "scaled": len(names) < self.args.count}

    def check(self, op: str, container: str, count: int) -> None:
        """The operation did what it says; downloads are removed afterwards."""
        size = self.args.size_mib << 20
        if op == "upload-big":
            reply = self.cloud.call("HEAD", f"{self.base}/{container}/big", token=self.token)
            if int(reply.header("content-length") or -1) != size:
                raise RuntimeError(f"{container}/big: {reply.status} "
                                   f"{reply.header('content-length')} bytes")
        elif op == "download-big":
            got = (self.tmp / "out.bin").stat().st_size
            (self.tmp / "out.bin").unlink()
            if got != size:
                raise RuntimeError(f"downloaded {got} bytes of {size}")
        elif op == "download-small":
            files = list(self.out.iterdir())
            if len(files) != count or any(f.stat().st_size != self.args.small_kib * 1024
                                          for f in files):
                raise RuntimeError(f"{len(files)} small files downloaded, {count} expected")
            for item in files:
                item.unlink()
        else:
            expected = {"upload-small": self.args.count, "list-small": self.args.count,
                        "list-many": self.args.list_count}.get(op)
            if expected is not None and count != expected:
                raise RuntimeError(f"{op} on {container}: {count} objects, {expected} expected")


def table(args: argparse.Namespace, best: dict, ops: list[str], variants: list[str]) -> str:
    sizes = {"upload-big": args.size_mib, "download-big": args.size_mib,
             "upload-small": args.count * args.small_kib / 1024,
             "download-small": args.count * args.small_kib / 1024}
    lines = ["| operation | client | seconds | / floor | MiB/s | % of floor MiB/s | "
             "client CPU s | peak RSS MiB |", "|---|---|---|---|---|---|---|---|"]
    for op in ops:
        for variant in variants:
            row = best.get((variant, op))
            if row is None:
                continue
            # A CLI is compared with the floor timed the same way, as a whole process.
            floor = best.get(("floor-process" if variant in CLIS else "floor", op)) \
                or best.get(("floor", op))
            mark = "~" if row["scaled"] else ""
            rss = "n/a" if row["rss_mib"] is None else f"{row['rss_mib']:.1f}"
            cpu = "n/a" if row["cpu"] is None else f"{mark}{row['cpu']:.2f}"
            ratio = f"{row['seconds'] / floor['seconds']:.2f}x" if floor else "n/a"
            rate = share = ""
            if op in sizes:
                rate = f"{mark}{sizes[op] / row['seconds']:.1f}"
                share = f"{floor['seconds'] / row['seconds'] * 100:.0f}%" if floor else ""
            lines.append(f"| {op} | {variant} | {mark}{row['seconds']:.3f} | {mark}{ratio} | "
                         f"{rate} | {share} | {cpu} | {rss} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mib", type=int, default=1024, help="the big object's size")
    parser.add_argument("--count", type=int, default=2000, help="how many small objects")
    parser.add_argument("--small-kib", type=int, default=4, help="a small object's size")
    parser.add_argument("--list-count", type=int, default=10000,
                        help="objects in the listed container")
    parser.add_argument("--runs", type=int, default=1, help="the best of this many runs")
    parser.add_argument("--concurrency", type=int, default=16,
                        help="small objects in flight at once in ostack-async")
    parser.add_argument("--cli-sample", type=int, default=20,
                        help="`object save` calls timed for a CLI's download-small")
    parser.add_argument("--skip", action="append", default=[], choices=VARIANTS)
    parser.add_argument("--only-op", action="append", default=[], choices=OPS)
    parser.add_argument("--tmp-dir", help="where the files and the cloud's state go "
                        "(default: /dev/shm when it has room, else the temp folder)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    variants = [v for v in VARIANTS if v not in args.skip]
    ops = [op for op in OPS if not args.only_op or op in args.only_op]
    if "download-big" in ops and "upload-big" not in ops:
        ops.insert(0, "upload-big")
    if ({"download-small", "list-small"} & set(ops)) and "upload-small" not in ops:
        ops.insert(0, "upload-small")
    ops.sort(key=OPS.index)
    best: dict[tuple[str, str], dict] = {}
    load = []
    folder = args.tmp_dir or scratch(args.size_mib)
    with tempfile.TemporaryDirectory(prefix="ostack-bench-", dir=folder) as name:
        tmp = Path(name)
        cloud = start_localcloud(tmp / "state", cache_dir=tmp / "cache")
        try:
            bench = Bench(args, tmp, cloud)
            bench.make_files()
            if "list-many" in ops:
                bench.fill_listing("list-many")
            for run in range(args.runs):
                for variant in variants:
                    bench.swift("PUT", f"/bench-{variant}")
                for variant, op in steps(ops, variants):
                    load.append(os.getloadavg()[0])
                    row = bench.run(variant, op)
                    key = (variant, op)
                    rss = [r for r in (row["rss_mib"], best.get(key, {}).get("rss_mib"))
                           if r is not None]
                    if key not in best or row["seconds"] < best[key]["seconds"]:
                        best[key] = row
                    best[key]["rss_mib"] = max(rss) if rss else None
                    if op == "download-big" or (op == "upload-big" and
                                                "download-big" not in ops):
                        bench.swift("DELETE", f"/bench-{variant}/big")
                    if not args.json:
                        print(f"run {run + 1}: {variant} {op}: {row['seconds']:.3f} s",
                              file=sys.stderr)
                if run + 1 < args.runs:
                    clear(bench, variants)
        finally:
            cloud.stop()
            shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        json.dump({"args": vars(args), "load": load,
                   "results": [{"variant": v, "op": o, **r} for (v, o), r in best.items()]},
                  sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"{args.size_mib} MiB object; {args.count} objects of {args.small_kib} KiB; listing "
          f"{args.list_count} objects; best of {args.runs} run(s); Python "
          f"{platform.python_version()}, {os.cpu_count()} CPUs; load average "
          f"{min(load):.1f}-{max(load):.1f} at the operations' starts.\n")
    print(table(args, best, ops, variants))
    return 0


def steps(ops: list[str], variants: list[str]) -> list[tuple[str, str]]:
    """(variant, operation) in the order they run: each variant uploads, downloads and deletes
    its big object in turn (so at most one is stored at a time), then each other operation
    runs for every variant."""
    big = [op for op in ops if op.endswith("-big")]
    order = [(variant, op) for variant in variants for op in big]
    return order + [(variant, op) for op in ops if op not in big for variant in variants]


def scratch(size_mib: int) -> str | None:
    """Where the files and the cloud's state go: /dev/shm when it holds three big objects
    with room to spare (no disk write-back in the figures), else the default temp folder."""
    try:
        free = shutil.disk_usage("/dev/shm").free
    except OSError:
        return None
    return "/dev/shm" if free > (3 * size_mib + 2048) << 20 else None


def clear(bench: Bench, variants: list[str]) -> None:
    """Empty the variants' containers between runs (the listing container stays)."""
    for variant in variants:
        names = bench.cloud.call("GET", f"{bench.base}/bench-{variant}?format=json",
                                 token=bench.token, timeout=120).json or []
        for item in names:
            bench.swift("DELETE", f"/bench-{variant}/{urllib.parse.quote(item['name'])}")


if __name__ == "__main__":
    sys.exit(main())
