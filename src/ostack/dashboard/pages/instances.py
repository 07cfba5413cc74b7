"""Instances: the list (rows poll themselves through htmx until their status settles), each
instance's page with its details, console log and the forms of the actions that take input,
and the actions themselves (`instance_actions.ACTIONS`)."""

from __future__ import annotations

import asyncio
from typing import Any

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from ostack import exceptions
from ostack.dashboard import instance_rows as rows
from ostack.dashboard.errors import describe, form_values, messages_fragment, status_of
from ostack.dashboard.instance_actions import ACTIONS, menu_for
from ostack.dashboard.render import environment, is_htmx, render


def row(server: Any, images: dict[str, str] | None = None) -> dict[str, Any]:
    """What a row of the list shows of one server."""
    return rows.row_of(server.raw, images)


def row_html(request: Request, data: dict[str, Any]) -> str:
    return rows.row_html(data)


def _image_names(request: Request) -> rows.ImageNames:
    """The session's cache of image names (a new one after a switch of project or region)."""
    session = request.state.session
    cache = session.lookups.get("image_names")
    if cache is None:
        cache = session.lookups["image_names"] = rows.ImageNames()
    return cache


async def index(request: Request) -> Response:
    """The list: one request (the servers) while the session's image names are fresh; with
    the image list alongside (concurrently) when they are not."""
    conn = request.state.conn
    names = _image_names(request)

    async def servers() -> list[dict[str, Any]]:
        return [server.raw async for server in conn.compute.servers()]

    if names.fresh:
        found = await servers()
        if names.missing(found):  # a server of an image named since: read the list again
            await names.read(conn)
    else:
        found, _ = await asyncio.gather(servers(), names.read(conn))
    names.settle(found)
    shown = [rows.row_of(body, names.names) for body in found]
    return render(request, "instances/index.html", {
        "title": "Instances", "rows": shown, "rows_html": Markup(rows.rows_html(shown))})


async def one_row(request: Request) -> Response:
    """The row of one instance (htmx polls it until the status settles; gone: removed)."""
    conn = request.state.conn
    server_id = request.path_params["server_id"]
    try:
        server = await conn.compute.get_server(server_id)
    except exceptions.NotFound:
        return HTMLResponse("")
    names = _image_names(request)
    images = names.names
    image = server.raw.get("image")
    image = image if isinstance(image, dict) else {}
    if image.get("id") and not (names.fresh and image["id"] in images):
        try:
            found = await conn.image.get_image(image["id"])
            images = {found.id: found.name or found.id}
        except exceptions.OstackError:
            pass
    return HTMLResponse(row_html(request, row(server, images)))


async def menu(request: Request) -> Response:
    """htmx: the actions menu of one row, for the instance's current status."""
    server = await request.state.conn.compute.get_server(request.path_params["server_id"])
    html = environment().get_template("instances/_menu.html").render(
        id=server.id, name=server.name or server.id,
        menu=menu_for(server.status) if not server.task_state else [])
    return HTMLResponse(html)


async def action(request: Request) -> Response:
    """Run one action; htmx gets the row back (or a message), a form post goes back to the
    instance's page with a message, or the form again with the error and what was typed."""
    conn = request.state.conn
    session = request.state.session
    server_id = request.path_params["server_id"]
    name = request.path_params["action"]
    if name not in ACTIONS:
        return messages_fragment(request, "error", f"Unknown action {name!r}", status=404) \
            if is_htmx(request) else render(request, "error.html", {
                "title": "Not found", "error": f"Unknown action {name!r}"}, status=404)
    form = await request.form()
    values = {k: v for k, v in form_values(form).items() if isinstance(v, str)}
    label, _, run = ACTIONS[name]
    try:
        message = await run(conn, server_id, values)
    except exceptions.OstackError as exc:
        text = f"{label} failed: {describe(exc)}"
        if is_htmx(request):
            return messages_fragment(request, "error", text, status=status_of(exc))
        if request.query_params.get("from") == "detail":
            return await detail_page(request, error=text, form=form_values(form),
                                     status=status_of(exc))
        session.flash("error", text)
        return RedirectResponse("/project/instances", status_code=303)
    if is_htmx(request):
        if name == "delete":
            html = row_html(request, {**await _row_or_gone(conn, server_id), "deleting": True})
        else:
            html = row_html(request, await _row_or_gone(conn, server_id))
        session.flash("success", f"{label}: {message}")
        messages = environment().get_template("_messages.html").render(
            messages=session.pop_flashes())
        oob = f'<div id="messages" hx-swap-oob="innerHTML">{messages}</div>'
        return HTMLResponse(html + oob)
    session.flash("success", f"{label}: {message}")
    target = "/project/instances" if name == "delete" else f"/project/instances/{server_id}"
    return RedirectResponse(target, status_code=303)


async def _row_or_gone(conn: Any, server_id: str) -> dict[str, Any]:
    try:
        server = await conn.compute.get_server(server_id)
    except exceptions.NotFound:
        return {"id": server_id, "name": server_id, "status": "DELETED", "task_state": "",
                "image": "", "flavor": "", "addresses": [], "key_name": "",
                "availability_zone": "", "settled": True, "gone": True}
    data = row(server)
    data["settled"] = False  # the action's effect is yet to show: poll
    return data


async def detail(request: Request) -> Response:
    return await detail_page(request)


async def detail_page(request: Request, error: str | None = None,
                      form: dict[str, Any] | None = None, status: int = 200) -> Response:
    """An instance: overview, addresses, volumes, interfaces, and the action forms."""
    conn = request.state.conn
    server_id = request.path_params["server_id"]
    server = await conn.compute.get_server(server_id)

    async def listing(make: Any) -> list[Any]:
        try:
            return [item async for item in make()]
        except exceptions.OstackError:
            return []

    (flavors, images, volumes, networks, ips, ports, attachments) = await asyncio.gather(
        listing(conn.compute.flavors), listing(conn.image.images),
        listing(conn.block_storage.volumes), listing(conn.network.networks),
        listing(conn.network.ips), listing(lambda: conn.network.ports(device_id=server_id)),
        listing(lambda: conn.compute.volume_attachments(server_id)))
    port_ids = {p.id for p in ports}
    image_names = {i.id: i.name or i.id for i in images}
    context = {
        "title": f"Instance {server.name}", "server": server,
        "row_html": Markup(rows.row_html(row(server, image_names))),
        "flavors": flavors, "images": images,
        "volumes_free": [v for v in volumes if (v.status or "") == "available"],
        "volume_names": {v.id: v.name or v.id for v in volumes},
        "attachments": attachments, "ports": ports,
        "networks": [n for n in networks if not getattr(n, "is_router_external", False)],
        "pools": [n for n in networks if getattr(n, "is_router_external", False)],
        "ips_free": [i for i in ips if not i.port_id],
        "ips_here": [i for i in ips if i.port_id in port_ids],
        "actions": {name: spec[0] for name, spec in ACTIONS.items()},
        "error": error, "form": form or {},
    }
    return render(request, "instances/detail.html", context, status=status)


async def console(request: Request) -> Response:
    conn = request.state.conn
    server_id = request.path_params["server_id"]
    length = request.query_params.get("length")
    output = await conn.compute.get_server_console_output(
        server_id, length=int(length) if length and length.isdigit() else None)
    text = output.get("output", "") if isinstance(output, dict) else str(output or "")
    if is_htmx(request):
        return HTMLResponse(environment().get_template("instances/_console.html").render(
            output=text))
    return render(request, "instances/console.html", {
        "title": "Console log", "output": text, "server_id": server_id})


ROUTES = [
    Route("/project/instances", index, methods=["GET"]),
    Route("/project/instances/{server_id}", detail, methods=["GET"]),
    Route("/project/instances/{server_id}/row", one_row, methods=["GET"]),
    Route("/project/instances/{server_id}/menu", menu, methods=["GET"]),
    Route("/project/instances/{server_id}/console", console, methods=["GET"]),
    Route("/project/instances/{server_id}/action/{action}", action, methods=["POST"]),
]

NAV = [("Compute", "Instances", "/project/instances", False)]
