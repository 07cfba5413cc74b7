"""Object containers: the list, create and delete; a container browsed by prefix (pseudo-
folders), objects uploaded and downloaded as streams (neither end holds a whole object), a
folder made, an object deleted."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from ostack import exceptions
from ostack.common.transfers import AsyncSource
from ostack.dashboard import tables as t
from ostack.dashboard.errors import describe, status_of

PATH = "/project/containers"


async def build(request: Request) -> dict[str, Any]:
    containers = await t.listing(request.state.conn.object_store.containers)
    rows = [{
        "key": c.name,
        "cells": [t.link(c.name, f"{PATH}/{quote(c.name, safe='')}"), c.count, c.bytes],
        "buttons": [t.button("delete", "Delete", {"name": c.name},
                             confirm=f"Delete container {c.name}?", danger=True)],
    } for c in containers]
    return {"title": "Containers",
            "tables": [t.table("containers", None, ["Name", "Objects", "Bytes"], rows,
                               "No containers.")],
            "forms": [t.form("create", "Create container", [
                t.field("name", "Name", required=True),
                t.field("public", "Public (anyone may read)", "checkbox")], "Create container")]}


async def create(conn: Any, values: dict[str, Any]) -> str:
    name = t.required(values, "name", "Name")
    if "/" in name:
        raise ValueError("A container's name cannot contain '/'.")
    extra = {"read_ACL": ".r:*,.rlistings"} if t.checked(values, "public") else {}
    await conn.object_store.create_container(name, **extra)
    return f"Container {name} created."


async def delete(conn: Any, values: dict[str, Any]) -> str:
    await conn.object_store.delete_container(t.required(values, "name"), ignore_missing=False)
    return "Container deleted."


def _prefix(request: Request) -> str:
    prefix = request.query_params.get("prefix", "")
    return prefix if not prefix or prefix.endswith("/") else prefix + "/"


async def build_one(request: Request) -> dict[str, Any]:
    conn = request.state.conn
    container = request.path_params["container"]
    prefix = _prefix(request)
    here = f"{PATH}/{quote(container, safe='')}"
    items = await t.listing(lambda: conn.object_store.objects(
        container, prefix=prefix, delimiter="/"))
    rows = []
    for item in items:
        short = item.name[len(prefix):]
        if item.subdir:
            rows.append({"key": short, "cells": [
                t.link(short, here + "?" + urlencode({"prefix": item.name})), "folder", "", ""],
                "buttons": []})
            continue
        rows.append({"key": short, "cells": [
            short, item.content_type or "", item.bytes, item.last_modified_at or ""],
            "buttons": [t.button("delete_object", "Delete", {"name": item.name},
                                 confirm=f"Delete {short}?", danger=True)],
            "download": here + "/download?" + urlencode({"name": item.name})})
    crumbs = [{"text": container, "href": here}]
    walked = ""
    for part in [p for p in prefix.split("/") if p]:
        walked += part + "/"
        crumbs.append({"text": part, "href": here + "?" + urlencode({"prefix": walked})})
    return {"title": f"Container {container}", "container": container, "prefix": prefix,
            "crumbs": crumbs, "upload_url": here + "/upload",
            "back": here + ("?" + urlencode({"prefix": prefix}) if prefix else ""),
            "links": [{"text": "All containers", "href": PATH}],
            "tables": [t.table("objects", None, ["Name", "Type", "Bytes", "Modified"], rows,
                               "This folder is empty.")],
            "forms": [t.form("create_folder", "Create folder", [
                t.field("folder", "Folder name", required=True),
                t.field("prefix", "", "hidden", value=prefix)], "Create folder")]}


async def delete_object(conn: Any, values: dict[str, Any]) -> str:
    await conn.object_store.delete_object(t.required(values, "name"), ignore_missing=False,
                                          container=values["container"])
    return "Object deleted."


async def create_folder(conn: Any, values: dict[str, Any]) -> str:
    folder = t.required(values, "folder", "Folder name").strip("/")
    name = t.text(values, "prefix") + folder + "/"
    await conn.object_store.create_object(values["container"], name, data=b"")
    return f"Folder {folder} created."


async def upload(request: Request) -> Response:
    """Stream the request's body into an object named prefix + the file's name."""
    container = request.path_params["container"]
    query = request.query_params
    name = (query.get("name") or query.get("filename") or "").strip().lstrip("/")
    if not name:
        return JSONResponse({"error": "The object needs a name."}, status_code=400)
    name = (query.get("prefix") or "") + name
    try:
        made = await request.state.conn.object_store.create_object(
            container, name, data=AsyncSource(request.stream()),
            content_type=query.get("content_type") or None)
    except exceptions.OstackError as exc:
        return JSONResponse({"error": describe(exc)}, status_code=status_of(exc))
    except ClientDisconnect:  # the browser went away mid-upload: nobody reads an answer
        return Response(status_code=400)
    return JSONResponse({"name": made.name})


async def download(request: Request) -> Response:
    """An object's data streamed to the browser as an attachment."""
    conn = request.state.conn
    container = request.path_params["container"]
    name = request.query_params.get("name", "")
    found = await conn.object_store.get_object_metadata(name, container)
    filename = name.rsplit("/", 1)[-1] or "object"
    return StreamingResponse(
        conn.object_store.stream_object(name, container, chunk_size=64 * 1024),
        media_type=found.content_type or "application/octet-stream",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}",
                 "Content-Length": str(found.bytes or 0)})


ROUTES = [
    *t.resource_routes(PATH, build, {"create": create, "delete": delete}),
    Route(PATH + "/{container}/upload", upload, methods=["POST"]),
    Route(PATH + "/{container}/download", download, methods=["GET"]),
    *t.resource_routes(PATH + "/{container}", build_one,
                       {"delete_object": delete_object, "create_folder": create_folder},
                       template="containers/browse.html"),
]

NAV = [("Object store", "Containers", PATH, False)]
