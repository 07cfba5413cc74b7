"""`/v1/{account}/{container}/{object}`: PUT (streamed to disk; `ETag` checked, 422 on a
mismatch; `X-Copy-From`), GET (streamed; `Range`, `If-Match`, `If-None-Match`,
`If-Modified-Since`, `If-Unmodified-Since`), HEAD, POST (metadata replaced), DELETE, COPY
(`Destination`); `X-Delete-At` / `X-Delete-After` expiry."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import AsyncIterator
from typing import Any, BinaryIO
from urllib.parse import quote, unquote

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response, StreamingResponse

from .. import timestamps
from ..errors import ApiError, BadRequest, NotFound
from ..routing import ANY, RouteTable
from ..streams import read_range
from . import access, containers, info, large_objects, metadata
from .http import backend, not_allowed
from .large_objects import Piece

ALLOWED = "COPY, DELETE, GET, HEAD, POST, PUT, OPTIONS"
HTML = "text/html; charset=UTF-8"
ACCEPTED = b"<html><h1>Accepted</h1><p>The request is accepted for processing.</p></html>"
DEFAULT_CONTENT_TYPE = "application/octet-stream"
MAX_RANGES = 50


async def dispatch(request: Request) -> Response:
    """Route an object request by method (an empty object name is the container)."""
    account = request.path_params["account"]
    container = request.path_params["container"]
    name = request.path_params["object"]
    if not name:
        return await containers.handle(request, account, container)
    handler = {"GET": get_object, "HEAD": get_object, "PUT": put_object,
               "POST": update_object, "DELETE": delete_object,
               "COPY": copy_object}.get(request.method)
    if handler is None:
        raise not_allowed(ALLOWED)
    metadata.check_account(account)
    metadata.check_container(container)
    metadata.check_object(name)
    return await handler(request, account, container, name)


def _container(request: Request, account: str, container: str,
               write: bool | None = None) -> dict[str, Any]:
    """The container's record once the caller may use it (its ACLs count); 404 if absent."""
    row = backend(request).container_record(account, container)
    access.authorize_container(request, account, row, write=write)
    if row is None:
        raise NotFound("")
    return row


# ------------------------------------------------------------------- reading
def object_headers(row: dict[str, Any]) -> dict[str, str]:
    """Content-Type, Etag, Last-Modified, X-Timestamp, metadata, X-Delete-At."""
    headers = {
        "Content-Type": row["content_type"],
        "Etag": row["etag"],
        "Last-Modified": metadata.http_date(row["updated_at"]),
        "X-Timestamp": metadata.x_timestamp(row["updated_at"]),
        "Accept-Ranges": "bytes",
    }
    headers.update(metadata.as_headers(large_objects.visible(row["metadata"])))
    if large_objects.is_slo(row):
        headers["Etag"] = large_objects.quoted(row["etag"])
        headers["X-Static-Large-Object"] = "True"
    if row["delete_at"] is not None:
        headers["X-Delete-At"] = str(row["delete_at"])
    return headers


def _tags(value: str) -> set[str]:
    return {tag.strip().strip('"') for tag in value.split(",") if tag.strip()}


def conditional_status(request: Request, etag: str, changed: float) -> int | None:
    """412 or 304 when the request's conditions say so (swob's order), else None."""
    etag = etag.strip('"')
    modified = metadata.last_modified_seconds(changed)
    if_match = request.headers.get("if-match")
    if if_match is not None:
        tags = _tags(if_match)
        if "*" not in tags and etag not in tags:
            return 412
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = _tags(if_none_match)
        if "*" in tags or etag in tags:
            return 304
    since = metadata.parse_http_date(request.headers.get("if-unmodified-since"))
    if since is not None and modified > since:
        return 412
    since = metadata.parse_http_date(request.headers.get("if-modified-since"))
    if since is not None and if_none_match is None and modified <= since:
        return 304
    return None


def parse_ranges(value: str | None, length: int) -> list[tuple[int, int]] | None:
    """`Range: bytes=...` as (start, stop) pairs within the object, as swob reads it: None
    when the header is absent or malformed (ignored: the whole object), [] when nothing
    is satisfiable (416)."""
    if not value:
        return None
    text = value.replace(" ", "")
    if not text.lower().startswith("bytes="):
        return None
    specs: list[tuple[int | None, int | None]] = []
    for part in text[6:].split(","):
        first, dash, last = part.partition("-")
        if not dash or not (first or last):
            return None
        try:
            start = int(first) if first else None
            end = int(last) if last else None
        except ValueError:
            return None
        if (start is not None and start < 0) or (end is not None and end < 0):
            return None
        if start is not None and end is not None and end < start:
            return None
        specs.append((start, end))
    if len(specs) > MAX_RANGES:
        return None
    out: list[tuple[int, int]] = []
    for start, end in specs:
        if start is None:
            assert end is not None
            if end == 0:
                continue
            out.append((max(0, length - end), length))
        elif start < length:
            out.append((start, length if end is None else min(end + 1, length)))
    return out


async def _chunks(pieces: list[Piece], spans: list[tuple[int, int]],
                  opened: BinaryIO | None = None,
                  parts: list[tuple[bytes, bytes]] | None = None,
                  closing: bytes = b"") -> AsyncIterator[bytes]:
    """The bytes in `spans` of the concatenation of `pieces` (the first maybe `opened`
    already), each span after its multipart header when `parts` is given."""
    try:
        for index, (start, stop) in enumerate(spans):
            if parts is not None:
                yield parts[index][0]
            offset = 0
            for number, (path, size) in enumerate(pieces):
                low, high = max(start, offset), min(stop, offset + size)
                if low < high:
                    handle = opened if number == 0 and opened else open(path, "rb")  # noqa: SIM115
                    try:
                        for chunk in read_range(handle, low - offset, high - low):
                            yield chunk
                    finally:
                        if handle is not opened:
                            handle.close()
                offset += size
                if offset >= stop:
                    break
            if parts is not None:
                yield parts[index][1]
        if closing:
            yield closing
    finally:
        if opened is not None:
            opened.close()


async def get_object(request: Request, account: str, container: str, name: str) -> Response:
    """GET (the data, streamed from disk) and HEAD (its headers)."""
    _container(request, account, container)
    row = backend(request).get_object(account, container, name)
    if row is None:
        raise NotFound("")
    headers = object_headers(row)
    manifest_get = request.query_params.get("multipart-manifest") == "get"
    if large_objects.is_slo(row) and manifest_get:
        return large_objects.manifest_response(row, headers, request.method == "HEAD")
    size = row["bytes"]
    pieces: list[Piece] = [(backend(request).data_path(row["file"]), size)]
    if large_objects.is_dlo(row) and not manifest_get:
        pieces, headers["Etag"], size = large_objects.dlo_pieces(request, account, row)
    status = conditional_status(request, headers["Etag"], row["updated_at"])
    if status == 412:
        raise ApiError("", status=412)
    if status == 304:
        kept = {k: v for k, v in headers.items()
                if k in ("Etag", "Last-Modified", "X-Timestamp", "Content-Type")}
        return Response(b"", 304, headers=kept)
    if request.method == "HEAD":
        headers["Content-Length"] = str(size)
        return Response(b"", 200, headers=headers)
    handle = None
    if len(pieces) == 1:
        try:
            handle = open(pieces[0][0], "rb")  # noqa: SIM115 - closed by the streamer
        except FileNotFoundError:
            raise NotFound("") from None  # deleted meanwhile
    ranges = parse_ranges(request.headers.get("range"), size)
    if ranges == [] and size == 0:
        ranges = None  # Swift serves an empty object whole whatever the range
    if ranges is None:
        headers["Content-Length"] = str(size)
        return StreamingResponse(_chunks(pieces, [(0, size)], handle), 200, headers=headers)
    if not ranges:
        if handle is not None:
            handle.close()
        raise ApiError("", status=416, headers={"Content-Range": f"bytes */{size}"})
    if len(ranges) == 1:
        start, stop = ranges[0]
        headers["Content-Range"] = f"bytes {start}-{stop - 1}/{size}"
        headers["Content-Length"] = str(stop - start)
        return StreamingResponse(_chunks(pieces, ranges, handle), 206, headers=headers)
    boundary = secrets.token_hex(16)
    content_type = headers["Content-Type"]
    parts = [(f"--{boundary}\r\nContent-Type: {content_type}\r\nContent-Range: bytes "
              f"{start}-{stop - 1}/{size}\r\n\r\n".encode("latin-1"), b"\r\n")
             for start, stop in ranges]
    closing = f"--{boundary}--".encode()
    length = sum(len(head) + len(tail) for head, tail in parts) + len(closing) + sum(
        stop - start for start, stop in ranges)
    headers["Content-Type"] = f"multipart/byteranges;boundary={boundary}"
    headers["Content-Length"] = str(length)
    return StreamingResponse(_chunks(pieces, ranges, handle, parts, closing), 206,
                             headers=headers)


# ------------------------------------------------------------------- writing
def object_metadata(request: Request) -> dict[str, str]:
    """The X-Object-Meta-* (and Content-Disposition, Content-Encoding) of a PUT or POST."""
    items = metadata.changes(request, "object", metadata.OBJECT_HEADERS)
    return {k: v for k, v in items.items() if v is not None}


MAX_DELETE_AT = 9999999999  # Swift's normalize_delete_at_timestamp bound


def delete_at(request: Request) -> int | None:
    """The expiry from X-Delete-After (wins) or X-Delete-At, bounded as Swift bounds it;
    400 when malformed or not in the future."""
    now = timestamps.now()
    after = request.headers.get("x-delete-after")
    at = request.headers.get("x-delete-at")
    if after is not None:
        try:
            when = int(min(max(0, now + int(after)), MAX_DELETE_AT))
        except (ValueError, OverflowError):
            raise BadRequest("Non-integer X-Delete-After") from None
        if when <= now:
            raise BadRequest("X-Delete-After in past")
        return when
    if at is not None:
        try:
            when = min(max(0, int(at)), MAX_DELETE_AT)
        except ValueError:
            raise BadRequest("Non-integer X-Delete-At") from None
        if when <= now:
            raise BadRequest("X-Delete-At in past")
        return when
    return None


def content_type_of(request: Request, name: str, default: str | None = None) -> str:
    """The Content-Type sent, else the existing one, else a guess from the name."""
    sent = request.headers.get("content-type")
    detect = request.headers.get("x-detect-content-type", "").lower() in ("true", "1", "yes")
    if sent and not detect:
        return sent
    if default and not detect:
        return default
    import mimetypes

    return mimetypes.guess_type(name)[0] or DEFAULT_CONTENT_TYPE


async def _receive(request: Request, handle: BinaryIO, limit: int) -> tuple[int, str]:
    """Write the request body to `handle` as it arrives; its size and MD5."""
    digest = hashlib.md5(usedforsecurity=False)
    size = 0
    async for chunk in request.stream():
        if not chunk:
            continue
        size += len(chunk)
        if size > limit:
            raise ApiError("", status=413)
        digest.update(chunk)
        handle.write(chunk)
    return size, digest.hexdigest()


def _created(row: dict[str, Any], extra: dict[str, str] | None = None) -> Response:
    etag = large_objects.quoted(row["etag"]) if large_objects.is_slo(row) else row["etag"]
    headers = {"Etag": etag, "Last-Modified": metadata.http_date(row["updated_at"]),
               "Content-Type": HTML, "Content-Length": "0"}
    headers.update(extra or {})
    return Response(b"", 201, headers=headers)


async def put_object(request: Request, account: str, container: str, name: str) -> Response:
    """PUT: store the body as the object (201 with its Etag), or copy (X-Copy-From)."""
    copy_from = request.headers.get("x-copy-from")
    if copy_from is not None:
        source_container, source_name = _copy_path(copy_from, "X-Copy-From")
        source_account = request.headers.get("x-copy-from-account") or account
        return await _copy(request, (source_account, source_container, source_name),
                           (account, container, name))
    _container(request, account, container)
    store = backend(request)
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        if if_none_match.strip() != "*":
            raise BadRequest("If-None-Match only supports *")
        if store.get_object(account, container, name) is not None:
            raise ApiError("", status=412)
    length = request.headers.get("content-length")
    chunked = "chunked" in request.headers.get("transfer-encoding", "").lower()
    if length is None and not chunked:
        raise ApiError("", status=411)
    if length is not None and not chunked:
        if not length.isdigit():
            raise BadRequest("Invalid Content-Length")
        if int(length) > info.MAX_FILE_SIZE:
            raise ApiError("", status=413)
    content_type = content_type_of(request, name)
    items = object_metadata(request)
    expires = delete_at(request)
    if request.query_params.get("multipart-manifest") == "put":
        return await large_objects.put_manifest(request, account, container, name,
                                                content_type, items, expires)
    expected = request.headers.get("etag")
    file_id, tmp = store.new_upload()
    try:
        with open(tmp, "wb") as handle:
            size, etag = await _receive(request, handle, info.MAX_FILE_SIZE)
        if expected is not None and expected.strip().strip('"').lower() != etag:
            raise ApiError("", status=422)
        row = store.put_object(account, container, name, file_id, tmp, size, etag,
                               content_type, items, expires)
    except ClientDisconnect:
        store.discard_upload(tmp)
        raise ApiError("", status=499) from None
    except BaseException:
        store.discard_upload(tmp)
        raise
    return _created(row)


def _copy_path(value: str, header: str) -> tuple[str, str]:
    """`container/object` (URL-encoded, maybe with a leading slash) from a copy header."""
    path = unquote(value).lstrip("/")
    container, _, name = path.partition("/")
    if not container or not name:
        raise ApiError(f"{header} header must be of the form <container name>/<object name>",
                       status=412)
    return container, name


async def copy_object(request: Request, account: str, container: str, name: str) -> Response:
    """COPY with `Destination: container/object` (and maybe `Destination-Account`)."""
    destination = request.headers.get("destination")
    if destination is None:
        raise ApiError("Destination header required", status=412)
    target_container, target_name = _copy_path(destination, "Destination")
    target_account = request.headers.get("destination-account") or account
    return await _copy(request, (account, container, name),
                       (target_account, target_container, target_name))


async def _copy(request: Request, source: tuple[str, str, str],
                target: tuple[str, str, str]) -> Response:
    """Copy `source` to `target` (account, container, object): the same data (a hard link),
    the source's metadata updated by the request's (all replaced with X-Fresh-Metadata)."""
    length = request.headers.get("content-length")
    if request.method == "PUT" and length not in (None, "0"):
        raise BadRequest("Copy requests require a zero byte body")
    for account, container, name in (source, target):
        metadata.check_account(account)
        metadata.check_container(container)
        metadata.check_object(name)
    _container(request, source[0], source[1], write=False)
    _container(request, target[0], target[1], write=True)
    store = backend(request)
    original = store.get_object(*source)
    if original is None:
        raise NotFound("")
    fresh = request.headers.get("x-fresh-metadata", "").lower() in ("true", "1", "yes")
    items = {} if fresh else dict(original["metadata"])
    changes = metadata.changes(request, "object", metadata.OBJECT_HEADERS)
    for key, value in changes.items():
        if value is None:
            items.pop(key, None)
        else:
            items[key] = value
    metadata.check(items, "x-object-meta-")
    content_type = request.headers.get("content-type") or original["content_type"]
    expires = delete_at(request)
    large = large_objects.is_slo(original) or large_objects.is_dlo(original)
    if large and request.query_params.get("multipart-manifest") != "get":
        # the copy of a large object is a plain object holding its whole content
        if large_objects.is_dlo(original):
            pieces, _, _ = large_objects.dlo_pieces(request, source[0], original)
        else:
            pieces = [(store.data_path(original["file"]), original["bytes"])]
        items = {k: v for k, v in large_objects.visible(items).items()
                 if k not in (large_objects.SLO, large_objects.DLO)}
        try:
            file_id, tmp, size, etag = large_objects.assemble(store, pieces)
        except FileNotFoundError:
            raise NotFound("") from None
        row = store.put_object(*target, file_id, tmp, size, etag, content_type, items, expires)
    else:
        try:
            file_id = store.link_copy(original)
        except FileNotFoundError:
            raise NotFound("") from None
        row = store.put_object(*target, file_id, None, original["bytes"], original["etag"],
                               content_type, items, expires)
    # Swift's copy answers with the new object's metadata, and where it came from
    extra = {**metadata.as_headers(large_objects.visible(items)),
             "X-Copied-From": quote(f"{source[1]}/{source[2]}"),
             "X-Copied-From-Last-Modified": metadata.http_date(original["updated_at"])}
    if source[0] != target[0]:
        extra["X-Copied-From-Account"] = quote(source[0])
    return _created(row, extra)


async def update_object(request: Request, account: str, container: str,
                        name: str) -> Response:
    """POST: replace the object's metadata (what is not sent is removed), its Content-Type
    when sent, and its expiry."""
    _container(request, account, container)
    store = backend(request)
    row = store.get_object(account, container, name)
    if row is None:
        raise NotFound("")
    items = {**object_metadata(request), **large_objects.kept_on_post(row["metadata"])}
    content_type = request.headers.get("content-type") or row["content_type"]
    if not store.update_object(account, container, name, content_type, items,
                               delete_at(request)):
        raise NotFound("")
    return Response(ACCEPTED, 202, media_type=HTML)


async def delete_object(request: Request, account: str, container: str,
                        name: str) -> Response:
    """DELETE: 204; 404 when it does not exist."""
    _container(request, account, container)
    if request.query_params.get("multipart-manifest") == "delete":
        row = backend(request).get_object(account, container, name)
        if row is not None and large_objects.is_slo(row):
            return large_objects.delete_manifest(request, account, row)
    if not backend(request).delete_object(account, container, name):
        raise NotFound("")
    return Response(b"", 204, headers={"Content-Type": HTML})


ROUTES: RouteTable = (("/v1/{account}/{container}/{object:path}", dispatch, ANY),)
