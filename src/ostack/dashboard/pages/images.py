"""Images: the list, an upload with a progress bar (the browser streams the file here, and
it goes on to Glance through the SDK as it arrives: nothing holds the whole file), each
image's page to edit it (name, visibility, properties) and share it with projects, and delete.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ostack import exceptions
from ostack.common.transfers import AsyncSource
from ostack.dashboard import tables as t
from ostack.dashboard.errors import describe, status_of

PATH = "/project/images"
DISK_FORMATS = ("raw", "qcow2", "vhd", "vhdx", "vmdk", "vdi", "iso", "ploop", "aki", "ari",
                "ami")
CONTAINER_FORMATS = ("bare", "ovf", "ova", "aki", "ari", "ami", "docker", "compressed")
VISIBILITIES = ("private", "shared", "community", "public")
#: Glance's own fields of an image (edited elsewhere or read-only): not in the properties
#: editor, which holds the rest (os_distro, hw_* ... and free ones).
_BASE = frozenset({"id", "name", "status", "visibility", "protected", "checksum", "owner",
                   "size", "min_disk", "min_ram", "container_format", "disk_format",
                   "created_at", "updated_at", "tags", "virtual_size", "os_hidden",
                   "os_hash_algo", "os_hash_value", "self", "file", "schema", "stores",
                   "direct_url", "locations"})


def editable(image: Any) -> dict[str, Any]:
    """The extra properties of an image a user may edit."""
    return {k: v for k, v in image.raw.items() if k not in _BASE
            and not k.startswith(("owner_specified.", "os_glance"))}


def _size(value: Any) -> str:
    if not value:
        return ""
    size = float(value)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return str(value)


async def build(request: Request) -> dict[str, Any]:
    conn = request.state.conn
    images = await t.listing(conn.image.images)
    rows = [{
        "key": image.name or image.id,
        "cells": [t.link(image.name or image.id, f"{PATH}/{image.id}"), image.status,
                  image.visibility, image.disk_format, _size(image.size),
                  image.owner == request.state.session.project_id and "yes" or "no"],
        "buttons": [t.button("delete", "Delete", {"image_id": image.id},
                             confirm=f"Delete image {image.name}?", danger=True)]
        if image.owner == request.state.session.project_id else [],
    } for image in images]
    return {"title": "Images", "upload": {
                "disk_formats": DISK_FORMATS, "container_formats": CONTAINER_FORMATS,
                "visibilities": VISIBILITIES},
            "tables": [t.table("images", None, ["Name", "Status", "Visibility", "Disk format",
                                                "Size", "Owned"], rows, "No images.")]}


async def delete(conn: Any, values: dict[str, Any]) -> str:
    image_id = t.required(values, "image_id", "Image")
    await conn.image.delete_image(image_id, ignore_missing=False)
    return "Image deleted."


async def upload(request: Request) -> Response:
    """Create an image from the query's fields and stream the request's body into it."""
    conn = request.state.conn
    query = request.query_params
    name = (query.get("name") or "").strip()
    length = request.headers.get("content-length", "")
    if not name:
        return JSONResponse({"error": "Name is required."}, status_code=400)
    if not length.isdigit():
        return JSONResponse({"error": "The upload must say its size (Content-Length)."},
                            status_code=411)
    attrs: dict[str, Any] = {"name": name,
                             "visibility": query.get("visibility") or "private"}
    for key in ("min_disk", "min_ram"):
        if (query.get(key) or "").isdigit():
            attrs[key] = int(query[key])
    try:  # create_image deletes the new image if its data does not all arrive
        image = await conn.image.create_image(
            container_format=query.get("container_format") or "bare",
            disk_format=query.get("disk_format") or "raw", allow_duplicates=True,
            data=AsyncSource(request.stream()), size=int(length), **attrs)
        image = await conn.image.get_image(image.id)
    except exceptions.OstackError as exc:
        return JSONResponse({"error": describe(exc)}, status_code=status_of(exc))
    except ClientDisconnect:  # the browser went away mid-upload: nobody reads an answer
        return Response(status_code=400)
    request.state.session.flash("success", f"Image {image.name} uploaded ({image.status}).")
    return JSONResponse({"id": image.id, "name": image.name, "status": image.status,
                         "size": image.size})


async def build_one(request: Request) -> dict[str, Any]:
    conn = request.state.conn
    image_id = request.path_params["image_id"]
    image = await conn.image.get_image(image_id)
    members: list[Any] = []
    if image.visibility == "shared":  # Glance lists members of shared images only
        members = await t.listing(lambda: conn.image.members(image_id))
    names = {p["id"]: p["name"] for p in request.state.session.projects or []}
    properties = editable(image)
    rows = [{"key": names.get(m.member_id, m.member_id),
             "cells": [names.get(m.member_id, m.member_id), m.status],
             "buttons": [t.button("unshare", "Stop sharing", {"member_id": m.member_id},
                                  danger=True)]} for m in members]
    info = [{"key": k, "cells": [k, v]} for k, v in (
        ("ID", image.id), ("Status", image.status), ("Visibility", image.visibility),
        ("Disk format", image.disk_format), ("Container format", image.container_format),
        ("Size", _size(image.size)), ("Checksum", image.checksum), ("Owner", image.owner),
        ("Created", image.created_at))]
    return {
        "title": f"Image {image.name or image.id}",
        "links": [{"text": "All images", "href": PATH}],
        "tables": [t.table("image-info", None, ["Field", "Value"], info),
                   t.table("members", "Shared with", ["Project", "Status"], rows,
                           "Not shared with any project.")],
        "forms": [
            t.form("update", "Edit image", [
                t.field("name", "Name", value=image.name or ""),
                t.field("visibility", "Visibility", "select",
                        options=[(v, v) for v in VISIBILITIES], value=image.visibility),
                t.field("properties", "Properties (key=value, one a line; key= removes)",
                        "textarea",
                        value="\n".join(f"{k}={v}" for k, v in sorted(properties.items()))),
            ], "Save"),
            t.form("share", "Share with a project", [
                t.field("project", "Project ID or name", required=True,
                        placeholder="a project's ID")], "Share"),
        ],
    }


async def update(conn: Any, values: dict[str, Any]) -> str:
    image_id = values["image_id"]
    image = await conn.image.get_image(image_id)
    wanted = t.pairs(t.text(values, "properties"))
    current = set(editable(image))
    properties: dict[str, Any] = {k: (v if v != "" else None) for k, v in wanted.items()}
    for gone in current - set(wanted):
        properties[gone] = None
    await conn.image.update_image(image, name=t.required(values, "name", "Name"),
                                  visibility=t.required(values, "visibility", "Visibility"),
                                  properties=properties)
    return "Image updated."


async def share(conn: Any, values: dict[str, Any]) -> str:
    project = t.required(values, "project", "Project")
    try:
        found = await conn.identity.find_project(project, ignore_missing=True)
    except exceptions.OstackError:  # members may not look projects up: take it as an ID
        found = None
    project_id = found.id if found is not None else project
    image = await conn.image.get_image(values["image_id"])
    if image.visibility != "shared":
        await conn.image.update_image(image, visibility="shared")
    await conn.image.add_member(values["image_id"], member_id=project_id)
    return f"Image shared with {project}."


async def unshare(conn: Any, values: dict[str, Any]) -> str:
    member = t.required(values, "member_id", "Project")
    await conn.image.remove_member(member, values["image_id"], ignore_missing=False)
    return "Image no longer shared with that project."


ROUTES = [
    Route(PATH + "/upload", upload, methods=["POST"]),
    *t.resource_routes(PATH, build, {"delete": delete}, template="images/index.html"),
    *t.resource_routes(PATH + "/{image_id}", build_one,
                       {"update": update, "share": share, "unshare": unshare}),
]

NAV = [("Compute", "Images", PATH, False)]
