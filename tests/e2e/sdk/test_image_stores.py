"""Stores and import information through the SDK, sync and async."""

from __future__ import annotations

import uuid

import pytest

from ostack import exceptions


def test_stores_and_import_info(sdk):
    stores = {s.id: s for s in sdk.image.stores()}
    assert stores["fast"].is_default is True and stores["fast"].description
    assert stores["cheap"].is_default is None and stores["cheap"].properties is None
    detailed = {s.id: s for s in sdk.image.stores(details=True)}
    assert "chunk_size" in detailed["fast"].properties
    methods = sdk.image.get_import_info().import_methods["value"]
    assert {"glance-direct", "web-download", "copy-image"} <= set(methods)


def test_copy_to_a_store_then_delete_from_it(sdk):
    image = sdk.image.create_image(f"sdk-store-{uuid.uuid4().hex[:8]}", data=b"stored",
                                   disk_format="raw", allow_duplicates=True)
    try:
        image = sdk.image.get_image(image)
        assert image.properties["stores"] == "fast"
        sdk.image.import_image(image, "copy-image", stores=["cheap"])
        [task] = sdk.image.image_tasks(image)
        sdk.image.wait_for_task(sdk.image.get_task(task.id), wait=30, interval=0.1)
        image = sdk.image.get_image(image)
        assert sorted(image.properties["stores"].split(",")) == ["cheap", "fast"]
        sdk.image.delete_image(image, store="cheap", ignore_missing=False)
        assert sdk.image.get_image(image).properties["stores"] == "fast"
        with pytest.raises(exceptions.Forbidden):  # the last store keeps its data
            sdk.image.delete_image(image, store="fast")
    finally:
        sdk.image.delete_image(image)
