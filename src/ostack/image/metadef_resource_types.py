"""Metadata definitions resource types (`/v2/metadefs/resource_types`: OS::Glance::Image,
OS::Nova::Flavor ...) and their associations with namespaces (which resource types a
namespace's properties apply to, with a prefix and a properties target)."""

from __future__ import annotations

from typing import Any

from ostack.proxy import Flow, operation
from ostack.resource import Field, Resource


class MetadefResourceType(Resource):
    singular, plural = "metadef_resource_type", "metadef_resource_types"
    resource_key = None
    resources_key = "resource_types"
    base_path = "/metadefs/resource_types"
    service_type = "image"
    allow_fetch = False
    find_policy = "list"
    status_attribute = None

    id = Field("name")
    name = Field()
    created_at = Field()
    updated_at = Field()


class MetadefResourceTypeAssociation(Resource):
    singular = "metadef_resource_type_association"
    plural = "metadef_resource_type_associations"
    resource_key = None
    resources_key = "resource_type_associations"
    base_path = "/metadefs/namespaces/{namespace_name}/resource_types"
    service_type = "image"
    allow_fetch = False
    allow_create = allow_delete = True
    find_policy = "list"
    status_attribute = None

    id = Field("name")
    name = Field()
    namespace_name = Field()
    created_at = Field()
    updated_at = Field()
    prefix = Field()
    properties_target = Field()


class MetadefResourceTypeActions:
    @operation
    def delete_metadef_resource_type_association(
        self, metadef_resource_type: Any, metadef_namespace: Any, ignore_missing: bool = True,
    ) -> Flow:
        """Dissociate a resource type from a namespace."""
        return (yield from self.delete_flow(
            MetadefResourceTypeAssociation, metadef_resource_type,
            ignore_missing=ignore_missing, parents={"namespace_name": metadef_namespace}))
