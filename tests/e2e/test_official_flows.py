"""The issue's scripted flows with the official clients, each against a local cloud of its own:

* python-openstackclient 10.5.0: every step is a real `openstack ...` command that must exit 0,
  its output checked (network, subnet, router with interface and gateway, security group and
  rules, keypair, image upload and download with md5, volumes, servers from image and volume,
  volume attachment, floating IP, reboot/stop/start/resize-confirm/shelve/unshelve/backup,
  objects, then deletion of everything, checked gone);
* openstacksdk 4.22.0: the same flow through `openstack.connect()`, run by the official venv's
  python (`tests/support/flows.py`), its step results read back as JSON.

A flow goes on past a failing step and prints which steps passed; the test fails unless all did.
The OSC flow runs as the demo member (a developer's everyday role), the SDK flow as admin.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.support.flows import (
    OK,
    Flow,
    StepError,
    check,
    md5_of,
    qcow2_image,
    ssh_public_key,
    wait_until,
)
from tests.support.localcloud import LocalCloud
from tests.support.venvs import OFFICIAL_CLIENTS, ensure_venv

pytestmark = pytest.mark.official

FLOWS = Path(__file__).resolve().parents[1] / "support" / "flows.py"
DELAYS = {"build_delay": 0.1, "delete_delay": 0.1, "task_delay": 0.1}


@pytest.fixture(scope="module")
def official() -> Path:
    """The official clients' venv."""
    return ensure_venv("official", OFFICIAL_CLIENTS)


def _failure(args: tuple[str, ...], done: subprocess.CompletedProcess[str]) -> str:
    """What a failed command said: its last requests and answers (--debug) and its error."""
    lines = done.stderr.splitlines()
    wire = [line for line in lines if line.startswith(("REQ:", "RESP:", "RESP BODY:"))]
    return (f"`openstack {' '.join(args)}` exited {done.returncode}\n"
            + "\n".join(line[:1500] for line in wire[-6:]) + "\n...\n"
            + "\n".join(lines[-12:]))


def assert_no_tracebacks(cloud: LocalCloud) -> None:
    """The flow left no traceback in the cloud's log (a 500 a client retried past)."""
    log = (cloud.state_dir / "test-server.log").read_text(errors="replace")
    assert "Traceback" not in log, log[log.index("Traceback") - 300:][:5000]


def osc_runner(venv: Path, cloud: LocalCloud, cloud_name: str) -> Callable[..., Any]:
    executable = venv / "bin" / "openstack"
    env = cloud.environ(OS_CLOUD=cloud_name)

    def run(*args: str, fmt: bool = True) -> Any:
        """`openstack --debug <args> [-f json]`: the parsed output; StepError on exit != 0."""
        argv = [str(executable), "--debug", *args] + (["-f", "json"] if fmt else [])
        done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=180)
        if done.returncode != 0:
            raise StepError(_failure(args, done))
        if not fmt:
            return done.stdout
        try:
            return json.loads(done.stdout) if done.stdout.strip() else None
        except ValueError as exc:
            raise StepError(f"`openstack {' '.join(args)}` printed no JSON: "
                            f"{done.stdout[:500]!r}") from exc

    return run


def test_openstackclient_flow(official: Path, start_cloud: Callable[..., LocalCloud],
                              tmp_path: Path) -> None:
    cloud = start_cloud(**DELAYS)
    run = osc_runner(official, cloud, "local-demo")
    flow = Flow()
    step = flow.step
    got: dict[str, Any] = {}
    image_file = tmp_path / "image.qcow2"
    image_md5 = qcow2_image(image_file)
    key_file = tmp_path / "key.pub"
    public_key, fingerprint = ssh_public_key()
    key_file.write_text(public_key + "\n")

    def value(kind: str, name: str, column: str = "status") -> str:
        return run(kind, "show", name, "-f", "value", "-c", column, fmt=False).strip()

    def wait_status(kind: str, name: str, wanted: str | tuple[str, ...],
                    timeout: float = 60) -> str:
        wanted = (wanted,) if isinstance(wanted, str) else wanted
        return wait_until(lambda: (s := value(kind, name)) in wanted and s,
                          f"{kind} {name} status in {wanted}", timeout, interval=0.0)

    # ---------------------------------------------------------------- network
    def network() -> None:
        net = run("network", "create", "osc-net")
        check(net["name"] == "osc-net" and net["id"], f"network {net}")
        check(net["status"] == "ACTIVE", f"network status {net['status']}")
        got["net"] = net["id"]

    def subnet() -> None:
        sub = run("subnet", "create", "osc-subnet", "--network", "osc-net",
                  "--subnet-range", "10.10.0.0/24")
        check(sub["cidr"] == "10.10.0.0/24" and sub["network_id"] == got["net"],
              f"subnet {sub}")
        check(sub["gateway_ip"] == "10.10.0.1", f"gateway {sub['gateway_ip']}")
        check("10.10.0.2" in json.dumps(sub["allocation_pools"]),
              f"allocation pools {sub['allocation_pools']}")
        got["subnet"] = sub["id"]

    def router() -> None:
        run("router", "create", "osc-router")
        run("router", "add", "subnet", "osc-router", "osc-subnet", fmt=False)
        shown = run("router", "show", "osc-router")
        interfaces = shown.get("interfaces_info") or []
        check(any(i.get("subnet_id") == got["subnet"] and i.get("ip_address") == "10.10.0.1"
                  for i in interfaces), f"router interfaces {interfaces}")

    def gateway() -> None:
        public = run("network", "show", "public")
        check(public["router:external"] in (True, "External"), f"public network {public}")
        got["public"] = public["id"]
        run("router", "set", "osc-router", "--external-gateway", "public", fmt=False)
        info = run("router", "show", "osc-router")["external_gateway_info"]
        check(info and info.get("network_id") == public["id"], f"gateway {info}")

    def security_group() -> None:
        group = run("security", "group", "create", "osc-sg", "--description", "flow")
        check(group["name"] == "osc-sg", f"security group {group}")
        run("security", "group", "rule", "create", "--protocol", "tcp", "--dst-port", "22",
            "--ingress", "osc-sg")
        run("security", "group", "rule", "create", "--protocol", "icmp", "--ingress",
            "osc-sg")
        rules = run("security", "group", "rule", "list", "osc-sg")
        seen = {(r["IP Protocol"], r["Port Range"]) for r in rules
                if r.get("Direction") == "ingress"}
        check(("tcp", "22:22") in seen and any(p == "icmp" for p, _ in seen),
              f"ingress rules {seen}")

    # ---------------------------------------------------------------- compute, image, volume
    def keypair() -> None:
        made = run("keypair", "create", "--public-key", str(key_file), "osc-key")
        check(made["fingerprint"] == fingerprint,
              f"fingerprint {made['fingerprint']} != {fingerprint}")
        check(run("keypair", "show", "osc-key")["fingerprint"] == fingerprint,
              "keypair show fingerprint")

    def image_upload() -> None:
        run("image", "create", "--file", str(image_file), "--disk-format", "qcow2",
            "--container-format", "bare", "osc-image")
        shown = run("image", "show", "osc-image")
        check(shown["status"] == "active", f"image status {shown['status']}")
        check(shown["checksum"] == image_md5, f"checksum {shown['checksum']} != {image_md5}")
        check(int(shown["size"]) == image_file.stat().st_size, f"size {shown['size']}")
        got["image"] = shown["id"]

    def image_download() -> None:
        out = tmp_path / "image.out"
        run("image", "save", "--file", str(out), "osc-image", fmt=False)
        check(md5_of(out) == image_md5, f"downloaded md5 {md5_of(out)} != {image_md5}")

    def volume() -> None:
        made = run("volume", "create", "--size", "1", "osc-vol")
        check(int(made["size"]) == 1, f"volume {made}")
        wait_status("volume", "osc-vol", "available")
        got["volume"] = made["id"]

    def boot_volume() -> None:
        made = run("volume", "create", "--image", "osc-image", "--size", "1", "--bootable",
                   "osc-bootvol")
        got["bootvol"] = made["id"]
        wait_status("volume", "osc-bootvol", "available")
        bootable = value("volume", "osc-bootvol", "bootable")
        check(bootable.lower() == "true", f"bootable {bootable!r}")

    def server_from_image() -> None:
        made = run("server", "create", "--image", "osc-image", "--flavor", "m1.tiny",
                   "--network", "osc-net", "--key-name", "osc-key", "--security-group",
                   "osc-sg", "--wait", "osc-server")
        check(made["status"] == "ACTIVE", f"status {made['status']}")
        addresses = json.dumps(made["addresses"])
        check("osc-net" in addresses and "10.10.0." in addresses, f"addresses {addresses}")
        check(made["key_name"] == "osc-key", f"key_name {made['key_name']}")
        check("osc-sg" in json.dumps(made["security_groups"]),
              f"security groups {made['security_groups']}")
        got["server"] = made["id"]

    def server_from_volume() -> None:
        made = run("server", "create", "--volume", "osc-bootvol", "--flavor", "m1.tiny",
                   "--network", "osc-net", "--wait", "osc-server-vol")
        check(made["status"] == "ACTIVE", f"status {made['status']}")
        check(got["bootvol"] in json.dumps(made["volumes_attached"]),
              f"volumes_attached {made['volumes_attached']}")
        wait_status("volume", "osc-bootvol", "in-use", 30)

    def attach() -> None:
        run("server", "add", "volume", "osc-server", "osc-vol")
        wait_status("volume", "osc-vol", "in-use", 30)
        attachments = run("volume", "show", "osc-vol")["attachments"]
        check(got["server"] in json.dumps(attachments), f"attachments {attachments}")
        shown = run("server", "show", "osc-server")
        check(got["volume"] in json.dumps(shown["volumes_attached"]),
              f"volumes_attached {shown['volumes_attached']}")

    def floating_ip() -> None:
        fip = run("floating", "ip", "create", "public")
        address = fip["floating_ip_address"]
        check(address and fip["floating_network_id"] == got["public"], f"floating ip {fip}")
        got["fip"] = address
        run("server", "add", "floating", "ip", "osc-server", address, fmt=False)
        wait_until(lambda: address in json.dumps(run("server", "show", "osc-server")[
            "addresses"]), f"{address} in the server's addresses", 30, interval=0.0)
        shown = run("floating", "ip", "show", address)
        check(shown["port_id"] and shown["fixed_ip_address"].startswith("10.10.0."),
              f"floating ip after association {shown}")

    def reboot() -> None:
        run("server", "reboot", "--wait", "osc-server", fmt=False)
        check(value("server", "osc-server") == "ACTIVE", "status after reboot")

    def stop_start() -> None:
        run("server", "stop", "osc-server", fmt=False)
        wait_status("server", "osc-server", "SHUTOFF")
        run("server", "start", "osc-server", fmt=False)
        wait_status("server", "osc-server", "ACTIVE")

    def resize() -> None:
        run("server", "resize", "--flavor", "m1.small", "--wait", "osc-server", fmt=False)
        wait_status("server", "osc-server", "VERIFY_RESIZE")
        run("server", "resize", "confirm", "osc-server", fmt=False)
        wait_status("server", "osc-server", "ACTIVE")
        flavor = run("server", "show", "osc-server")["flavor"]
        check("m1.small" in json.dumps(flavor), f"flavor after resize {flavor}")

    def shelve() -> None:
        run("server", "shelve", "osc-server", fmt=False)
        wait_status("server", "osc-server", ("SHELVED", "SHELVED_OFFLOADED"))
        run("server", "unshelve", "osc-server", fmt=False)
        wait_status("server", "osc-server", "ACTIVE")

    def backup() -> None:
        run("server", "backup", "create", "--name", "b1", "--type", "daily", "--rotate", "1",
            "--wait", "osc-server")
        shown = run("image", "show", "b1")
        check(shown["status"] == "active", f"backup status {shown['status']}")
        properties = json.dumps(shown.get("properties"))
        check('"image_type": "backup"' in properties and '"backup_type": "daily"'
              in properties, f"backup properties {properties}")

    # ---------------------------------------------------------------- object store
    def objects() -> None:
        run("container", "create", "osc-container")
        data = os.urandom(200_000)
        source = tmp_path / "object.bin"
        source.write_bytes(data)
        run("object", "create", "osc-container", str(source), "--name", "obj1")
        names = [o["Name"] for o in run("object", "list", "osc-container")]
        check(names == ["obj1"], f"objects {names}")
        out = tmp_path / "object.out"
        run("object", "save", "--file", str(out), "osc-container", "obj1", fmt=False)
        check(out.read_bytes() == data, "downloaded object differs from the upload")
        shown = run("object", "show", "osc-container", "obj1")
        check(shown["etag"] == md5_of(source), f"etag {shown['etag']}")

    # ---------------------------------------------------------------- deletion
    def delete_servers() -> None:
        run("server", "delete", "--wait", "osc-server", "osc-server-vol", fmt=False)
        left = [s["Name"] for s in run("server", "list")]
        check(not left, f"servers left {left}")

    def delete_floating_ip() -> None:
        run("floating", "ip", "delete", got["fip"], fmt=False)
        left = run("floating", "ip", "list")
        check(not left, f"floating ips left {left}")

    def delete_router() -> None:
        run("router", "remove", "subnet", "osc-router", "osc-subnet", fmt=False)
        run("router", "unset", "--external-gateway", "osc-router", fmt=False)
        run("router", "delete", "osc-router", fmt=False)
        left = {r["Name"] for r in run("router", "list")}
        check("osc-router" not in left, f"routers left {left}")

    def delete_network() -> None:
        run("subnet", "delete", "osc-subnet", fmt=False)
        run("network", "delete", "osc-net", fmt=False)
        run("security", "group", "delete", "osc-sg", fmt=False)
        check("osc-net" not in {n["Name"] for n in run("network", "list")}, "network left")
        check("osc-subnet" not in {s["Name"] for s in run("subnet", "list")}, "subnet left")
        check("osc-sg" not in {g["Name"] for g in run("security", "group", "list")},
              "security group left")

    def delete_keypair() -> None:
        run("keypair", "delete", "osc-key", fmt=False)
        check(not run("keypair", "list"), "keypairs left")

    def delete_volumes() -> None:
        for name in ("osc-vol", "osc-bootvol"):
            wait_status("volume", name, "available", 30)
        run("volume", "delete", "osc-vol", "osc-bootvol", fmt=False)
        wait_until(lambda: not run("volume", "list"), "volumes gone", 60, interval=0.0)

    def delete_images() -> None:
        run("image", "delete", "osc-image", "b1", fmt=False)
        names = {i["Name"] for i in run("image", "list")}
        check(not names & {"osc-image", "b1"}, f"images left {names}")

    def delete_objects() -> None:
        run("object", "delete", "osc-container", "obj1", fmt=False)
        run("container", "delete", "osc-container", fmt=False)
        check("osc-container" not in {c["Name"] for c in run("container", "list")},
              "container left")

    step("network create", "network", network)
    step("subnet create", "network", subnet, ("network create",))
    step("router create + add subnet", "network", router, ("subnet create",))
    step("router set --external-gateway public", "network", gateway,
         ("router create + add subnet",))
    step("security group create + rules tcp/22, icmp", "network", security_group)
    step("keypair create --public-key", "compute", keypair)
    step("image create --file (upload)", "image", image_upload)
    step("image save --file + md5", "image", image_download, ("image create --file (upload)",))
    step("volume create --size 1", "block storage", volume)
    step("volume create --image --bootable", "block storage", boot_volume,
         ("image create --file (upload)",))
    step("server create --image --wait", "compute", server_from_image,
         ("subnet create", "security group create + rules tcp/22, icmp",
          "keypair create --public-key", "image create --file (upload)"))
    step("server create --volume --wait", "compute", server_from_volume,
         ("subnet create", "volume create --image --bootable"))
    step("server add volume (in-use)", "compute", attach,
         ("server create --image --wait", "volume create --size 1"))
    step("floating ip create + server add floating ip", "network", floating_ip,
         ("server create --image --wait", "router set --external-gateway public"))
    needs_server = ("server create --image --wait",)
    step("server reboot --wait", "compute", reboot, needs_server)
    step("server stop / start", "compute", stop_start, needs_server)
    step("server resize --flavor m1.small --wait + confirm", "compute", resize, needs_server)
    step("server shelve / unshelve", "compute", shelve, needs_server)
    step("server backup create --rotate 1", "compute", backup, needs_server)
    step("container create, object create/list/save/show", "object store", objects)
    step("server delete --wait (both)", "compute", delete_servers,
         ("server create --image --wait", "server create --volume --wait"))
    step("floating ip delete", "network", delete_floating_ip,
         ("floating ip create + server add floating ip",))
    step("router remove subnet, unset gateway, delete", "network", delete_router,
         ("router set --external-gateway public",))
    step("subnet, network, security group delete", "network", delete_network,
         ("subnet create", "security group create + rules tcp/22, icmp",
          "router remove subnet, unset gateway, delete"))
    step("keypair delete", "compute", delete_keypair, ("keypair create --public-key",))
    step("volume delete", "block storage", delete_volumes,
         ("volume create --size 1", "volume create --image --bootable",
          "server delete --wait (both)"))
    step("image delete", "image", delete_images,
         ("image create --file (upload)", "server backup create --rotate 1"))
    step("object delete + container delete", "object store", delete_objects,
         ("container create, object create/list/save/show",))
    summary = Flow.summary(flow.steps)
    print(f"\npython-openstackclient flow:\n{summary}")
    assert all(s["status"] == OK for s in flow.steps), summary
    assert_no_tracebacks(cloud)


@pytest.mark.parametrize("sdk", ["openstacksdk", "ostack"])
def test_openstacksdk_flow(official: Path, start_cloud: Callable[..., LocalCloud],
                           tmp_path: Path, sdk: str) -> None:
    """The openstacksdk flow, run by openstacksdk itself, and by ostack as it is: only
    `openstack` resolves to `ostack` (the port changes nothing but the connect call)."""
    cloud = start_cloud(**DELAYS)
    public_key, fingerprint = ssh_public_key()
    python, mode = ((str(official / "bin" / "python"), "sdk") if sdk == "openstacksdk"
                    else (sys.executable, "ported"))
    done = subprocess.run(
        [python, str(FLOWS), mode, str(tmp_path), public_key, fingerprint],
        env=cloud.environ(OS_CLOUD="local"), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"the SDK flow script failed:\n{done.stderr[-5000:]}"
    steps = json.loads(done.stdout.strip().splitlines()[-1])
    summary = Flow.summary(steps)
    print(f"\n{sdk} flow:\n{summary}")
    assert len(steps) == 24, summary
    assert all(s["status"] == OK for s in steps), summary
    assert_no_tracebacks(cloud)
