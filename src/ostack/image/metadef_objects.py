"""A metadata definitions object: a named group of property definitions inside a namespace
(`/v2/metadefs/namespaces/{namespace}/objects`). Its ID is its name."""

from __future__ import annotations

from typing import Any

from ostack.proxy import Flow, operation
from ostack.resource import Field, QueryParameters, Resource


class MetadefObject(Resource):
    singular, plural = "metadef_object", "metadef_objects"
    resource_key = None
    resources_key = "objects"
    base_path = "/metadefs/namespaces/{namespace_name}/objects"
    service_type = "image"
    allow_create = allow_commit = allow_delete = True
    find_policy = "id"
    status_attribute = None
    query = QueryParameters("visibility", "resource_types", "sort_key", "sort_dir")

    id = Field("name")
    name = Field()
    namespace_name = Field()
    created_at = Field()
    description = Field()
    properties = Field()
    required = Field()
    updated_at = Field()


class MetadefObjectActions:
    @operation
    def delete_metadef_object(self, metadef_object: Any, namespace: Any,
                              ignore_missing: bool = True) -> Flow:
        """Delete an object of a namespace (openstacksdk's argument order)."""
        return (yield from self.delete_flow(MetadefObject, metadef_object,
                                            ignore_missing=ignore_missing,
                                            parents={"namespace_name": namespace}))
