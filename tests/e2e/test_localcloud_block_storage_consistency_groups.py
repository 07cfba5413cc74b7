"""Cinder's legacy consistency group API as raw HTTP: what the clients do not show (the
400s of bad bodies, 404s in Cinder's fault format, other projects' groups listed only
with all_tenants, the
summary views of create and index, and that it is a view over the generic groups)."""

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


def test_consistency_group_errors_and_views(demo, admin):
    name = f"rawcg-{uuid.uuid4().hex[:6]}"
    assert "volume_types must be provided" in demo.fault(
        "POST", "/consistencygroups", {"consistencygroup": {"name": name}})
    assert "Missing required element 'consistencygroup'" in demo.fault(
        "POST", "/consistencygroups", {"group": {"volume_types": "lvmdriver-1"}})
    assert "could not be found" in demo.fault(
        "POST", "/consistencygroups",
        {"consistencygroup": {"name": name, "volume_types": "no-such-type"}})
    made = demo.ok("POST", "/consistencygroups", {"consistencygroup": {
        "name": name, "volume_types": "lvmdriver-1,"}}, 202)["consistencygroup"]
    cg_id = made["id"]
    try:
        assert made == {"id": cg_id, "name": name}
        assert {"id": cg_id, "name": name} in demo.ok("GET", "/consistencygroups")[
            "consistencygroups"]
        shown = demo.ok("GET", f"/consistencygroups/{cg_id}")["consistencygroup"]
        assert set(shown) == {"id", "status", "availability_zone", "created_at", "name",
                              "description", "volume_types"}
        group = demo.ok("GET", f"/groups/{cg_id}")["group"]  # the same state, as a group
        kind = demo.ok("GET", f"/group_types/{group['group_type']}")["group_type"]
        assert kind["name"] == "default_cgsnapshot_type"

        assert "can not be all empty" in demo.fault(
            "PUT", f"/consistencygroups/{cg_id}/update", {"consistencygroup": {}})
        demo.ok("PUT", f"/consistencygroups/{cg_id}/update",
                {"consistencygroup": {"description": "e"}}, 202)
        assert demo.ok("GET", "/consistencygroups/detail")["consistencygroups"]
        assert "'consistencygroup_id' must be specified" in demo.fault(
            "POST", "/cgsnapshots", {"cgsnapshot": {"name": "x"}})
        assert "Either 'cgsnapshot_id' or 'source_cgid'" in demo.fault(
            "POST", "/consistencygroups/create_from_src", {"consistencygroup-from-src": {}})
        assert cg_id not in {g["id"] for g in admin.ok("GET", "/consistencygroups")[
            "consistencygroups"]}
        assert cg_id in {g["id"] for g in admin.ok(
            "GET", "/consistencygroups?all_tenants=1")["consistencygroups"]}
        assert "Missing required element 'consistencygroup'" in demo.fault(
            "POST", f"/consistencygroups/{cg_id}/delete", {"consistency_group": {}})
    finally:
        demo.ok("POST", f"/consistencygroups/{cg_id}/delete",
                {"consistencygroup": {"force": True}}, 202)
    assert "could not be found" in demo.fault("GET", f"/consistencygroups/{cg_id}", status=404)
    assert "could not be found" in demo.fault("GET", f"/cgsnapshots/{cg_id}", status=404)
