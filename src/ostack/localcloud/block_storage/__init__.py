"""Cinder v3 under `/volume`: the routes, microversion negotiation, Cinder's fault format.

URLs carry the project (`/v3/{project_id}/volumes`) or, as Cinder allows since 3.67, not
(`/v3/volumes`): every resource table is served both ways (the handlers check that a project
in the URL is the token's).
"""

from __future__ import annotations

from starlette.routing import Route

from .. import routing
from ..declare import Runtime, ServiceSpec
from ..interfaces import BlockDevices
from . import (
    admin_ops,
    attachments,
    backends,
    backups,
    consistency_groups,
    encryption_types,
    groups,
    limits,
    messages,
    qos_specs,
    quota_classes,
    quotas,
    services,
    snapshots,
    transfers,
    types,
    versions,
    volume_actions,
    volume_manage,
    volumes,
)
from .backend import BlockStorageBackend
from .faults import render_error
from .schema import SCHEMA

#: The resource modules' tables (paths under /v3); each is served with and without
#: `/{project_id}`.
RESOURCES = (
    volumes.ROUTES, volume_actions.ROUTES, snapshots.ROUTES, types.ROUTES, limits.ROUTES,
    quotas.ROUTES, quota_classes.ROUTES, services.ROUTES, backends.ROUTES, backups.ROUTES,
    attachments.ROUTES, qos_specs.ROUTES, transfers.ROUTES, encryption_types.ROUTES,
    messages.ROUTES, groups.ROUTES, admin_ops.ROUTES, volume_manage.ROUTES,
    consistency_groups.ROUTES,
)


def routes() -> list[Route]:
    return (routing.build(versions.ROUTES)
            + routing.build(*RESOURCES, prefix="/v3")
            + routing.build(*RESOURCES, prefix="/v3/{project_id}")
            + routing.build(versions.PROJECT_ROUTES))


def _backend(runtime: Runtime) -> BlockStorageBackend:
    return BlockStorageBackend(runtime.store, runtime.settings.task_delay, runtime.wake,
                               runtime.peers)


SERVICE = ServiceSpec(
    mount="volume", service_type="block-storage", catalog_name="cinderv3",
    catalog_description="Cinder Volume Service V3", endpoint_path="/volume/v3/$(project_id)s",
    routes=routes, render_error=render_error, make_backend=_backend, schema=SCHEMA,
    provides=(BlockDevices,), before=versions.CINDER.before_request,
    response_headers=versions.response_headers, aliases=("volume", "volumev3"), order=40,
)
