"""Compute services through the SDK, sync and async: list and find, enable, disable, force
down (by ID from 2.53, by host and binary before), delete."""

from __future__ import annotations

import pytest
from tests.support.sdk import connect

from ostack import exceptions


def test_services_list_and_find(sdk):
    compute = sdk.compute
    services = list(compute.services())
    assert {s.binary for s in services} >= {"nova-compute", "nova-scheduler"}
    computes = list(compute.services(binary="nova-compute", host="compute1"))
    assert [(s.host, s.name) for s in computes] == [("compute1", "nova-compute")]
    assert computes[0].availability_zone and computes[0].status == "enabled"
    assert compute.find_service(computes[0].id).host == "compute1"
    assert compute.find_service("nova-compute", host="compute2").host == "compute2"
    with pytest.raises(exceptions.NoUniqueMatch):
        compute.find_service("nova-compute", ignore_missing=False)
    assert compute.find_service("no-such-service") is None


def test_service_enable_disable_force_down(sdk):
    compute = sdk.compute
    service = compute.find_service("nova-compute", host="compute2", ignore_missing=False)
    try:
        disabled = compute.disable_service(service, disabled_reason="maintenance")
        assert disabled.status == "disabled" and disabled.disabled_reason == "maintenance"
        down = compute.update_service_forced_down(None, "compute2", "nova-compute", True)
        assert down.is_forced_down is True and down.state == "down"
        assert compute.enable_service(service.id).status == "enabled"
        updated = compute.update_service(service, forced_down=False)
        assert updated.is_forced_down is False
        with pytest.raises(exceptions.OstackError):
            compute.enable_service(None)
    finally:
        compute.enable_service(service)
        compute.update_service_forced_down(service, forced=False)


def test_service_actions_before_2_53(localcloud, request):
    """At 2.11 the calls go by host and binary (`/os-services/disable` ...)."""
    for kind in ("sync", "async"):
        conn, close = connect(kind, localcloud, microversions={"compute": "2.11"})
        request.addfinalizer(close)
        compute = conn.compute
        try:
            disabled = compute.disable_service(None, "compute3", "nova-compute", "why")
            assert disabled.status == "disabled" and disabled.disabled_reason == "why"
            assert compute.update_service_forced_down(None, "compute3", "nova-compute",
                                                      True).is_forced_down is True
            listed = list(compute.services(host="compute3", binary="nova-compute"))
            assert listed[0].state == "down" and isinstance(listed[0].id, int)
            assert compute.enable_service(listed[0]).status == "enabled"
            with pytest.raises(exceptions.MicroversionError):
                compute.update_service(listed[0], status="enabled")
        finally:
            compute.enable_service(None, "compute3", "nova-compute")
            compute.update_service_forced_down(None, "compute3", "nova-compute", False)


def test_service_delete(start_cloud):
    """Deleting changes the fleet until a restart: on a cloud of its own."""
    cloud = start_cloud()
    for kind, host in (("sync", "compute2"), ("async", "compute3")):
        conn, close = connect(kind, cloud)
        try:
            compute = conn.compute
            service = compute.find_service("nova-compute", host=host, ignore_missing=False)
            compute.delete_service(service)
            assert compute.find_service(service.id) is None
            compute.delete_service(service)  # gone already: ignored
            with pytest.raises(exceptions.NotFound):
                compute.delete_service(service, ignore_missing=False)
        finally:
            close()
