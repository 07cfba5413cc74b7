"""`/v1/{account}`: GET (the container listing), HEAD (counts and metadata), POST (metadata).

Accounts come into being on first use (Swift's `account_autocreate`); PUT and DELETE are the
reseller's (`allow_account_management` is off): 405, but for the bulk middleware's
`PUT ?extract-archive` and `POST`/`DELETE ?bulk-delete`.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..routing import ANY, RouteTable
from . import access, bulk, info, listings, metadata
from .http import backend, not_allowed

ALLOWED = "GET, HEAD, POST, OPTIONS"


async def dispatch(request: Request) -> Response:
    """Route an account request by method."""
    account = request.path_params["account"]
    if request.method == "PUT" and "extract-archive" in request.query_params:
        metadata.check_account(account)
        return await bulk.extract_archive(request, account)
    handler = {"GET": list_containers, "HEAD": show_account, "POST": update_account,
               "DELETE": _bulk_only}.get(request.method)
    if handler is None:
        raise not_allowed(ALLOWED)
    metadata.check_account(account)
    if request.method in ("POST", "DELETE") and "bulk-delete" in request.query_params:
        return await bulk.bulk_delete(request, account)
    return await handler(request, account)


def account_headers(request: Request, account: str, media_type: str) -> dict[str, str]:
    """X-Account-* counts, X-Timestamp, metadata (only what the owner may see)."""
    row = backend(request).get_account(account)
    stats = backend(request).account_stats(account)
    created = row["created_at"] if row else None
    policy = f"X-Account-Storage-Policy-{info.POLICY}"
    headers = {
        "X-Account-Container-Count": str(stats["containers"]),
        "X-Account-Object-Count": str(stats["objects"]),
        "X-Account-Bytes-Used": str(stats["bytes"]),
        f"{policy}-Container-Count": str(stats["containers"]),
        f"{policy}-Object-Count": str(stats["objects"]),
        f"{policy}-Bytes-Used": str(stats["bytes"]),
        "Accept-Ranges": "bytes",
        "Content-Type": f"{media_type}; charset=utf-8",
    }
    if created is not None:
        headers["X-Timestamp"] = metadata.x_timestamp(created)
        headers["X-Put-Timestamp"] = metadata.x_timestamp(row["put_at"])
        headers.update(metadata.as_headers(row["metadata"]))
    else:  # an account yet to be created: Swift's proxy answers with the time of now
        headers["X-Timestamp"] = headers["X-Put-Timestamp"] = metadata.x_timestamp(
            timestamps.now())
    return headers


async def show_account(request: Request, account: str) -> Response:
    """HEAD /v1/{account}: 204 with the counts and metadata."""
    access.authorize_account(request, account, write=False)
    media_type = listings.content_type(request)
    return Response(b"", 204, headers=account_headers(request, account, media_type))


async def list_containers(request: Request, account: str) -> Response:
    """GET /v1/{account}: the containers (200), or 204 for an empty plain-text listing."""
    access.authorize_account(request, account, write=False)
    media_type = listings.content_type(request)
    params = listings.query(request, listings.LIMITS["account"])
    rows = backend(request).list_containers(account, **params)
    entries: list[dict[str, Any]] = [listings.container_entry(row) for row in rows]
    body = listings.render(entries, media_type, "account", account)
    headers = account_headers(request, account, media_type)
    headers["Content-Length"] = str(len(body))
    return Response(body, 200 if body else 204, headers=headers)


async def _bulk_only(request: Request, account: str) -> Response:
    """DELETE of an account without `?bulk-delete`: the reseller's, 405."""
    raise not_allowed(ALLOWED)


async def update_account(request: Request, account: str) -> Response:
    """POST /v1/{account}: set (or, with an empty value or X-Remove-, remove) metadata."""
    access.authorize_account(request, account, write=True)
    backend(request).update_account(account, metadata.changes(request, "account"))
    return Response(b"", 204, headers={"Content-Type": "text/html; charset=UTF-8"})


ROUTES: RouteTable = (
    ("/v1/{account}", dispatch, ANY),
    ("/v1/{account}/", dispatch, ANY),
)
