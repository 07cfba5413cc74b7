"""Cinder v3 under `/volume`: the routes, microversion negotiation, Cinder's fault format.

URLs carry the project (`/v3/{project_id}/volumes`) or, as Cinder allows since 3.67, not
(`/v3/volumes`): the `before` hook takes the project out of the path (into
`scope["url_project_id"]`) so one set of routes serves both.
"""

from __future__ import annotations

from starlette.routing import Route

from ..errors import ApiError, cinder_body
from ..service import Scope, Service
from . import versions

#: The first path segments after /v3 that name a collection (anything else is a project id).
COLLECTIONS = frozenset((
    "volumes", "snapshots", "types", "limits", "os-quota-sets", "os-quota-class-sets",
    "os-availability-zone", "os-services", "attachments", "backups", "extensions", "messages",
    "clusters", "group_types", "groups", "group_snapshots", "consistencygroups",
    "cgsnapshots", "manageable_volumes", "manageable_snapshots", "workers",
    "resource_filters", "volume-transfers", "os-volume-transfer", "default-types",
    "capabilities", "os-hosts", "qos-specs", "scheduler-stats", "os-snapshot-manage",
    "os-volume-manage",
))


def _render_error(err: ApiError, scope: Scope) -> tuple[bytes, str]:
    return cinder_body(err), "application/json"


def before_request(scope: Scope) -> None:
    """Service hook: negotiate the microversion under /v3; move the URL's project out of
    the path."""
    root = scope.get("root_path", "")
    path = scope["path"][len(root):]
    if not path.startswith("/v3/") or path == "/v3/":
        return
    parts = path.split("/")  # ["", "v3", first, ...]
    if parts[2] not in COLLECTIONS and parts[2]:
        scope["url_project_id"] = parts[2]
        rest = "/".join(parts[3:])
        path = "/v3/" + rest if rest else "/v3/"
        scope["path"] = root + path
    if path != "/v3/":
        scope["microversion"] = versions.negotiate(dict(scope["headers"]))


def routes() -> list[Route]:
    return [
        Route("/", versions.list_versions, methods=["GET"]),
        Route("/v3", versions.show_v3, methods=["GET"]),
        Route("/v3/", versions.show_v3, methods=["GET"]),
    ]


def service() -> Service:
    """The block storage API as an ASGI app (mounted at `/volume`)."""
    return Service("block-storage", routes(), _render_error, before=before_request,
                   response_headers=versions.response_headers)
