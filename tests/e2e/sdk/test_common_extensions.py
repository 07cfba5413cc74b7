"""API extensions through the SDK, sync and async: compute, block storage and network (found
by alias or by name)."""

from __future__ import annotations

import pytest

from ostack import exceptions


def test_compute_extensions(sdk):
    found = {e.alias: e for e in sdk.compute.extensions()}
    assert "os-quota-sets" in found and found["os-quota-sets"].namespace
    one = sdk.compute.get_extension("os-availability-zone")
    assert one.alias == one.id == "os-availability-zone" and one.updated_at


def test_block_storage_extensions(sdk):
    found = list(sdk.block_storage.extensions())
    assert found and all(e.alias and e.name for e in found)


def test_network_extensions(sdk):
    network = sdk.network
    aliases = {e.alias for e in network.extensions()}
    assert {"quotas", "availability_zone", "router"} <= aliases
    by_alias = network.find_extension("quotas")
    by_name = network.find_extension("Quota management support")
    assert by_alias == by_name and by_name.updated_at
    assert network.find_extension("no-such-extension") is None
    with pytest.raises(exceptions.NotFound):
        network.find_extension("no-such-extension", ignore_missing=False)
