"""Nova's moves and server extras on the local cloud, over raw HTTP: migration records for
resize, cold and live migration and evacuation (`os-migrations`, `/servers/{id}/migrations`,
force-complete and abort), deferred delete with restore and forceDelete, remote consoles and
their tokens, diagnostics, topology, the server password, and the multinic actions; with Nova's
error cases. They change the cloud's speed and delete policy, so they run on their own cloud."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from tests.e2e.test_localcloud_compute_actions import CIRROS, Nova
from tests.support.localcloud import LocalCloud, start_localcloud


@pytest.fixture(scope="module")
def cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCloud]:
    base = tmp_path_factory.mktemp("compute-moves")
    started = start_localcloud(base / "state", cache_dir=base / "cache")
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture(scope="module")
def admin(cloud: LocalCloud) -> Nova:
    cloud.raise_compute_quotas("admin")
    return Nova(cloud, cloud.token())


@pytest.fixture(scope="module")
def demo(cloud: LocalCloud, admin: Nova) -> Nova:
    return Nova(cloud, cloud.token("demo"))


@pytest.fixture(scope="module")
def image(cloud: LocalCloud, admin: Nova) -> str:
    reply = cloud.call("GET", f"/image/v2/images?name={CIRROS}", token=admin.token)
    return reply.json["images"][0]["id"]


def settings(cloud: LocalCloud, **values: float) -> None:
    reply = cloud.call("PUT", "/_localcloud/settings", values)
    assert reply.status == 200, reply.body


def fault(reply, status: int, name: str, message: str) -> None:
    assert reply.status == status, reply.body
    assert reply.json == {name: {"code": status, "message": message}}


def migrations(admin: Nova, server_id: str, mv: str = "2.96") -> list[dict[str, Any]]:
    reply = admin.call("GET", f"/os-migrations?instance_uuid={server_id}", mv=mv)
    assert reply.status == 200, reply.body
    return reply.json["migrations"]


# ------------------------------------------------------------------ cold moves
def test_resize_and_migrate_are_recorded(admin, demo, image):
    server_id = demo.boot(image)
    host = admin.show(server_id)["OS-EXT-SRV-ATTR:host"]
    assert demo.action(server_id, {"resize": {"flavorRef": "2"}}).status == 202
    demo.wait(server_id, "VERIFY_RESIZE")
    [resize] = migrations(admin, server_id)
    assert (resize["migration_type"], resize["status"]) == ("resize", "finished")
    assert (resize["source_compute"], resize["old_instance_type_id"],
            resize["new_instance_type_id"]) == (host, 1, 2)
    assert resize["dest_host"].startswith("192.168.122.")
    assert (resize["user_id"], resize["project_id"]) == (
        demo.show(server_id)["user_id"], demo.show(server_id)["tenant_id"])
    uuid.UUID(resize["uuid"])
    assert "links" not in resize
    assert demo.action(server_id, {"confirmResize": None}).status == 204
    demo.wait(server_id, "ACTIVE")
    assert migrations(admin, server_id)[0]["status"] == "confirmed"
    assert admin.action(server_id, {"migrate": None}).status == 202
    admin.wait(server_id, "VERIFY_RESIZE")
    assert admin.action(server_id, {"revertResize": None}).status == 202
    admin.wait(server_id, "ACTIVE")
    newest = migrations(admin, server_id)
    assert [(m["migration_type"], m["status"]) for m in newest] == [
        ("migration", "reverted"), ("resize", "confirmed")]
    old = migrations(admin, server_id, mv="2.1")[0]
    assert not {"migration_type", "uuid", "user_id", "project_id"} & set(old)
    assert set(migrations(admin, server_id, mv="2.59")[0]) >= {"uuid", "migration_type"}
    by_type = admin.call("GET", f"/os-migrations?instance_uuid={server_id}"
                                "&migration_type=resize").json["migrations"]
    assert [m["id"] for m in by_type] == [resize["id"]]
    page = admin.call("GET", f"/os-migrations?instance_uuid={server_id}&limit=1").json
    assert len(page["migrations"]) == 1 and page["migrations_links"][0]["rel"] == "next"
    rest = admin.call("GET", f"/os-migrations?instance_uuid={server_id}"
                             f"&marker={page['migrations'][0]['uuid']}").json["migrations"]
    assert [m["id"] for m in rest] == [resize["id"]]
    fault(admin.call("GET", f"/os-migrations?marker={uuid.UUID(int=1)}"), 400, "badRequest",
          f"Marker {uuid.UUID(int=1)} could not be found.")
    fault(demo.call("GET", "/os-migrations"), 403, "forbidden",
          "Policy doesn't allow os_compute_api:os-migrations:index to be performed.")
    fault(demo.action(server_id, {"migrate": None}), 403, "forbidden",
          "Policy doesn't allow os_compute_api:os-migrate-server:migrate to be performed.")
    demo.delete(server_id)


# ------------------------------------------------------------------ live migration
def test_live_migration_force_complete_and_abort(cloud, admin, image):
    server_id = admin.boot(image)
    source = admin.show(server_id)["OS-EXT-SRV-ATTR:host"]
    settings(cloud, task_delay=30)
    try:
        body = {"os-migrateLive": {"host": None, "block_migration": "auto"}}
        assert admin.action(server_id, body).status == 202
        assert admin.show(server_id)["status"] == "MIGRATING"

        def running() -> dict[str, Any] | None:
            found = admin.call("GET", f"/servers/{server_id}/migrations").json["migrations"]
            return found[0] if found and found[0]["status"] == "running" else None
        live = cloud.wait_for(running)
        assert live["server_uuid"] == server_id
        assert live["memory_total_bytes"] == 512 * 1024 * 1024
        assert live["source_compute"] == source
        mid = live["id"]
        listed = migrations(admin, server_id)[0]
        assert listed["links"][0]["href"].endswith(f"/servers/{server_id}/migrations/{mid}")
        shown = admin.call("GET", f"/servers/{server_id}/migrations/{mid}")
        assert shown.json["migration"]["id"] == mid
        assert admin.call("GET", f"/servers/{server_id}/migrations", mv="2.22").status == 404
        fault(admin.call("POST", f"/servers/{server_id}/migrations/{mid}/action",
                         {"force_complete": None}, mv="2.21"), 404, "itemNotFound",
              "The resource could not be found.")
        assert admin.call("POST", f"/servers/{server_id}/migrations/{mid}/action",
                          {"force_complete": {}}).status == 400
        assert admin.call("POST", f"/servers/{server_id}/migrations/{mid}/action",
                          {"force_complete": None}).status == 202
        done = cloud.wait_for(lambda: (s := admin.show(server_id))["status"] == "ACTIVE" and s)
        assert done["OS-EXT-SRV-ATTR:host"] != source
        assert migrations(admin, server_id)[0]["status"] == "completed"
        fault(admin.call("GET", f"/servers/{server_id}/migrations/{mid}"), 404,
              "itemNotFound",
              f"In-progress live migration {mid} is not found for server {server_id}.")
        fault(admin.call("DELETE", f"/servers/{server_id}/migrations/{mid}"), 409,
              "conflictingRequest", f"Cannot 'abort live migration' instance {server_id} "
                                    f"while it is in task_state None")
        moved_to = done["OS-EXT-SRV-ATTR:host"]
        assert admin.action(server_id, body).status == 202
        second = cloud.wait_for(running)["id"]
        aborted = admin.call("DELETE", f"/servers/{server_id}/migrations/{second}")
        assert aborted.status == 202
        back = admin.show(server_id)
        assert (back["status"], back["OS-EXT-SRV-ATTR:host"]) == ("ACTIVE", moved_to)
        assert migrations(admin, server_id)[0]["status"] == "cancelled"
        actions = [a["action"] for a in admin.call(
            "GET", f"/servers/{server_id}/os-instance-actions").json["instanceActions"]]
        assert actions[:3] == ["live_migration_cancel", "live-migration",
                               "live_migration_force_complete"]
        fault(admin.call("GET", f"/servers/{server_id}/migrations/999999"), 404,
              "itemNotFound", f"Migration 999999 not found for instance {server_id}")
    finally:
        settings(cloud, task_delay=0.1)
    admin.delete(server_id)


# ------------------------------------------------------------------ evacuate
def test_evacuate(cloud, admin, demo, image):
    server_id = admin.boot(image)
    host = admin.show(server_id)["OS-EXT-SRV-ATTR:host"]
    old = admin.boot(image, host=host)
    fault(admin.action(server_id, {"evacuate": {}}), 400, "badRequest",
          f"Compute service of {host} is still in use.")
    mine = demo.boot(image)
    fault(demo.action(mine, {"evacuate": {}}), 403, "forbidden",
          "Policy doesn't allow os_compute_api:os-evacuate to be performed.")
    demo.delete(mine)
    service = admin.call("GET", f"/os-services?host={host}&binary=nova-compute").json[
        "services"][0]["id"]
    assert admin.call("PUT", f"/os-services/{service}", {"forced_down": True}).status == 200
    try:
        fault(admin.action(server_id, {"evacuate": {"host": "nowhere"}}), 404,
              "itemNotFound", "Compute host nowhere not found.")
        fault(admin.action(server_id, {"evacuate": {"host": host}}), 400, "badRequest",
              "The target host can't be the same one.")
        assert admin.action(server_id, {"evacuate": {"force": True}}).status == 400
        reply = admin.action(server_id, {"evacuate": {}})
        assert (reply.status, reply.body) == (200, b"")
        moved = admin.wait(server_id, "SHUTOFF")  # from 2.95 evacuated servers are stopped
        assert moved["OS-EXT-SRV-ATTR:host"] != host
        record = migrations(admin, server_id)[0]
        assert (record["migration_type"], record["status"], record["source_compute"]) == (
            "evacuation", "done", host)
        legacy = admin.action(old, {"evacuate": {"onSharedStorage": False}}, mv="2.13")
        assert legacy.status == 200 and len(legacy.json["adminPass"]) == 12
        assert admin.wait(old, "ACTIVE")["OS-EXT-SRV-ATTR:host"] != host
        admin.delete(old)
    finally:
        admin.call("PUT", f"/os-services/{service}", {"forced_down": False})
    admin.delete(server_id)


# ------------------------------------------------------------------ deferred delete
def test_soft_delete_restore_and_reclaim(cloud, demo, image):
    settings(cloud, reclaim_instance_interval=60)
    try:
        server_id = demo.boot(image, networks="auto")
        used = demo.call("GET", "/limits").json["limits"]["absolute"]["totalInstancesUsed"]
        assert demo.call("DELETE", f"/servers/{server_id}").status == 204
        soft = demo.show(server_id)
        assert (soft["status"], soft["OS-EXT-STS:vm_state"], soft["OS-EXT-STS:power_state"]) \
            == ("SOFT_DELETED", "soft-delete", 4)
        assert soft["addresses"]  # its ports stay until it is reclaimed
        listed = [s["id"] for s in demo.call("GET", "/servers").json["servers"]]
        assert server_id not in listed
        soft_listed = demo.call("GET", "/servers?status=SOFT_DELETED").json["servers"]
        assert [s["id"] for s in soft_listed] == [server_id]
        after = demo.call("GET", "/limits").json["limits"]["absolute"]["totalInstancesUsed"]
        assert after == used - 1
        assert demo.action(server_id, {"restore": None}).status == 202
        assert demo.wait(server_id, "ACTIVE")["OS-EXT-STS:power_state"] == 1
        fault(demo.action(server_id, {"restore": None}), 409, "conflictingRequest",
              f"Cannot 'restore' instance {server_id} while it is in vm_state active")
        assert demo.call("DELETE", f"/servers/{server_id}").status == 204
        assert demo.action(server_id, {"forceDelete": None}).status == 202
        cloud.wait_for(lambda: demo.call("GET", f"/servers/{server_id}").status == 404)
        settings(cloud, reclaim_instance_interval=0.5)
        reclaimed = demo.boot(image, networks="auto")
        token = demo.token
        ports = cloud.call("GET", f"/network/v2.0/ports?device_id={reclaimed}", token=token)
        assert len(ports.json["ports"]) == 1
        demo.call("DELETE", f"/servers/{reclaimed}")
        cloud.wait_for(lambda: demo.call("GET", f"/servers/{reclaimed}").status == 404)
        ports = cloud.call("GET", f"/network/v2.0/ports?device_id={reclaimed}", token=token)
        assert ports.json["ports"] == []
    finally:
        settings(cloud, reclaim_instance_interval=0)
    plain = demo.boot(image)
    demo.call("DELETE", f"/servers/{plain}")
    cloud.wait_for(lambda: demo.call("GET", f"/servers/{plain}").status == 404)


# ------------------------------------------------------------------ consoles
def test_remote_consoles_and_tokens(admin, demo, image):
    server_id = demo.boot(image)
    url = f"/servers/{server_id}/remote-consoles"
    for protocol, kind, mv in (("vnc", "novnc", "2.6"), ("vnc", "xvpvnc", "2.6"),
                               ("spice", "spice-html5", "2.6"), ("rdp", "rdp-html5", "2.6"),
                               ("serial", "serial", "2.6"), ("mks", "webmks", "2.8")):
        reply = demo.call("POST", url, {"remote_console": {"protocol": protocol,
                                                           "type": kind}}, mv=mv)
        assert reply.status == 200, reply.body
        console = reply.json["remote_console"]
        assert (console["protocol"], console["type"]) == (protocol, kind)
        assert "token" in console["url"]
    novnc = demo.call("POST", url, {"remote_console": {"protocol": "vnc", "type": "novnc"}})
    token = novnc.json["remote_console"]["url"].rsplit("%3D", 1)[1]
    checked = admin.call("GET", f"/os-console-auth-tokens/{token}")
    assert checked.status == 200
    assert checked.json["console"]["instance_uuid"] == server_id
    assert set(checked.json["console"]) == {"instance_uuid", "host", "port",
                                            "internal_access_path"}
    old = admin.call("GET", f"/os-console-auth-tokens/{token}", mv="2.30")  # RDP only then
    assert old.status == 401
    assert "The requested console type details are not accessible" in old.body.decode()
    fault(admin.call("GET", "/os-console-auth-tokens/nope"), 404, "itemNotFound",
          "Token not found")
    assert demo.call("GET", f"/os-console-auth-tokens/{token}").status == 403
    fault(demo.call("POST", url, {"remote_console": {"protocol": "vnc",
                                                     "type": "spice-html5"}}),
          400, "badRequest", "Invalid console type spice-html5")
    assert demo.call("POST", url, {"remote_console": {"protocol": "mks", "type": "webmks"}},
                     mv="2.7").status == 400
    assert demo.call("POST", url, {"remote_console": {"protocol": "vnc"}}).status == 400
    assert demo.call("POST", url, {"remote_console": {"protocol": "vnc", "type": "novnc"}},
                     mv="2.5").status == 404
    legacy = demo.action(server_id, {"os-getVNCConsole": {"type": "novnc"}}, mv="2.5")
    assert legacy.status == 200 and legacy.json["console"]["type"] == "novnc"
    assert demo.action(server_id, {"os-getVNCConsole": {"type": "novnc"}},
                       mv="2.6").status == 404
    building = demo.boot(image, wait=False)
    fault(demo.call("POST", f"/servers/{building}/remote-consoles",
                    {"remote_console": {"protocol": "vnc", "type": "novnc"}}),
          409, "conflictingRequest", f"Instance {building} is not ready")
    demo.delete(building)
    demo.delete(server_id)


# ------------------------------------------------------------------ diagnostics and extras
def test_diagnostics_topology_and_password(admin, demo, image):
    server_id = demo.boot(image, networks="auto")
    diagnostics = admin.call("GET", f"/servers/{server_id}/diagnostics")
    assert diagnostics.status == 200
    body = diagnostics.json
    assert (body["state"], body["driver"], body["num_cpus"], body["num_nics"]) == (
        "running", "libvirt", 1, 1)
    assert body["memory_details"]["maximum"] == 512 * 1024
    legacy = admin.call("GET", f"/servers/{server_id}/diagnostics", mv="2.47").json
    assert "cpu0_time" in legacy and "memory" in legacy
    fault(demo.call("GET", f"/servers/{server_id}/diagnostics"), 403, "forbidden",
          "Policy doesn't allow os_compute_api:os-server-diagnostics to be performed.")
    topology = demo.call("GET", f"/servers/{server_id}/topology", mv="2.78")
    assert (topology.status, topology.json) == (200, {"nodes": [], "pagesize_kb": None})
    assert demo.call("GET", f"/servers/{server_id}/topology", mv="2.77").status == 404
    password = demo.call("GET", f"/servers/{server_id}/os-server-password")
    assert (password.status, password.json) == (200, {"password": ""})
    cleared = demo.call("DELETE", f"/servers/{server_id}/os-server-password")
    assert (cleared.status, cleared.body) == (204, b"")
    missing = str(uuid.uuid4())
    assert demo.call("GET", f"/servers/{missing}/os-server-password").status == 404
    demo.delete(server_id)


def test_multinic_actions_until_2_43(cloud, demo, image):
    server_id = demo.boot(image, networks="auto")
    token = demo.token
    networks = cloud.call("GET", "/network/v2.0/networks?name=private", token=token)
    net_id = networks.json["networks"][0]["id"]

    def ports() -> list[dict[str, Any]]:
        return cloud.call("GET", f"/network/v2.0/ports?device_id={server_id}",
                          token=token).json["ports"]
    assert demo.action(server_id, {"addFixedIp": {"networkId": net_id}},
                       mv="2.44").status == 404
    assert demo.action(server_id, {"addFixedIp": {"networkId": net_id}},
                       mv="2.43").status == 202
    assert len(ports()) == 2
    address = ports()[-1]["fixed_ips"][0]["ip_address"]
    fault(demo.action(server_id, {"removeFixedIp": {"address": address}}, mv="2.44"), 404,
          "itemNotFound", "The resource could not be found.")
    assert demo.action(server_id, {"removeFixedIp": {"address": address}},
                       mv="2.43").status == 202
    assert address not in {ip["ip_address"] for p in ports() for ip in p["fixed_ips"]}
    fault(demo.action(server_id, {"removeFixedIp": {"address": "10.255.255.1"}}, mv="2.43"),
          400, "badRequest", f"Instance {server_id} doesn't have fixed IP '10.255.255.1'.")
    assert demo.action(server_id, {"removeFixedIp": {"address": "nope"}},
                       mv="2.43").status == 400
    demo.delete(server_id)
