"""Scripted flows with the official clients: a step recorder, test data, and the openstacksdk
flow itself.

This module is imported by the tests (project venv) *and* run as a script by the official
clients' venv (`python flows.py sdk WORKDIR`), so it imports only the standard library at module
level; `openstack` is imported inside the SDK flow.

A flow goes on past a failing step, so one run tells every step that works; a step that needs a
failed one is reported as blocked, not run.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

OK, FAILED, BLOCKED = "ok", "FAILED", "blocked"


class Flow:
    """Named steps run in order, each with the service (area) it exercises."""

    def __init__(self) -> None:
        self.steps: list[dict[str, Any]] = []
        self.outcome: dict[str, str] = {}

    def step(self, name: str, area: str, action: Callable[[], Any],
             needs: tuple[str, ...] = ()) -> Any:
        """Run `action` unless a step it `needs` did not pass; record the outcome; its value
        (None when it failed or was blocked)."""
        missing = [n for n in needs if self.outcome.get(n) != OK]
        started = time.monotonic()
        if missing:
            self._record(name, area, BLOCKED, f"needs {', '.join(missing)}", started)
            return None
        try:
            value = action()
        except Exception as exc:  # noqa: BLE001 - every failure is recorded, the flow goes on
            detail = str(exc) if isinstance(exc, StepError) else (
                f"{type(exc).__name__}: {exc}\n{_exchange(exc)}" + "".join(
                    traceback.format_tb(exc.__traceback__)[-4:]))
            self._record(name, area, FAILED, detail, started)
            return None
        self._record(name, area, OK, "", started)
        return value

    def _record(self, name: str, area: str, status: str, detail: str, started: float) -> None:
        self.outcome[name] = status
        self.steps.append({"step": name, "area": area, "status": status,
                           "seconds": round(time.monotonic() - started, 2),
                           "detail": detail[-6000:]})

    @staticmethod
    def summary(steps: list[dict[str, Any]]) -> str:
        """One line per step, then the details of those that did not pass."""
        lines = [f"{s['status']:>7}  {s['seconds']:6.2f}s  [{s['area']}] {s['step']}"
                 for s in steps]
        passed = sum(s["status"] == OK for s in steps)
        lines.append(f"{passed} of {len(steps)} steps passed")
        for s in steps:
            if s["status"] == FAILED:
                lines.append(f"\n--- FAILED [{s['area']}] {s['step']}:\n{s['detail']}")
        return "\n".join(lines)


def _exchange(exc: BaseException) -> str:
    """The HTTP request and answer behind a client library's error, when it carries them."""
    response = getattr(exc, "response", None)
    request = getattr(response, "request", None)
    if request is None:
        return ""
    body = request.body or b""
    if isinstance(body, bytes):
        body = body[:800].decode(errors="replace")
    return (f"{request.method} {request.url} {str(body)[:800]}\n"
            f"-> {response.status_code} {response.text[:1500]}\n")


class StepError(AssertionError):
    """A step's own failure message (printed as it is, without a traceback)."""


def check(condition: Any, message: str) -> None:
    """Fail the current step with `message` unless `condition` holds."""
    if not condition:
        raise StepError(message)


def wait_until(probe: Callable[[], Any], what: str, timeout: float = 60.0,
               interval: float = 0.2) -> Any:
    """Poll `probe()` until it returns something truthy; its value."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = probe()
        if last:
            return last
        time.sleep(interval)
    raise StepError(f"timed out after {timeout:.0f}s waiting for {what} (last: {last!r})")


# ------------------------------------------------------------------ test data
def qcow2_image(path: Path, size: int = 3 * 1024 * 1024) -> str:
    """Write a file of `size` bytes that starts with a qcow2 v3 header (virtual size 1 GiB) and
    carries varied data after it; its md5 hex digest."""
    header = struct.pack(">4sIQIIQIIQQIIQQQII", b"QFI\xfb", 3, 0, 0, 16, 1 << 30, 0, 2,
                         0x30000, 0x10000, 1, 0, 0, 0, 0, 4, 112)
    block = hashlib.sha512(b"ostack").digest() * 64
    data = bytearray(header.ljust(512, b"\0"))
    counter = 0
    while len(data) < size:
        data += hashlib.sha256(block + counter.to_bytes(8, "big")).digest() * 128
        counter += 1
    payload = bytes(data[:size])
    path.write_bytes(payload)
    return hashlib.md5(payload).hexdigest()


def md5_of(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def ssh_public_key() -> tuple[str, str]:
    """A new ed25519 public key in OpenSSH form and its MD5 fingerprint as Nova shows it."""
    import base64

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    public = ed25519.Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()
    blob = base64.b64decode(public.split()[1])
    digest = hashlib.md5(blob).hexdigest()
    return public + " flow@ostack", ":".join(digest[i:i + 2] for i in range(0, 32, 2))


# ------------------------------------------------------------------ the openstacksdk flow
def sdk_flow(workdir: Path, public_key: str, fingerprint: str) -> list[dict[str, Any]]:
    """The whole flow through `openstack.connect()` (cloud and config from OS_* variables)."""
    import openstack

    flow = Flow()
    step = flow.step
    conn = openstack.connect()
    image_file = workdir / "sdk-image.qcow2"
    image_md5 = qcow2_image(image_file)
    got: dict[str, Any] = {}

    def network() -> None:
        net = conn.network.create_network(name="sdk-net")
        check(net.id and net.name == "sdk-net", f"network created as {net}")
        got["net"] = net
        subnet = conn.network.create_subnet(network_id=net.id, ip_version=4,
                                            cidr="10.20.0.0/24", name="sdk-subnet")
        check(subnet.cidr == "10.20.0.0/24" and subnet.gateway_ip == "10.20.0.1",
              f"subnet: cidr {subnet.cidr}, gateway {subnet.gateway_ip}")
        check(subnet.allocation_pools == [{"start": "10.20.0.2", "end": "10.20.0.254"}],
              f"allocation pools {subnet.allocation_pools}")
        got["subnet"] = subnet

    def router() -> None:
        public = conn.network.find_network("public")
        check(public is not None and public.is_router_external,
              f"external network 'public': {public}")
        got["public"] = public
        made = conn.network.create_router(name="sdk-router")
        got["router"] = made
        conn.network.add_interface_to_router(made, subnet_id=got["subnet"].id)
        made = conn.network.update_router(made, external_gateway_info={
            "network_id": public.id})
        check((made.external_gateway_info or {}).get("network_id") == public.id,
              f"gateway {made.external_gateway_info}")
        ports = list(conn.network.ports(device_id=made.id))
        inside = [p for p in ports if p.device_owner == "network:router_interface"]
        check(inside and inside[0].fixed_ips[0]["ip_address"] == "10.20.0.1",
              f"router interface ports {[(p.device_owner, p.fixed_ips) for p in ports]}")

    def security_group() -> None:
        group = conn.network.create_security_group(name="sdk-sg", description="flow")
        got["sg"] = group
        for protocol, port in (("tcp", 22), ("icmp", None)):
            conn.network.create_security_group_rule(
                security_group_id=group.id, direction="ingress", ethertype="IPv4",
                protocol=protocol, port_range_min=port, port_range_max=port,
                remote_ip_prefix="0.0.0.0/0")
        rules = list(conn.network.security_group_rules(security_group_id=group.id))
        seen = {(r.protocol, r.port_range_min) for r in rules if r.direction == "ingress"}
        check({("tcp", 22), ("icmp", None)} <= seen, f"ingress rules {seen}")

    def keypair() -> None:
        made = conn.compute.create_keypair(name="sdk-key", public_key=public_key)
        check(made.fingerprint == fingerprint, f"fingerprint {made.fingerprint} != "
              f"{fingerprint}")
        got["keypair"] = made

    def image_upload() -> None:
        made = conn.image.create_image(name="sdk-image", filename=str(image_file),
                                       disk_format="qcow2", container_format="bare",
                                       wait=True, timeout=60)
        made = conn.image.get_image(made.id)
        check(made.status == "active", f"image status {made.status}")
        check(made.checksum == image_md5, f"checksum {made.checksum} != {image_md5}")
        check(made.size == image_file.stat().st_size, f"size {made.size}")
        got["image"] = made

    def image_download() -> None:
        out = workdir / "sdk-image.out"
        conn.image.download_image(got["image"], output=str(out))
        check(md5_of(out) == image_md5, "downloaded image differs from the upload")

    def volume() -> None:
        made = conn.block_storage.create_volume(size=1, name="sdk-vol")
        made = conn.block_storage.wait_for_status(made, "available", interval=0.2, wait=60)
        check(made.size == 1, f"volume size {made.size}")
        got["volume"] = made

    def boot_volume() -> None:
        made = conn.block_storage.create_volume(size=1, name="sdk-bootvol",
                                                image_id=got["image"].id)
        made = conn.block_storage.wait_for_status(made, "available", interval=0.2, wait=60)
        check(made.is_bootable, f"volume from image bootable={made.is_bootable}")
        got["bootvol"] = made

    def server_from_image() -> None:
        flavor = conn.compute.find_flavor("m1.tiny")
        made = conn.compute.create_server(
            name="sdk-server", image_id=got["image"].id, flavor_id=flavor.id,
            networks=[{"uuid": got["net"].id}], key_name="sdk-key",
            security_groups=[{"name": "sdk-sg"}])
        made = conn.compute.wait_for_server(made, interval=0.2, wait=60)
        check(made.status == "ACTIVE", f"status {made.status}")
        addresses = made.addresses.get("sdk-net") or []
        check(addresses and addresses[0]["addr"].startswith("10.20.0."),
              f"addresses {made.addresses}")
        check(made.key_name == "sdk-key", f"key_name {made.key_name}")
        check({g["name"] for g in made.security_groups or []} == {"sdk-sg"},
              f"security groups {made.security_groups}")
        got["server"] = made

    def server_from_volume() -> None:
        flavor = conn.compute.find_flavor("m1.tiny")
        made = conn.compute.create_server(
            name="sdk-server-vol", flavor_id=flavor.id, networks=[{"uuid": got["net"].id}],
            block_device_mapping=[{"boot_index": 0, "uuid": got["bootvol"].id,
                                   "source_type": "volume", "destination_type": "volume",
                                   "delete_on_termination": False}])
        made = conn.compute.wait_for_server(made, interval=0.2, wait=60)
        check(made.status == "ACTIVE", f"status {made.status}")
        attached = [v["id"] for v in made.attached_volumes or []]
        check(attached == [got["bootvol"].id], f"attached volumes {attached}")
        volume = conn.block_storage.wait_for_status(got["bootvol"], "in-use", interval=0.2,
                                                    wait=30)
        check(volume.attachments and volume.attachments[0]["server_id"] == made.id,
              f"boot volume attachments {volume.attachments}")
        got["server2"] = made

    def attach() -> None:
        conn.compute.create_volume_attachment(got["server"], got["volume"])
        volume = conn.block_storage.wait_for_status(got["volume"], "in-use", interval=0.2,
                                                    wait=30)
        check(volume.attachments[0]["server_id"] == got["server"].id,
              f"attachments {volume.attachments}")
        listed = [a.volume_id for a in conn.compute.volume_attachments(got["server"])]
        check(got["volume"].id in listed, f"server's volume attachments {listed}")

    def floating_ip() -> None:
        fip = conn.network.create_ip(floating_network_id=got["public"].id)
        got["fip"] = fip
        port = next(iter(conn.network.ports(device_id=got["server"].id)))
        fip = conn.network.update_ip(fip, port_id=port.id)
        check(fip.port_id == port.id and fip.fixed_ip_address, f"floating ip {fip}")

        def shown() -> bool:
            server = conn.compute.get_server(got["server"].id)
            return any(a["addr"] == fip.floating_ip_address
                       and a.get("OS-EXT-IPS:type") == "floating"
                       for a in server.addresses.get("sdk-net", []))
        wait_until(shown, "the floating IP among the server's addresses", 30)

    def wait_status(status: str | tuple[str, ...], timeout: float = 60) -> Any:
        wanted = (status,) if isinstance(status, str) else status

        def probe() -> Any:
            server = conn.compute.get_server(got["server"].id)
            return server if server.status in wanted else None
        return wait_until(probe, f"server status {wanted}", timeout)

    def reboot() -> None:
        conn.compute.reboot_server(got["server"], "SOFT")
        wait_status("ACTIVE")

    def stop_start() -> None:
        conn.compute.stop_server(got["server"])
        wait_status("SHUTOFF")
        conn.compute.start_server(got["server"])
        wait_status("ACTIVE")

    def resize() -> None:
        small = conn.compute.find_flavor("m1.small")
        conn.compute.resize_server(got["server"], small.id)
        wait_status("VERIFY_RESIZE")
        conn.compute.confirm_server_resize(got["server"])
        server = wait_status("ACTIVE")
        check(server.flavor.name == "m1.small", f"flavor after resize {server.flavor}")

    def shelve() -> None:
        conn.compute.shelve_server(got["server"])
        wait_status(("SHELVED", "SHELVED_OFFLOADED"))
        conn.compute.unshelve_server(got["server"])
        wait_status("ACTIVE")

    def backup() -> None:
        conn.compute.backup_server(got["server"], "sdk-b1", "daily", 1)
        image = wait_until(lambda: conn.image.find_image("sdk-b1"), "backup image sdk-b1")
        image = conn.image.wait_for_status(image, "active", interval=0.2, wait=60)
        check(image.properties.get("image_type") == "backup"
              or getattr(image, "image_type", None) == "backup",
              f"backup image properties {image.properties}")
        got["backup"] = image

    def objects() -> None:
        conn.object_store.create_container(name="sdk-container")
        data = os.urandom(100_000)
        conn.object_store.upload_object(container="sdk-container", name="dir/obj1",
                                        data=data)
        conn.object_store.upload_object(container="sdk-container", name="obj2", data=b"two")
        names = sorted(o.name for o in conn.object_store.objects("sdk-container"))
        check(names == ["dir/obj1", "obj2"], f"objects {names}")
        back = conn.object_store.download_object("dir/obj1", container="sdk-container")
        check(back == data, "downloaded object differs from the upload")

    def delete_servers() -> None:
        for key in ("server", "server2"):
            if key in got:
                conn.compute.delete_server(got[key])
        for key in ("server", "server2"):
            if key in got:
                conn.compute.wait_for_delete(got[key], interval=0.2, wait=60)
        check(not list(conn.compute.servers()), "servers left")

    def delete_network_side() -> None:
        if "fip" in got:
            conn.network.delete_ip(got["fip"])
        router = got.get("router")
        if router is not None:
            conn.network.remove_interface_from_router(router, subnet_id=got["subnet"].id)
            conn.network.update_router(router, external_gateway_info={})
            conn.network.delete_router(router)
        for key, delete in (("subnet", conn.network.delete_subnet),
                            ("net", conn.network.delete_network),
                            ("sg", conn.network.delete_security_group)):
            if key in got:
                delete(got[key])
        check(conn.network.find_network("sdk-net") is None, "network left")
        check(conn.network.find_router("sdk-router") is None, "router left")
        check(conn.network.find_security_group("sdk-sg") is None, "security group left")
        check(not list(conn.network.ips(floating_network_id=got["public"].id)),
              "floating IPs left")

    def delete_keypair() -> None:
        conn.compute.delete_keypair("sdk-key")
        check(conn.compute.find_keypair("sdk-key") is None, "keypair left")

    def delete_volumes() -> None:
        for key in ("volume", "bootvol"):
            if key in got:
                conn.block_storage.wait_for_status(got[key], "available", interval=0.2,
                                                   wait=30)
                conn.block_storage.delete_volume(got[key])
                conn.block_storage.wait_for_delete(got[key], interval=0.2, wait=60)
        check(not [v for v in conn.block_storage.volumes() if v.name.startswith("sdk-")],
              "volumes left")

    def delete_images() -> None:
        for key in ("image", "backup"):
            if key in got:
                conn.image.delete_image(got[key])
        check(not [i for i in conn.image.images() if i.name in ("sdk-image", "sdk-b1")],
              "images left")

    def delete_objects() -> None:
        for name in ("dir/obj1", "obj2"):
            conn.object_store.delete_object(name, container="sdk-container")
        conn.object_store.delete_container("sdk-container")
        check("sdk-container" not in {c.name for c in conn.object_store.containers()},
              "container left")

    step("network create + subnet create", "network", network)
    step("router create, add interface, set gateway to public", "network", router,
         ("network create + subnet create",))
    step("security group create + rules tcp/22, icmp", "network", security_group)
    step("keypair create (public key)", "compute", keypair)
    step("image create (upload file)", "image", image_upload)
    step("image download + md5", "image", image_download, ("image create (upload file)",))
    step("volume create + wait available", "block storage", volume)
    step("bootable volume from image", "block storage", boot_volume,
         ("image create (upload file)",))
    step("server create from image + wait", "compute", server_from_image,
         ("network create + subnet create", "keypair create (public key)",
          "security group create + rules tcp/22, icmp", "image create (upload file)"))
    step("server create from volume + wait", "compute", server_from_volume,
         ("network create + subnet create", "bootable volume from image"))
    step("volume attachment to server", "compute", attach,
         ("server create from image + wait", "volume create + wait available"))
    step("floating ip create + associate with server port", "network", floating_ip,
         ("server create from image + wait",
          "router create, add interface, set gateway to public"))
    server_needed = ("server create from image + wait",)
    step("server reboot", "compute", reboot, server_needed)
    step("server stop + start", "compute", stop_start, server_needed)
    step("server resize m1.small + confirm", "compute", resize, server_needed)
    step("server shelve + unshelve", "compute", shelve, server_needed)
    step("server backup daily rotate 1", "compute", backup, server_needed)
    step("container create, objects upload/list/download", "object store", objects)
    step("delete servers", "compute", delete_servers,
         ("server create from image + wait", "server create from volume + wait"))
    step("delete floating ip, router, subnet, network, security group", "network",
         delete_network_side, ("floating ip create + associate with server port",
                               "router create, add interface, set gateway to public",
                               "security group create + rules tcp/22, icmp"))
    step("delete keypair", "compute", delete_keypair, ("keypair create (public key)",))
    step("delete volumes", "block storage", delete_volumes,
         ("volume create + wait available", "bootable volume from image", "delete servers"))
    step("delete images", "image", delete_images,
         ("image create (upload file)", "server backup daily rotate 1"))
    step("delete objects and container", "object store", delete_objects,
         ("container create, objects upload/list/download",))
    return flow.steps


if __name__ == "__main__":
    if sys.argv[1:2] == ["ported"]:  # the same openstacksdk code, `openstack` being ostack
        import ostack

        sys.modules["openstack"] = ostack
        sys.argv[1] = "sdk"
    if sys.argv[1:2] == ["sdk"]:
        key, fingerprint = sys.argv[3], sys.argv[4]
        steps = sdk_flow(Path(sys.argv[2]), key, fingerprint)
        print(json.dumps(steps))
