"""Glance v2 under `/image`: versions, images (records, data, import, tags, members,
deactivation), tasks, multiple stores, the image cache, metadata definitions, schemas and
discovery, with Glance's error format."""

from __future__ import annotations

from starlette.routing import Route

from .. import routing
from ..declare import Runtime, ServiceSpec
from ..interfaces import Images
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
from .faults import render_error
from .schema import SCHEMA


def routes() -> list[Route]:
    return routing.build(
        versions.ROUTES, images.ROUTES, data.ROUTES, imports.ROUTES, tasks.ROUTES,
        tags.ROUTES, members.ROUTES, actions.ROUTES, cache.ROUTES, metadef_namespaces.ROUTES,
        metadef_objects.ROUTES, metadef_tags.ROUTES, schemas.ROUTES, metadef_schemas.ROUTES,
        discovery.ROUTES)


def _backend(runtime: Runtime) -> ImageBackend:
    return ImageBackend(runtime.store, runtime.folder("images"), runtime.settings.task_delay,
                        runtime.wake)


SERVICE = ServiceSpec(
    mount="image", service_type="image", catalog_name="glance",
    catalog_description="Image Service", endpoint_path="/image",
    routes=routes, render_error=render_error, make_backend=_backend, schema=SCHEMA,
    seed=lambda backend, seeding: backend.bootstrap(owner=seeding.projects["admin"]),
    provides=(Images,), order=20,
)
