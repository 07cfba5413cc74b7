"""Neutron v2.0 under `/network`: the routes and Neutron's error format."""

from __future__ import annotations

from starlette.routing import Route

from ..errors import ApiError, neutron_body
from ..service import Scope, Service
from . import versions


def _render_error(err: ApiError, scope: Scope) -> tuple[bytes, str]:
    return neutron_body(err), "application/json"


def routes() -> list[Route]:
    return [
        Route("/", versions.list_versions, methods=["GET"]),
        Route("/v2.0", versions.show_v20, methods=["GET"]),
        Route("/v2.0/", versions.show_v20, methods=["GET"]),
    ]


def service() -> Service:
    """The network API as an ASGI app (mounted at `/network`)."""
    return Service("network", routes(), _render_error)
