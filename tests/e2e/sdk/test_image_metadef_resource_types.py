"""Metadata definition resource types and their associations through the SDK, sync and
async."""

from __future__ import annotations

import uuid

import pytest

from ostack import exceptions


def test_resource_types_and_associations(sdk):
    names = {t.name for t in sdk.image.metadef_resource_types()}
    assert {"OS::Glance::Image", "OS::Nova::Flavor"} <= names
    namespace = f"sdk-rt-{uuid.uuid4().hex[:8]}"
    sdk.image.create_metadef_namespace(namespace=namespace)
    try:
        made = sdk.image.create_metadef_resource_type_association(
            namespace, name="OS::Glance::Image", prefix="hw_", properties_target="image")
        assert (made.id, made.prefix, made.properties_target, made.namespace_name) == (
            "OS::Glance::Image", "hw_", "image", namespace)
        [listed] = sdk.image.metadef_resource_type_associations(namespace)
        assert (listed.name, listed.namespace_name) == ("OS::Glance::Image", namespace)
        shown = sdk.image.get_metadef_namespace(namespace)
        assert [a["name"] for a in shown.resource_type_associations] == ["OS::Glance::Image"]
        sdk.image.delete_metadef_resource_type_association("OS::Glance::Image", namespace)
        assert list(sdk.image.metadef_resource_type_associations(namespace)) == []
        with pytest.raises(exceptions.NotFound):
            sdk.image.delete_metadef_resource_type_association(
                "OS::Glance::Image", namespace, ignore_missing=False)
    finally:
        sdk.image.delete_metadef_namespace(namespace)
