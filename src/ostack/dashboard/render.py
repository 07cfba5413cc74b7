"""Pages from Jinja2 templates (autoescaped), with what every page's chrome needs.

`render(request, "instances/index.html", {...})` adds the base context: the user, the
projects of the project switcher, the regions and the current one, the CSRF token, the side
menu (admin entries for admins only) and the flash messages waiting for this page.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse

TEMPLATES = Path(__file__).parent / "templates"

_env: jinja2.Environment | None = None


def environment() -> jinja2.Environment:
    """The one Jinja2 environment (templates inside the package, HTML autoescaped)."""
    global _env
    if _env is None:
        _env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES)),
            autoescape=jinja2.select_autoescape(["html", "svg", "xml"], default=True),
            trim_blocks=True, lstrip_blocks=True, auto_reload=False,
        )
        _env.filters["tojson_attr"] = lambda value: json.dumps(value)
        _env.filters["status_class"] = status_class
    return _env


def status_class(status: str | None) -> str:
    """A CSS class for a resource status: settled good, settled bad, or changing."""
    value = (status or "").upper()
    if value in ("ACTIVE", "AVAILABLE", "IN-USE", "UP", "ONLINE"):
        return "st-ok"
    if "ERROR" in value or value in ("DOWN", "FAILED", "KILLED"):
        return "st-bad"
    if value in ("SHUTOFF", "PAUSED", "SUSPENDED", "SHELVED", "SHELVED_OFFLOADED", "STOPPED",
                 "DELETED", "VERIFY_RESIZE", "RESCUE", "INACTIVE"):
        return "st-off"
    return "st-busy"


def nav_for(request: Request) -> list[dict[str, Any]]:
    """The side menu: sections in PAGES order, admin entries only for admins."""
    session = getattr(request.state, "session", None)
    admin = bool(session and session.is_admin)
    sections: dict[str, list[dict[str, Any]]] = {}
    for section, label, path, admin_only in request.app.state.nav:
        if admin_only and not admin:
            continue
        active = request.url.path == path or request.url.path.startswith(path.rstrip("/") + "/")
        sections.setdefault(section, []).append(
            {"label": label, "path": path, "active": active})
    return [{"section": name, "entries": entries} for name, entries in sections.items()]


def base_context(request: Request) -> dict[str, Any]:
    session = getattr(request.state, "session", None)
    context: dict[str, Any] = {
        "request": request, "nav": [], "user": None, "projects": [], "regions": [],
        "region": None, "csrf_token": "", "messages": [], "cloud": None,
    }
    if session is not None:
        context.update(
            nav=nav_for(request), user=session.user, projects=session.projects,
            regions=session.regions, region=session.region, csrf_token=session.csrf,
            messages=session.pop_flashes(), cloud=session.base.name,
        )
    return context


def render(request: Request, template: str, context: dict[str, Any] | None = None,
           status: int = 200, headers: dict[str, str] | None = None) -> HTMLResponse:
    """The template rendered with the base context and `context` (which wins)."""
    full = base_context(request)
    full.update(context or {})
    html = environment().get_template(template).render(full)
    return HTMLResponse(html, status_code=status, headers=headers)


def is_htmx(request: Request) -> bool:
    """Whether htmx sent the request (it wants a fragment, not a whole page)."""
    return request.headers.get("hx-request") == "true"
