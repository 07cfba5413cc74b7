"""Nova's image proxy, `/v2.1/images` (+ `/detail`, `/{id}`): the images of the image service
as Nova v2.1 shows them (`minRam`, `minDisk`, `metadata`, `SAVING`/`ACTIVE` ...), listed with
the v1-style filters Nova translates for Glance, and deleted through it. Deprecated in 2.36:
from that microversion on every call answers 404, as Nova does."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import BadRequest, Forbidden, NotFound
from ..interfaces import Images
from ..policy import Context, can_write
from ..routing import DELETE, GET, RouteTable
from ..service import base_url, empty_response, json_response, peers_of
from .http import api_url, caller, next_link, paginate
from .versions import microversion

Image = dict[str, Any]

#: The last microversion serving the proxy APIs to other services (Nova's
#: MAX_PROXY_API_SUPPORT_VERSION).
MAX_PROXY = (2, 35)

# Glance statuses as Nova's image view shows them, with the progress it reports.
STATUSES = {"active": "ACTIVE", "queued": "SAVING", "saving": "SAVING",
            "deleted": "DELETED", "pending_delete": "DELETED", "killed": "ERROR"}
PROGRESS = {"queued": 25, "saving": 50, "active": 100}
TRUE_WORDS = ("1", "t", "true", "on", "y", "yes")


def require_proxy(request: Request, last: tuple[int, int] = MAX_PROXY) -> None:
    """404 above the last microversion of a proxy API (Nova removed them in 2.36 / 2.39)."""
    if microversion(request) > last:
        raise NotFound("The resource could not be found.")


def glance(request: Request) -> Images:
    """The image service."""
    return peers_of(request).need(Images)


def find_image(request: Request, ctx: Context, image_id: str) -> Image:
    """The image if the caller may see it in the image service, else Nova's 404."""
    images = glance(request)
    image = images.get_image(image_id)
    if image is None or not images.visible(image, ctx.project_id, ctx.is_admin):
        raise NotFound("Image not found.")
    return image


def may_change(ctx: Context, image: Image) -> bool:
    """Whether Glance lets the caller change or delete the image (admin, or a member of the
    owning project)."""
    return ctx.is_admin or (image["owner"] == ctx.project_id and can_write(ctx, ctx.project_id))


def _links(request: Request, image_id: str) -> list[dict[str, str]]:
    return [
        {"rel": "self", "href": f"{api_url(request)}/images/{image_id}"},
        {"rel": "bookmark", "href": f"{base_url(request)}/compute/images/{image_id}"},
        {"rel": "alternate", "type": "application/vnd.openstack.image",
         "href": f"{base_url(request)}/image/images/{image_id}"},
    ]


def basic_view(request: Request, image: Image) -> dict[str, Any]:
    return {"id": image["id"], "name": image["name"], "links": _links(request, image["id"])}


def detail_view(request: Request, image: Image) -> dict[str, Any]:
    """An image as Nova's detailed view shows it (`server` for snapshots of a server)."""
    view: dict[str, Any] = {
        "id": image["id"], "name": image["name"],
        "minRam": int(image["min_ram"] or 0), "minDisk": int(image["min_disk"] or 0),
        "metadata": dict(image["properties"]),
        "created": timestamps.iso_z(image["created_at"]),
        "updated": timestamps.iso_z(image["updated_at"]),
        "status": STATUSES.get(image["status"], "UNKNOWN"),
        "progress": PROGRESS.get(image["status"], 0),
        "OS-EXT-IMG-SIZE:size": image.get("size"),
        "links": _links(request, image["id"]),
    }
    if "auto_disk_config" in image["properties"]:
        auto = str(image["properties"]["auto_disk_config"]).strip().lower()
        view["OS-DCF:diskConfig"] = "AUTO" if auto in TRUE_WORDS else "MANUAL"
    server_id = image["properties"].get("instance_uuid")
    if server_id is not None:
        view["server"] = {"id": server_id, "links": [
            {"rel": "self", "href": f"{api_url(request)}/servers/{server_id}"},
            {"rel": "bookmark", "href": f"{base_url(request)}/compute/servers/{server_id}"}]}
    return view


def _matches(image: Image, filters: dict[str, Any]) -> bool:
    props = image["properties"]
    for key, value in filters.get("properties", {}).items():
        if props.get(key) != value:
            return False
    if "min_ram" in filters and int(image["min_ram"] or 0) < filters["min_ram"]:
        return False
    if "min_disk" in filters and int(image["min_disk"] or 0) < filters["min_disk"]:
        return False
    return not ("changes_since" in filters and image["updated_at"] < filters["changes_since"])


def _filters(request: Request) -> dict[str, Any]:
    """Nova's image filters: name, status, changes-since, server (an id or a server link),
    type (`snapshot`/`backup`), minRam, minDisk and `property-<key>`."""
    params = request.query_params
    filters: dict[str, Any] = {"properties": {}}
    if "name" in params:
        filters["name"] = params["name"]
    if "status" in params:
        filters["status"] = params["status"].lower()
    if "server" in params:
        filters["properties"]["instance_uuid"] = params["server"].rstrip("/").rsplit("/", 1)[-1]
    if "type" in params:
        filters["properties"]["image_type"] = params["type"]
    for key, value in params.items():
        if key.startswith("property-") and len(key) > len("property-"):
            filters["properties"][key[len("property-"):]] = value
    for param, key in (("minRam", "min_ram"), ("minDisk", "min_disk")):
        if param in params:
            try:
                filters[key] = int(params[param])
            except ValueError:
                raise BadRequest(f"Invalid {param} filter [{params[param]}]") from None
    if "changes-since" in params:
        try:
            filters["changes_since"] = timestamps.parse_iso(params["changes-since"])
        except ValueError:
            raise BadRequest(f"Invalid changes-since value: "
                             f"{params['changes-since']}") from None
    return filters


def _listed(request: Request) -> tuple[list[Image], str | None]:
    require_proxy(request)
    ctx = caller(request, "os_compute_api:images:index")
    filters = _filters(request)
    exact = {k: filters[k] for k in ("name", "status") if k in filters}
    images = [image for image in glance(request).list_images(
        ctx.project_id, ctx.is_admin, exact, [("created_at", "desc")])
        if _matches(image, filters)]
    return paginate(request, images)


async def list_images(request: Request) -> Response:
    """GET /images: ids, names and links."""
    page, marker = _listed(request)
    body: dict[str, Any] = {"images": [basic_view(request, image) for image in page]}
    if marker is not None:
        body["images_links"] = next_link(request, "images", marker)
    return json_response(body)


async def list_images_detail(request: Request) -> Response:
    """GET /images/detail."""
    page, marker = _listed(request)
    body: dict[str, Any] = {"images": [detail_view(request, image) for image in page]}
    if marker is not None:
        body["images_links"] = next_link(request, "images/detail", marker)
    return json_response(body)


async def show_image(request: Request) -> Response:
    """GET /images/{id}."""
    require_proxy(request)
    ctx = caller(request, "os_compute_api:images:show")
    image = find_image(request, ctx, request.path_params["image_id"])
    return json_response({"image": detail_view(request, image)})


async def delete_image(request: Request) -> Response:
    """DELETE /images/{id}: through the image service (403 when it refuses)."""
    require_proxy(request)
    ctx = caller(request, "os_compute_api:images:delete")
    image = find_image(request, ctx, request.path_params["image_id"])
    if not may_change(ctx, image) or image["protected"]:
        raise Forbidden("You are not allowed to delete the image.")
    glance(request).delete_image(image["id"])
    return empty_response(204)

ROUTES: RouteTable = (
    ("/images", list_images, GET),
    ("/images/detail", list_images_detail, GET),
    ("/images/{image_id}", show_image, GET),
    ("/images/{image_id}", delete_image, DELETE),
)
