"""Hypervisors through the SDK, sync and async: list (basic and detailed, paged, by name
pattern), find, get, and the calls Nova dropped at 2.88 (uptime, statistics)."""

from __future__ import annotations

import pytest
from tests.support.sdk import connect

from ostack import exceptions


def test_hypervisors_list_find_get(sdk):
    compute = sdk.compute
    basic = list(compute.hypervisors())
    assert {h.name for h in basic} >= {"compute1", "compute2", "compute3"}
    assert basic[0].hypervisor_type is None  # not in the basic listing
    detailed = list(compute.hypervisors(details=True))
    assert detailed[0].hypervisor_type == "QEMU" and detailed[0].uptime
    assert detailed[0].vcpus is None  # capacity fields are gone at 2.88
    paged = list(compute.hypervisors(limit=1))
    assert [h.id for h in paged] == [h.id for h in basic]
    assert len(list(compute.hypervisors(max_items=2))) == 2
    matching = list(compute.hypervisors(hypervisor_hostname_pattern="compute2"))
    assert [h.name for h in matching] == ["compute2"]
    found = compute.find_hypervisor("compute1")
    assert found.id == basic[0].id and found.host_ip
    assert compute.find_hypervisor(found.id, details=False).name == "compute1"
    assert compute.find_hypervisor("no-such-hypervisor") is None
    with pytest.raises(exceptions.NotFound):
        compute.find_hypervisor("no-such-hypervisor", ignore_missing=False)
    shown = compute.get_hypervisor(found)
    assert shown.service_details["host"] == "compute1" and shown.status == "enabled"
    with pytest.raises(exceptions.MicroversionError):
        compute.get_hypervisor_uptime(found)
    stats = compute.get_hypervisor_statistics()
    assert stats.count >= 3 and stats.vcpus >= stats.vcpus_used


def test_hypervisors_before_2_88(localcloud, request):
    """2.87: capacity fields and the uptime call; 2.1: integer IDs and the search path."""
    for kind in ("sync", "async"):
        conn, close = connect(kind, localcloud, microversions={"compute": "2.87"})
        request.addfinalizer(close)
        compute = conn.compute
        found = compute.find_hypervisor("compute1", ignore_missing=False)
        assert found.vcpus == 32 and found.memory_size and found.local_disk_size
        assert "up" in compute.get_hypervisor_uptime(found).uptime
        old, close_old = connect(kind, localcloud, microversions={"compute": "2.1"})
        request.addfinalizer(close_old)
        listed = list(old.compute.hypervisors(hypervisor_hostname_pattern="compute3"))
        assert [h.name for h in listed] == ["compute3"] and listed[0].id == 3
        assert old.compute.get_hypervisor(3).name == "compute3"
