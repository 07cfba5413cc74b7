"""Nova's server actions on the local cloud, over raw HTTP: the state machine (status,
task_state, vm_state, power_state walked in the background), Nova's 409s for actions in the
wrong state or on locked servers, snapshots and backups in the image service, and the
instance actions recorded for each; responses validated against the OpenAPI spec."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from tests.support.localcloud import LocalCloud

try:  # the OpenAPI machinery; absent reference material skips only the schema checks
    from tests.e2e.test_localcloud_schemas import validate as _validate
except BaseException:  # noqa: BLE001 - pytest's module-level skip is a BaseException
    _validate = None

CIRROS = "cirros-0.6.2-x86_64-disk"
API = "/compute/v2.1"


def validate(path: str, method: str, body: Any, mv: str) -> None:
    if _validate is not None:
        major, minor = mv.split(".")
        _validate("compute", path, method, body, (int(major), int(minor)))


def headers(mv: str) -> dict[str, str]:
    return {"OpenStack-API-Version": f"compute {mv}"}


class Nova:
    """Raw HTTP helpers for one cloud and one token."""

    def __init__(self, cloud: LocalCloud, token: str) -> None:
        self.cloud = cloud
        self.token = token

    def call(self, method: str, path: str, body: Any = None, mv: str = "2.96", **kw: Any):
        return self.cloud.call(method, API + path, body, token=self.token,
                               headers=headers(mv), **kw)

    def boot(self, image: str, mv: str = "2.96", wait: bool = True, **extra: Any) -> str:
        body = {"server": {"name": f"vm-{uuid.uuid4().hex[:8]}", "imageRef": image,
                           "flavorRef": "1", "networks": "none", **extra}}
        reply = self.call("POST", "/servers", body, mv)
        assert reply.status == 202, reply.body
        server_id = reply.json["server"]["id"]
        if wait:
            self.wait(server_id, "ACTIVE")
        return server_id

    def show(self, server_id: str, mv: str = "2.96") -> dict[str, Any]:
        reply = self.call("GET", f"/servers/{server_id}", mv=mv)
        assert reply.status == 200, reply.body
        return reply.json["server"]

    def wait(self, server_id: str, status: str, timeout: float = 10.0) -> dict[str, Any]:
        def check():
            server = self.show(server_id)
            done = server["status"] == status and server["OS-EXT-STS:task_state"] is None
            return server if done else None
        return self.cloud.wait_for(check, timeout=timeout)

    def action(self, server_id: str, body: Any, mv: str = "2.96"):
        return self.call("POST", f"/servers/{server_id}/action", body, mv)

    def delete(self, server_id: str) -> None:
        self.call("DELETE", f"/servers/{server_id}")


@pytest.fixture(scope="module")
def admin(localcloud: LocalCloud) -> Nova:
    localcloud.raise_compute_quotas("admin")
    localcloud.raise_compute_quotas("demo")
    return Nova(localcloud, localcloud.token())


@pytest.fixture(scope="module")
def demo(localcloud: LocalCloud, admin: Nova) -> Nova:
    return Nova(localcloud, localcloud.token("demo"))


@pytest.fixture(scope="module")
def image(localcloud: LocalCloud, admin: Nova) -> str:
    reply = localcloud.call("GET", f"/image/v2/images?name={CIRROS}", token=admin.token)
    return reply.json["images"][0]["id"]


def conflict(reply, message: str) -> None:
    assert reply.status == 409, reply.body
    assert reply.json == {"conflictingRequest": {"code": 409, "message": message}}


# ------------------------------------------------------------------ power state machine
def test_stop_start_pause_suspend_walk_the_state_machine(demo, image):
    server_id = demo.boot(image)
    assert demo.action(server_id, {"os-stop": None}).status == 202
    stopping = demo.show(server_id)
    assert (stopping["status"], stopping["OS-EXT-STS:task_state"]) == ("ACTIVE",
                                                                        "powering-off")
    busy = demo.action(server_id, {"pause": None})
    conflict(busy, f"Cannot 'pause' instance {server_id} while it is in task_state "
                   f"powering-off")
    stopped = demo.wait(server_id, "SHUTOFF")
    assert (stopped["OS-EXT-STS:vm_state"], stopped["OS-EXT-STS:power_state"]) == (
        "stopped", 4)
    conflict(demo.action(server_id, {"os-stop": None}),
             f"Cannot 'stop' instance {server_id} while it is in vm_state stopped")
    conflict(demo.action(server_id, {"pause": None}),
             f"Cannot 'pause' instance {server_id} while it is in vm_state stopped")
    assert demo.action(server_id, {"os-start": None}).status == 202
    assert demo.show(server_id)["OS-EXT-STS:task_state"] == "powering-on"
    assert demo.wait(server_id, "ACTIVE")["OS-EXT-STS:power_state"] == 1
    assert demo.action(server_id, {"pause": None}).status == 202
    paused = demo.wait(server_id, "PAUSED")
    assert (paused["OS-EXT-STS:vm_state"], paused["OS-EXT-STS:power_state"]) == ("paused", 3)
    conflict(demo.action(server_id, {"suspend": None}),
             f"Cannot 'suspend' instance {server_id} while it is in vm_state paused")
    assert demo.action(server_id, {"unpause": None}).status == 202
    demo.wait(server_id, "ACTIVE")
    assert demo.action(server_id, {"suspend": None}).status == 202
    assert demo.wait(server_id, "SUSPENDED")["OS-EXT-STS:vm_state"] == "suspended"
    assert demo.action(server_id, {"resume": None}).status == 202
    demo.wait(server_id, "ACTIVE")
    bad = demo.action(server_id, {"os-stop": {"force": True}})
    assert bad.status == 400
    demo.delete(server_id)


def test_reboot_soft_and_hard(demo, image):
    server_id = demo.boot(image)
    assert demo.action(server_id, {"reboot": {"type": "SOFT"}}).status == 202
    rebooting = demo.show(server_id)
    assert rebooting["status"] == "REBOOT"
    assert rebooting["OS-EXT-STS:task_state"] in ("rebooting", "reboot_pending",
                                                  "reboot_started")
    demo.wait(server_id, "ACTIVE")
    assert demo.action(server_id, {"reboot": {"type": "HARD"}}).status == 202
    assert demo.show(server_id)["status"] == "HARD_REBOOT"
    demo.wait(server_id, "ACTIVE")
    assert demo.action(server_id, {"reboot": {"type": "sideways"}}).status == 400
    assert demo.action(server_id, {"reboot": {}}).status == 400
    # a stopped server takes a hard reboot (and comes back running), not a soft one
    assert demo.action(server_id, {"os-stop": None}).status == 202
    demo.wait(server_id, "SHUTOFF")
    conflict(demo.action(server_id, {"reboot": {"type": "SOFT"}}),
             f"Cannot 'reboot' instance {server_id} while it is in vm_state stopped")
    assert demo.action(server_id, {"reboot": {"type": "HARD"}}).status == 202
    assert demo.wait(server_id, "ACTIVE")["OS-EXT-STS:power_state"] == 1
    demo.delete(server_id)


def test_actions_on_a_building_server_conflict(demo, image):
    server_id = demo.boot(image, wait=False)
    conflict(demo.action(server_id, {"os-stop": None}),
             f"Cannot 'stop' instance {server_id} while it is in vm_state building")
    demo.wait(server_id, "ACTIVE")
    demo.delete(server_id)
    missing = demo.action(str(uuid.uuid4()), {"os-stop": None})
    assert missing.status == 404 and "itemNotFound" in missing.json
    assert demo.action(server_id, {"explode": None}).status in (400, 404)


# ------------------------------------------------------------------ lock
def test_lock_refuses_actions_to_non_admins(demo, admin, image):
    server_id = demo.boot(image)
    old = demo.action(server_id, {"lock": {"locked_reason": "x"}}, mv="2.72")
    assert old.status == 400
    assert demo.action(server_id, {"lock": {"locked_reason": "maintenance"}}).status == 202
    locked = demo.show(server_id, "2.73")
    assert (locked["locked"], locked["locked_reason"]) == (True, "maintenance")
    for body in ({"os-stop": None}, {"reboot": {"type": "HARD"}}, {"pause": None},
                 {"resize": {"flavorRef": "2"}}, {"shelve": None}):
        conflict(demo.action(server_id, body), f"Instance {server_id} is locked")
    conflict(demo.call("DELETE", f"/servers/{server_id}"), f"Instance {server_id} is locked")
    listed = demo.call("GET", "/servers?locked=true", mv="2.73").json["servers"]
    assert server_id in {s["id"] for s in listed}
    # an admin is not held back by the lock
    assert admin.action(server_id, {"os-stop": None}).status == 202
    demo.wait(server_id, "SHUTOFF")
    assert demo.action(server_id, {"unlock": None}).status == 202
    assert demo.show(server_id)["locked"] is False
    # locked by an admin: only an admin unlocks
    assert admin.action(server_id, {"lock": None}).status == 202
    denied = demo.action(server_id, {"unlock": None})
    assert denied.status == 403 and "unlock_override" in denied.json["forbidden"]["message"]
    assert admin.action(server_id, {"unlock": None}).status == 202
    demo.delete(server_id)


# ------------------------------------------------------------------ shelve
def test_shelve_offload_and_unshelve(localcloud, demo, image):
    server_id = demo.boot(image)
    assert demo.action(server_id, {"shelve": None}).status == 202
    assert demo.show(server_id)["OS-EXT-STS:task_state"] == "shelving"
    offloaded = demo.wait(server_id, "SHELVED_OFFLOADED")
    assert offloaded["OS-EXT-STS:vm_state"] == "shelved_offloaded"
    assert offloaded["hostId"] == ""
    snapshots = localcloud.call(
        "GET", f"/image/v2/images?name={offloaded['name']}-shelved",
        token=demo.token).json["images"]
    assert len(snapshots) == 1
    snapshot = snapshots[0]
    assert snapshot["instance_uuid"] == server_id and snapshot["image_type"] == "snapshot"
    conflict(demo.action(server_id, {"shelveOffload": None}),
             f"Cannot 'shelveOffload' instance {server_id} while it is in vm_state "
             f"shelved_offloaded")
    assert demo.action(server_id, {"unshelve": None}).status == 202
    assert demo.show(server_id)["OS-EXT-STS:task_state"] in ("unshelving", "spawning")
    active = demo.wait(server_id, "ACTIVE")
    assert active["hostId"]
    gone = localcloud.call("GET", f"/image/v2/images/{snapshot['id']}", token=demo.token)
    assert gone.status == 404  # unshelve cleans up the snapshot
    conflict(demo.action(server_id, {"unshelve": None}),
             f"Cannot 'unshelve' instance {server_id} while it is in vm_state active")
    unknown_az = demo.action(server_id, {"unshelve": {"availability_zone": "x"}}, mv="2.77")
    assert unknown_az.status in (400, 409)
    demo.delete(server_id)


# ------------------------------------------------------------------ resize, rebuild
def test_resize_revert_and_confirm(demo, image):
    server_id = demo.boot(image)
    same = demo.action(server_id, {"resize": {"flavorRef": "1"}})
    assert same.status == 400
    assert same.json["badRequest"]["message"] == "When resizing, instances must change flavor!"
    assert demo.action(server_id, {"resize": {"flavorRef": "nope"}}).status == 400
    not_resized = demo.action(server_id, {"confirmResize": None})
    assert not_resized.status == 400
    assert not_resized.json["badRequest"]["message"] == "Instance has not been resized."
    assert demo.action(server_id, {"resize": {"flavorRef": "2"}}).status == 202
    assert demo.show(server_id)["status"] == "RESIZE"
    verify = demo.wait(server_id, "VERIFY_RESIZE")
    assert verify["flavor"]["original_name"] == "m1.small"
    assert verify["OS-EXT-STS:vm_state"] == "resized"
    assert demo.action(server_id, {"revertResize": None}).status == 202
    reverted = demo.wait(server_id, "ACTIVE")
    assert reverted["flavor"]["original_name"] == "m1.tiny"
    assert demo.action(server_id, {"resize": {"flavorRef": "2"}}).status == 202
    demo.wait(server_id, "VERIFY_RESIZE")
    assert demo.action(server_id, {"confirmResize": None}).status == 204
    confirmed = demo.wait(server_id, "ACTIVE")
    assert confirmed["flavor"]["original_name"] == "m1.small"
    legacy = demo.show(server_id, "2.46")["flavor"]
    assert legacy["id"] == "2"
    demo.delete(server_id)


def test_rebuild_answers_the_server_with_a_password(demo, image):
    server_id = demo.boot(image, metadata={"old": "1"})
    reply = demo.action(server_id, {"rebuild": {
        "imageRef": image, "name": "rebuilt", "metadata": {"new": "2"},
        "adminPass": "s3cret", "description": "again"}})
    assert reply.status == 202, reply.body
    server = reply.json["server"]
    validate("/v2.1/servers/{id}/action", "post", reply.json, "2.96")
    assert server["adminPass"] == "s3cret"
    assert (server["name"], server["metadata"], server["status"]) == (
        "rebuilt", {"new": "2"}, "REBUILD")
    assert "OS-EXT-STS:task_state" in server  # the full view from 2.75
    demo.wait(server_id, "ACTIVE")
    old = demo.action(server_id, {"rebuild": {"imageRef": image}}, mv="2.74")
    assert old.status == 202
    assert "OS-EXT-STS:task_state" not in old.json["server"]
    assert len(old.json["server"]["adminPass"]) >= 8
    demo.wait(server_id, "ACTIVE")
    assert demo.action(server_id, {"rebuild": {"imageRef": image, "user_data": "aGk="}},
                       mv="2.56").status == 400
    assert demo.action(server_id, {"rebuild": {"imageRef": image, "user_data": "aGk="}},
                       mv="2.57").status == 202
    demo.wait(server_id, "ACTIVE")
    assert demo.action(server_id, {"rebuild": {"imageRef": str(uuid.uuid4())}}).status == 400
    demo.delete(server_id)


# ------------------------------------------------------------------ images
def test_create_image_location_then_body(localcloud, demo, image):
    server_id = demo.boot(image)
    old = demo.action(server_id, {"createImage": {"name": "snap-old",
                                                  "metadata": {"purpose": "test"}}}, mv="2.44")
    assert old.status == 202 and not old.body
    location = old.header("location")
    assert location and "/image/v2/images/" in location
    image_id = location.rsplit("/", 1)[-1]
    assert demo.show(server_id)["OS-EXT-STS:task_state"] == "image_snapshot"
    conflict(demo.action(server_id, {"createImage": {"name": "busy"}}),
             f"Cannot 'createImage' instance {server_id} while it is in task_state "
             f"image_snapshot")
    demo.wait(server_id, "ACTIVE")
    snap = localcloud.call("GET", f"/image/v2/images/{image_id}", token=demo.token).json
    assert (snap["instance_uuid"], snap["purpose"], snap["base_image_ref"]) == (
        server_id, "test", image)
    new = demo.action(server_id, {"createImage": {"name": "snap-new"}}, mv="2.45")
    assert new.status == 202
    validate("/v2.1/servers/{id}/action", "post", new.json, "2.45")
    assert set(new.json) == {"image_id"} and new.header("location") is None
    demo.wait(server_id, "ACTIVE")
    assert demo.action(server_id, {"createImage": {}}).status == 400
    for ident in (image_id, new.json["image_id"]):
        localcloud.call("DELETE", f"/image/v2/images/{ident}", token=demo.token)
    demo.delete(server_id)


def test_create_backup_rotates(localcloud, demo, image):
    server_id = demo.boot(image)
    made = []
    for n in range(3):
        reply = demo.action(server_id, {"createBackup": {
            "name": f"backup-{n}", "backup_type": "daily", "rotation": 2}})
        assert reply.status == 202, reply.body
        made.append(reply.json["image_id"])
        demo.wait(server_id, "ACTIVE")
    backups = localcloud.call("GET", "/image/v2/images?visibility=private",
                              token=demo.token).json["images"]
    mine = {i["id"] for i in backups if i.get("instance_uuid") == server_id}
    assert mine == set(made[1:])
    assert demo.action(server_id, {"createBackup": {"name": "b", "backup_type": "daily"}}
                       ).status == 400
    for ident in made[1:]:
        localcloud.call("DELETE", f"/image/v2/images/{ident}", token=demo.token)
    demo.delete(server_id)


# ------------------------------------------------------------------ the other actions
def test_password_console_rescue_and_soft_delete_actions(demo, admin, image):
    server_id = demo.boot(image)
    assert demo.action(server_id, {"changePassword": {"adminPass": "n3w"}}).status == 202
    assert demo.show(server_id)["status"] == "PASSWORD"
    demo.wait(server_id, "ACTIVE")
    assert demo.action(server_id, {"changePassword": {}}).status == 400
    console = demo.action(server_id, {"os-getConsoleOutput": {"length": 3}})
    assert console.status == 200
    validate("/v2.1/servers/{id}/action", "post", console.json, "2.96")
    assert len(console.json["output"].splitlines()) == 3
    full = demo.action(server_id, {"os-getConsoleOutput": {}}).json["output"]
    assert server_id in full
    rescue = demo.action(server_id, {"rescue": {"adminPass": "r3scue"}})
    assert rescue.status == 200 and rescue.json == {"adminPass": "r3scue"}
    assert demo.wait(server_id, "RESCUE")["OS-EXT-STS:vm_state"] == "rescued"
    assert demo.action(server_id, {"unrescue": None}).status == 202
    demo.wait(server_id, "ACTIVE")
    conflict(demo.action(server_id, {"restore": None}),
             f"Cannot 'restore' instance {server_id} while it is in vm_state active")
    assert demo.action(server_id, {"trigger_crash_dump": None}, mv="2.17").status == 202
    assert demo.action(server_id, {"trigger_crash_dump": None}, mv="2.16").status == 400
    denied = demo.action(server_id, {"os-resetState": {"state": "error"}})
    assert denied.status == 403
    assert admin.action(server_id, {"os-resetState": {"state": "error"}}).status == 202
    assert demo.show(server_id)["status"] == "ERROR"
    assert admin.action(server_id, {"os-resetState": {"state": "active"}}).status == 202
    # Nova deletes at once in any vm_state when forced (not only soft-deleted servers).
    assert demo.action(server_id, {"forceDelete": None}).status == 202
    demo.cloud.wait_for(lambda: demo.call("GET", f"/servers/{server_id}").status == 404)


def test_migrations_are_for_admins(demo, admin, image):
    server_id = demo.boot(image)
    before = admin.show(server_id)["OS-EXT-SRV-ATTR:host"]
    assert demo.action(server_id, {"migrate": None}).status == 403
    assert admin.action(server_id, {"migrate": None}).status == 202
    moved = admin.wait(server_id, "VERIFY_RESIZE")
    assert moved["OS-EXT-SRV-ATTR:host"] != before
    assert admin.action(server_id, {"confirmResize": None}).status == 204
    admin.wait(server_id, "ACTIVE")
    here = admin.show(server_id)["OS-EXT-SRV-ATTR:host"]
    assert admin.action(server_id, {"os-migrateLive": {
        "host": None, "block_migration": "auto"}}, mv="2.25").status == 202
    assert admin.show(server_id)["status"] == "MIGRATING"
    live = admin.wait(server_id, "ACTIVE")
    assert live["OS-EXT-SRV-ATTR:host"] != here
    assert admin.action(server_id, {"migrate": {"host": "nowhere"}}, mv="2.56").status == 400
    demo.delete(server_id)


def test_security_group_actions(demo, image):
    server_id = demo.boot(image, networks="auto")
    added = demo.action(server_id, {"addSecurityGroup": {"name": "default"}})
    assert added.status == 202, added.body
    groups = demo.show(server_id).get("security_groups", [])
    assert {"name": "default"} in groups
    missing = demo.action(server_id, {"addSecurityGroup": {"name": f"no-{uuid.uuid4().hex}"}})
    assert missing.status in (400, 404)
    assert demo.action(server_id, {"addSecurityGroup": {}}).status == 400
    removed = demo.action(server_id, {"removeSecurityGroup": {"name": "default"}})
    assert removed.status == 202, removed.body
    assert {"name": "default"} not in demo.show(server_id).get("security_groups", [])
    demo.delete(server_id)


# ------------------------------------------------------------------ instance actions
def test_instance_actions_record_every_action(demo, admin, image):
    server_id = demo.boot(image)
    stop = demo.action(server_id, {"os-stop": None})
    stop_request = stop.header("x-openstack-request-id")
    demo.wait(server_id, "SHUTOFF")
    assert demo.action(server_id, {"os-start": None}).status == 202
    demo.wait(server_id, "ACTIVE")
    listed = demo.call("GET", f"/servers/{server_id}/os-instance-actions", mv="2.58")
    assert listed.status == 200
    validate("/v2.1/servers/{server_id}/os-instance-actions", "get", listed.json, "2.58")
    actions = listed.json["instanceActions"]
    assert [a["action"] for a in actions] == ["start", "stop", "create"]
    assert actions[1]["request_id"] == stop_request
    shown = demo.call("GET", f"/servers/{server_id}/os-instance-actions/{stop_request}",
                      mv="2.84")
    validate("/v2.1/servers/{server_id}/os-instance-actions/{id}", "get", shown.json, "2.84")
    event = shown.json["instanceAction"]["events"][0]
    assert (event["event"], event["result"]) == ("compute_stop_instance", "Success")
    assert event["finish_time"] and event["hostId"] and "host" not in event
    assert "traceback" not in event and event["details"] is None
    # events before 2.51 are for admins only
    old = demo.call("GET", f"/servers/{server_id}/os-instance-actions/{stop_request}",
                    mv="2.50").json["instanceAction"]
    assert "events" not in old
    as_admin = admin.call("GET", f"/servers/{server_id}/os-instance-actions/{stop_request}",
                          mv="2.62").json["instanceAction"]
    assert as_admin["events"][0]["host"].startswith("compute")
    paged = demo.call("GET", f"/servers/{server_id}/os-instance-actions?limit=1",
                      mv="2.58").json
    assert len(paged["instanceActions"]) == 1
    assert f"marker={actions[0]['request_id']}" in paged["links"][0]["href"]
    rest = demo.call("GET", f"/servers/{server_id}/os-instance-actions?marker="
                            f"{actions[0]['request_id']}", mv="2.58").json
    assert [a["action"] for a in rest["instanceActions"]] == ["stop", "create"]
    assert demo.call("GET", f"/servers/{server_id}/os-instance-actions?limit=0",
                     mv="2.58").json == {"instanceActions": []}
    assert demo.call("GET", f"/servers/{server_id}/os-instance-actions?marker=req-nope",
                     mv="2.58").status == 400
    assert demo.call("GET", f"/servers/{server_id}/os-instance-actions/req-nope"
                     ).status == 404
    demo.delete(server_id)
    demo.cloud.wait_for(lambda: demo.call("GET", f"/servers/{server_id}").status == 404)
    assert demo.call("GET", f"/servers/{server_id}/os-instance-actions",
                     mv="2.20").status == 404
    deleted = demo.call("GET", f"/servers/{server_id}/os-instance-actions", mv="2.21")
    assert deleted.status == 200
    assert deleted.json["instanceActions"][0]["action"] == "delete"


def test_rebuild_short_answer_before_2_75(demo, image, localcloud):
    """Nova's rebuild answer before 2.75: plain addresses (no OS-EXT-IPS attributes), plus
    key_name from 2.54 and user_data from 2.57."""
    private = localcloud.call("GET", "/network/v2.0/networks?name=private",
                              token=demo.token).json["networks"][0]["id"]
    server_id = demo.boot(image, networks=[{"uuid": private}])
    for mv, extra in (("2.1", set()), ("2.54", {"key_name"}),
                      ("2.57", {"key_name", "user_data"})):
        reply = demo.action(server_id, {"rebuild": {"imageRef": image}}, mv=mv)
        assert reply.status == 202, reply.body
        server = reply.json["server"]
        addresses = [a for items in server["addresses"].values() for a in items]
        assert addresses and all(set(a) == {"version", "addr"} for a in addresses)
        assert extra <= set(server) and not ({"key_name", "user_data"} - extra) & set(server)
        demo.wait(server_id, "ACTIVE")
    full = demo.action(server_id, {"rebuild": {"imageRef": image}}, mv="2.96").json["server"]
    assert "user_data" in full and "OS-EXT-STS:task_state" in full
    demo.wait(server_id, "ACTIVE")
    as_admin = Nova(localcloud, localcloud.token())
    full = as_admin.action(server_id, {"rebuild": {"imageRef": image}}, mv="2.75")
    assert "OS-EXT-SRV-ATTR:user_data" not in full.json["server"]  # only in show
    assert "OS-EXT-SRV-ATTR:host" in full.json["server"]
    demo.wait(server_id, "ACTIVE")
    demo.delete(server_id)


def test_resize_changes_the_disk_config(demo, image):
    server_id = demo.boot(image, **{"OS-DCF:diskConfig": "AUTO"})
    assert demo.action(server_id, {"resize": {"flavorRef": "2",
                                              "OS-DCF:diskConfig": "MANUAL"}}).status == 202
    assert demo.wait(server_id, "VERIFY_RESIZE")["OS-DCF:diskConfig"] == "MANUAL"
    assert demo.action(server_id, {"confirmResize": None}).status == 204
    demo.wait(server_id, "ACTIVE")
    demo.delete(server_id)


def test_access_ipv6_is_shown_compressed(demo, image):
    server_id = demo.boot(image, accessIPv6="0000:0000:0000:0000:0000:babe:220.12.22.2")
    assert demo.show(server_id)["accessIPv6"] == "::babe:dc0c:1602"
    demo.delete(server_id)
