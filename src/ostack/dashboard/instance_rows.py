"""The rows of the instances table: what a row shows of a server, and its HTML written straight
in Python (escaped with html.escape, only when a value has a character to escape).

The instances page is the dashboard's measured path (docs/benchmarks.md: 500 servers within
1.5x of the SDK listing alone). A row reads the server's raw body once (no field descriptors
per cell), a Jinja2 macro would spend about ten times what this does, and the image names come
from a per-session cache (`ImageNames`) so that a page makes the listing's one request.
An unsettled row polls itself (htmx, every second) until its status settles; the actions menu
loads when it is opened.
"""

from __future__ import annotations

import html
import re
import time
from typing import Any

from ostack.dashboard.render import status_class

_SPECIAL = re.compile(r"[&<>\"']").search


def escape(value: Any) -> str:
    """`value` as HTML text: most IDs, names and addresses have nothing to escape."""
    text = value if isinstance(value, str) else str(value)
    return html.escape(text) if _SPECIAL(text) else text

#: Statuses a server stays in until someone acts (a row stops polling there).
SETTLED = frozenset({"ACTIVE", "SHUTOFF", "PAUSED", "SUSPENDED", "SHELVED",
                     "SHELVED_OFFLOADED", "ERROR", "VERIFY_RESIZE", "RESCUE", "SOFT_DELETED",
                     "DELETED"})
#: Seconds the image names of a session are reused before the image list is read again.
IMAGE_NAMES_TTL = 60.0


def addresses_of(body: dict[str, Any]) -> list[dict[str, str]]:
    """Every address of a server's body: network, address, version and fixed/floating."""
    out = []
    for network, entries in (body.get("addresses") or {}).items():
        for entry in entries or []:
            out.append({"network": network, "addr": entry.get("addr", ""),
                        "version": str(entry.get("version", "")),
                        "type": entry.get("OS-EXT-IPS:type", "fixed")})
    return out


def row_of(body: dict[str, Any], images: dict[str, str] | None = None) -> dict[str, Any]:
    """What a row of the list shows of one server (its raw body, as Nova sent it)."""
    image = body.get("image")
    image_id = (image.get("id") or "") if isinstance(image, dict) else ""
    flavor = body.get("flavor")
    flavor = flavor if isinstance(flavor, dict) else {}
    status = body.get("status") or ""
    task = body.get("OS-EXT-STS:task_state") or ""
    sid = body.get("id") or ""
    return {
        "id": sid, "name": body.get("name") or sid, "status": status, "task_state": task,
        "image": (images or {}).get(image_id, image_id) if image_id else "(volume)",
        "flavor": flavor.get("original_name") or flavor.get("id") or "",
        "addresses": addresses_of(body), "key_name": body.get("key_name") or "",
        "availability_zone": body.get("OS-EXT-AZ:availability_zone") or "",
        "power_state": body.get("OS-EXT-STS:power_state"),
        "settled": status.upper() in SETTLED and not task,
    }


def row_html(r: dict[str, Any]) -> str:
    """One `<tr>` of the instances table ('' for a server that is gone)."""
    if r.get("gone"):
        return ""
    sid = escape(r["id"])
    name = escape(r["name"])
    status = escape(r["status"])
    poll = "" if r["settled"] else (f' hx-get="/project/instances/{sid}/row" '
                                    'hx-trigger="every 1s" hx-swap="outerHTML"')
    ips = "".join(
        f'<div class="small" title="{escape(a["network"])}">{escape(a["addr"])}'
        + (' <span class="muted">(floating)</span>' if a["type"] == "floating" else "")
        + "</div>" for a in r["addresses"]) if r["addresses"] else ""
    task = (f' <span class="muted small">{escape(r["task_state"])}</span>'
            if r["task_state"] else "")
    menu = "" if r.get("deleting") else (
        f'<details class="menu" hx-get="/project/instances/{sid}/menu" '
        'hx-trigger="toggle once" hx-target="find div"><summary>Actions</summary><div></div>'
        "</details>")
    return (
        f'<tr id="row-{sid}" data-id="{sid}" data-name="{name}" data-status="{status}"{poll}>'
        f'<td><a href="/project/instances/{sid}">{name}</a></td>'
        f'<td class="wide">{escape(r["image"])}</td><td>{ips}</td>'
        f'<td class="wide">{escape(r["flavor"])}</td>'
        f'<td class="wide">{escape(r["key_name"])}</td>'
        f'<td><span class="status {status_class(r["status"])}" data-testid="status">{status}'
        f"</span>{task}</td>"
        f'<td class="wide">{escape(r["availability_zone"])}</td>'
        f'<td class="actions">{menu}</td></tr>\n')


def rows_html(rows: list[dict[str, Any]]) -> str:
    return "".join([row_html(r) for r in rows])


class ImageNames:
    """Image names by ID for one session, read from the image list at most once a
    `IMAGE_NAMES_TTL` (and again when a server shows an image the list did not have)."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.read_at: float | None = None

    @property
    def fresh(self) -> bool:
        return self.read_at is not None and time.monotonic() - self.read_at < IMAGE_NAMES_TTL

    async def read(self, conn: Any) -> dict[str, str]:
        """The image list, read now (a list without names is better than no list)."""
        from ostack import exceptions

        try:
            self.names = {image.id: image.name or image.id
                          async for image in conn.image.images()}
            self.read_at = time.monotonic()
        except exceptions.OstackError:
            pass
        return self.names

    def missing(self, bodies: list[dict[str, Any]]) -> bool:
        """Whether a server boots from an image this cache has no name for."""
        names = self.names
        for body in bodies:
            image = body.get("image")
            if isinstance(image, dict) and image.get("id") and image["id"] not in names:
                return True
        return False

    def settle(self, bodies: list[dict[str, Any]]) -> None:
        """Images the list does not have (deleted, or not visible): shown by ID, not looked
        up again until the cache expires."""
        for body in bodies:
            image = body.get("image")
            if isinstance(image, dict) and image.get("id"):
                self.names.setdefault(image["id"], image["id"])
