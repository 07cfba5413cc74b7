"""`os-migrate_volume`, `POST /manageable_volumes` and `os-unmanage` over raw HTTP: admin
only (403 to a member); with one back end every migration refused with Cinder's 400 fault
(same host, unknown host, snapshots, both or neither of host and cluster); an adoption from
an unknown host 404, from the back end a volume that ends in `error_managing`."""

from __future__ import annotations

import pytest
from tests.support.cinder import Cinder


@pytest.fixture(scope="module")
def demo(localcloud) -> Cinder:
    return Cinder(localcloud, "demo")


def test_migrate_volume_refusals(localcloud, demo):
    admin = Cinder(localcloud, "admin")
    volume = demo.ok("POST", "/volumes", {"volume": {"size": 1}}, 202)["volume"]
    path = f"/volumes/{volume['id']}/action"
    try:
        demo.wait(volume["id"], "available")
        assert "migrate_volume" in demo.fault(
            "POST", path, {"os-migrate_volume": {"host": "elsewhere"}}, status=403)
        cases = (
            ({"host": "localcloud@lvmdriver-1#lvmdriver-1"},
             "Destination host must be different than the current host"),
            ({"host": "elsewhere@b"}, "No available service named 'elsewhere@b'"),
            ({"force_host_copy": False}, "Only one of host or cluster"),
            ({"host": "h", "bogus": 1}, "'bogus' was unexpected"),
        )
        for args, message in cases:
            assert message in admin.fault("POST", path, {"os-migrate_volume": args})
        snapshot = demo.ok("POST", "/snapshots", {"snapshot": {"volume_id": volume["id"]}},
                           202)["snapshot"]
        demo.wait(snapshot["id"], "available", "snapshots")
        assert "Volume must not have snapshots" in admin.fault(
            "POST", path, {"os-migrate_volume": {"host": "localcloud@lvmdriver-1"}})
    finally:
        demo.delete(volume["id"])


def test_manage_and_unmanage(localcloud, demo):
    admin = Cinder(localcloud, "admin")
    adopt = {"volume": {"host": "localcloud@lvmdriver-1", "ref": {"source-name": "gone"}}}
    assert "volume_manage" in demo.fault("POST", "/manageable_volumes", adopt, status=403)
    assert "Service nowhere could not be found" in admin.fault(
        "POST", "/manageable_volumes", {"volume": {**adopt["volume"], "host": "nowhere"}},
        status=404)
    assert "'ref' is a required property" in admin.fault(
        "POST", "/manageable_volumes", {"volume": {"host": "localcloud@lvmdriver-1"}})
    managed = admin.ok("POST", "/manageable_volumes", adopt, 202)["volume"]
    assert managed["status"] == "managing"
    admin.wait(managed["id"], "error_managing")
    volume = demo.ok("POST", "/volumes", {"volume": {"size": 1}}, 202)["volume"]
    demo.wait(volume["id"], "available")
    path = f"/volumes/{volume['id']}/action"
    assert "volume_unmanage" in demo.fault("POST", path, {"os-unmanage": None}, status=403)
    admin.ok("POST", path, {"os-unmanage": None}, 202)
    admin.gone(volume["id"])  # no longer Cinder's (the back end keeps it)
    admin.delete(managed["id"])
    admin.gone(managed["id"])
