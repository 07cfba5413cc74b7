"""Availability zones through the SDK, sync and async: compute (with and without details),
block storage and network."""

from __future__ import annotations

import pytest

from ostack import exceptions


def test_compute_availability_zones(sdk):
    plain = list(sdk.compute.availability_zones())
    assert {z.name for z in plain} >= {"nova"} and all(z.hosts is None for z in plain)
    detailed = {z.name: z for z in sdk.compute.availability_zones(details=True)}
    assert detailed["nova"].state == {"available": True}
    services = {svc for hosts in detailed["nova"].hosts.values() for svc in hosts}
    assert "nova-compute" in services
    assert sdk.compute.find_availability_zone("nova").name == "nova"
    with pytest.raises(exceptions.MethodNotSupported):
        sdk.compute.get_availability_zone("nova")


def test_block_storage_availability_zones(sdk):
    zones = list(sdk.block_storage.availability_zones())
    assert [(z.name, z.state) for z in zones] == [("nova", {"available": True})]


def test_network_availability_zones(sdk):
    zones = list(sdk.network.availability_zones())
    assert {(z.name, z.resource, z.state) for z in zones} == {
        ("nova", "network", "available"), ("nova", "router", "available")}
    routers = list(sdk.network.availability_zones(resource="router"))
    assert [z.resource for z in routers] == ["router"]
