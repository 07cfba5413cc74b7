"""Run Tempest, OpenStack's own API test suite, against the local cloud.

Tempest 47.0.0 is installed into a venv of its own (`venvs.py`). A run starts a fresh local
cloud, reads from it what it offers (network extensions, image import methods, Swift's
middleware, the public network), creates the second image and flavor the `_alt` options name
(over plain HTTP, as the admin of its clouds.yaml), writes a `tempest.conf` that turns on every
feature the cloud serves, runs the API tests of the six services with `tempest run`, and turns
the subunit stream into per-test results: `.cache/tempest/results.json` and a table of
passed/failed/skipped per service.

Run it with `./scripts/tempest` (`--help` for the options).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.localcloud import LocalCloud, start_localcloud
from tests.support.venvs import ROOT, ensure_venv

TEMPEST = ("tempest==47.0.0",)
CACHE = ROOT / ".cache" / "tempest"
RESULTS = CACHE / "results.json"
#: Tempest's package under test -> the service's name in docs/tempest.md.
SERVICES = {
    "identity": "identity",
    "compute": "compute",
    "image": "image",
    "network": "network",
    "volume": "block-storage",
    "object_storage": "object-store",
}
#: The microversion ranges the local cloud serves.
COMPUTE_MICROVERSIONS = ("2.1", "2.96")
VOLUME_MICROVERSIONS = ("3.0", "3.70")
#: Seconds a single test may take before Tempest's fixture fails it.
TEST_TIMEOUT = 300


@dataclass
class Inventory:
    """What the cloud offers and what the run created in it, for tempest.conf."""

    url: str
    admin_password: str
    image_ref: str = ""
    image_ref_alt: str = ""
    flavor_ref: str = ""
    flavor_ref_alt: str = ""
    public_network_id: str = ""
    public_network_name: str = ""
    network_extensions: list[str] = field(default_factory=list)
    import_methods: list[str] = field(default_factory=list)
    swift_apis: list[str] = field(default_factory=list)
    http_image: str = ""
    compute_nodes: int = 1
    region: str = "RegionOne"


# --------------------------------------------------------------------------- set-up over HTTP
class Admin:
    """The cloud's admin, calling its APIs over HTTP with a project-scoped token."""

    def __init__(self, cloud: LocalCloud) -> None:
        self.cloud = cloud
        self.token = cloud.token()

    def call(self, method: str, path: str, body: Any = None, expect: tuple[int, ...] = (200,),
             **options: Any) -> Any:
        reply = self.cloud.call(method, path, body, token=self.token, timeout=60, **options)
        if reply.status not in expect:
            raise RuntimeError(f"{method} {path}: {reply.status} {reply.body[:500]!r}")
        return reply


def prepare(cloud: LocalCloud) -> Inventory:
    """Read what the cloud offers and create the alternate image and flavor, the roles
    Tempest names (ResellerAdmin, manager, service) and a public object holding an image for
    `web-download`."""
    admin = Admin(cloud)
    inventory = Inventory(url=cloud.url, admin_password=cloud.password("admin"))
    images = admin.call("GET", "/image/v2/images?status=active").json["images"]
    primary = next(image for image in images if image["name"].startswith("cirros"))
    inventory.image_ref = primary["id"]
    data = admin.call("GET", f"/image/v2/images/{primary['id']}/file").body
    inventory.image_ref_alt = _create_image(admin, primary, data)
    inventory.flavor_ref = "1"
    inventory.flavor_ref_alt = _create_flavor(admin)
    networks = admin.call("GET", "/network/v2.0/networks?router:external=true").json
    public = networks["networks"][0]
    inventory.public_network_id, inventory.public_network_name = public["id"], public["name"]
    extensions = admin.call("GET", "/network/v2.0/extensions").json["extensions"]
    inventory.network_extensions = sorted(extension["alias"] for extension in extensions)
    info = admin.call("GET", "/image/v2/info/import").json
    inventory.import_methods = list(info["import-methods"]["value"])
    swift = cloud.call("GET", "/object-store/info").json
    inventory.swift_apis = sorted(swift)
    inventory.compute_nodes = len(
        admin.call("GET", "/compute/v2.1/os-hypervisors").json["hypervisors"])
    for role in ("ResellerAdmin", "manager", "service"):  # as DevStack makes them
        _ensure_role(admin, role)
    inventory.http_image = _publish_image(admin, data)
    return inventory


def _create_image(admin: Admin, primary: dict[str, Any], data: bytes) -> str:
    image = admin.call("POST", "/image/v2/images", {
        "name": "cirros-alt", "disk_format": primary["disk_format"],
        "container_format": primary["container_format"], "visibility": "public"},
        expect=(201,)).json
    admin.call("PUT", f"/image/v2/images/{image['id']}/file", raw=data,
               headers={"Content-Type": "application/octet-stream"}, expect=(204,))
    return image["id"]


def _create_flavor(admin: Admin) -> str:
    flavor = {"name": "m1.tiny.alt", "id": "tempest-alt", "ram": 1024, "vcpus": 1, "disk": 1}
    admin.call("POST", "/compute/v2.1/flavors", {"flavor": flavor})
    return flavor["id"]


def _ensure_role(admin: Admin, name: str) -> None:
    if not admin.call("GET", f"/identity/v3/roles?name={name}").json["roles"]:
        admin.call("POST", "/identity/v3/roles", {"role": {"name": name}}, expect=(201,))


def _publish_image(admin: Admin, data: bytes) -> str:
    """A world-readable Swift object with the image's bytes: the `http_image` that
    `web-download` imports fetch from the loopback (the machine has no other network)."""
    project_id = admin.call("GET", "/identity/v3/auth/tokens",
                            headers={"X-Subject-Token": admin.token}).json["token"]["project"]["id"]
    container = f"/object-store/v1/AUTH_{project_id}/tempest-http"
    admin.call("PUT", container, headers={"X-Container-Read": ".r:*"}, raw=b"",
               expect=(201, 202))
    admin.call("PUT", f"{container}/cirros.img", raw=data,
               headers={"Content-Type": "application/octet-stream"}, expect=(201,))
    return f"{admin.cloud.url}{container}/cirros.img"


# --------------------------------------------------------------------------- tempest.conf
def render_conf(inventory: Inventory, log_dir: Path, debug: bool = False,
                build_interval: int = 0) -> str:
    """tempest.conf: every service on, every feature the local cloud serves on, the hypervisor-
    and guest-bound ones (SSH validation, VNC/SPICE/serial consoles) off."""
    url = inventory.url
    import_image = "glance-direct" in inventory.import_methods
    waits = {"build_interval": build_interval, "build_timeout": 60}
    sections: dict[str, dict[str, Any]] = {
        "DEFAULT": {"log_dir": log_dir, "log_file": "tempest.log", "debug": debug,
                    "use_stderr": False},
        "auth": {"use_dynamic_credentials": True, "create_isolated_networks": True,
                 "admin_username": "admin", "admin_password": inventory.admin_password,
                 "admin_project_name": "admin", "admin_domain_name": "Default",
                 "tempest_roles": "member"},
        "identity": {"uri_v3": f"{url}/identity/v3", "auth_version": "v3",
                     "region": inventory.region, "v3_endpoint_type": "public",
                     "admin_role": "admin", "default_domain_id": "default"},
        "identity-feature-enabled": {"api_v3": True, "trust": False,
                                     "access_rules": True, "security_compliance": False},
        "service_available": {"nova": True, "glance": True, "neutron": True,
                              "cinder": True, "swift": True, "horizon": False},
        "compute": {"image_ref": inventory.image_ref, "image_ref_alt": inventory.image_ref_alt,
                    "flavor_ref": inventory.flavor_ref,
                    "flavor_ref_alt": inventory.flavor_ref_alt,
                    "min_microversion": COMPUTE_MICROVERSIONS[0],
                    "max_microversion": COMPUTE_MICROVERSIONS[1],
                    **waits,
                    "min_compute_nodes": inventory.compute_nodes,
                    "fixed_network_name": "private", "region": inventory.region},
        "compute-feature-enabled": {
            "change_password": True, "console_output": True, "resize": True, "pause": True,
            "suspend": True, "shelve": True, "rescue": True, "snapshot": True,
            "interface_attach": True, "cold_migration": True, "live_migration": True,
            "block_migration_for_live_migration": False, "disk_config": True,
            "config_drive": True, "metadata_service": False, "personality": False,
            "enable_instance_password": True, "attach_encrypted_volume": False,
            "swap_volume": False, "volume_multiattach": False, "vnc_console": False,
            "spice_console": False, "serial_console": False, "stable_rescue": False,
            "hostname_fqdn_sanitization": True, "ide_bus": False},
        "image": {**waits, "region": inventory.region,
                  "http_image": inventory.http_image,
                  "http_qcow2_image": inventory.http_image,
                  "container_formats": "bare,ami,ari,aki,ovf,ova",
                  "disk_formats": "qcow2,raw,ami,ari,aki,vhd,vmdk,vdi,iso,vhdx"},
        "image-feature-enabled": {"api_v2": True, "import_image": import_image,
                                  "os_glance_reserved": True, "do_secure_hash": True,
                                  "image_conversion": False, "manage_locations": False,
                                  "image_format_enforcement": False},
        "network": {"public_network_id": inventory.public_network_id,
                    "floating_network_name": inventory.public_network_name,
                    "project_network_cidr": "10.100.0.0/16", "project_network_mask_bits": 28,
                    "project_networks_reachable": False, **waits,
                    "region": inventory.region},
        "network-feature-enabled": {"ipv6": True, "ipv6_subnet_attributes": True,
                                    "api_extensions": ",".join(inventory.network_extensions),
                                    "port_admin_state_change": True,
                                    "port_security": "port-security"
                                    in inventory.network_extensions,
                                    "floating_ips": True},
        "validation": {"run_validation": False},  # no SSH into guests
        "volume": {"catalog_type": "block-storage", "min_microversion":
                   VOLUME_MICROVERSIONS[0], "max_microversion": VOLUME_MICROVERSIONS[1],
                   **waits, "region": inventory.region,
                   "backend_names": "lvmdriver-1", "storage_protocol": "iSCSI",
                   "vendor_name": "Open Source", "volume_size": 1},
        "volume-feature-enabled": {"backup": True, "snapshot": True, "clone": True,
                                   "multi_backend": False, "manage_volume": False,
                                   "manage_snapshot": False, "extend_attached_volume": True,
                                   "extend_volume_with_snapshot": True},
        "object-storage": {"operator_role": "member", "reseller_admin_role": "ResellerAdmin",
                           "region": inventory.region, "build_timeout": 10},
        "object-storage-feature-enabled": {
            "discoverable_apis": ",".join(inventory.swift_apis), "discoverability": True,
            "container_sync": "container_sync" in inventory.swift_apis,
            "object_versioning": "versioned_writes" in inventory.swift_apis},
    }
    lines: list[str] = []
    for name, options in sections.items():
        lines.append(f"[{name}]")
        for key, value in options.items():
            text = str(value).lower() if isinstance(value, bool) else str(value)
            lines.append(f"{key} = {text}")
        lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------------------- running
def workspace(path: Path, tempest: Path) -> Path:
    """A fresh Tempest workspace at `path`: etc/, logs/ and the stestr configuration that
    `tempest init` would write (without registering it in ~/.tempest)."""
    if path.exists():
        shutil.rmtree(path)
    (path / "etc").mkdir(parents=True)
    (path / "logs").mkdir()
    package = next((tempest / "lib").glob("python3*/site-packages/tempest"))
    (path / ".stestr.conf").write_text(
        f"[DEFAULT]\ntest_path={package / 'test_discover'}\ntop_dir={package}\n"
        "group_regex=([^\\.]*\\.)*\n")
    subprocess.run([str(tempest / "bin" / "stestr"), "init"], cwd=path, check=True,
                   capture_output=True)
    return path


def _tempest_env(work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    env.update(OS_TEST_TIMEOUT=str(TEST_TIMEOUT), PYTHONWARNINGS="ignore",
               TEMPEST_CONFIG_DIR=str(work / "etc"), HOME=env.get("HOME", str(work)))
    return env


def regex(services: list[str], extra: str | None = None) -> str:
    """The test selection: `tempest.api.<service>` for each, narrowed by `extra`."""
    pattern = r"^tempest\.api\.(" + "|".join(services) + r")\."
    return f"^(?=.*(?:{extra})){pattern[1:]}" if extra else pattern


def run_tempest(tempest: Path, work: Path, pattern: str, concurrency: int,
                timeout: float) -> int:
    """`tempest run` in the workspace; its exit code. Output goes to `logs/run.txt`."""
    command = [str(tempest / "bin" / "tempest"), "run", "--regex", pattern,
               "--concurrency", str(concurrency)]
    with open(work / "logs" / "run.txt", "wb") as out:
        proc = subprocess.run(command, cwd=work, stdout=out, stderr=subprocess.STDOUT,
                              env=_tempest_env(work), timeout=timeout)
    return proc.returncode


def list_tests(tempest: Path, work: Path, pattern: str) -> list[str]:
    """The ids of the tests the selection holds."""
    proc = subprocess.run([str(tempest / "bin" / "stestr"), "list", pattern], cwd=work,
                          capture_output=True, text=True, env=_tempest_env(work), check=True)
    return [line.strip() for line in proc.stdout.splitlines() if line.startswith("tempest.")]


# Run inside the Tempest venv (which has subunit and testtools): the last run's subunit stream
# on stdin, one JSON object per test on stdout.
_READ_SUBUNIT = """
import json, sys, subunit, testtools
def emit(test):
    details = test["details"]
    reason = details.get("reason")
    text = reason.as_text() if reason is not None else ""
    if test["status"] == "fail":
        tb = details.get("traceback")
        text = tb.as_text() if tb is not None else ""
    times = [t for t in test["timestamps"] if t is not None]
    took = (times[-1] - times[0]).total_seconds() if len(times) == 2 else 0.0
    print(json.dumps({"id": test["id"], "status": test["status"], "reason": text,
                      "duration": took}))
stream = subunit.ByteStreamToStreamResult(sys.stdin.buffer, non_subunit_name="stdout")
result = testtools.StreamToDict(emit)
result.startTestRun()
stream.run(result)
result.stopTestRun()
"""


def read_results(tempest: Path, work: Path) -> list[dict[str, Any]]:
    """Each test's status, reason (skip) or traceback (failure) and duration."""
    stream = subprocess.run([str(tempest / "bin" / "stestr"), "last", "--subunit"], cwd=work,
                            capture_output=True, env=_tempest_env(work)).stdout
    proc = subprocess.run([str(tempest / "bin" / "python"), "-c", _READ_SUBUNIT],
                          input=stream, capture_output=True, check=True)
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


# --------------------------------------------------------------------------- results
def service_of(test_id: str) -> str | None:
    """`tempest.api.compute.servers...` -> compute; class fixtures name their class."""
    name = test_id.split("(", 1)[-1] if test_id.startswith(("setUpClass", "tearDownClass")) \
        else test_id
    parts = name.split(".")
    return SERVICES.get(parts[2]) if len(parts) > 2 and parts[0] == "tempest" else None


def class_of(test_id: str) -> str:
    """The class path of a test id or of a class fixture's pseudo-test."""
    if test_id.startswith(("setUpClass", "tearDownClass")):
        return test_id.split("(", 1)[1].rstrip(")")
    return test_id.split("[", 1)[0].rsplit(".", 1)[0]


def per_test(listed: list[str], raw: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """One outcome per listed test: its own, or, when its class's setUpClass failed or
    skipped, the class's (every test of that class counts)."""
    own = {r["id"]: r for r in raw if not r["id"].startswith(("setUpClass", "tearDownClass"))}
    fixtures = {class_of(r["id"]): r for r in raw
                if r["id"].startswith("setUpClass") and r["status"] in ("fail", "skip")}
    results: dict[str, dict[str, Any]] = {}
    for test_id in listed:
        found = own.get(test_id)
        if found is None and class_of(test_id) in fixtures:
            fixture = fixtures[class_of(test_id)]
            found = {**fixture, "id": test_id, "duration": 0.0,
                     "reason": ("setUpClass failed: " if fixture["status"] == "fail" else "")
                     + fixture["reason"]}
        if found is None:
            found = {"id": test_id, "status": "fail", "reason": "not run (no result)",
                     "duration": 0.0}
        status = {"success": "pass", "xfail": "pass", "uxsuccess": "fail"}.get(
            found["status"], found["status"])
        results[test_id] = {"service": service_of(test_id), "status": status,
                            "reason": found["reason"], "duration": round(found["duration"], 3)}
    for r in raw:  # failures of class teardowns are failures too
        if r["id"].startswith("tearDownClass") and r["status"] == "fail":
            results[r["id"]] = {"service": service_of(r["id"]), "status": "fail",
                                "reason": r["reason"], "duration": 0.0}
    return results


def summarise(results: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """passed/failed/skipped and the pass rate of the runnable tests, per service."""
    summary: dict[str, dict[str, Any]] = {}
    for result in results.values():
        counts = summary.setdefault(result["service"] or "other",
                                    {"passed": 0, "failed": 0, "skipped": 0})
        key = {"pass": "passed", "skip": "skipped"}.get(result["status"], "failed")
        counts[key] += 1
    for counts in summary.values():
        runnable = counts["passed"] + counts["failed"]
        counts["pass_rate"] = round(100.0 * counts["passed"] / runnable, 1) if runnable else 100.0
    return summary


def table(summary: dict[str, dict[str, Any]]) -> str:
    """The per-service summary as aligned text."""
    lines = [f"{'service':<14}{'passed':>8}{'failed':>8}{'skipped':>9}{'pass rate':>11}"]
    for service in [*SERVICES.values(), "other"]:
        if service in summary:
            c = summary[service]
            lines.append(f"{service:<14}{c['passed']:>8}{c['failed']:>8}{c['skipped']:>9}"
                         f"{c['pass_rate']:>10.1f}%")
    return "\n".join(lines)


def skip_groups(results: dict[str, dict[str, Any]]) -> list[tuple[str, str, int]]:
    """(service, reason, count) of the skipped tests, most frequent first; a reason is the
    last line of the skip message."""
    counts: dict[tuple[str, str], int] = {}
    for result in results.values():
        if result["status"] == "skip":
            lines = [line.strip() for line in result["reason"].splitlines() if line.strip()]
            key = (result["service"] or "other", lines[-1] if lines else "(no reason given)")
            counts[key] = counts.get(key, 0) + 1
    return sorted(((s, r, n) for (s, r), n in counts.items()),
                  key=lambda item: (list(SERVICES.values()).index(item[0])
                                    if item[0] in SERVICES.values() else 99, -item[2], item[1]))


def report(path: Path) -> str:
    """Markdown tables of a results file: the figures per service and the skips by reason."""
    data = json.loads(path.read_text())
    lines = ["| service | passed | failed | skipped | pass rate of runnable tests |",
             "|---|---:|---:|---:|---:|"]
    for service in SERVICES.values():
        c = data["summary"].get(service, {"passed": 0, "failed": 0, "skipped": 0,
                                          "pass_rate": 100.0})
        lines.append(f"| {service} | {c['passed']} | {c['failed']} | {c['skipped']} | "
                     f"{c['pass_rate']:.1f}% |")
    lines += ["", "| service | skipped | Tempest's reason |", "|---|---:|---|"]
    for service, reason, count in skip_groups(data["tests"]):
        lines.append(f"| {service} | {count} | {reason.replace('|', '/')} |")
    lines += ["", f"Run time of `tempest run`: {data['run_seconds']:.0f} s "
                  f"(whole script {data['total_seconds']:.0f} s)."]
    return "\n".join(lines)


# --------------------------------------------------------------------------- the whole run
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/tempest", description=__doc__.split("\n")[0])
    parser.add_argument("--service", action="append", choices=list(SERVICES),
                        help="only this Tempest API package (repeatable; default: all six)")
    parser.add_argument("--filter", help="a further regex the test ids must match")
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--workspace", type=Path, default=CACHE / "workspace",
                        help="Tempest's workspace (etc/, logs/), made afresh; give each "
                             "concurrent run its own")
    parser.add_argument("--timeout", type=float, default=3600,
                        help="seconds the whole `tempest run` may take")
    parser.add_argument("--build-delay", type=float, default=0.05)
    parser.add_argument("--task-delay", type=float, default=0.05)
    parser.add_argument("--build-interval", type=int, default=0,
                        help="seconds between Tempest's status checks (tempest.conf); 0, "
                             "as the cloud's transitions take 50 ms, saves most of the run")
    parser.add_argument("--debug", action="store_true", help="full request logs in tempest.log")
    parser.add_argument("--report", action="store_true",
                        help="print the figures and skips of --results as Markdown; no run")
    args = parser.parse_args(argv)
    if args.report:
        print(report(args.results))
        return 0
    started = time.monotonic()
    tempest = ensure_venv("tempest", TEMPEST)
    work = workspace(args.workspace, tempest)
    state = Path(tempfile.mkdtemp(prefix="tempest-cloud-", dir=CACHE))
    cloud = start_localcloud(state / "state", cache_dir=state / "cache",
                             build_delay=args.build_delay, delete_delay=args.build_delay,
                             task_delay=args.task_delay)
    try:
        inventory = prepare(cloud)
        (work / "etc" / "tempest.conf").write_text(render_conf(
            inventory, work / "logs", debug=args.debug, build_interval=args.build_interval))
        pattern = regex(args.service or list(SERVICES), args.filter)
        listed = list_tests(tempest, work, pattern)
        setup = time.monotonic() - started
        print(f"tempest: {len(listed)} tests against {cloud.url} (set-up {setup:.0f} s)",
              flush=True)
        run_started = time.monotonic()
        code = run_tempest(tempest, work, pattern, args.concurrency, args.timeout)
        took = time.monotonic() - run_started
        results = per_test(listed, read_results(tempest, work))
    finally:
        cloud.stop()
    summary = summarise(results)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps({
        "tempest": TEMPEST[0], "run_seconds": round(took, 1),
        "total_seconds": round(time.monotonic() - started, 1), "summary": summary,
        "tests": results}, indent=1, sort_keys=True))
    shutil.rmtree(state, ignore_errors=True)
    print(table(summary))
    total = {k: sum(c[k] for c in summary.values()) for k in ("passed", "failed", "skipped")}
    print(f"tempest: {total['passed']} passed, {total['failed']} failed, "
          f"{total['skipped']} skipped in {took:.0f} s (exit {code}); results in "
          f"{args.results}, logs in {work / 'logs'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
