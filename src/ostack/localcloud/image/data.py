"""Image data: `PUT /v2/images/{id}/file` (upload), `GET .../file` (download, ranges),
and `PUT .../stage` (data staged for the interoperable import, see imports.py).

Data is streamed to and from `<state_dir>/images/` chunk by chunk, never held whole in memory;
the size, md5 `checksum` and sha512 `os_hash_value` are computed while it streams.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response, StreamingResponse

from ..errors import ApiError, BadRequest, Forbidden
from ..routing import GET, PUT, RouteTable
from ..service import authenticate, empty_response
from ..streams import read_range
from .http import IMAGE, backend, find_image, require_owner
from .image_data import DataHash, part_file, virtual_size
from .store_state import check_store

OCTET_STREAM = "application/octet-stream"
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
# The properties that make Glance verify a signature of the data (cursive's verifier).
SIGNATURE_PROPERTIES = ("img_signature", "img_signature_hash_method", "img_signature_key_type",
                        "img_signature_certificate_uuid")


def _require_octet_stream(request: Request) -> None:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != OCTET_STREAM:
        raise ApiError(f"Invalid content type {content_type or None}", status=415)


def _refuse_signed(image: dict[str, Any]) -> None:
    """Glance verifies signed data against a certificate from the key manager; this cloud,
    like a DevStack without Barbican, has none, so signed data is refused (400) and the
    image stays queued."""
    if all(key in image["properties"] for key in SIGNATURE_PROPERTIES):
        cert = image["properties"]["img_signature_certificate_uuid"]
        raise BadRequest(f"Signature verification failed for image {image['id']}: Signature "
                         "verification for the image failed: Unable to retrieve certificate "
                         f"with ID: {cert}.")


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
    with part_file(path) as handle:
        async for chunk in request.stream():
            if not chunk:
                continue
            if len(head) < 64:
                head += chunk[:64 - len(head)]
            digest.update(chunk)
            handle.write(chunk)
    return digest, head


async def _receive_for(request: Request, image_id: str,
                       path: Path) -> tuple[DataHash, bytes] | None:
    """`_receive` for an image whose status the upload or stage moved: on any failure it
    goes back to `queued`; None when the client went away (answered 400)."""
    try:
        return await _receive(request, path)
    except ClientDisconnect:
        backend(request).abort_upload(image_id)
        return None
    except Exception:
        backend(request).abort_upload(image_id)
        raise


async def upload(request: Request) -> Response:
    """PUT /v2/images/{image_id}/file: queued -> saving -> active, 204; into the store of
    `X-Image-Meta-Store` (default: the default store)."""
    ctx = authenticate(request)
    _require_octet_stream(request)
    store = request.headers.get("x-image-meta-store")
    if store is not None:
        check_store(store)
    image = find_image(request, ctx, request.path_params["image_id"])
    require_owner(ctx, image, "upload_image")
    if image["status"] == "queued":
        _require_formats(image)
    _refuse_signed(image)
    images = backend(request)
    path = images.begin_upload(image["id"])
    received = await _receive_for(request, image["id"], path)
    if received is None:
        return empty_response(400)
    digest, head = received
    fields = digest.fields()
    if not images.finish_upload(image["id"], fields,
                                virtual_size(head, image["disk_format"], fields["size"])):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        raise ApiError(f"Image {image['id']} could not be found after upload. The image may "
                       "have been deleted during the upload.", status=410)
    if store is not None:
        images.stores.place(image["id"], [store])
    return empty_response(204)


def _chunks(path: Path, start: int, length: int) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        yield from read_range(handle, start, length)


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
    if image["status"] == "active":
        backend(request).cache.served(image["id"], size)  # Glance's cache middleware
    return StreamingResponse(_chunks(path, 0, size), headers=headers)


async def stage(request: Request) -> Response:
    """PUT /v2/images/{image_id}/stage: queued -> uploading with the data in the staging
    area, 204 (the import makes it active)."""
    ctx = authenticate(request)
    _require_octet_stream(request)
    image = find_image(request, ctx, request.path_params["image_id"])
    require_owner(ctx, image, "upload_image")
    images = backend(request)
    received = await _receive_for(request, image["id"], images.begin_stage(image["id"]))
    if received is None:
        return empty_response(400)
    images.finish_stage(image["id"], received[0].fields())
    return empty_response(204)


ROUTES: RouteTable = (
    (f"{IMAGE}/file", download, GET),
    (f"{IMAGE}/file", upload, PUT),
    (f"{IMAGE}/stage", stage, PUT),
)
