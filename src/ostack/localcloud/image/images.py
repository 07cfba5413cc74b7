"""`/image`: Glance's version list and `/v2/images` list and show (the rest of the image API
comes later)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import BadRequest, NotFound
from ..service import authenticate, base_url, cloud_of, json_response
from .backend import SORT_KEYS, ImageBackend

DEFAULT_LIMIT = 25     # Glance's limit_param_default
MAX_LIMIT = 1000       # Glance's api_limit_max
CURRENT = (2, 16)


def backend(request: Request) -> ImageBackend:
    return cloud_of(request).image


def _versions(request: Request) -> dict[str, Any]:
    href = f"{base_url(request)}/image/v2/"
    values = []
    for minor in range(CURRENT[1], -1, -1):
        values.append({"id": f"v2.{minor}", "status": "CURRENT" if minor == CURRENT[1]
                       else "SUPPORTED", "links": [{"rel": "self", "href": href}]})
    return {"versions": values}


async def list_versions(request: Request) -> Response:
    """GET /image/: 300 Multiple Choices with every v2 version, as Glance answers."""
    return json_response(_versions(request), status=300)


async def versions_document(request: Request) -> Response:
    """GET /image/versions: the same list, 200."""
    return json_response(_versions(request))


def image_view(image: dict[str, Any]) -> dict[str, Any]:
    """An image as Glance v2 shows it (extra properties at the top level)."""
    view = dict(image["properties"])
    view.update({
        "id": image["id"],
        "name": image["name"],
        "status": image["status"],
        "visibility": image["visibility"],
        "owner": image["owner"],
        "disk_format": image["disk_format"],
        "container_format": image["container_format"],
        "size": image["size"],
        "virtual_size": image["virtual_size"],
        "checksum": image["checksum"],
        "os_hash_algo": image["os_hash_algo"],
        "os_hash_value": image["os_hash_value"],
        "min_disk": image["min_disk"],
        "min_ram": image["min_ram"],
        "protected": bool(image["protected"]),
        "os_hidden": bool(image["os_hidden"]),
        "tags": image["tags"],
        "created_at": timestamps.iso_z(image["created_at"]),
        "updated_at": timestamps.iso_z(image["updated_at"]),
        "self": f"/v2/images/{image['id']}",
        "file": f"/v2/images/{image['id']}/file",
        "schema": "/v2/schemas/image",
    })
    return view


def _order(request: Request) -> list[tuple[str, str]]:
    query = request.query_params
    pairs: list[tuple[str, str]] = []
    if "sort" in query:
        for part in query["sort"].split(","):
            key, _, direction = part.strip().partition(":")
            pairs.append((key, direction or "desc"))
    else:
        keys = query.getlist("sort_key") or ["created_at"]
        dirs = query.getlist("sort_dir") or ["desc"]
        pairs = [(k, dirs[i] if i < len(dirs) else dirs[-1]) for i, k in enumerate(keys)]
    for key, direction in pairs:
        if key not in SORT_KEYS:
            raise BadRequest(f"Invalid sort key: {key}. It should be one of the following: "
                             f"{', '.join(SORT_KEYS)}.")
        if direction not in ("asc", "desc"):
            raise BadRequest(f"Invalid sort direction: {direction}")
    return pairs


async def list_images(request: Request) -> Response:
    """GET /v2/images: filters name, status, visibility, owner, tag; paged by limit and
    marker with a `next` link."""
    ctx = authenticate(request)
    query = request.query_params
    filters = {k: query[k] for k in ("name", "status", "visibility", "owner", "disk_format",
                                      "container_format", "id", "tag") if k in query}
    if filters.get("visibility") not in (None, "public", "private", "shared", "community",
                                         "all"):
        raise BadRequest(f"Invalid visibility value: {filters['visibility']}")
    limit_text = query.get("limit")
    try:
        limit = DEFAULT_LIMIT if limit_text is None else int(limit_text)
    except ValueError:
        raise BadRequest("limit param must be an integer") from None
    if limit < 0:
        raise BadRequest("limit param must be positive")
    limit = min(limit, MAX_LIMIT)
    images = backend(request).list_images(ctx.project_id, ctx.is_admin, filters,
                                          _order(request))
    marker = query.get("marker")
    if marker is not None:
        for index, image in enumerate(images):
            if image["id"] == marker:
                images = images[index + 1:]
                break
        else:
            raise BadRequest(f"Invalid marker. Image {marker} could not be found.")
    page = images[:limit]
    params = [(k, v) for k, v in query.multi_items() if k != "marker"]
    first = "/v2/images" + (f"?{urlencode(params)}" if params else "")
    body: dict[str, Any] = {"images": [image_view(i) for i in page], "first": first,
                            "schema": "/v2/schemas/images"}
    if page and len(page) == limit:
        body["next"] = "/v2/images?" + urlencode(params + [("marker", page[-1]["id"])])
    return json_response(body)


async def show_image(request: Request) -> Response:
    """GET /v2/images/{image_id}."""
    ctx = authenticate(request)
    image_id = request.path_params["image_id"]
    image = backend(request).get_image(image_id)
    if image is None or not backend(request).visible(image, ctx.project_id, ctx.is_admin):
        raise NotFound(f"No image found with ID {image_id}")
    return json_response(image_view(image))
