"""Glance v2 under `/image`: versions, images (records, data, import, tags, members,
deactivation), schemas and discovery, with Glance's error format."""

from __future__ import annotations

from starlette.routing import Route

from ..errors import ApiError, glance_body
from ..service import Scope, Service
from . import actions, data, discovery, images, members, schemas, tags, versions


def _render_error(err: ApiError, scope: Scope) -> tuple[bytes, str]:
    accept = dict(scope["headers"]).get(b"accept", b"").decode("latin-1")
    return glance_body(err, accept)


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
        Route(f"{image}/import", data.import_image, methods=["POST"]),
        Route(f"{image}/tags/{{tag}}", tags.add_tag, methods=["PUT"]),
        Route(f"{image}/tags/{{tag}}", tags.delete_tag, methods=["DELETE"]),
        Route(f"{image}/members", members.list_members, methods=["GET"]),
        Route(f"{image}/members", members.create_member, methods=["POST"]),
        Route(f"{image}/members/{{member_id}}", members.show_member, methods=["GET"]),
        Route(f"{image}/members/{{member_id}}", members.update_member, methods=["PUT"]),
        Route(f"{image}/members/{{member_id}}", members.delete_member, methods=["DELETE"]),
        Route(f"{image}/actions/deactivate", actions.deactivate, methods=["POST"]),
        Route(f"{image}/actions/reactivate", actions.reactivate, methods=["POST"]),
        Route("/v2/schemas/image", schemas.show_image_schema, methods=["GET"]),
        Route("/v2/schemas/images", schemas.show_images_schema, methods=["GET"]),
        Route("/v2/schemas/member", schemas.show_member_schema, methods=["GET"]),
        Route("/v2/schemas/members", schemas.show_members_schema, methods=["GET"]),
        Route("/v2/info/import", discovery.import_info, methods=["GET"]),
        Route("/v2/info/stores", discovery.stores_info, methods=["GET"]),
    ]


def service() -> Service:
    """The image API as an ASGI app (mounted at `/image`)."""
    return Service("image", routes(), _render_error)
