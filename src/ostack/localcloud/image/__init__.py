"""Glance v2 under `/image` (minimal: versions, image list and show) and Glance's error format."""

from __future__ import annotations

from starlette.routing import Route

from ..errors import ApiError, glance_body
from ..service import Scope, Service
from . import images


def _render_error(err: ApiError, scope: Scope) -> tuple[bytes, str]:
    accept = dict(scope["headers"]).get(b"accept", b"").decode("latin-1")
    return glance_body(err, accept)


def routes() -> list[Route]:
    return [
        Route("/", images.list_versions, methods=["GET"]),
        Route("/versions", images.versions_document, methods=["GET"]),
        Route("/v2/images", images.list_images, methods=["GET"]),
        Route("/v2/images/{image_id}", images.show_image, methods=["GET"]),
    ]


def service() -> Service:
    """The image API as an ASGI app (mounted at `/image`)."""
    return Service("image", routes(), _render_error)
