"""Launch instance: Horizon's wizard on one page (details, source, flavor, networks, ports,
security groups, key pair, configuration, server groups, scheduler hints, metadata), with key
pairs and networks created in place, and a live preview of the request (the quota it would
use, the `ostack server create` command, the SDK call)."""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from ostack import exceptions
from ostack.dashboard.errors import describe
from ostack.dashboard.launch_request import FormError, LaunchRequest, parse, value, values
from ostack.dashboard.render import environment, render

PATH = "/project/launch-instance"
#: Fields with several values (kept as lists when the form comes back).
MULTI = ("networks", "ports", "security_groups")


def form_state(form: Any) -> dict[str, Any]:
    """The typed form as the templates read it (multi fields as lists; no secrets)."""
    state: dict[str, Any] = {}
    if form is None:
        return {"security_groups": ["default"], "source_type": "image", "min_count": "1",
                "max_count": "1", "delete_on_termination": "on"}
    for key in form:
        if key in ("csrf_token",):
            continue
        state[key] = values(form, key) if key in MULTI else (form.get(key) or "")
    for key in MULTI:
        state.setdefault(key, [])
    return state


async def _listing(make: Any) -> list[Any]:
    try:
        return [item async for item in make()]
    except exceptions.OstackError:
        return []


async def choices(conn: Any, project: str | None) -> dict[str, Any]:
    """Everything the wizard offers, fetched at once."""
    (zones, images, volumes, snapshots, types, flavors, networks, ports, groups, keypairs,
     server_groups) = await asyncio.gather(
        _listing(conn.compute.availability_zones), _listing(conn.image.images),
        _listing(conn.block_storage.volumes), _listing(conn.block_storage.snapshots),
        _listing(conn.block_storage.types), _listing(conn.compute.flavors),
        _listing(conn.network.networks), _listing(conn.network.ports),
        _listing(conn.network.security_groups), _listing(conn.compute.keypairs),
        _listing(conn.compute.server_groups))
    try:
        limits = (await conn.compute.get_limits()).absolute
    except exceptions.OstackError:
        limits = None
    active = [i for i in images if (i.status or "") == "active"]

    def is_snapshot(image: Any) -> bool:
        props = getattr(image, "properties", None) or {}
        return props.get("image_type") == "snapshot" or bool(getattr(image, "instance_uuid",
                                                                     None))
    return {
        "zones": [z.name for z in zones if z.name],
        "images": [i for i in active if not is_snapshot(i)],
        "instance_snapshots": [i for i in active if is_snapshot(i)],
        "volumes": [v for v in volumes if (v.status or "") == "available"],
        "volume_snapshots": [s for s in snapshots if (s.status or "") == "available"],
        "volume_types": types, "flavors": sorted(flavors, key=lambda f: (f.vcpus, f.ram)),
        "networks": [n for n in networks if not n.is_router_external or n.project_id == project],
        "ports": [p for p in ports if not p.device_id and not p.device_owner],
        "security_groups": sorted({g.name for g in groups if g.name}),
        "keypairs": keypairs, "server_groups": server_groups, "limits": limits,
    }


def quota_use(limits: Any, flavor: Any, count: int) -> list[dict[str, Any]]:
    """Instances, vCPUs and RAM: used now, what the launch adds, the limit (-1: none)."""
    if limits is None:
        return []
    rows = []
    for label, used, limit, each in (
            ("Instances", limits.instances_used, limits.instances, 1),
            ("vCPUs", limits.total_cores_used, limits.total_cores,
             flavor.vcpus if flavor else 0),
            ("RAM (MiB)", limits.total_ram_used, limits.total_ram, flavor.ram if flavor else 0)):
        used = used or 0
        adds = (each or 0) * count
        unlimited = limit is None or limit < 0
        share = 0 if unlimited or not limit else min(100, round(100 * (used + adds) / limit))
        rows.append({"label": label, "used": used, "adds": adds,
                     "limit": "unlimited" if unlimited else limit, "percent": share,
                     "over": (not unlimited) and used + adds > limit})
    return rows


async def wizard(request: Request, form: Any = None, error: str | None = None,
                 status: int = 200) -> Response:
    data = await choices(request.state.conn, request.state.session.project_id)
    context = {"title": "Launch instance", "c": data, "form": form_state(form), "error": error,
               "preview": _preview_context(form, data) if form is not None else None}
    return render(request, "launch/wizard.html", context, status=status)


async def index(request: Request) -> Response:
    return await wizard(request)


def _preview_context(form: Any, data: dict[str, Any]) -> dict[str, Any]:
    flavor = next((f for f in data["flavors"] if f.id == value(form, "flavor_id")), None)
    try:
        count = int(value(form, "max_count") or value(form, "min_count") or 1)
    except ValueError:
        count = 1
    context: dict[str, Any] = {"quota": quota_use(data["limits"], flavor, max(count, 1)),
                               "flavor": flavor}
    try:
        launch = parse(form)
    except FormError as exc:
        context["problem"] = str(exc)
        return context
    context["command"] = launch.command()
    context["sdk"] = launch.sdk_call()
    return context


async def preview(request: Request) -> Response:
    """htmx: the quota the launch would use, the command line and the SDK call."""
    form = await request.form()
    conn = request.state.conn
    flavors, limits = await asyncio.gather(_listing(conn.compute.flavors),
                                           conn.compute.get_limits())
    data = {"flavors": flavors, "limits": limits.absolute}
    html = environment().get_template("launch/_preview.html").render(
        preview=_preview_context(form, data))
    return HTMLResponse(html)


async def launch(request: Request) -> Response:
    form = await request.form()
    try:
        launch_request: LaunchRequest = parse(form)
        server = await request.state.conn.compute.create_server(
            name=launch_request.name, **launch_request.kwargs)
    except FormError as exc:
        return await wizard(request, form, str(exc), status=400)
    except exceptions.OstackError as exc:
        return await wizard(request, form, f"Launch failed: {describe(exc)}",
                            status=getattr(exc, "status_code", 0) or 400)
    request.state.session.flash(
        "success", f"Launch of instance {launch_request.name} requested "
                   f"({getattr(server, 'id', '') or 'reservation made'}).")
    return RedirectResponse("/project/instances", status_code=303)


async def new_keypair(request: Request) -> Response:
    """htmx: create (the private key shown once) or import a key pair; the key pair list
    again with it chosen."""
    form = await request.form()
    conn = request.state.conn
    name = value(form, "new_keypair_name")
    public_key = value(form, "new_keypair_public_key")
    state = form_state(form)
    context: dict[str, Any] = {"form": state}
    try:
        if not name:
            raise exceptions.OstackError("the key pair needs a name")
        created = await conn.compute.create_keypair(name=name, public_key=public_key or None)
        state["key_name"] = created.name
        if getattr(created, "private_key", None):
            context["private_key"] = created.private_key
        context["created"] = created.name
    except exceptions.OstackError as exc:
        context["keypair_error"] = describe(exc)
    context["c"] = {"keypairs": await _listing(conn.compute.keypairs)}
    return HTMLResponse(environment().get_template("launch/_keypairs.html").render(context))


async def new_network(request: Request) -> Response:
    """htmx: create a network with one subnet; the network list again with it ticked."""
    form = await request.form()
    conn = request.state.conn
    name = value(form, "new_network_name")
    cidr = value(form, "new_subnet_cidr")
    state = form_state(form)
    context: dict[str, Any] = {"form": state}
    try:
        if not name:
            raise exceptions.OstackError("the network needs a name")
        network = await conn.network.create_network(name=name)
        if cidr:
            import ipaddress

            try:
                version = ipaddress.ip_network(cidr, strict=False).version
            except ValueError:
                await conn.network.delete_network(network.id)
                raise exceptions.OstackError(f"'{cidr}' is not a network address") from None
            await conn.network.create_subnet(network_id=network.id, cidr=cidr,
                                             ip_version=version, name=f"{name}-subnet")
        state["networks"] = [*state.get("networks", []), network.id]
        context["created"] = name
    except exceptions.OstackError as exc:
        context["network_error"] = describe(exc)
    context["c"] = await choices_networks(conn, request.state.session.project_id)
    return HTMLResponse(environment().get_template("launch/_networks.html").render(context))


async def choices_networks(conn: Any, project: str | None) -> dict[str, Any]:
    networks = await _listing(conn.network.networks)
    return {"networks": [n for n in networks
                         if not n.is_router_external or n.project_id == project]}


ROUTES = [
    Route(PATH, index, methods=["GET"]),
    Route(PATH, launch, methods=["POST"]),
    Route(PATH + "/preview", preview, methods=["POST"]),
    Route(PATH + "/keypair", new_keypair, methods=["POST"]),
    Route(PATH + "/network", new_network, methods=["POST"]),
]

NAV = [("Compute", "Launch instance", PATH, False)]
