"""Glance's JSON schemas through the SDK, sync and async."""

from __future__ import annotations


def test_schemas(sdk):
    image = sdk.image.get_image_schema()
    assert "name" in image.properties and "os_hidden" in image.properties
    assert "images" in sdk.image.get_images_schema().properties
    assert "status" in sdk.image.get_member_schema().properties
    assert "members" in sdk.image.get_members_schema().properties
    assert "input" in sdk.image.get_task_schema().properties
    assert "tasks" in sdk.image.get_tasks_schema().properties
    namespace = sdk.image.get_metadef_namespace_schema()
    assert "namespace" in namespace.properties and "namespace" in namespace.required
    assert "namespaces" in sdk.image.get_metadef_namespaces_schema().properties
    assert "name" in sdk.image.get_metadef_object_schema().properties
    assert "objects" in sdk.image.get_metadef_objects_schema().properties
    assert "title" in sdk.image.get_metadef_property_schema().properties
    assert sdk.image.get_metadef_properties_schema().properties
    assert "prefix" in sdk.image.get_metadef_resource_type_schema().properties
    assert sdk.image.get_metadef_resource_types_schema().properties
    assert "name" in sdk.image.get_metadef_tag_schema().properties
    assert "tags" in sdk.image.get_metadef_tags_schema().properties
