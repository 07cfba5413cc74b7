"""Metadata definition objects through the SDK, sync and async: each knows its namespace."""

from __future__ import annotations

import uuid

import pytest

from ostack import exceptions


@pytest.fixture
def namespace(sdk):
    name = f"sdk-obj-{uuid.uuid4().hex[:8]}"
    sdk.image.create_metadef_namespace(namespace=name)
    yield name
    sdk.image.delete_metadef_namespace(name)


def test_objects(sdk, namespace):
    sides = {"sides": {"type": "integer", "title": "Sides"}}
    made = sdk.image.create_metadef_object(namespace, name="shape", description="a shape",
                                           required=["sides"], properties=sides)
    assert (made.id, made.name, made.namespace_name) == ("shape", "shape", namespace)
    got = sdk.image.get_metadef_object("shape", namespace)
    assert got.properties == sides and got.required == ["sides"]
    assert got.namespace_name == namespace
    [listed] = sdk.image.metadef_objects(namespace)
    assert (listed.name, listed.namespace_name) == ("shape", namespace)
    renamed = sdk.image.update_metadef_object(got, namespace, name="form",
                                              description="renamed")
    assert (renamed.name, renamed.namespace_name) == ("form", namespace)
    with pytest.raises(exceptions.NotFound):
        sdk.image.get_metadef_object("shape", namespace)
    sdk.image.delete_metadef_object(renamed, namespace)
    assert list(sdk.image.metadef_objects(namespace_name=namespace)) == []
    sdk.image.delete_metadef_object("form", namespace)  # missing: ignored
    with pytest.raises(exceptions.NotFound):
        sdk.image.delete_metadef_object("form", namespace, ignore_missing=False)
