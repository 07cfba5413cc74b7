"""Bulk delete: `POST` (or `DELETE`) `/v1/{account}?bulk-delete`, as Swift's bulk middleware
answers it.

The body is text, one URL-quoted `/container/object` (or `/container`, deleted when empty)
per line. The answer is always 200: its body reports `Number Deleted`, `Number Not Found`,
`Errors` (`[path, status]` pairs), `Response Status` and `Response Body`, as plain text
(`Key: value` lines, then `Errors:`) or JSON (`Accept: application/json`); XML is not spoken
here (406).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, unquote

from starlette.requests import Request
from starlette.responses import Response

from ..errors import ApiError
from . import access, info, listings
from .http import backend

MAX_DELETES_PER_REQUEST = info.BULK_MAX_DELETES_PER_REQUEST
MAX_FAILED_DELETES = info.BULK_MAX_FAILED_DELETES
#: The longest line a bulk delete body may hold (Swift: the longest container/object path).
MAX_PATH_LENGTH = info.MAX_CONTAINER_NAME_LENGTH + info.MAX_OBJECT_NAME_LENGTH + 2

STATUS_TEXT = {400: "400 Bad Request", 401: "401 Unauthorized", 403: "403 Forbidden",
               404: "404 Not Found", 409: "409 Conflict", 413: "413 Request Entity Too Large"}


class _Rejected(Exception):
    def __init__(self, status: int, body: str) -> None:
        super().__init__(body)
        self.status = status
        self.body = body


async def _paths(request: Request) -> list[str]:
    """The body's lines, unquoted, blank ones skipped; too many or too long: rejected."""
    raw = bytearray()
    limit = MAX_DELETES_PER_REQUEST * (MAX_PATH_LENGTH * 3 + 1)
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > limit:
            raise _Rejected(413, f"Maximum Bulk Deletes: {MAX_DELETES_PER_REQUEST} per request")
    paths = []
    for line in bytes(raw).decode("utf-8", "replace").splitlines():
        line = line.strip()
        if not line:
            continue
        if len(paths) >= MAX_DELETES_PER_REQUEST:
            raise _Rejected(413, f"Maximum Bulk Deletes: {MAX_DELETES_PER_REQUEST} per request")
        if len(line) > MAX_PATH_LENGTH * 3:
            raise _Rejected(400, f"Invalid File Name ({line[:50]}...)")
        paths.append(unquote(line))
    if not paths:
        raise _Rejected(400, "Invalid bulk delete.")
    return paths


def _delete_one(request: Request, account: str, path: str) -> int:
    """Delete one `/container[/object]`: its HTTP status (204 deleted, 404 not found ...)."""
    container, _, name = path.lstrip("/").partition("/")
    if not container:
        return 400
    store = backend(request)
    try:
        if not name:
            access.authorize_account(request, account, write=True)
            return 204 if store.delete_container(account, container) else 404
        record = store.container_record(account, container)
        access.authorize_container(request, account, record, write=True)
        if record is None:
            return 404
        return 204 if store.delete_object(account, container, name) else 404
    except ApiError as err:
        return err.status


async def bulk_delete(request: Request, account: str) -> Response:
    """Delete every listed path; the report in the format the client accepts."""
    media = listings.best_match(request.headers.get("accept") or "*/*")
    if media not in ("text/plain", "application/json"):
        raise ApiError("", status=406)
    if access.caller(request) is None:
        raise access.unauthorized(request, account)
    report: dict[str, Any] = {"Number Deleted": 0, "Number Not Found": 0,
                              "Response Body": "", "Response Status": "200 OK"}
    errors: list[list[str]] = []
    try:
        for path in await _paths(request):
            status = _delete_one(request, account, path)
            if status in (200, 204):
                report["Number Deleted"] += 1
            elif status == 404:
                report["Number Not Found"] += 1
            else:
                errors.append([quote(path), STATUS_TEXT.get(status, str(status))])
                if len(errors) >= MAX_FAILED_DELETES:
                    raise _Rejected(400, "Max delete failures exceeded")
    except _Rejected as rejected:
        report["Response Status"] = STATUS_TEXT.get(rejected.status, str(rejected.status))
        report["Response Body"] = rejected.body
    if errors and report["Response Status"] == "200 OK":
        report["Response Status"] = "400 Bad Request"
    if media == "application/json":
        report["Errors"] = errors
        return Response(json.dumps(report).encode(), 200, media_type="application/json")
    lines = [f"{key}: {report[key]}\n" for key in sorted(report)]
    lines.append("Errors:\n")
    lines.extend(f"{name}, {status}\n" for name, status in errors)
    return Response("".join(lines).encode(), 200, media_type="text/plain")
