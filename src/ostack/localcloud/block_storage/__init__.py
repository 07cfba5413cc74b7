"""Cinder v3 under `/volume`: the routes, microversion negotiation, Cinder's fault format.

URLs carry the project (`/v3/{project_id}/volumes`) or, as Cinder allows since 3.67, not
(`/v3/volumes`): every route is declared both ways (the handlers check that a project in the
URL is the token's).
"""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..declare import Runtime, ServiceSpec
from ..errors import ApiError, NotFound, cinder_body
from ..interfaces import BlockDevices
from ..service import Scope
from . import (
    attachments,
    backends,
    backups,
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
    volumes,
)
from .backend import BlockStorageBackend
from .schema import SCHEMA

GET, POST, PUT, DELETE = ["GET"], ["POST"], ["PUT"], ["DELETE"]

#: (path under /v3, handler, methods); each is served with and without `/{project_id}`.
RESOURCES = (
    ("/volumes", volumes.list_volumes, GET),
    ("/volumes", volumes.create_volume, POST),
    ("/volumes/detail", volumes.list_volumes_detail, GET),
    ("/volumes/summary", volumes.volumes_summary, GET),
    ("/volumes/{volume_id}", volumes.show_volume, GET),
    ("/volumes/{volume_id}", volumes.update_volume, PUT),
    ("/volumes/{volume_id}", volumes.delete_volume, DELETE),
    ("/volumes/{volume_id}/action", volumes.volume_action, POST),
    ("/volumes/{volume_id}/metadata", volumes.show_metadata, GET),
    ("/volumes/{volume_id}/metadata", volumes.create_metadata, POST),
    ("/volumes/{volume_id}/metadata", volumes.replace_metadata, PUT),
    ("/volumes/{volume_id}/metadata/{key}", volumes.show_metadata_item, GET),
    ("/volumes/{volume_id}/metadata/{key}", volumes.update_metadata_item, PUT),
    ("/volumes/{volume_id}/metadata/{key}", volumes.delete_metadata_item, DELETE),
    ("/snapshots", snapshots.list_snapshots, GET),
    ("/snapshots", snapshots.create_snapshot, POST),
    ("/snapshots/detail", snapshots.list_snapshots_detail, GET),
    ("/snapshots/{snapshot_id}", snapshots.show_snapshot, GET),
    ("/snapshots/{snapshot_id}", snapshots.update_snapshot, PUT),
    ("/snapshots/{snapshot_id}", snapshots.delete_snapshot, DELETE),
    ("/snapshots/{snapshot_id}/action", snapshots.snapshot_action, POST),
    ("/snapshots/{snapshot_id}/metadata", snapshots.show_metadata, GET),
    ("/snapshots/{snapshot_id}/metadata", snapshots.create_metadata, POST),
    ("/snapshots/{snapshot_id}/metadata", snapshots.replace_metadata, PUT),
    ("/snapshots/{snapshot_id}/metadata/{key}", snapshots.show_metadata_item, GET),
    ("/snapshots/{snapshot_id}/metadata/{key}", snapshots.update_metadata_item, PUT),
    ("/snapshots/{snapshot_id}/metadata/{key}", snapshots.delete_metadata_item, DELETE),
    ("/types", types.list_types, GET),
    ("/types", types.create_type, POST),
    ("/types/{type_id}", types.show_type, GET),
    ("/types/{type_id}", types.update_type, PUT),
    ("/types/{type_id}", types.delete_type, DELETE),
    ("/types/{type_id}/action", types.type_action, POST),
    ("/types/{type_id}/extra_specs", types.list_extra_specs, GET),
    ("/types/{type_id}/extra_specs", types.create_extra_specs, POST),
    ("/types/{type_id}/extra_specs/{key}", types.show_extra_spec, GET),
    ("/types/{type_id}/extra_specs/{key}", types.update_extra_spec, PUT),
    ("/types/{type_id}/extra_specs/{key}", types.delete_extra_spec, DELETE),
    ("/types/{type_id}/os-volume-type-access", types.list_type_access, GET),
    ("/limits", limits.show_limits, GET),
    ("/os-availability-zone", limits.list_availability_zones, GET),
    ("/os-quota-sets/{target}", quotas.show_quotas, GET),
    ("/os-quota-sets/{target}", quotas.update_quotas, PUT),
    ("/os-quota-sets/{target}", quotas.delete_quotas, DELETE),
    ("/os-quota-sets/{target}/defaults", quotas.show_defaults, GET),
    ("/os-quota-class-sets/{class_name}", quota_classes.show_quota_class, GET),
    ("/os-quota-class-sets/{class_name}", quota_classes.update_quota_class, PUT),
    ("/os-services", services.list_services, GET),
    ("/os-services/{action}", services.service_action, PUT),
    ("/os-hosts", backends.list_hosts, GET),
    ("/os-hosts/{host_name}", backends.show_host, GET),
    ("/scheduler-stats/get_pools", backends.get_pools, GET),
    ("/capabilities/{host_name}", backends.show_capabilities, GET),
    ("/extensions", services.list_extensions, GET),
    ("/backups", backups.list_backups, GET),
    ("/backups", backups.create_backup, POST),
    ("/backups/detail", backups.list_backups_detail, GET),
    ("/backups/import_record", backups.import_record, POST),
    ("/backups/{backup_id}", backups.show_backup, GET),
    ("/backups/{backup_id}", backups.update_backup, PUT),
    ("/backups/{backup_id}", backups.delete_backup, DELETE),
    ("/backups/{backup_id}/restore", backups.restore_backup, POST),
    ("/backups/{backup_id}/export_record", backups.export_record, GET),
    ("/backups/{backup_id}/action", backups.backup_action, POST),
    ("/attachments", attachments.list_attachments, GET),
    ("/attachments", attachments.create_attachment, POST),
    ("/attachments/detail", attachments.list_attachments_detail, GET),
    ("/attachments/{attachment_id}", attachments.show_attachment, GET),
    ("/attachments/{attachment_id}", attachments.update_attachment, PUT),
    ("/attachments/{attachment_id}", attachments.delete_attachment, DELETE),
    ("/attachments/{attachment_id}/action", attachments.attachment_action, POST),
) + qos_specs.RESOURCES + transfers.RESOURCES + encryption_types.RESOURCES \
    + messages.RESOURCES + groups.RESOURCES


def _render_error(err: ApiError, scope: Scope) -> tuple[bytes, str]:
    return cinder_body(err), "application/json"


#: Keystone's project ids: 32 hex characters.
PROJECT_ID = re.compile(r"[0-9a-f]{32}")


def routes() -> list[Route]:
    found = [Route("/", versions.list_versions, methods=GET),
             Route("/v3", versions.show_v3, methods=GET),
             Route("/v3/", versions.show_v3, methods=GET)]
    for path, handler, methods in RESOURCES:
        found.append(Route(f"/v3{path}", handler, methods=methods))
    for path, handler, methods in RESOURCES:
        found.append(Route(f"/v3/{{project_id}}{path}", handler, methods=methods))
    # keystoneauth's discovery may start at the catalog URL, which ends with the project
    found.append(Route("/v3/{project_id}", _show_v3_of_project, methods=GET))
    found.append(Route("/v3/{project_id}/", _show_v3_of_project, methods=GET))
    return found


async def _show_v3_of_project(request: Request) -> Response:
    """The v3 document at a project's URL; a segment that is no project id (an unknown
    collection such as `/v3/messages`) is not found."""
    if not PROJECT_ID.fullmatch(request.path_params["project_id"]):
        raise NotFound("The resource could not be found.")
    return await versions.show_v3(request)


def _backend(runtime: Runtime) -> BlockStorageBackend:
    return BlockStorageBackend(runtime.store, runtime.settings.task_delay, runtime.wake,
                               runtime.peers)


SERVICE = ServiceSpec(
    mount="volume", service_type="block-storage", catalog_name="cinderv3",
    catalog_description="Cinder Volume Service V3", endpoint_path="/volume/v3/$(project_id)s",
    routes=routes, render_error=_render_error, make_backend=_backend, schema=SCHEMA,
    provides=(BlockDevices,), before=versions.CINDER.before_request,
    response_headers=versions.response_headers, aliases=("volume", "volumev3"), order=40,
)
