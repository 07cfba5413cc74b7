"""The routes of Nova's proxy APIs to the image and block storage services (`/images`,
`/os-volumes`, `/os-snapshots`, `/os-volumes_boot`) and of the APIs the other services call
(`/os-server-external-events`, `/os-assisted-volume-snapshots`) or operators read
(`/os-instance_usage_audit_log`)."""

from __future__ import annotations

from starlette.routing import Route

from . import (
    assisted_volume_snapshots,
    image_metadata,
    images,
    instance_usage_audit_log,
    os_volumes,
    server_actions,
    server_external_events,
    servers,
)


def routes(v: str) -> list[Route]:
    """The routes under `v` (`/v2.1`)."""
    meta = f"{v}/images/{{image_id}}/metadata"
    return [
        Route(f"{v}/images", images.list_images, methods=["GET"]),
        Route(f"{v}/images/detail", images.list_images_detail, methods=["GET"]),
        Route(f"{v}/images/{{image_id}}", images.show_image, methods=["GET"]),
        Route(f"{v}/images/{{image_id}}", images.delete_image, methods=["DELETE"]),
        Route(meta, image_metadata.list_metadata, methods=["GET"]),
        Route(meta, image_metadata.create_metadata, methods=["POST"]),
        Route(meta, image_metadata.replace_metadata, methods=["PUT"]),
        Route(f"{meta}/{{key}}", image_metadata.show_metadata_item, methods=["GET"]),
        Route(f"{meta}/{{key}}", image_metadata.update_metadata_item, methods=["PUT"]),
        Route(f"{meta}/{{key}}", image_metadata.delete_metadata_item, methods=["DELETE"]),
        Route(f"{v}/os-volumes", os_volumes.list_volumes, methods=["GET"]),
        Route(f"{v}/os-volumes", os_volumes.create_volume, methods=["POST"]),
        Route(f"{v}/os-volumes/detail", os_volumes.list_volumes_detail, methods=["GET"]),
        Route(f"{v}/os-volumes/{{volume_id}}", os_volumes.show_volume, methods=["GET"]),
        Route(f"{v}/os-volumes/{{volume_id}}", os_volumes.delete_volume, methods=["DELETE"]),
        Route(f"{v}/os-snapshots", os_volumes.list_snapshots, methods=["GET"]),
        Route(f"{v}/os-snapshots", os_volumes.create_snapshot, methods=["POST"]),
        Route(f"{v}/os-snapshots/detail", os_volumes.list_snapshots_detail, methods=["GET"]),
        Route(f"{v}/os-snapshots/{{snapshot_id}}", os_volumes.show_snapshot,
              methods=["GET"]),
        Route(f"{v}/os-snapshots/{{snapshot_id}}", os_volumes.delete_snapshot,
              methods=["DELETE"]),
        # The old name of the server collection for boot from volume (every microversion).
        Route(f"{v}/os-volumes_boot", servers.list_servers, methods=["GET"]),
        Route(f"{v}/os-volumes_boot", servers.create_server, methods=["POST"]),
        Route(f"{v}/os-volumes_boot/detail", servers.list_servers_detail, methods=["GET"]),
        Route(f"{v}/os-volumes_boot/{{server_id}}", servers.show_server, methods=["GET"]),
        Route(f"{v}/os-volumes_boot/{{server_id}}", servers.update_server, methods=["PUT"]),
        Route(f"{v}/os-volumes_boot/{{server_id}}", servers.delete_server,
              methods=["DELETE"]),
        Route(f"{v}/os-volumes_boot/{{server_id}}/action", server_actions.server_action,
              methods=["POST"]),
        Route(f"{v}/os-server-external-events", server_external_events.create_events,
              methods=["POST"]),
        Route(f"{v}/os-assisted-volume-snapshots", assisted_volume_snapshots.create_snapshot,
              methods=["POST"]),
        Route(f"{v}/os-assisted-volume-snapshots/{{snapshot_id}}",
              assisted_volume_snapshots.delete_snapshot, methods=["DELETE"]),
        Route(f"{v}/os-instance_usage_audit_log",
              instance_usage_audit_log.list_audit_logs, methods=["GET"]),
        Route(f"{v}/os-instance_usage_audit_log/{{before_timestamp}}",
              instance_usage_audit_log.show_audit_log, methods=["GET"]),
    ]
