"""`/v1/{account}/{container}`: PUT (201 created, 202 when it exists), GET (the object
listing), HEAD, POST (metadata, ACLs), DELETE (409 while it holds objects)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import NotFound
from ..routing import ANY, RouteTable
from . import access, info, listings, metadata
from .http import backend, not_allowed

ALLOWED = "DELETE, GET, HEAD, POST, PUT, OPTIONS"
ACCEPTED = b"<html><h1>Accepted</h1><p>The request is accepted for processing.</p></html>"
HTML = "text/html; charset=UTF-8"


async def dispatch(request: Request) -> Response:
    """Route a container request by method."""
    return await handle(request, request.path_params["account"],
                        request.path_params["container"])


async def handle(request: Request, account: str, container: str) -> Response:
    handler = {"GET": list_objects, "HEAD": show_container, "PUT": create_container,
               "POST": update_container, "DELETE": delete_container}.get(request.method)
    if handler is None:
        raise not_allowed(ALLOWED)
    metadata.check_account(account)
    metadata.check_container(container)
    return await handler(request, account, container)


def container_headers(row: dict[str, Any], media_type: str) -> dict[str, str]:
    headers = {
        "X-Container-Object-Count": str(row["count"]),
        "X-Container-Bytes-Used": str(row["bytes"]),
        "X-Timestamp": metadata.x_timestamp(row["created_at"]),
        "X-Put-Timestamp": metadata.x_timestamp(row["put_at"]),
        "Last-Modified": metadata.http_date(row["put_at"]),
        "X-Storage-Policy": info.POLICY,
        "Accept-Ranges": "bytes",
        "Content-Type": f"{media_type}; charset=utf-8",
    }
    headers.update(metadata.as_headers(row["metadata"]))
    return headers


def _listed(request: Request, account: str, container: str) -> tuple[dict[str, Any], str]:
    """The container, if the caller may list it (404 when absent), and the media type of the
    answer."""
    row = backend(request).get_container(account, container)
    access.authorize_container(request, account, row, listing=True)
    if row is None:
        raise NotFound("")
    return row, listings.content_type(request)


async def show_container(request: Request, account: str, container: str) -> Response:
    """HEAD: 204 with the counts and metadata."""
    row, media_type = _listed(request, account, container)
    return Response(b"", 204, headers=container_headers(row, media_type))


async def list_objects(request: Request, account: str, container: str) -> Response:
    """GET: the objects (200), or 204 for an empty plain-text listing."""
    row, media_type = _listed(request, account, container)
    params = listings.query(request, listings.LIMITS["container"])
    rows = backend(request).list_objects(account, container, **params)
    body = listings.render([listings.object_entry(r) for r in rows], media_type,
                           "container", container)
    headers = container_headers(row, media_type)
    headers["Content-Length"] = str(len(body))
    return Response(body, 200 if body else 204, headers=headers)


def _acl_changes(request: Request) -> dict[str, str | None]:
    return metadata.changes(request, "container", metadata.CONTAINER_HEADERS)


async def create_container(request: Request, account: str, container: str) -> Response:
    """PUT: 201 when created, 202 when it existed (its metadata updated)."""
    access.authorize_account(request, account, write=True)
    changes = _acl_changes(request)
    created = backend(request).put_container(account, container, changes)
    if created:
        return Response(b"", 201, headers={"Content-Type": HTML, "Content-Length": "0"})
    return Response(ACCEPTED, 202, media_type=HTML)


async def update_container(request: Request, account: str, container: str) -> Response:
    """POST: set or remove metadata and ACLs; 404 when the container does not exist."""
    access.authorize_account(request, account, write=True)
    if not backend(request).update_container(account, container, _acl_changes(request)):
        raise NotFound("")
    return Response(b"", 204, headers={"Content-Type": HTML})


async def delete_container(request: Request, account: str, container: str) -> Response:
    """DELETE: 204; 404 when absent; 409 while it holds objects."""
    access.authorize_account(request, account, write=True)
    if not backend(request).delete_container(account, container):
        raise NotFound("")
    return Response(b"", 204, headers={"Content-Type": HTML})


ROUTES: RouteTable = (("/v1/{account}/{container}", dispatch, ANY),)
