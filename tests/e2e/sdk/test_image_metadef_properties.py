"""Metadata definition properties through the SDK, sync and async (listed from Glance's
mapping by name, filtered on the client)."""

from __future__ import annotations

import uuid

import pytest

from ostack import exceptions


@pytest.fixture
def namespace(sdk):
    name = f"sdk-prop-{uuid.uuid4().hex[:8]}"
    sdk.image.create_metadef_namespace(namespace=name)
    yield name
    sdk.image.delete_metadef_namespace(name)


def test_properties(sdk, namespace):
    made = sdk.image.create_metadef_property(namespace, name="speed", title="Speed",
                                             type="integer", minimum=1, maximum=10,
                                             is_readonly=True)
    assert (made.id, made.namespace_name, made.minimum, made.is_readonly) == (
        "speed", namespace, 1, True)
    sdk.image.create_metadef_property(namespace, name="mode", title="Mode", type="string",
                                      enum=["fast", "slow"], min_length=2)
    got = sdk.image.get_metadef_property("mode", namespace)
    assert (got.enum, got.min_length, got.require_unique_items, got.min_items) == (
        ["fast", "slow"], 2, False, 0)
    assert {p.name for p in sdk.image.metadef_properties(namespace)} == {"speed", "mode"}
    [integer] = sdk.image.metadef_properties(namespace, type="integer")
    assert (integer.name, integer.namespace_name) == ("speed", namespace)
    updated = sdk.image.update_metadef_property("mode", namespace, name="mode", title="M",
                                                type="string", enum=["fast"])
    assert (updated.title, updated.enum) == ("M", ["fast"])
    sdk.image.delete_metadef_property("speed", namespace)
    assert [p.name for p in sdk.image.metadef_properties(namespace)] == ["mode"]
    sdk.image.delete_metadef_property("speed", namespace)  # missing: ignored
    with pytest.raises(exceptions.NotFound):
        sdk.image.delete_metadef_property("speed", namespace, ignore_missing=False)
    with pytest.raises(exceptions.NotFound):
        sdk.image.get_metadef_property("speed", namespace)
