"""Cinder behaviours and resources of the local cloud that Tempest checks, over raw HTTP:
what create and update answer (without the extensions' attributes), services and their
actions, hosts, pools and capabilities, volume actions (read-only flag, force detach, image
metadata), snapshot status updates, backups (update answer, restored metadata, export and
import), QoS specs, transfers, encryption specs, user messages and generic volume groups."""

from __future__ import annotations

import base64
import json
import uuid

import pytest
from tests.support.cinder import Cinder


@pytest.fixture(scope="module")
def demo(localcloud) -> Cinder:
    return Cinder(localcloud, "demo")


@pytest.fixture(scope="module")
def admin(localcloud) -> Cinder:
    return Cinder(localcloud, "admin")


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


EXTENSION_ATTRS = {"os-vol-tenant-attr:tenant_id", "os-vol-host-attr:host",
                   "os-vol-mig-status-attr:migstat", "volume_image_metadata"}


def test_create_and_update_answer_without_extension_attributes(admin):
    created = admin.ok("POST", "/volumes", {"volume": {"size": 1, "imageRef":
                                                       "6f1ad2f8-5fa2-4b67-9d16-0c1e0dbd9a1a"}},
                       202)["volume"]
    assert not EXTENSION_ATTRS & set(created)
    admin.wait(created["id"], "available")
    shown = admin.show(created["id"])
    assert set(shown) >= EXTENSION_ATTRS
    updated = admin.ok("PUT", f"/volumes/{created['id']}", {"volume": {"name": "u"}})["volume"]
    assert not EXTENSION_ATTRS & set(updated)
    snapshot = admin.ok("POST", "/snapshots", {"snapshot": {"volume_id": created["id"]}},
                        202)["snapshot"]
    assert not any(k.startswith("os-extended-snapshot") for k in snapshot)
    shown = admin.wait(snapshot["id"], "available", "snapshots")
    assert "os-extended-snapshot-attributes:progress" in shown
    # a null volume_id names no volume: 404
    admin.fault("POST", "/snapshots", {"snapshot": {"volume_id": None}}, status=404)
    admin.ok("DELETE", f"/snapshots/{snapshot['id']}", status=202)
    admin.gone(snapshot["id"], "snapshots")
    admin.delete(created["id"])


def test_volume_type_create_and_update_answers(admin):
    created = admin.ok("POST", "/types", {"volume_type": {"name": unique("t")}})["volume_type"]
    assert "qos_specs_id" not in created and "os-volume-type-access:is_public" in created
    updated = admin.ok("PUT", f"/types/{created['id']}", {"volume_type": {
        "description": "d"}})["volume_type"]
    assert "qos_specs_id" not in updated and "os-volume-type-access:is_public" not in updated
    assert admin.ok("GET", f"/types/{created['id']}")["volume_type"]["qos_specs_id"] is None
    admin.ok("DELETE", f"/types/{created['id']}", status=202)


def test_services_by_host_and_their_actions(admin, demo):
    volume_services = admin.ok("GET", "/os-services?host=localcloud&binary=cinder-volume")
    assert [s["host"] for s in volume_services["services"]] == ["localcloud@lvmdriver-1"]
    assert len(admin.ok("GET", "/os-services?host=localcloud")["services"]) == 3
    body = {"host": "localcloud", "binary": "cinder-backup", "disabled_reason": "maintenance"}
    answer = admin.ok("PUT", "/os-services/disable-log-reason", body)
    assert (answer["disabled"], answer["disabled_reason"]) == (True, "maintenance")
    backup = admin.ok("GET", "/os-services?binary=cinder-backup")["services"][0]
    assert (backup["status"], backup["disabled_reason"]) == ("disabled", "maintenance")
    assert admin.ok("PUT", "/os-services/enable", {"host": "localcloud",
                                                   "binary": "cinder-backup"})["disabled"] is False
    admin.fault("PUT", "/os-services/disable-log-reason",
                {"host": "localcloud", "binary": "cinder-backup", "disabled_reason": None})
    admin.fault("PUT", "/os-services/enable", {"host": "nowhere", "binary": "cinder-backup"},
                status=404)
    admin.fault("PUT", "/os-services/freeze", {"host": "nowhere"})
    admin.ok("PUT", "/os-services/freeze", {"host": "localcloud@lvmdriver-1"})
    assert admin.ok("GET", "/os-services?binary=cinder-volume")["services"][0]["frozen"]
    admin.ok("PUT", "/os-services/thaw", {"host": "localcloud@lvmdriver-1"})
    demo.fault("PUT", "/os-services/enable", {"host": "localcloud", "binary": "x"}, status=403)


def test_hosts_pools_and_capabilities(admin, demo):
    hosts = admin.ok("GET", "/os-hosts")["hosts"]
    assert {h["service"] for h in hosts} == {"cinder-scheduler", "cinder-volume",
                                             "cinder-backup"}
    volume_host = next(h["host_name"] for h in hosts if h["service"] == "cinder-volume")
    detail = admin.ok("GET", f"/os-hosts/{volume_host}")["host"]
    assert detail[0]["resource"]["project"] == "(total)"
    pools = admin.ok("GET", "/scheduler-stats/get_pools")["pools"]
    assert [set(p) for p in pools] == [{"name"}]
    [pool] = admin.ok("GET", "/scheduler-stats/get_pools?detail=true")["pools"]
    caps = admin.ok("GET", f"/capabilities/{pool['name']}")
    for key in ("vendor_name", "volume_backend_name", "storage_protocol"):
        assert caps[key] == pool["capabilities"][key]
    assert caps["namespace"].startswith("OS::Storage::Capabilities::")
    demo.fault("GET", "/os-hosts", status=403)
    names = {e["name"] for e in demo.ok("GET", "/extensions")["extensions"]}
    assert "Hosts" in names


def test_volume_actions_readonly_force_detach_image_metadata(admin, demo):
    volume = demo.volume()
    path = f"/volumes/{volume['id']}/action"
    for flag in (True, False):
        demo.ok("POST", path, {"os-update_readonly_flag": {"readonly": flag}}, 202)
        assert demo.show(volume["id"])["metadata"]["readonly"] == str(flag)
    set_answer = demo.ok("POST", path, {"os-set_image_metadata": {"metadata": {
        "image_name": "x", "kernel_id": "k"}}})
    assert set_answer["metadata"] == {"image_name": "x", "kernel_id": "k"}
    demo.ok("POST", path, {"os-unset_image_metadata": {"key": "kernel_id"}})
    shown = demo.ok("POST", path, {"os-show_image_metadata": None})["metadata"]
    assert shown == {"image_name": "x"}
    demo.fault("POST", path, {"os-unset_image_metadata": {"key": "nope"}}, status=404)
    server_id = str(uuid.uuid4())
    demo.ok("POST", path, {"os-attach": {"instance_uuid": server_id,
                                         "mountpoint": "/dev/vdb"}}, 202)
    attached = demo.wait(volume["id"], "in-use")
    attachment = attached["attachments"][0]["attachment_id"]
    demo.fault("POST", path, {"os-force_detach": {"attachment_id": attachment}}, status=403)
    admin.ok("POST", path, {"os-force_detach": {"attachment_id": attachment,
                                                "connector": None}}, 202)
    detached = demo.wait(volume["id"], "available")
    assert detached["attachments"] == []
    demo.delete(volume["id"])


def test_snapshot_status_update(admin, demo):
    volume = demo.volume()
    snapshot = demo.snapshot(volume["id"])
    path = f"/snapshots/{snapshot['id']}/action"
    demo.fault("POST", path, {"os-update_snapshot_status": {"status": "error"}})
    admin.ok("POST", path, {"os-reset_status": {"status": "creating"}}, 202)
    demo.ok("POST", path, {"os-update_snapshot_status": {"status": "error",
                                                         "progress": "80%"}}, 202)
    shown = admin.ok("GET", f"/snapshots/{snapshot['id']}")["snapshot"]
    assert (shown["status"], shown["os-extended-snapshot-attributes:progress"]) == (
        "error", "80%")
    demo.ok("DELETE", f"/snapshots/{snapshot['id']}", status=202)
    demo.gone(snapshot["id"], "snapshots")
    demo.delete(volume["id"])


def test_backups_update_restore_export_import(admin, demo):
    volume = demo.volume(metadata={"k": "v"})
    backup = demo.ok("POST", "/backups", {"backup": {"volume_id": volume["id"],
                                                     "name": "b"}}, 202)["backup"]
    demo.wait(backup["id"], "available", "backups")
    updated = demo.ok("PUT", f"/backups/{backup['id']}", {"backup": {"name": "n"}})["backup"]
    assert set(updated) <= {"id", "name", "links", "metadata"} and updated["name"] == "n"
    restore = demo.ok("POST", f"/backups/{backup['id']}/restore", {"restore": {}},
                      202)["restore"]
    restored = demo.wait(restore["volume_id"], "available")
    assert restored["metadata"] == {"k": "v"}
    demo.wait(backup["id"], "available", "backups")
    record = admin.ok("GET", f"/backups/{backup['id']}/export_record")["backup-record"]
    assert record["backup_service"].startswith("cinder.backup.drivers")
    fields = json.loads(base64.b64decode(record["backup_url"]))
    fields["id"] = str(uuid.uuid4())
    url = base64.b64encode(json.dumps(fields).encode()).decode()
    imported = admin.ok("POST", "/backups/import_record", {"backup-record": {
        "backup_service": record["backup_service"], "backup_url": url}}, 201)["backup"]
    assert imported["id"] == fields["id"]
    assert admin.ok("GET", f"/backups/{fields['id']}")["backup"]["status"] == "available"
    # it is the importer's: listed in the admin's project
    assert fields["id"] in {b["id"] for b in admin.ok("GET", "/backups")["backups"]}
    admin.fault("POST", "/backups/import_record", {"backup-record": {
        "backup_service": record["backup_service"], "backup_url": record["backup_url"]}})
    demo.fault("GET", f"/backups/{backup['id']}/export_record", status=403)
    for backup_id in (backup["id"], fields["id"]):
        admin.ok("DELETE", f"/backups/{backup_id}", status=202)
        admin.gone(backup_id, "backups")
    demo.delete(restored["id"])
    demo.delete(volume["id"])


def test_qos_specs_and_their_associations(admin, demo):
    created = admin.ok("POST", "/qos-specs", {"qos_specs": {
        "name": unique("qos"), "consumer": "front-end", "read_iops_sec": "2000"}})
    qos = created["qos_specs"]
    assert qos["specs"] == {"read_iops_sec": "2000"} and created["links"]
    path = f"/qos-specs/{qos['id']}"
    assert admin.ok("PUT", path, {"qos_specs": {"iops": "1"}}) == {"qos_specs": {"iops": "1"}}
    admin.ok("PUT", f"{path}/delete_keys", {"keys": ["iops"]}, 202)
    assert admin.ok("GET", path)["qos_specs"]["specs"] == {"read_iops_sec": "2000"}
    volume_type = admin.ok("POST", "/types", {"volume_type": {"name": unique("t")}})[
        "volume_type"]
    admin.ok("GET", f"{path}/associate?vol_type_id={volume_type['id']}", status=202)
    assert admin.ok("GET", f"{path}/associations")["qos_associations"] == [
        {"association_type": "volume_type", "id": volume_type["id"],
         "name": volume_type["name"]}]
    assert admin.ok("GET", f"/types/{volume_type['id']}")["volume_type"]["qos_specs_id"] == \
        qos["id"]
    admin.fault("DELETE", f"{path}?force=False")  # still associated
    admin.ok("GET", f"{path}/disassociate_all", status=202)
    admin.ok("DELETE", path, status=202)
    admin.fault("GET", path, status=404)
    demo.fault("GET", "/qos-specs", status=403)
    admin.ok("DELETE", f"/types/{volume_type['id']}", status=202)


@pytest.mark.parametrize("base,mv", [("/os-volume-transfer", "3.0"),
                                     ("/volume-transfers", "3.57")])
def test_transfers_move_a_volume_to_another_project(admin, demo, base, mv):
    giver = demo.at(mv)
    volume = giver.volume()
    created = giver.ok("POST", base, {"transfer": {"volume_id": volume["id"], "name": "t"}},
                       202)["transfer"]
    assert created["auth_key"] and giver.show(volume["id"])["status"] == "awaiting-transfer"
    assert ("accepted" in created) == (mv == "3.57")
    assert created["id"] in {t["id"] for t in giver.ok("GET", f"{base}/detail")["transfers"]}
    taker = admin.at(mv)
    taker.fault("POST", f"{base}/{created['id']}/accept", {"accept": {"auth_key": "wrong"}})
    accepted = taker.ok("POST", f"{base}/{created['id']}/accept",
                        {"accept": {"auth_key": created["auth_key"]}}, 202)["transfer"]
    assert accepted["volume_id"] == volume["id"]
    moved = taker.show(volume["id"])
    assert (moved["status"], moved["os-vol-tenant-attr:tenant_id"]) == ("available",
                                                                        taker.project)
    assert giver.call("GET", f"/volumes/{volume['id']}").status == 404
    # a transfer deleted before acceptance gives the volume back
    other = giver.volume()
    pending = giver.ok("POST", base, {"transfer": {"volume_id": other["id"]}}, 202)["transfer"]
    giver.ok("DELETE", f"{base}/{pending['id']}", status=202)
    assert giver.show(other["id"])["status"] == "available"
    taker.delete(volume["id"])
    giver.delete(other["id"])


def test_encryption_specs_of_a_type(admin):
    volume_type = admin.ok("POST", "/types", {"volume_type": {"name": unique("enc")}})[
        "volume_type"]
    path = f"/types/{volume_type['id']}/encryption"
    assert admin.ok("GET", path) == {}
    spec = {"provider": "luks", "cipher": "aes-xts-plain64", "key_size": 256,
            "control_location": "front-end"}
    created = admin.ok("POST", path, {"encryption": spec})["encryption"]
    assert {k: created[k] for k in spec} == spec
    encryption_id = created["encryption_id"]
    admin.ok("PUT", f"{path}/{encryption_id}", {"encryption": {"key_size": 128}})
    assert admin.ok("GET", path)["key_size"] == 128
    assert admin.ok("GET", f"{path}/cipher") == {"cipher": "aes-xts-plain64"}
    admin.fault("POST", path, {"encryption": {"provider": "luks",
                                              "control_location": "nowhere"}})
    admin.ok("DELETE", f"{path}/{encryption_id}", status=202)
    assert admin.ok("GET", path) == {}
    admin.ok("DELETE", f"/types/{volume_type['id']}", status=202)


def test_unschedulable_type_fails_the_volume_with_a_message(admin):
    volume_type = admin.ok("POST", "/types", {"volume_type": {
        "name": unique("bad"), "extra_specs": {"storage_protocol": "nope"}}})["volume_type"]
    volume = admin.volume(wait=False, volume_type=volume_type["id"])
    admin.wait(volume["id"], "error")
    messages = admin.ok("GET", "/messages")["messages"]
    [message] = [m for m in messages if m["resource_uuid"] == volume["id"]]
    assert message["event_id"] == "VOLUME_VOLUME_001_002"
    assert admin.ok("GET", f"/messages/{message['id']}")["message"]["id"] == message["id"]
    admin.ok("DELETE", f"/messages/{message['id']}", status=204)
    admin.fault("GET", f"/messages/{message['id']}", status=404)
    admin.at("3.0").fault("GET", "/messages", status=404)
    admin.delete(volume["id"])
    admin.gone(volume["id"])
    admin.ok("DELETE", f"/types/{volume_type['id']}", status=202)


def test_groups_group_types_and_group_snapshots(admin):
    group_type = admin.ok("POST", "/group_types", {"group_type": {
        "name": unique("gt"), "group_specs": {"a": "1"}}}, 202)["group_type"]
    gt_path = f"/group_types/{group_type['id']}"
    assert admin.ok("POST", f"{gt_path}/group_specs", {"group_specs": {"b": "2"}}, 202) == {
        "group_specs": {"b": "2"}}
    assert admin.ok("GET", f"{gt_path}/group_specs")["group_specs"] == {"a": "1", "b": "2"}
    assert admin.ok("PUT", f"{gt_path}/group_specs/b", {"b": "3"}) == {"b": "3"}
    admin.ok("DELETE", f"{gt_path}/group_specs/a", status=202)
    admin.fault("GET", f"{gt_path}/group_specs/a", status=404)
    volume_type = admin.ok("POST", "/types", {"volume_type": {"name": unique("t")}})[
        "volume_type"]
    group = admin.ok("POST", "/groups", {"group": {
        "group_type": group_type["id"], "volume_types": [volume_type["id"]],
        "name": "g"}}, 202)["group"]
    volume = admin.volume(volume_type=volume_type["id"], group_id=group["id"])
    assert volume["group_id"] == group["id"]
    admin.fault("POST", "/volumes", {"volume": {"size": 1, "group_id": group["id"]}})
    shown = admin.ok("GET", f"/groups/{group['id']}?list_volume=true")["group"]
    assert (shown["status"], shown["volumes"]) == ("available", [volume["id"]])
    snap = admin.ok("POST", "/group_snapshots", {"group_snapshot": {
        "group_id": group["id"], "name": "gs"}}, 202)["group_snapshot"]
    assert snap["group_type_id"] == group_type["id"]
    copy = admin.ok("POST", "/groups/action", {"create-from-src": {
        "group_snapshot_id": snap["id"], "name": "copy"}}, 202)["group"]
    copies = admin.ok("GET", f"/volumes/detail?group_id={copy['id']}")["volumes"]
    assert len(copies) == 1
    admin.wait(copies[0]["id"], "available")
    admin.ok("POST", f"/group_snapshots/{snap['id']}/action",
             {"reset_status": {"status": "error"}}, 202)
    admin.ok("DELETE", f"/group_snapshots/{snap['id']}", status=202)
    admin.fault("GET", f"/group_snapshots/{snap['id']}", status=404)
    admin.ok("PUT", f"/groups/{group['id']}", {"group": {"remove_volumes": volume["id"]}},
             202)
    assert admin.show(volume["id"])["group_id"] is None
    admin.fault("DELETE", gt_path)  # groups still use it
    for group_id in (group["id"], copy["id"]):
        admin.ok("POST", f"/groups/{group_id}/action", {"delete": {"delete-volumes": True}},
                 202)
        admin.fault("GET", f"/groups/{group_id}", status=404)
    admin.delete(volume["id"])
    for copied in copies:
        admin.gone(copied["id"])
    admin.gone(volume["id"])
    admin.ok("DELETE", gt_path, status=202)
    admin.ok("DELETE", f"/types/{volume_type['id']}", status=202)


def test_retype_shows_the_new_type_only_when_done(demo):
    volume = demo.volume()
    assert volume["volume_type"] == "__DEFAULT__"
    demo.ok("POST", f"/volumes/{volume['id']}/action",
            {"os-retype": {"new_type": "lvmdriver-1"}}, 202)
    shown = demo.show(volume["id"])
    # never the new type while still retyping (a waiter on the type may then delete it)
    assert (shown["status"], shown["volume_type"]) in (("retyping", "__DEFAULT__"),
                                                       ("available", "lvmdriver-1"))
    assert demo.wait(volume["id"], "available")["volume_type"] == "lvmdriver-1"
    demo.delete(volume["id"])
