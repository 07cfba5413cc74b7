"""Glance v2 under `/image`: versions, images (records, data, import, tags, members,
deactivation), tasks, multiple stores, the image cache, metadata definitions, schemas and
discovery, with Glance's error format."""

from __future__ import annotations

from starlette.routing import Route

from ..declare import Runtime, ServiceSpec
from ..errors import ApiError, glance_body
from ..interfaces import Images
from ..service import Scope
from . import (
    actions,
    cache,
    data,
    discovery,
    images,
    imports,
    members,
    metadef_namespaces,
    metadef_objects,
    metadef_schemas,
    metadef_tags,
    schemas,
    tags,
    tasks,
    versions,
)
from .backend import ImageBackend
from .schema import SCHEMA


def _render_error(err: ApiError, scope: Scope) -> tuple[bytes, str]:
    accept = dict(scope["headers"]).get(b"accept", b"").decode("latin-1")
    return glance_body(err, accept)


def metadef_routes() -> list[Route]:
    """`/v2/metadefs/...`: namespaces, their objects, properties, tags and resource type
    associations, and the resource types."""
    namespaces, namespace = "/v2/metadefs/namespaces", "/v2/metadefs/namespaces/{namespace}"
    objects, properties = metadef_objects, metadef_objects
    return [
        Route("/v2/metadefs/resource_types", metadef_tags.list_resource_types,
              methods=["GET"]),
        Route(namespaces, metadef_namespaces.list_namespaces, methods=["GET"]),
        Route(namespaces, metadef_namespaces.create_namespace, methods=["POST"]),
        Route(namespace, metadef_namespaces.show_namespace, methods=["GET"]),
        Route(namespace, metadef_namespaces.update_namespace, methods=["PUT"]),
        Route(namespace, metadef_namespaces.delete_namespace, methods=["DELETE"]),
        Route(f"{namespace}/resource_types", metadef_tags.list_associations, methods=["GET"]),
        Route(f"{namespace}/resource_types", metadef_tags.create_association,
              methods=["POST"]),
        Route(f"{namespace}/resource_types/{{resource_type}}",
              metadef_tags.delete_association, methods=["DELETE"]),
        Route(f"{namespace}/objects", objects.list_objects, methods=["GET"]),
        Route(f"{namespace}/objects", objects.create_object, methods=["POST"]),
        Route(f"{namespace}/objects", metadef_namespaces.delete_objects, methods=["DELETE"]),
        Route(f"{namespace}/objects/{{object_name}}", objects.show_object, methods=["GET"]),
        Route(f"{namespace}/objects/{{object_name}}", objects.update_object, methods=["PUT"]),
        Route(f"{namespace}/objects/{{object_name}}", objects.delete_object,
              methods=["DELETE"]),
        Route(f"{namespace}/properties", properties.list_properties, methods=["GET"]),
        Route(f"{namespace}/properties", properties.create_property, methods=["POST"]),
        Route(f"{namespace}/properties", metadef_namespaces.delete_properties,
              methods=["DELETE"]),
        Route(f"{namespace}/properties/{{property_name}}", properties.show_property,
              methods=["GET"]),
        Route(f"{namespace}/properties/{{property_name}}", properties.update_property,
              methods=["PUT"]),
        Route(f"{namespace}/properties/{{property_name}}", properties.delete_property,
              methods=["DELETE"]),
        Route(f"{namespace}/tags", metadef_tags.list_tags, methods=["GET"]),
        Route(f"{namespace}/tags", metadef_tags.create_tags, methods=["POST"]),
        Route(f"{namespace}/tags", metadef_namespaces.delete_tags, methods=["DELETE"]),
        Route(f"{namespace}/tags/{{tag_name}}", metadef_tags.show_tag, methods=["GET"]),
        Route(f"{namespace}/tags/{{tag_name}}", metadef_tags.create_tag, methods=["POST"]),
        Route(f"{namespace}/tags/{{tag_name}}", metadef_tags.update_tag, methods=["PUT"]),
        Route(f"{namespace}/tags/{{tag_name}}", metadef_tags.delete_tag, methods=["DELETE"]),
    ]


def routes() -> list[Route]:
    image = "/v2/images/{image_id}"
    return [
        Route("/", versions.list_versions, methods=["GET"]),
        Route("/versions", versions.versions_document, methods=["GET"]),
        Route("/v2/images", images.list_images, methods=["GET"]),
        Route("/v2/images", images.create_image, methods=["POST"]),
        Route(image, images.show_image, methods=["GET"]),
        Route(image, images.update_image, methods=["PATCH"]),
        Route(image, images.delete_image, methods=["DELETE"]),
        Route(f"{image}/file", data.download, methods=["GET"]),
        Route(f"{image}/file", data.upload, methods=["PUT"]),
        Route(f"{image}/stage", data.stage, methods=["PUT"]),
        Route(f"{image}/import", imports.import_image, methods=["POST"]),
        Route(f"{image}/tasks", tasks.image_tasks, methods=["GET"]),
        Route(f"{image}/tags/{{tag}}", tags.add_tag, methods=["PUT"]),
        Route(f"{image}/tags/{{tag}}", tags.delete_tag, methods=["DELETE"]),
        Route(f"{image}/members", members.list_members, methods=["GET"]),
        Route(f"{image}/members", members.create_member, methods=["POST"]),
        Route(f"{image}/members/{{member_id}}", members.show_member, methods=["GET"]),
        Route(f"{image}/members/{{member_id}}", members.update_member, methods=["PUT"]),
        Route(f"{image}/members/{{member_id}}", members.delete_member, methods=["DELETE"]),
        Route(f"{image}/actions/deactivate", actions.deactivate, methods=["POST"]),
        Route(f"{image}/actions/reactivate", actions.reactivate, methods=["POST"]),
        Route("/v2/stores/{store_id}/{image_id}", imports.delete_from_store,
              methods=["DELETE"]),
        Route("/v2/tasks", tasks.list_tasks, methods=["GET"]),
        Route("/v2/tasks", tasks.create_task, methods=["POST"]),
        Route("/v2/tasks/{task_id}", tasks.show_task, methods=["GET"]),
        Route("/v2/tasks/{task_id}", tasks.delete_task, methods=["DELETE"]),
        Route("/v2/cache", cache.list_cache, methods=["GET"]),
        Route("/v2/cache", cache.clear_cache, methods=["DELETE"]),
        Route("/v2/cache/{image_id}", cache.queue_image, methods=["PUT"]),
        Route("/v2/cache/{image_id}", cache.delete_cached_image, methods=["DELETE"]),
        *metadef_routes(),
        Route("/v2/schemas/image", schemas.show_image_schema, methods=["GET"]),
        Route("/v2/schemas/images", schemas.show_images_schema, methods=["GET"]),
        Route("/v2/schemas/member", schemas.show_member_schema, methods=["GET"]),
        Route("/v2/schemas/members", schemas.show_members_schema, methods=["GET"]),
        Route("/v2/schemas/task", tasks.show_task_schema, methods=["GET"]),
        Route("/v2/schemas/tasks", tasks.show_tasks_schema, methods=["GET"]),
        Route("/v2/schemas/metadefs/{name}", metadef_schemas.show_schema, methods=["GET"]),
        Route("/v2/info/import", discovery.import_info, methods=["GET"]),
        Route("/v2/info/stores", discovery.stores_info, methods=["GET"]),
        Route("/v2/info/stores/detail", discovery.stores_detail, methods=["GET"]),
    ]


def _backend(runtime: Runtime) -> ImageBackend:
    return ImageBackend(runtime.store, runtime.folder("images"), runtime.settings.task_delay,
                        runtime.wake)


SERVICE = ServiceSpec(
    mount="image", service_type="image", catalog_name="glance",
    catalog_description="Image Service", endpoint_path="/image",
    routes=routes, render_error=_render_error, make_backend=_backend, schema=SCHEMA,
    seed=lambda backend, seeding: backend.bootstrap(owner=seeding.projects["admin"]),
    provides=(Images,), order=20,
)
