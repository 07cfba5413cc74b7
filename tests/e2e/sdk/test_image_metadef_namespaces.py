"""Metadata definition namespaces through the SDK, sync and async."""

from __future__ import annotations

import uuid

import pytest

from ostack import exceptions


def test_namespaces(sdk):
    name = f"sdk-ns-{uuid.uuid4().hex[:8]}"
    made = sdk.image.create_metadef_namespace(namespace=name, display_name="SDK",
                                              description="d", visibility="public",
                                              protected=True)
    try:
        assert (made.id, made.namespace, made.is_protected, made.visibility) == (
            name, name, True, "public")
        got = sdk.image.get_metadef_namespace(name)
        assert got.display_name == "SDK" and got.tags == []
        assert name in {n.namespace for n in sdk.image.metadef_namespaces()}
        assert name in {n.id for n in sdk.image.metadef_namespaces(visibility="public")}
        # Glance replaces the namespace on update: the name is sent again by the SDK.
        updated = sdk.image.update_metadef_namespace(got, display_name="Renamed",
                                                     is_protected=False)
        assert updated.display_name == "Renamed" and updated.is_protected is False
        sdk.image.add_tag_to_metadef_namespace(name, "red")
        sdk.image.add_tag_to_metadef_namespace(got, "blue")
        tags = {t["name"] for t in sdk.image.get_metadef_namespace(name).tags}
        assert tags == {"red", "blue"}
        sdk.image.remove_tag_from_metadef_namespace(name, "red")
        assert [t["name"] for t in sdk.image.get_metadef_namespace(name).tags] == ["blue"]
        sdk.image.remove_tags_from_metadef_namespace(got)
        assert sdk.image.get_metadef_namespace(name).tags == []
        sdk.image.create_metadef_object(name, name="o1")
        sdk.image.create_metadef_property(name, name="p1", title="P1", type="string")
        sdk.image.delete_all_metadef_objects(name)
        sdk.image.delete_all_metadef_properties(got)
        assert list(sdk.image.metadef_objects(name)) == []
        assert list(sdk.image.metadef_properties(name)) == []
    finally:
        sdk.image.delete_metadef_namespace(name)
    with pytest.raises(exceptions.NotFound):
        sdk.image.get_metadef_namespace(name)
    sdk.image.delete_metadef_namespace(name)  # missing: ignored
    with pytest.raises(exceptions.NotFound):
        sdk.image.delete_metadef_namespace(name, ignore_missing=False)
