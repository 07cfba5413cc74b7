"""The interoperable image import, `POST /v2/images/{image_id}/import`, with the methods this
cloud enables: `glance-direct` (staged data), `web-download` (a URL fetched in the background)
and `copy-image` (an active image's data into more stores); each import is a task (see
task_state.py). And `DELETE /v2/stores/{store_id}/{image_id}`: the data out of one store.
"""

from __future__ import annotations

import asyncio
import logging
import urllib.parse
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest, Conflict, Forbidden, NotFound
from ..policy import Context
from ..routing import DELETE, POST, RouteTable
from ..service import authenticate, empty_response
from .backend import ImageBackend
from .http import (
    IMAGE,
    IMPORT_METHODS,
    backend,
    find_image,
    not_authorized,
    read_body,
    require_owner,
    visible_image,
)
from .image_data import DataHash, part_file
from .store_state import DEFAULT_STORE, STORES, check_store
from .task_state import LOCK

log = logging.getLogger("ostack.localcloud")

CHUNK = 65536
WEB_DOWNLOAD_TIMEOUT = 30.0
# web-download fetches run as tasks of the server's loop; kept here so they are not collected
_FETCHES: set[asyncio.Task[None]] = set()


# ------------------------------------------------------------------ web-download
def _fetch(uri: str, path: Path) -> dict[str, Any]:
    """Download `uri` into `path` (through a `.part` file), streamed; its size and digests.
    Runs in a worker thread."""
    import urllib.request

    digest = DataHash()
    request = urllib.request.Request(uri, headers={"User-Agent": "ostack-localcloud-glance"})
    with urllib.request.urlopen(request, timeout=WEB_DOWNLOAD_TIMEOUT) as reply, \
            part_file(path) as handle:
        while chunk := reply.read(CHUNK):
            digest.update(chunk)
            handle.write(chunk)
    return digest.fields()


async def _web_download(images: ImageBackend, image_id: str, uri: str, path: Path) -> None:
    try:
        fields: dict[str, Any] | None = await asyncio.to_thread(_fetch, uri, path)
    except Exception as exc:  # any failure of the remote side: the import fails
        log.info("image %s: web-download of %s failed: %s", image_id, uri, exc)
        fields = None
    images.finish_web_download(image_id, fields)


def start_web_download(images: ImageBackend, image_id: str, uri: str) -> None:
    """queued -> importing; the data is fetched in the background."""
    path = images.begin_web_download(image_id)
    task = asyncio.get_running_loop().create_task(_web_download(images, image_id, uri, path))
    _FETCHES.add(task)
    task.add_done_callback(_FETCHES.discard)


def web_download_uri(uri: Any) -> str:
    """A URI Glance's import filter lets through (http or https with a host); else 400."""
    if not isinstance(uri, str) or not uri:
        raise BadRequest(f"URI for web-download does not pass filtering: {uri}")
    parts = urllib.parse.urlsplit(uri)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadRequest(f"URI for web-download does not pass filtering: {uri}")
    return uri


# ------------------------------------------------------------------ the import request
def _method(body: Any) -> tuple[str, dict[str, Any]]:
    """The import method's name and body, checked as Glance checks them (400s)."""
    if not isinstance(body, dict) or "method" not in body:
        raise BadRequest("Import request requires a 'method' field.")
    method = body["method"]
    if not isinstance(method, dict) or "name" not in method:
        raise BadRequest("Import request requires a 'name' field.")
    name = method["name"]
    if name not in IMPORT_METHODS:
        raise BadRequest(f"Unknown import method name '{name}'.")
    if not isinstance(body.get("all_stores_must_succeed", True), bool):
        raise BadRequest("'all_stores_must_succeed' must be boolean value only")
    if not isinstance(body.get("all_stores", False), bool):
        raise BadRequest("'all_stores' must be boolean value only")
    return name, method


def _check_status(image: dict[str, Any], name: str) -> None:
    """Glance's 409s: each method needs the image in its own status, and formats set."""
    status = image["status"]
    if status == "active" and name != "copy-image":
        raise Conflict("Image with status active cannot be target for import")
    if status != "active" and name == "copy-image":
        raise Conflict("Only images with status active can be targeted for copying")
    if status != "queued" and name == "web-download":
        raise Conflict("Image needs to be in 'queued' state to use 'web-download' method")
    if status != "uploading" and name == "glance-direct":
        raise Conflict("Image needs to be staged before 'glance-direct' method can be used")
    for key in ("container_format", "disk_format"):
        if not image[key]:
            raise Conflict(f"'{key}' needs to be set before import")


def _stores(request: Request, body: dict[str, Any]) -> list[str]:
    """The target stores: `all_stores`, the `stores` list, the `X-Image-Meta-Store` header or
    the default store."""
    header = request.headers.get("x-image-meta-store")
    if body.get("all_stores", False):
        if "stores" in body or header is not None:
            raise BadRequest("All_stores parameter can't be used with x-image-meta-store "
                             "header or stores parameter")
        stores = list(STORES)
    elif "stores" in body:
        if header is not None:
            raise BadRequest("Stores parameter and x-image-meta-store header can't be both "
                             "specified")
        stores = body["stores"]
        if not isinstance(stores, list) or not stores:
            raise BadRequest(f"Invalid stores: {stores!r}")
    else:
        stores = [header if header is not None else DEFAULT_STORE]
    return list(dict.fromkeys(check_store(s, Conflict) for s in stores))


def _authorize(ctx: Context, image: dict[str, Any], name: str) -> None:
    """copy-image is for administrators (`copy_image`); the other methods for the owner."""
    if name == "copy-image":
        if not ctx.is_admin:
            raise not_authorized("copy_image")
    else:
        require_owner(ctx, image, "modify_image")


async def import_image(request: Request) -> Response:
    """POST /v2/images/{image_id}/import: start the import as a task, 202.

    `glance-direct`: uploading -> importing -> active after the task delay; `web-download`:
    queued -> importing while the data is fetched -> active; `copy-image`: an active image
    reaches more stores after the task delay. `stores`, `all_stores` or the
    `X-Image-Meta-Store` header choose the stores."""
    ctx = authenticate(request)
    body = await read_body(request)
    name, method = _method(body)
    image = find_image(request, ctx, request.path_params["image_id"])
    _check_status(image, name)
    _authorize(ctx, image, name)
    if LOCK in image["properties"]:
        raise Conflict("Image has active task")
    stores = _stores(request, body)
    if name == "copy-image":
        present = set(image["stores"])
        if body.get("all_stores", False):
            stores = [s for s in stores if s not in present]
            if not stores:
                return empty_response(202)  # already everywhere
        else:
            for store in stores:
                if store in present:
                    raise BadRequest(f"Image is already present at store '{store}'")
    images = backend(request)
    uri = web_download_uri(method.get("uri")) if name == "web-download" else None
    if name == "glance-direct" and images.staged(image["id"]) is None:
        raise Conflict("Image needs to be staged before 'glance-direct' method can be used")
    request_id = request.scope.get("request_id")
    if name == "web-download":
        start_web_download(images, image["id"], uri)  # type: ignore[arg-type]
    images.tasks.begin_import(image["id"], ctx.project_id, ctx.user_id, request_id, body,
                              stores)
    if name == "glance-direct":
        images.import_staged(image["id"])
    elif name == "copy-image":
        images.begin_copy(image["id"])
    return empty_response(202)


# ------------------------------------------------------------------ delete from a store
async def delete_from_store(request: Request) -> Response:
    """DELETE /v2/stores/{store_id}/{image_id}: the data leaves one store (not the last), 204.
    """
    ctx = authenticate(request)
    store = request.path_params["store_id"]
    if store not in STORES:
        raise Conflict(f"The selected store {store} is not available on this node.")
    image_id = request.path_params["image_id"]
    image = visible_image(request, ctx, image_id)
    if image is None:
        raise NotFound(f"Failed to find image {image_id}")
    if not ctx.is_admin:
        raise not_authorized("delete_image_location")
    if image["status"] != "active":
        raise Conflict("It's not allowed to remove image data from store if image status is "
                       "not 'active'")
    if len(image["stores"]) == 1:
        raise Forbidden("Cannot delete image data from the only store containing it. Consider "
                        "deleting the image instead.")
    if store not in image["stores"]:
        raise NotFound(f"Image {image_id} is not stored in store {store}.")
    backend(request).stores.remove(image, store)
    return empty_response(204)


ROUTES: RouteTable = (
    (f"{IMAGE}/import", import_image, POST),
    ("/v2/stores/{store_id}/{image_id}", delete_from_store, DELETE),
)
