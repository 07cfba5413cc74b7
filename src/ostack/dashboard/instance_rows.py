"""The rows of the instances table, written straight in Python (escaped with html.escape).

The instances page is the dashboard's measured path (docs/benchmarks.md: 500 servers within
1.5x of the SDK listing alone); a Jinja2 macro spends about 0.1 ms a row, this about a tenth.
An unsettled row polls itself (htmx, every second) until its status settles; the actions menu
loads when it is opened.
"""

from __future__ import annotations

from html import escape
from typing import Any

from ostack.dashboard.render import status_class


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
        + "</div>" for a in r["addresses"])
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
    return "".join(row_html(r) for r in rows)
