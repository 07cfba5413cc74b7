"""A metadata definitions property: one property's JSON-schema definition inside a namespace
(`/v2/metadefs/namespaces/{namespace}/properties`). Its ID is its name; Glance lists them as
one mapping by name, unpaged."""

from __future__ import annotations

from typing import Any

from ostack.proxy import Call, Flow, Items, listing, operation, resource_id
from ostack.resource import Field, Resource


class MetadefProperty(Resource):
    singular, plural = "metadef_property", "metadef_properties"
    resource_key = None
    base_path = "/metadefs/namespaces/{namespace_name}/properties"
    service_type = "image"
    allow_create = allow_commit = allow_delete = True
    commit_method = "PUT"
    find_policy = "id"
    status_attribute = None

    id = Field("name")
    name = Field()
    namespace_name = Field()
    type = Field()
    title = Field()
    description = Field()
    operators = Field()
    default = Field()
    is_readonly = Field("readonly")
    minimum = Field()
    maximum = Field()
    enum = Field()
    pattern = Field()
    min_length = Field("minLength", default=0)
    max_length = Field("maxLength")
    items = Field()
    require_unique_items = Field("uniqueItems", default=False)
    min_items = Field("minItems", default=0)
    max_items = Field("maxItems")
    allow_additional_items = Field("additionalItems")


def _matches(value: Any, wanted: Any) -> bool:
    if isinstance(wanted, dict):
        return isinstance(value, dict) and all(_matches(value.get(k), v)
                                               for k, v in wanted.items())
    return value == wanted


class MetadefPropertyActions:
    @listing
    def metadef_properties(self, metadef_namespace: Any, **query: Any) -> Flow:
        """The properties of a namespace; `query` keeps those whose fields equal the given
        values (filtered here: Glance takes no filter)."""
        namespace = resource_id(metadef_namespace)
        path = self.path_of(MetadefProperty, {"namespace_name": namespace})
        resp = yield Call("GET", path)
        found = ((resp.json() or {}).get("properties") or {}) if resp.content else {}
        items = []
        for name, data in found.items():
            prop = MetadefProperty({"name": name, **data, "namespace_name": namespace})
            if all(_matches(prop.get(k), v) for k, v in query.items()):
                items.append(prop)
        yield Items(items)

    @operation
    def delete_metadef_property(self, metadef_property: Any, metadef_namespace: Any,
                                ignore_missing: bool = True) -> Flow:
        return (yield from self.delete_flow(
            MetadefProperty, metadef_property, ignore_missing=ignore_missing,
            parents={"namespace_name": metadef_namespace}))
