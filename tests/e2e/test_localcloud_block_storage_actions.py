"""Cinder v3 volume actions of the local cloud over raw HTTP (extend, state changes, the
rules of delete) and volume metadata.
"""

from __future__ import annotations

import uuid

import pytest
from tests.support.cinder import Cinder, action, check


@pytest.fixture(scope="module")
def demo(localcloud) -> Cinder:
    return Cinder(localcloud, "demo")


@pytest.fixture(scope="module")
def admin(localcloud) -> Cinder:
    return Cinder(localcloud, "admin")


def test_extend(demo):
    volume = demo.volume(size=1)
    action(demo, volume["id"], {"os-extend": {"new_size": 3}})
    assert demo.show(volume["id"])["status"] == "extending"
    extended = demo.wait(volume["id"], "available")
    assert extended["size"] == 3
    message = demo.fault("POST", f"/volumes/{volume['id']}/action",
                         {"os-extend": {"new_size": 2}})
    assert message.startswith("Invalid input received: New size for extend must be greater")
    assert "new_size" in demo.fault("POST", f"/volumes/{volume['id']}/action",
                                    {"os-extend": {"new_size": "big"}})
    assert "new_size" in demo.fault("POST", f"/volumes/{volume['id']}/action",
                                    {"os-extend": {}})
    # in-use volumes extend from 3.42 only
    action(demo, volume["id"], {"os-attach": {"instance_uuid": str(uuid.uuid4()),
                                              "mountpoint": "/dev/vdb"}})
    assert demo.show(volume["id"])["status"] == "in-use"
    message = demo.at("3.41").fault("POST", f"/volumes/{volume['id']}/action",
                                    {"os-extend": {"new_size": 4}})
    assert message.startswith("Invalid volume:") and "in-use" in message
    action(demo.at("3.42"), volume["id"], {"os-extend": {"new_size": 4}})
    assert demo.wait(volume["id"], "in-use")["size"] == 4
    action(demo, volume["id"], {"os-detach": {}})
    assert demo.show(volume["id"])["status"] == "available"
    demo.delete(volume["id"])


def test_state_actions(demo, admin):
    volume = demo.volume()
    vid = volume["id"]
    action(demo, vid, {"os-set_bootable": {"bootable": True}}, status=200)
    assert demo.show(vid)["bootable"] == "true"
    action(demo, vid, {"os-set_bootable": {"bootable": "false"}}, status=200)
    assert demo.show(vid)["bootable"] == "false"
    action(demo, vid, {"os-update_readonly_flag": {"readonly": True}})
    action(demo, vid, {"os-retype": {"new_type": "lvmdriver-1", "migration_policy": "never"}})
    assert demo.wait(vid, "available")["volume_type"] == "lvmdriver-1"
    assert "same type" in demo.fault("POST", f"/volumes/{vid}/action",
                                     {"os-retype": {"new_type": "lvmdriver-1"}})
    assert demo.fault("POST", f"/volumes/{vid}/action", {"os-retype": {"new_type": "nope"}},
                      status=404)
    # reserve / unreserve, begin / roll detaching
    action(demo, vid, {"os-reserve": None})
    assert demo.show(vid)["status"] == "attaching"
    action(demo, vid, {"os-unreserve": None})
    assert demo.show(vid)["status"] == "available"
    action(demo, vid, {"os-attach": {"instance_uuid": str(uuid.uuid4()),
                                     "mountpoint": "/dev/vdc", "mode": "rw"}})
    shown = demo.show(vid)
    assert shown["status"] == "in-use" and shown["attachments"][0]["device"] == "/dev/vdc"
    assert shown["attachments"][0]["host_name"] is None  # admins only
    action(demo, vid, {"os-begin_detaching": None})
    assert demo.show(vid)["status"] == "detaching"
    action(demo, vid, {"os-roll_detaching": None})
    assert demo.show(vid)["status"] == "in-use"
    connection = action(demo, vid, {"os-initialize_connection": {"connector": {
        "host": "h"}}}, status=200).json
    assert connection["connection_info"]["data"]["volume_id"] == vid
    action(demo, vid, {"os-detach": {"attachment_id": shown["attachments"][0][
        "attachment_id"]}})
    assert demo.show(vid)["status"] == "available"
    # admin-only actions and Cinder's 400s
    assert demo.fault("POST", f"/volumes/{vid}/action",
                      {"os-reset_status": {"status": "error"}}, status=403)
    action(admin, vid, {"os-reset_status": {"status": "error"}})
    assert demo.show(vid)["status"] == "error"
    assert "valid status" in admin.fault("POST", f"/volumes/{vid}/action",
                                         {"os-reset_status": {"status": "sleepy"}})
    assert demo.fault("POST", f"/volumes/{vid}/action", {"os-dance": {}}) == (
        "There is no such action: os-dance")
    assert demo.fault("POST", f"/volumes/{vid}/action", {"a": 1, "b": 2}) == (
        "Malformed request body")
    assert demo.fault("POST", f"/volumes/{uuid.uuid4()}/action", {"os-reserve": None},
                      status=404)
    action(admin, vid, {"os-force_delete": None})
    demo.gone(vid)


def test_delete_rules(demo, admin):
    volume = demo.volume()
    vid = volume["id"]
    action(demo, vid, {"os-attach": {"instance_uuid": str(uuid.uuid4()),
                                     "mountpoint": "/dev/vdb"}})
    message = demo.fault("DELETE", f"/volumes/{vid}")
    assert message.startswith("Invalid volume: Volume status must be available or error")
    action(demo, vid, {"os-detach": None})
    snapshot = demo.snapshot(vid)
    message = demo.fault("DELETE", f"/volumes/{vid}")
    assert message == "Invalid volume: Volume still has 1 dependent snapshots."
    assert demo.fault("DELETE", f"/volumes/{vid}?force=true", status=403)
    reply = demo.call("DELETE", f"/volumes/{vid}?cascade=true")
    assert reply.status == 202
    assert demo.call("GET", f"/snapshots/{snapshot['id']}").json["snapshot"]["status"] == (
        "deleting")
    demo.gone(vid)
    demo.gone(snapshot["id"], "snapshots")
    # a volume still creating cannot be deleted
    creating = demo.volume(wait=False)
    assert demo.fault("DELETE", f"/volumes/{creating['id']}").startswith("Invalid volume:")
    demo.wait(creating["id"], "available")
    demo.delete(creating["id"])


# ------------------------------------------------------------------ metadata
def test_volume_metadata(demo):
    vid = demo.volume(metadata={"a": "1"})["id"]
    base = f"/volumes/{vid}/metadata"
    assert demo.ok("GET", base, spec="/volumes/{volume_id}/metadata") == {"metadata": {"a": "1"}}
    merged = demo.ok("POST", base, {"metadata": {"b": "2"}})
    check("/volumes/{volume_id}/metadata", "post", merged, demo.mv)
    assert merged == {"metadata": {"a": "1", "b": "2"}}
    assert demo.ok("GET", f"{base}/b", spec="/volumes/{volume_id}/metadata/{id}") == {
        "meta": {"b": "2"}}
    assert demo.ok("PUT", f"{base}/b", {"meta": {"b": "3"}},
                   spec="/volumes/{volume_id}/metadata/{id}") == {"meta": {"b": "3"}}
    assert demo.fault("PUT", f"{base}/b", {"meta": {"c": "3"}}) == "Request body and URI mismatch"
    assert demo.fault("PUT", f"{base}/b", {"meta": {"b": "3", "c": "4"}}) == (
        "Request body contains too many items")
    replaced = demo.ok("PUT", base, {"metadata": {"z": "9"}},
                       spec="/volumes/{volume_id}/metadata")
    assert replaced == {"metadata": {"z": "9"}}
    reply = demo.call("DELETE", f"{base}/z")
    assert reply.status == 200
    assert demo.fault("GET", f"{base}/z", status=404) == "Metadata item was not found"
    assert demo.fault("DELETE", f"{base}/z", status=404)
    assert "metadata" in demo.fault("POST", base, {"metadata": {"k": ["list"]}})
    assert demo.fault("POST", base, {"other": {}})
    demo.delete(vid)
