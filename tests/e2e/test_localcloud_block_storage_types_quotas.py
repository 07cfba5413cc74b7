"""Cinder v3 volume types, limits, availability zones, services and quotas (enforced with
413) of the local cloud over raw HTTP.
"""

from __future__ import annotations

import uuid

import pytest
from tests.support.cinder import Cinder


@pytest.fixture(scope="module")
def demo(localcloud) -> Cinder:
    return Cinder(localcloud, "demo")


@pytest.fixture(scope="module")
def admin(localcloud) -> Cinder:
    return Cinder(localcloud, "admin")


# ------------------------------------------------------------------ volume types
def test_volume_types(demo, admin):
    listed = demo.ok("GET", "/types", spec="/types")["volume_types"]
    by_name = {t["name"]: t for t in listed}
    assert {"__DEFAULT__", "lvmdriver-1"} <= set(by_name)
    assert by_name["lvmdriver-1"]["extra_specs"] == {}  # hidden from non-admins
    assert "qos_specs_id" not in by_name["lvmdriver-1"]
    seen_by_admin = {t["name"]: t for t in admin.ok("GET", "/types")["volume_types"]}
    assert seen_by_admin["lvmdriver-1"]["extra_specs"] == {
        "volume_backend_name": "lvmdriver-1"}
    default = demo.ok("GET", "/types/default", spec="/types/{id}")["volume_type"]
    assert default["name"] == "__DEFAULT__" and default["is_public"] is True
    assert demo.ok("GET", f"/types/{default['id']}")["volume_type"] == default
    # admin CRUD of a private type with extra specs and access
    name = f"gold-{uuid.uuid4().hex[:6]}"
    assert demo.fault("POST", "/types", {"volume_type": {"name": name}}, status=403)
    created = admin.ok("POST", "/types", {"volume_type": {
        "name": name, "description": "fast", "os-volume-type-access:is_public": False,
        "extra_specs": {"multiattach": "<is> True", "secret": "s"}}},
        spec="/types")["volume_type"]
    tid = created["id"]
    assert (created["is_public"], created["os-volume-type-access:is_public"]) == (False, False)
    assert admin.fault("POST", "/types", {"volume_type": {"name": name}}, status=409)
    assert demo.fault("GET", f"/types/{tid}", status=404)
    assert name not in {t["name"] for t in demo.ok("GET", "/types")["volume_types"]}
    private = admin.ok("GET", "/types?is_public=false")["volume_types"]
    assert name in {t["name"] for t in private} and all(not t["is_public"] for t in private)
    assert demo.fault("POST", "/volumes", {"volume": {"size": 1, "volume_type": name}},
                      status=404)
    admin.ok("POST", f"/types/{tid}/action", {"addProjectAccess": {"project": demo.project}},
             202)
    access = admin.ok("GET", f"/types/{tid}/os-volume-type-access",
                      spec="/types/{type_id}/os-volume-type-access")
    assert access == {"volume_type_access": [{"volume_type_id": tid,
                                              "project_id": demo.project}]}
    visible = demo.ok("GET", f"/types/{tid}")["volume_type"]
    assert visible["extra_specs"] == {"multiattach": "<is> True"}
    volume = demo.volume(volume_type=name)
    assert volume["volume_type"] == name
    assert volume["multiattach"] is True  # from the type's extra spec
    assert "still in use" in admin.fault("DELETE", f"/types/{tid}")
    demo.delete(volume["id"])
    demo.gone(volume["id"])
    # extra specs
    specs = f"/types/{tid}/extra_specs"
    assert admin.ok("POST", specs, {"extra_specs": {"k": "v"}},
                    spec="/types/{type_id}/extra_specs") == {"extra_specs": {"k": "v"}}
    assert admin.ok("GET", specs, spec="/types/{type_id}/extra_specs")["extra_specs"] == {
        "multiattach": "<is> True", "secret": "s", "k": "v"}
    assert admin.ok("GET", f"{specs}/k", spec="/types/{type_id}/extra_specs/{id}") == {"k": "v"}
    assert admin.ok("PUT", f"{specs}/k", {"k": "w"},
                    spec="/types/{type_id}/extra_specs/{id}") == {"k": "w"}
    assert admin.fault("PUT", f"{specs}/k", {"j": "w"}) == "Request body and URI mismatch"
    assert admin.call("DELETE", f"{specs}/k").status == 202
    assert admin.fault("GET", f"{specs}/k", status=404)
    assert demo.fault("POST", specs, {"extra_specs": {"k": "v"}}, status=403)
    updated = admin.ok("PUT", f"/types/{tid}", {"volume_type": {"description": "faster"}},
                       spec="/types/{id}")["volume_type"]
    assert updated["description"] == "faster"
    admin.ok("POST", f"/types/{tid}/action",
             {"removeProjectAccess": {"project": demo.project}}, 202)
    assert demo.fault("GET", f"/types/{tid}", status=404)
    assert admin.call("DELETE", f"/types/{tid}").status == 202
    assert admin.fault("GET", f"/types/{tid}", status=404)
    assert "Default" in admin.fault("DELETE", f"/types/{default['id']}")
    assert admin.fault("POST", "/types", {"volume_type": {"name": ""}})
    assert admin.fault("POST", "/types", {"volume_type": {"name": "x", "colour": "red"}})


# ------------------------------------------------------------------ limits and quotas
def test_limits_zones_and_services(demo, admin):
    volume = demo.volume(size=2)
    limits = demo.ok("GET", "/limits", spec="/limits")["limits"]
    absolute = limits["absolute"]
    assert limits["rate"] == []
    assert absolute["maxTotalVolumes"] == 10 and absolute["maxTotalVolumeGigabytes"] == 1000
    assert absolute["totalVolumesUsed"] >= 1 and absolute["totalGigabytesUsed"] >= 2
    zones = demo.ok("GET", "/os-availability-zone", spec="/os-availability-zone")
    assert zones == {"availabilityZoneInfo": [{"zoneName": "nova",
                                               "zoneState": {"available": True}}]}
    assert demo.fault("GET", "/os-services", status=403)
    services = admin.ok("GET", "/os-services", spec="/os-services")["services"]
    binaries = {s["binary"]: s for s in services}
    assert set(binaries) == {"cinder-scheduler", "cinder-volume", "cinder-backup"}
    assert binaries["cinder-volume"]["backend_state"] == "up"
    assert all(s["state"] == "up" and s["status"] == "enabled" for s in services)
    assert "cluster" not in admin.at("3.6").ok("GET", "/os-services")["services"][0]
    extensions = demo.ok("GET", "/extensions", spec="/extensions")["extensions"]
    assert {"os-volume-actions", "backups", "os-quota-sets"} <= {e["alias"] for e in extensions}
    only = admin.ok("GET", "/os-services?binary=cinder-volume")["services"]
    assert [s["binary"] for s in only] == ["cinder-volume"]
    demo.delete(volume["id"])


def test_quotas_enforced(start_cloud):
    cloud = start_cloud(task_delay=0.01)
    demo, admin = Cinder(cloud, "demo"), Cinder(cloud, "admin")
    quota_path = f"/os-quota-sets/{demo.project}"
    shown = demo.ok("GET", quota_path, spec="/os-quota-sets/{id}")["quota_set"]
    assert shown["id"] == demo.project
    assert (shown["volumes"], shown["gigabytes"], shown["snapshots"]) == (10, 1000, 10)
    assert shown["volumes___DEFAULT__"] == -1 and "gigabytes_lvmdriver-1" in shown
    defaults = demo.ok("GET", f"{quota_path}/defaults",
                       spec="/os-quota-sets/{id}/defaults")["quota_set"]
    assert defaults["volumes"] == 10
    assert demo.fault("GET", f"/os-quota-sets/{admin.project}", status=403)
    assert demo.fault("PUT", quota_path, {"quota_set": {"volumes": 1}}, status=403)
    # ten volumes, then Cinder's 413
    made = [demo.volume(size=1, wait=False) for _ in range(10)]
    message = demo.fault("POST", "/volumes", {"volume": {"size": 1}}, status=413)
    assert message == ("VolumeLimitExceeded: Maximum number of volumes allowed (10) exceeded "
                       "for quota 'volumes'.")
    usage = demo.ok("GET", f"{quota_path}?usage=true")["quota_set"]
    assert usage["volumes"] == {"limit": 10, "in_use": 10, "reserved": 0}
    assert usage["gigabytes"]["in_use"] == 10
    # gigabytes, snapshots and per-type limits (admin updates)
    assert "less than in-use value of 10" in admin.fault("PUT", quota_path,
                                                         {"quota_set": {"volumes": 5}})
    updated = admin.ok("PUT", quota_path, {"quota_set": {
        "volumes": 20, "gigabytes": 12, "snapshots": 1, "volumes_lvmdriver-1": 0}},
        spec="/os-quota-sets/{id}")["quota_set"]
    assert (updated["volumes"], updated["gigabytes"]) == (20, 12)
    message = demo.fault("POST", "/volumes", {"volume": {"size": 5}}, status=413)
    assert message == ("VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds "
                       "allowed gigabytes quota. Requested 5G, quota is 12G and 10G has been "
                       "consumed.")
    message = demo.fault("POST", "/volumes", {"volume": {"size": 1,
                                                         "volume_type": "lvmdriver-1"}},
                         status=413)
    assert "volumes_lvmdriver-1" in message
    demo.wait(made[0]["id"], "available")
    demo.snapshot(made[0]["id"])
    message = demo.fault("POST", "/snapshots", {"snapshot": {"volume_id": made[0]["id"]}},
                         status=413)
    assert message.startswith("SnapshotLimitExceeded: Maximum number of snapshots allowed (1)")
    message = demo.fault("POST", f"/volumes/{made[1]['id']}/action",
                         {"os-extend": {"new_size": 5}}, status=413)
    assert "gigabytes" in message
    limits = demo.ok("GET", "/limits")["limits"]["absolute"]
    assert (limits["maxTotalVolumes"], limits["totalVolumesUsed"],
            limits["totalSnapshotsUsed"], limits["totalGigabytesUsed"]) == (20, 10, 1, 11)
    assert admin.fault(
        "PUT", quota_path, {"quota_set": {"colour": 1}}) == "Bad key(s) in quota set: colour"
    assert "integer" in admin.fault("PUT", quota_path, {"quota_set": {"volumes": "many"}})
    assert "-1" in admin.fault("PUT", quota_path, {"quota_set": {"volumes": -2}})
    assert admin.call("DELETE", quota_path).status == 200
    assert demo.ok("GET", quota_path)["quota_set"]["gigabytes"] == 1000
    # the state survives a restart
    restarted = cloud.restart()
    again = Cinder(restarted, "demo")
    listed = again.ok("GET", "/volumes/detail")["volumes"]
    assert {v["id"] for v in made} <= {v["id"] for v in listed}
    assert again.ok("GET", "/types/default")["volume_type"]["name"] == "__DEFAULT__"
