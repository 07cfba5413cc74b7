"""What each instance action does through the async SDK, and which form fields it takes.

`ACTIONS[name]` is (label, needs_form, coroutine(conn, server_id, form) -> message). The simple
ones (start, stop, pause ...) run from the list's menu; the others take a form on the instance's
page (a flavor for resize, an image for rebuild, a volume to attach ...).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from ostack.connection import AsyncConnection

Form = dict[str, str]
Action = Callable[[AsyncConnection, str, Form], Awaitable[str]]


def _need(form: Form, key: str, what: str) -> str:
    value = (form.get(key) or "").strip()
    if not value:
        from ostack.exceptions import OstackError

        raise OstackError(f"choose {what}")
    return value


def _simple(method: str, done: str) -> Action:
    async def run(conn: AsyncConnection, server: str, form: Form) -> str:
        await getattr(conn.compute, method)(server)
        return done

    return run


async def _reboot(conn: AsyncConnection, server: str, form: Form) -> str:
    kind = "HARD" if form.get("type", "").upper() == "HARD" else "SOFT"
    await conn.compute.reboot_server(server, kind)
    return f"{kind.title()} reboot requested"


async def _resize(conn: AsyncConnection, server: str, form: Form) -> str:
    await conn.compute.resize_server(server, _need(form, "flavor_id", "a flavor"))
    return "Resize requested; confirm it once the instance is in VERIFY_RESIZE"


async def _rebuild(conn: AsyncConnection, server: str, form: Form) -> str:
    attrs: dict[str, Any] = {}
    if form.get("name"):
        attrs["name"] = form["name"]
    await conn.compute.rebuild_server(server, _need(form, "image_id", "an image"), **attrs)
    return "Rebuild requested"


async def _snapshot(conn: AsyncConnection, server: str, form: Form) -> str:
    name = _need(form, "name", "a snapshot name")
    image = await conn.compute.create_server_image(server, name)
    image_id = getattr(image, "id", image)
    return f"Snapshot {name} requested (image {image_id})"


async def _attach_volume(conn: AsyncConnection, server: str, form: Form) -> str:
    volume = _need(form, "volume_id", "a volume")
    await conn.compute.create_volume_attachment(server, volume_id=volume,
                                                device=form.get("device") or None)
    return f"Attaching volume {volume}"


async def _detach_volume(conn: AsyncConnection, server: str, form: Form) -> str:
    volume = _need(form, "volume_id", "a volume")
    await conn.compute.delete_volume_attachment(server, volume, ignore_missing=False)
    return f"Detaching volume {volume}"


async def _attach_interface(conn: AsyncConnection, server: str, form: Form) -> str:
    attrs: dict[str, Any] = {}
    if form.get("port_id"):
        attrs["port_id"] = form["port_id"]
    else:
        attrs["net_id"] = _need(form, "network_id", "a network or a port")
        if form.get("fixed_ip"):
            attrs["fixed_ips"] = [{"ip_address": form["fixed_ip"]}]
    created = await conn.compute.create_server_interface(server, **attrs)
    return f"Interface {getattr(created, 'port_id', '') or ''} attached".replace("  ", " ")


async def _detach_interface(conn: AsyncConnection, server: str, form: Form) -> str:
    port = _need(form, "port_id", "an interface")
    await conn.compute.delete_server_interface(port, server=server, ignore_missing=False)
    return f"Interface {port} detached"


async def _associate_ip(conn: AsyncConnection, server: str, form: Form) -> str:
    """A floating IP (an existing one, or a new one from a pool) onto one of the ports."""
    port_id = form.get("port_id") or ""
    if not port_id:
        ports = [p async for p in conn.network.ports(device_id=server)]
        if not ports:
            from ostack.exceptions import OstackError

            raise OstackError("the instance has no port to associate a floating IP with")
        port_id = ports[0].id
    if form.get("floating_ip_id"):
        fip = await conn.network.update_ip(form["floating_ip_id"], port_id=port_id)
    else:
        pool = _need(form, "pool", "a floating IP or a pool to allocate one from")
        fip = await conn.network.create_ip(floating_network_id=pool, port_id=port_id)
    return f"Floating IP {fip.floating_ip_address} associated"


async def _disassociate_ip(conn: AsyncConnection, server: str, form: Form) -> str:
    fip = _need(form, "floating_ip_id", "a floating IP")
    await conn.network.update_ip(fip, port_id=None)
    return "Floating IP disassociated"


async def _delete(conn: AsyncConnection, server: str, form: Form) -> str:
    await conn.compute.delete_server(server, ignore_missing=False)
    return "Deletion requested"


#: name -> (label, takes a form on the instance page, what it does)
ACTIONS: dict[str, tuple[str, bool, Action]] = {
    "start": ("Start", False, _simple("start_server", "Start requested")),
    "stop": ("Shut off", False, _simple("stop_server", "Stop requested")),
    "reboot": ("Soft reboot", False, _reboot),
    "pause": ("Pause", False, _simple("pause_server", "Pause requested")),
    "unpause": ("Resume (unpause)", False, _simple("unpause_server", "Unpause requested")),
    "suspend": ("Suspend", False, _simple("suspend_server", "Suspend requested")),
    "resume": ("Resume", False, _simple("resume_server", "Resume requested")),
    "shelve": ("Shelve", False, _simple("shelve_server", "Shelve requested")),
    "unshelve": ("Unshelve", False, _simple("unshelve_server", "Unshelve requested")),
    "confirm_resize": ("Confirm resize", False,
                       _simple("confirm_server_resize", "Resize confirmed")),
    "revert_resize": ("Revert resize", False,
                      _simple("revert_server_resize", "Resize reverted")),
    "resize": ("Resize", True, _resize),
    "rebuild": ("Rebuild", True, _rebuild),
    "snapshot": ("Create snapshot", True, _snapshot),
    "attach_volume": ("Attach volume", True, _attach_volume),
    "detach_volume": ("Detach volume", True, _detach_volume),
    "attach_interface": ("Attach interface", True, _attach_interface),
    "detach_interface": ("Detach interface", True, _detach_interface),
    "associate_ip": ("Associate floating IP", True, _associate_ip),
    "disassociate_ip": ("Disassociate floating IP", True, _disassociate_ip),
    "delete": ("Delete", False, _delete),
}


def menu_for(status: str | None) -> list[tuple[str, str]]:
    """The one-click actions that make sense for a status (name, label), as Horizon offers."""
    status = (status or "").upper()
    names: list[str] = []
    if status == "ACTIVE":
        names = ["stop", "reboot", "pause", "suspend", "shelve"]
    elif status == "SHUTOFF":
        names = ["start", "shelve"]
    elif status == "PAUSED":
        names = ["unpause"]
    elif status == "SUSPENDED":
        names = ["resume"]
    elif status in ("SHELVED", "SHELVED_OFFLOADED"):
        names = ["unshelve"]
    elif status == "VERIFY_RESIZE":
        names = ["confirm_resize", "revert_resize"]
    elif status == "ERROR":
        names = ["reboot"]
    return [(name, ACTIONS[name][0]) for name in names]
