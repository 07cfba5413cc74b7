"""A metadata definitions namespace (`/v2/metadefs/namespaces`): a named group of property
and object definitions, with tags and the resource types it applies to. Its ID is its name."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource


class MetadefNamespace(Resource):
    singular, plural = "metadef_namespace", "metadef_namespaces"
    resource_key = None
    resources_key = "namespaces"
    base_path = "/metadefs/namespaces"
    service_type = "image"
    allow_create = allow_commit = allow_delete = True
    find_policy = "id"
    status_attribute = None
    query = QueryParameters("resource_types", "sort_dir", "sort_key", "visibility")

    id = Field("namespace")
    namespace = Field()
    created_at = Field()
    description = Field()
    display_name = Field()
    is_protected = Field("protected")
    owner = Field()
    resource_type_associations = Field()
    updated_at = Field()
    visibility = Field()
    tags = Field(default=[])


def _path(namespace: Any, *rest: str) -> str:
    parts = [quote(resource_id(namespace), safe=""), *(quote(p, safe="") for p in rest)]
    return "/".join([MetadefNamespace.base_path, *parts])


class MetadefNamespaceActions:
    """Updates (Glance wants the namespace's name in the body), tags, and emptying one."""

    @operation
    def update_metadef_namespace(self, metadef_namespace: Any, **attrs: Any) -> Flow:
        attrs.setdefault("namespace", resource_id(metadef_namespace))
        return (yield from self.update_flow(MetadefNamespace, metadef_namespace, attrs))

    @operation
    def add_tag_to_metadef_namespace(self, namespace: Any, tag: str) -> Flow:
        yield Call("POST", _path(namespace, "tags", tag))

    @operation
    def remove_tag_from_metadef_namespace(self, namespace: Any, tag: str) -> Flow:
        yield Call("DELETE", _path(namespace, "tags", tag))

    @operation
    def remove_tags_from_metadef_namespace(self, namespace: Any) -> Flow:
        """Remove every tag of a namespace."""
        yield Call("DELETE", _path(namespace, "tags"))

    @operation
    def delete_all_metadef_objects(self, namespace: Any) -> Flow:
        """Delete every object of a namespace."""
        yield Call("DELETE", _path(namespace, "objects"))

    @operation
    def delete_all_metadef_properties(self, metadef_namespace: Any) -> Flow:
        """Delete every property of a namespace."""
        yield Call("DELETE", _path(metadef_namespace, "properties"))
