"""Nova v2.1 under `/compute`: the routes, microversion negotiation and Nova's fault format."""

from __future__ import annotations

from starlette.routing import Route

from ..errors import ApiError, nova_body
from ..service import Scope, Service
from . import flavors, keypairs, limits, quotas, servers, versions, volume_attachments


def _render_error(err: ApiError, scope: Scope) -> tuple[bytes, str]:
    return nova_body(err), "application/json"


def routes() -> list[Route]:
    v = "/v2.1"
    return [
        Route("/", versions.list_versions, methods=["GET"]),
        Route("/v2.1", versions.show_v21, methods=["GET"]),
        Route("/v2.1/", versions.show_v21, methods=["GET"]),
        Route("/v2", versions.show_v20, methods=["GET"]),
        Route("/v2/", versions.show_v20, methods=["GET"]),
        Route(f"{v}/servers", servers.list_servers, methods=["GET"]),
        Route(f"{v}/servers", servers.create_server, methods=["POST"]),
        Route(f"{v}/servers/detail", servers.list_servers_detail, methods=["GET"]),
        Route(f"{v}/servers/{{server_id}}", servers.show_server, methods=["GET"]),
        Route(f"{v}/servers/{{server_id}}", servers.update_server, methods=["PUT"]),
        Route(f"{v}/servers/{{server_id}}", servers.delete_server, methods=["DELETE"]),
        Route(f"{v}/servers/{{server_id}}/action", servers.server_action, methods=["POST"]),
        Route(f"{v}/flavors", flavors.list_flavors, methods=["GET"]),
        Route(f"{v}/flavors", flavors.create_flavor, methods=["POST"]),
        Route(f"{v}/flavors/detail", flavors.list_flavors_detail, methods=["GET"]),
        Route(f"{v}/flavors/{{flavor_id}}", flavors.show_flavor, methods=["GET"]),
        Route(f"{v}/flavors/{{flavor_id}}", flavors.delete_flavor, methods=["DELETE"]),
        Route(f"{v}/flavors/{{flavor_id}}/os-extra_specs", flavors.list_extra_specs,
              methods=["GET"]),
        Route(f"{v}/flavors/{{flavor_id}}/os-extra_specs", flavors.create_extra_specs,
              methods=["POST"]),
        Route(f"{v}/os-keypairs", keypairs.list_keypairs, methods=["GET"]),
        Route(f"{v}/os-keypairs", keypairs.create_keypair, methods=["POST"]),
        Route(f"{v}/os-keypairs/{{keypair_name}}", keypairs.show_keypair, methods=["GET"]),
        Route(f"{v}/os-keypairs/{{keypair_name}}", keypairs.delete_keypair,
              methods=["DELETE"]),
        Route(f"{v}/limits", limits.show_limits, methods=["GET"]),
        Route(f"{v}/os-quota-sets/{{project_id}}", quotas.show_quotas, methods=["GET"]),
        Route(f"{v}/os-quota-sets/{{project_id}}/defaults", quotas.show_defaults,
              methods=["GET"]),
        Route(f"{v}/os-quota-sets/{{project_id}}/detail", quotas.show_detail,
              methods=["GET"]),
        Route(f"{v}/servers/{{server_id}}/os-volume_attachments",
              volume_attachments.list_attachments, methods=["GET"]),
        Route(f"{v}/servers/{{server_id}}/os-volume_attachments",
              volume_attachments.attach_volume, methods=["POST"]),
        Route(f"{v}/servers/{{server_id}}/os-volume_attachments/{{volume_id}}",
              volume_attachments.show_attachment, methods=["GET"]),
        Route(f"{v}/servers/{{server_id}}/os-volume_attachments/{{volume_id}}",
              volume_attachments.update_attachment, methods=["PUT"]),
        Route(f"{v}/servers/{{server_id}}/os-volume_attachments/{{volume_id}}",
              volume_attachments.detach_volume, methods=["DELETE"]),
    ]


def service() -> Service:
    """The compute API as an ASGI app (mounted at `/compute`)."""
    return Service("compute", routes(), _render_error, before=versions.before_request,
                   response_headers=versions.response_headers)
