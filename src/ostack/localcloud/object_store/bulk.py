"""Swift's bulk middleware: bulk delete (`POST` or `DELETE` `/v1/{account}?bulk-delete`) and
archive extraction (`PUT /v1/{account}?extract-archive=tar|tar.gz|tar.bz2`).

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


# ------------------------------------------------------------------ archive extraction
#: `?extract-archive=` formats and the tarfile stream modes that read them.
ARCHIVE_MODES = {"tar": "r|", "tar.gz": "r|gz", "tar.bz2": "r|bz2"}
MAX_CONTAINERS_PER_EXTRACTION = info.BULK_MAX_CONTAINERS_PER_EXTRACTION
MAX_FAILED_EXTRACTIONS = info.BULK_MAX_FAILED_EXTRACTIONS
#: Archives are spooled to disk beyond this many bytes.
SPOOL_BYTES = 8 * 1024 * 1024


def _store_member(request: Request, account: str, path: str, data: Any,
                  made: set[str]) -> int:
    """Store one archive file at `container/object`: its HTTP status (201 created)."""
    import hashlib
    import mimetypes

    container, _, name = path.partition("/")
    if not container or not name:
        return 400
    if len(container) > info.MAX_CONTAINER_NAME_LENGTH or len(name) > info.MAX_OBJECT_NAME_LENGTH:
        return 400
    store = backend(request)
    try:
        record = store.container_record(account, container)
        if record is None:
            if len(made) >= MAX_CONTAINERS_PER_EXTRACTION:
                return 400
            access.authorize_account(request, account, write=True)
            store.put_container(account, container, {})
            made.add(container)
            record = store.container_record(account, container)
        access.authorize_container(request, account, record, write=True)
    except ApiError as err:
        return err.status
    file_id, tmp = store.new_upload()
    try:
        digest, size = hashlib.md5(usedforsecurity=False), 0
        with open(tmp, "wb") as handle:
            while chunk := data.read(1024 * 1024):
                digest.update(chunk)
                handle.write(chunk)
                size += len(chunk)
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        store.put_object(account, container, name, file_id, tmp, size, digest.hexdigest(),
                         content_type, {}, None)
    except BaseException:
        store.discard_upload(tmp)
        raise
    return 201


async def extract_archive(request: Request, account: str, base: str = "") -> Response:
    """`PUT /v1/{account}?extract-archive=tar|tar.gz|tar.bz2`: each file of the archive stored
    at its path (`container/object`, containers made on the way; `base` prefixes the paths),
    reported as Swift's bulk middleware does (200, the outcome in the body)."""
    import tarfile
    import tempfile

    media = listings.best_match(request.headers.get("accept") or "*/*")
    if media not in ("text/plain", "application/json"):
        raise ApiError("", status=406)
    if access.caller(request) is None:
        raise access.unauthorized(request, account)
    mode = ARCHIVE_MODES.get(request.query_params.get("extract-archive", ""))
    if mode is None:
        raise ApiError("Unsupported archive format", status=400)
    report: dict[str, Any] = {"Number Files Created": 0, "Response Body": "",
                              "Response Status": "201 Created"}
    errors: list[list[str]] = []
    made: set[str] = set()
    with tempfile.SpooledTemporaryFile(SPOOL_BYTES) as spool:
        async for chunk in request.stream():
            spool.write(chunk)
        spool.seek(0)
        try:
            with tarfile.open(fileobj=spool, mode=mode) as archive:
                for member in archive:
                    if not member.isfile():
                        continue
                    path = "/".join(p for p in f"{base}/{member.name}".split("/")
                                    if p not in ("", "."))
                    status = _store_member(request, account, path,
                                           archive.extractfile(member), made)
                    if status == 201:
                        report["Number Files Created"] += 1
                        continue
                    errors.append([quote(path), STATUS_TEXT.get(status, str(status))])
                    if len(errors) >= MAX_FAILED_EXTRACTIONS:
                        raise _Rejected(400, "Max extraction failures exceeded")
        except tarfile.TarError:
            report["Response Status"] = "400 Bad Request"
            report["Response Body"] = "Invalid Tar File: not a readable archive"
        except _Rejected as rejected:
            report["Response Status"] = STATUS_TEXT.get(rejected.status, str(rejected.status))
            report["Response Body"] = rejected.body
    if errors and report["Response Status"] == "201 Created":
        report["Response Status"] = "400 Bad Request"
    if not report["Number Files Created"] and not errors and \
            report["Response Status"] == "201 Created":
        report["Response Status"] = "400 Bad Request"
        report["Response Body"] = "Invalid Tar File: No Valid Files"
    if media == "application/json":
        report["Errors"] = errors
        return Response(json.dumps(report).encode(), 200, media_type="application/json")
    lines = [f"{key}: {report[key]}\n" for key in sorted(report)]
    lines.append("Errors:\n")
    lines.extend(f"{name}, {status}\n" for name, status in errors)
    return Response("".join(lines).encode(), 200, media_type="text/plain")
