"""Address scopes and address groups through the SDK, sync and async."""

from __future__ import annotations

import uuid

import pytest

from ostack import exceptions


def test_address_scopes(sdk):
    network = sdk.network
    scope = network.create_address_scope(name=f"sdk-as-{uuid.uuid4().hex[:8]}", ip_version=6)
    try:
        assert scope.ip_version == 6 and scope.is_shared is False
        assert network.update_address_scope(scope, is_shared=True).is_shared is True
        assert network.find_address_scope(scope.name).id == scope.id
        assert scope.id in [s.id for s in network.address_scopes(ip_version=6, is_shared=True)]
    finally:
        network.delete_address_scope(scope)
    with pytest.raises(exceptions.NotFound):
        network.get_address_scope(scope.id)


def test_address_groups(sdk):
    network = sdk.network
    group = network.create_address_group(name=f"sdk-ag-{uuid.uuid4().hex[:8]}",
                                         addresses=["10.0.0.1"])
    try:
        assert group.addresses == ["10.0.0.1/32"]
        group = network.add_addresses_to_address_group(group, ["fd00::/64"])
        assert group.addresses == ["10.0.0.1/32", "fd00::/64"]
        group = network.remove_addresses_from_address_group(group, ["10.0.0.1/32"])
        assert network.get_address_group(group).addresses == ["fd00::/64"]
        with pytest.raises(exceptions.BadRequest):
            network.remove_addresses_from_address_group(group, ["10.9.9.9"])
    finally:
        network.delete_address_group(group)
