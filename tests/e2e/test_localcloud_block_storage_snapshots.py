"""Cinder v3 snapshots and backups of the local cloud over raw HTTP, validated against the
block storage OpenAPI spec at the microversion requested.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from tests.support.cinder import Cinder, action, check


@pytest.fixture(scope="module")
def demo(localcloud) -> Cinder:
    return Cinder(localcloud, "demo")


@pytest.fixture(scope="module")
def admin(localcloud) -> Cinder:
    return Cinder(localcloud, "admin")


# ------------------------------------------------------------------ snapshots
@pytest.mark.parametrize("mv", ["3.0", "3.14", "3.41", "3.65", "3.70"])
def test_snapshots(demo, mv):
    who = demo.at(mv)
    volume = who.volume(size=2)
    snapshot = who.snapshot(volume["id"], description="d", metadata={"k": "v"})
    assert (snapshot["size"], snapshot["volume_id"], snapshot["metadata"]) == (
        2, volume["id"], {"k": "v"})
    shown = who.ok("GET", f"/snapshots/{snapshot['id']}", spec="/snapshots/{id}")["snapshot"]
    assert shown["os-extended-snapshot-attributes:progress"] == "100%"
    assert shown["os-extended-snapshot-attributes:project_id"] == who.project
    assert ("user_id" in shown) == (tuple(map(int, mv.split("."))) >= (3, 41))
    listed = who.ok("GET", "/snapshots")["snapshots"]
    assert snapshot["id"] in {s["id"] for s in listed}
    detail = who.ok("GET", f"/snapshots/detail?volume_id={volume['id']}",
                    spec="/snapshots/detail")["snapshots"]
    assert [s["id"] for s in detail] == [snapshot["id"]]
    updated = who.ok("PUT", f"/snapshots/{snapshot['id']}", {"snapshot": {"name": "renamed"}},
                     spec="/snapshots/{id}")["snapshot"]
    assert updated["name"] == "renamed"
    base = f"/snapshots/{snapshot['id']}/metadata"
    assert who.ok("POST", base, {"metadata": {"x": "y"}})["metadata"] == {"k": "v", "x": "y"}
    assert who.ok("GET", f"{base}/x") == {"meta": {"x": "y"}}
    assert who.call("DELETE", f"{base}/x").status == 200
    reply = who.call("DELETE", f"/snapshots/{snapshot['id']}")
    assert reply.status == 202
    who.gone(snapshot["id"], "snapshots")
    who.delete(volume["id"])


def test_snapshot_rules(demo, admin):
    volume = demo.volume()
    vid = volume["id"]
    action(demo, vid, {"os-attach": {"instance_uuid": str(uuid.uuid4()),
                                     "mountpoint": "/dev/vdb"}})
    message = demo.fault("POST", "/snapshots", {"snapshot": {"volume_id": vid}})
    assert message.startswith("Invalid volume:") and "in-use" in message
    forced = demo.snapshot(vid, force=True)
    assert "volume_id" in demo.fault("POST", "/snapshots", {"snapshot": {"name": "x"}})
    assert demo.fault("POST", "/snapshots", {"snapshot": {"volume_id": str(uuid.uuid4())}},
                      status=404)
    assert "force" in demo.fault("POST", "/snapshots", {"snapshot": {"volume_id": vid,
                                                                     "force": "perhaps"}})
    assert demo.fault("GET", f"/snapshots/{uuid.uuid4()}", status=404).startswith("Snapshot ")
    assert admin.call("GET", f"/snapshots/{forced['id']}").status == 200
    assert demo.fault("POST", f"/snapshots/{forced['id']}/action",
                      {"os-reset_status": {"status": "error"}}, status=403)
    reply = admin.call("POST", f"/snapshots/{forced['id']}/action",
                       {"os-reset_status": {"status": "error"}})
    assert reply.status == 202
    assert demo.wait(forced["id"], "error", "snapshots")
    action(demo, vid, {"os-detach": None})
    demo.delete(vid)


# ------------------------------------------------------------------ backups
@pytest.mark.parametrize("mv", ["3.0", "3.43", "3.70"])
def test_backups(demo, admin, mv):
    who = demo.at(mv)
    version = tuple(map(int, mv.split(".")))
    volume = who.volume(size=2)
    body: dict[str, Any] = {"volume_id": volume["id"], "name": "full", "description": "d"}
    if version >= (3, 43):
        body["metadata"] = {"k": "v"}
    created = who.ok("POST", "/backups", {"backup": body}, 202, spec="/backups")["backup"]
    assert set(created) == {"id", "name", "links"}
    assert who.show(volume["id"])["status"] == "backing-up"
    full = who.wait(created["id"], "available", "backups")
    check("/backups/{id}", "get", {"backup": full}, mv)
    assert (full["size"], full["volume_id"], full["is_incremental"]) == (2, volume["id"], False)
    assert ("metadata" in full) == (version >= (3, 43))
    assert "os-backup-project-attr:project_id" not in full  # admins only
    assert who.wait(volume["id"], "available")
    incremental = who.ok("POST", "/backups", {"backup": {
        "volume_id": volume["id"], "incremental": True}}, 202)["backup"]
    who.wait(incremental["id"], "available", "backups")
    listed = who.ok("GET", f"/backups/detail?volume_id={volume['id']}&sort=created_at:asc",
                    spec="/backups/detail")["backups"]
    assert [(b["id"], b["is_incremental"], b["has_dependent_backups"]) for b in listed] == [
        (full["id"], False, True), (incremental["id"], True, False)]
    assert {b["id"] for b in who.ok("GET", "/backups", spec="/backups")["backups"]} >= {
        full["id"], incremental["id"]}
    assert who.fault("DELETE", f"/backups/{full['id']}") == (
        "Invalid backup: Incremental backups exist for this backup.")
    if version >= (3, 9):
        renamed = who.ok("PUT", f"/backups/{full['id']}", {"backup": {"name": "renamed"}},
                         spec="/backups/{id}")["backup"]
        assert renamed["name"] == "renamed"
    else:
        assert who.fault("PUT", f"/backups/{full['id']}", {"backup": {"name": "x"}},
                         status=404)
    # restore into a new volume, then into an existing one
    restored = who.ok("POST", f"/backups/{full['id']}/restore", {"restore": {"name": "back"}},
                      202, spec="/backups/{id}/restore")["restore"]
    assert restored["backup_id"] == full["id"] and restored["volume_name"] == "back"
    assert who.show(restored["volume_id"])["status"] == "restoring-backup"
    assert who.wait(restored["volume_id"], "available")["size"] == 2
    who.wait(full["id"], "available", "backups")
    small = who.volume(size=1)
    assert "too small" in who.fault("POST", f"/backups/{full['id']}/restore",
                                    {"restore": {"volume_id": small["id"]}})
    # errors, admin actions, deletion
    assert "force flag" in (who.fault("POST", "/backups", {"backup": {
        "volume_id": _attached(who, small["id"])}}))
    assert "No backups available" in who.fault("POST", "/backups", {"backup": {
        "volume_id": restored["volume_id"], "incremental": True}})
    assert who.fault("GET", f"/backups/{uuid.uuid4()}", status=404).startswith("Backup ")
    assert who.fault("POST", f"/backups/{full['id']}/action",
                     {"os-reset_status": {"status": "error"}}, status=403)
    assert admin.call("POST", f"/backups/{full['id']}/action",
                      {"os-reset_status": {"status": "error"}}).status == 202
    assert who.wait(full["id"], "error", "backups")
    for backup in (incremental, full):
        assert who.call("DELETE", f"/backups/{backup['id']}").status == 202
        who.gone(backup["id"], "backups")
    action(who, small["id"], {"os-detach": None})
    for each in (volume["id"], small["id"], restored["volume_id"]):
        who.delete(each)


def _attached(who: Cinder, volume_id: str) -> str:
    action(who, volume_id, {"os-attach": {"instance_uuid": str(uuid.uuid4()),
                                          "mountpoint": "/dev/vdb"}})
    return volume_id
