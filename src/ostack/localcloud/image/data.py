"""Image data: `PUT /v2/images/{id}/file` (upload), `GET .../file` (download, ranges),
`PUT .../stage` and `POST .../import` (the interoperable import with `glance-direct`).

Data is streamed to and from `<state_dir>/images/` chunk by chunk, never held whole in memory;
the size, md5 `checksum` and sha512 `os_hash_value` are computed while it streams.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response, StreamingResponse

from ..errors import ApiError, BadRequest, Conflict, Forbidden
from ..service import authenticate, empty_response
from .backend import DataHash, ImageBackend, virtual_size
from .images import IMPORT_METHODS, backend, find_image, read_body, require_owner

log = logging.getLogger("ostack.localcloud")

CHUNK = 65536
WEB_DOWNLOAD_TIMEOUT = 30.0
# web-download fetches run as tasks of the server's loop; kept here so they are not collected
_FETCHES: set[asyncio.Task[None]] = set()
OCTET_STREAM = "application/octet-stream"
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _require_octet_stream(request: Request) -> None:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != OCTET_STREAM:
        raise ApiError(f"Invalid content type {content_type or None}", status=415)


def _require_formats(image: dict[str, Any]) -> None:
    """Glance refuses data for an image whose disk and container formats are unset."""
    missing = [k for k in ("disk_format", "container_format") if not image[k]]
    if len(missing) == 1:
        raise BadRequest(f"Property {missing[0]} must be set prior to saving data.")
    if missing:
        raise BadRequest(f"Properties {', '.join(missing)} must be set prior to saving data.")


async def _receive(request: Request, path: Path) -> tuple[DataHash, bytes]:
    """Stream the request body into `path` (through a `.part` file); its digests and first
    bytes."""
    digest = DataHash()
    head = b""
    part = path.with_name(path.name + ".part")
    try:
        with open(part, "wb") as handle:
            async for chunk in request.stream():
                if not chunk:
                    continue
                if len(head) < 64:
                    head += chunk[:64 - len(head)]
                digest.update(chunk)
                handle.write(chunk)
        os.replace(part, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            part.unlink()
        raise
    return digest, head


async def upload(request: Request) -> Response:
    """PUT /v2/images/{image_id}/file: queued -> saving -> active, 204."""
    ctx = authenticate(request)
    _require_octet_stream(request)
    image = find_image(request, ctx, request.path_params["image_id"])
    require_owner(ctx, image, "upload_image")
    if image["status"] == "queued":
        _require_formats(image)
    images = backend(request)
    path = images.begin_upload(image["id"])
    try:
        digest, head = await _receive(request, path)
    except ClientDisconnect:
        images.abort_upload(image["id"])
        return empty_response(400)
    except Exception:
        images.abort_upload(image["id"])
        raise
    fields = digest.fields()
    if not images.finish_upload(image["id"], fields,
                                virtual_size(head, image["disk_format"], fields["size"])):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        raise ApiError(f"Image {image['id']} could not be found after upload. The image may "
                       "have been deleted during the upload.", status=410)
    return empty_response(204)


def _chunks(path: Path, start: int, length: int) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        handle.seek(start)
        remaining = length
        while remaining > 0:
            data = handle.read(min(CHUNK, remaining))
            if not data:
                return
            remaining -= len(data)
            yield data


def _range(header: str, size: int) -> tuple[int, int]:
    """(start, end inclusive) of a `Range: bytes=a-b` header; 416 when unsatisfiable."""
    match = RANGE.match(header.strip().replace(" ", ""))
    unsatisfiable = ApiError("Requested range not satisfiable", status=416,
                             headers={"Content-Range": f"bytes */{size}"})
    if match is None or match.groups() == ("", ""):
        raise unsatisfiable
    first, last = match.groups()
    if first == "":
        length = int(last)
        if length == 0:
            raise unsatisfiable
        return max(0, size - length), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        raise unsatisfiable
    return start, end


async def download(request: Request) -> Response:
    """GET /v2/images/{image_id}/file: the data (206 for a `Range`), 204 when there is none,
    403 for a deactivated image unless admin."""
    ctx = authenticate(request)
    image = find_image(request, ctx, request.path_params["image_id"])
    if image["status"] == "deactivated" and not ctx.is_admin:
        raise Forbidden("The requested image has been deactivated. Image data download is "
                        "forbidden.")
    path = None
    if image["status"] in ("active", "deactivated"):
        path = backend(request).ensure_data(image)
    if path is None:
        return empty_response(204)
    size = path.stat().st_size
    headers = {"Content-Type": OCTET_STREAM}
    header = request.headers.get("range")
    if header is not None and size > 0:
        start, end = _range(header, size)
        headers.update({"Content-Range": f"bytes {start}-{end}/{size}",
                        "Content-Length": str(end - start + 1)})
        return StreamingResponse(_chunks(path, start, end - start + 1), status_code=206,
                                 headers=headers)
    headers["Content-Length"] = str(size)
    if image["checksum"]:
        headers["Content-MD5"] = image["checksum"]
    return StreamingResponse(_chunks(path, 0, size), headers=headers)


async def stage(request: Request) -> Response:
    """PUT /v2/images/{image_id}/stage: queued -> uploading with the data in the staging
    area, 204 (the import makes it active)."""
    ctx = authenticate(request)
    _require_octet_stream(request)
    image = find_image(request, ctx, request.path_params["image_id"])
    require_owner(ctx, image, "upload_image")
    images = backend(request)
    path = images.begin_stage(image["id"])
    try:
        digest, _ = await _receive(request, path)
    except ClientDisconnect:
        images.abort_upload(image["id"])
        return empty_response(400)
    except Exception:
        images.abort_upload(image["id"])
        raise
    images.finish_stage(image["id"], digest.fields())
    return empty_response(204)


def _fetch(uri: str, path: Path) -> dict[str, Any]:
    """Download `uri` into `path` (through a `.part` file), streamed; its size and digests.
    Runs in a worker thread."""
    import urllib.request

    digest = DataHash()
    part = path.with_name(path.name + ".part")
    request = urllib.request.Request(uri, headers={"User-Agent": "ostack-localcloud-glance"})
    try:
        with urllib.request.urlopen(request, timeout=WEB_DOWNLOAD_TIMEOUT) as reply, \
                open(part, "wb") as handle:
            while chunk := reply.read(CHUNK):
                digest.update(chunk)
                handle.write(chunk)
        os.replace(part, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            part.unlink()
        raise
    return digest.fields()


async def _web_download(images: ImageBackend, image_id: str, uri: str, path: Path) -> None:
    try:
        fields: dict[str, Any] | None = await asyncio.to_thread(_fetch, uri, path)
    except Exception as exc:  # any failure of the remote side: the import fails
        log.info("image %s: web-download of %s failed: %s", image_id, uri, exc)
        fields = None
    images.finish_web_download(image_id, fields)


def _web_download_uri(method: dict[str, Any]) -> str:
    uri = method.get("uri")
    if not isinstance(uri, str) or not uri:
        raise BadRequest("URI for web-download does not exist.")
    parts = urllib.parse.urlsplit(uri)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadRequest(f"URI for web-download does not pass filtering: {uri}")
    return uri


async def import_image(request: Request) -> Response:
    """POST /v2/images/{image_id}/import: `glance-direct` (uploading -> importing -> active
    after the task delay) or `web-download` with a `uri` (queued -> importing while the data
    is fetched in the background -> active); 202."""
    ctx = authenticate(request)
    body = await read_body(request)
    method = body.get("method") if isinstance(body, dict) else None
    if not isinstance(method, dict) or not isinstance(method.get("name"), str):
        raise BadRequest("Import request requires a 'method' field.")
    image = find_image(request, ctx, request.path_params["image_id"])
    require_owner(ctx, image, "import_image")
    name = method["name"]
    if name not in IMPORT_METHODS:
        raise BadRequest(f"Import method {name} is not valid.")
    images = backend(request)
    if name == "web-download":
        uri = _web_download_uri(method)
        if image["status"] != "queued":
            raise Conflict("Image needs to be in queued state to use 'web-download' method")
        _require_formats(image)
        path = images.begin_web_download(image["id"])
        task = asyncio.get_running_loop().create_task(
            _web_download(images, image["id"], uri, path))
        _FETCHES.add(task)
        task.add_done_callback(_FETCHES.discard)
        return empty_response(202)
    if image["status"] != "uploading" or images.staged(image["id"]) is None:
        raise Conflict("Image needs to be staged before 'glance-direct' method can be used")
    _require_formats(image)
    images.import_staged(image["id"])
    return empty_response(202)
