"""The JSON schemas Glance publishes (`/v2/schemas/...`): of images, members, tasks and the
metadata definitions, as openstacksdk's get_<thing>_schema methods return them."""

from __future__ import annotations

from typing import Any

from ostack.proxy import Call, Flow, operation
from ostack.resource import Field, Resource


class Schema(Resource):
    resource_key = None
    base_path = "/schemas"
    service_type = "image"
    allow_list = False
    status_attribute = None

    additional_properties = Field("additionalProperties")
    properties = Field()


class MetadefSchema(Schema):
    base_path = "/schemas/metadefs"

    definitions = Field()
    required = Field()


def schema_flow(proxy: Any, cls: type[Schema], name: str) -> Flow:
    """GET one schema (a function, not a method: the mixin's methods are loaded lazily)."""
    resp = yield Call("GET", f"{cls.base_path}/{name}")
    return proxy.one(cls, resp)


class SchemaActions:

    @operation
    def get_images_schema(self) -> Flow:
        return (yield from schema_flow(self, Schema, "images"))

    @operation
    def get_image_schema(self) -> Flow:
        return (yield from schema_flow(self, Schema, "image"))

    @operation
    def get_members_schema(self) -> Flow:
        return (yield from schema_flow(self, Schema, "members"))

    @operation
    def get_member_schema(self) -> Flow:
        return (yield from schema_flow(self, Schema, "member"))

    @operation
    def get_tasks_schema(self) -> Flow:
        return (yield from schema_flow(self, Schema, "tasks"))

    @operation
    def get_task_schema(self) -> Flow:
        return (yield from schema_flow(self, Schema, "task"))

    @operation
    def get_metadef_namespace_schema(self) -> Flow:
        return (yield from schema_flow(self, MetadefSchema, "namespace"))

    @operation
    def get_metadef_namespaces_schema(self) -> Flow:
        return (yield from schema_flow(self, MetadefSchema, "namespaces"))

    @operation
    def get_metadef_resource_type_schema(self) -> Flow:
        return (yield from schema_flow(self, MetadefSchema, "resource_type"))

    @operation
    def get_metadef_resource_types_schema(self) -> Flow:
        return (yield from schema_flow(self, MetadefSchema, "resource_types"))

    @operation
    def get_metadef_object_schema(self) -> Flow:
        return (yield from schema_flow(self, MetadefSchema, "object"))

    @operation
    def get_metadef_objects_schema(self) -> Flow:
        return (yield from schema_flow(self, MetadefSchema, "objects"))

    @operation
    def get_metadef_property_schema(self) -> Flow:
        return (yield from schema_flow(self, MetadefSchema, "property"))

    @operation
    def get_metadef_properties_schema(self) -> Flow:
        return (yield from schema_flow(self, MetadefSchema, "properties"))

    @operation
    def get_metadef_tag_schema(self) -> Flow:
        return (yield from schema_flow(self, MetadefSchema, "tag"))

    @operation
    def get_metadef_tags_schema(self) -> Flow:
        return (yield from schema_flow(self, MetadefSchema, "tags"))
