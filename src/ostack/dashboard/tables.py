"""Resource pages made from data: a table of rows with per-row buttons, and forms below it.

Most pages of the console (volumes, networks, key pairs, identity ...) are a list plus a few
actions that take a handful of fields. A page module gives `build(request) -> context`
(title, tables, forms) and `ACTIONS` (name -> `async run(conn, values)` returning the message
to show); `resource_routes` serves the page at `path` and every action at `path/do/NAME`.
A failed action shows the page again with the cloud's message (and request id) and the values
typed in the failed form; a good one flashes its message and goes back to the page.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ostack import exceptions
from ostack.dashboard.errors import describe, form_values, status_of
from ostack.dashboard.render import render

TEMPLATE = "resources/page.html"

Build = Callable[[Request], Awaitable[dict[str, Any]]]
#: An action: the message to flash, or (message, extra context shown on the page once).
Action = Callable[[Any, dict[str, Any]], Awaitable[Any]]


async def listing(make: Callable[[], Any]) -> list[Any]:
    """Every item of an SDK listing; an empty list when the service refuses (a page without
    one table is better than no page)."""
    try:
        return [item async for item in make()]
    except exceptions.OstackError:
        return []


def field(name: str, label: str, kind: str = "text", *, options: Any = None,
          required: bool = False, value: Any = "", placeholder: str = "",
          multiple: bool = False) -> dict[str, Any]:
    """A form field: kind is text, number, select, textarea, checkbox, password or hidden;
    `options` for a select are (value, label) pairs."""
    return {"name": name, "label": label, "kind": kind, "options": list(options or []),
            "required": required, "value": value, "placeholder": placeholder,
            "multiple": multiple}


def form(action: str, title: str, fields: list[dict[str, Any]], button: str | None = None,
         ) -> dict[str, Any]:
    """A form posting to the page's action `action`."""
    return {"action": action, "title": title, "fields": fields, "button": button or title}


def button(action: str, label: str, values: dict[str, str], confirm: str | None = None,
           danger: bool = False) -> dict[str, Any]:
    """A row's button: posts `values` to the page's action `action`."""
    return {"action": action, "label": label, "values": values, "confirm": confirm,
            "danger": danger}


def link(text: Any, href: str) -> dict[str, Any]:
    """A table cell that links somewhere."""
    return {"text": text, "href": href}


def table(name: str, title: str | None, columns: list[str], rows: list[dict[str, Any]],
          empty: str = "None yet.") -> dict[str, Any]:
    """A table; each row is `{"key": name-for-tests, "cells": [...], "buttons": [...]}`."""
    return {"name": name, "title": title, "columns": columns, "rows": rows, "empty": empty}


def options_of(items: list[Any], label: Callable[[Any], str] | None = None,
               blank: str | None = None) -> list[tuple[str, str]]:
    """(id, name) pairs of resources for a select (`blank`: a first empty choice)."""
    out = [("", blank)] if blank is not None else []
    for item in items:
        out.append((item.id, label(item) if label else (getattr(item, "name", None) or item.id)))
    return out


def text(values: dict[str, Any], key: str) -> str:
    """A submitted field as one stripped string."""
    value = values.get(key, "")
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value).strip()


def required(values: dict[str, Any], key: str, label: str | None = None) -> str:
    """A field that must be filled: its value, or ValueError with a message for the page."""
    value = text(values, key)
    if not value:
        raise ValueError(f"{label or key} is required.")
    return value


def integer(values: dict[str, Any], key: str, label: str | None = None) -> int:
    value = required(values, key, label)
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{label or key} must be a whole number.") from None


def checked(values: dict[str, Any], key: str) -> bool:
    return text(values, key).lower() in ("on", "true", "1", "yes")


def pairs(value: str) -> dict[str, str]:
    """`key=value` lines (or comma separated) as a dict; ValueError on a pair without `=`."""
    out: dict[str, str] = {}
    for part in value.replace(",", "\n").splitlines():
        part = part.strip()
        if not part:
            continue
        if "=" not in part:
            raise ValueError(f"{part!r} is not key=value.")
        key, _, val = part.partition("=")
        out[key.strip()] = val.strip()
    return out


def resource_routes(path: str, build: Build, actions: dict[str, Action],
                    template: str = TEMPLATE) -> list[Route]:
    """The page at `path` (GET) and its actions at `path/do/{action}` (POST)."""

    async def page(request: Request) -> Response:
        context = await build(request)
        context.setdefault("base_path", request.url.path)
        return render(request, template, context)

    async def act(request: Request) -> Response:
        name = request.path_params["action"]
        here = request.url.path.rsplit("/do/", 1)[0]
        submitted = await request.form()
        values = form_values(submitted)
        values["_form"] = name
        values.update({k: v for k, v in request.path_params.items() if k != "action"})
        if name not in actions:
            return render(request, "error.html", {"title": "Not found",
                                                  "error": f"Unknown action {name!r}"},
                          status=404)
        try:
            result = await actions[name](request.state.conn, values)
        except (exceptions.OstackError, ValueError) as exc:
            context = await build(request)
            context.update(base_path=here, form=values, error=describe(exc))
            status = status_of(exc) if isinstance(exc, exceptions.OstackError) else 400
            return render(request, template, context, status=status)
        if isinstance(result, tuple):  # something to show once (a private key)
            message, extra = result
            request.state.session.flash("success", message)
            context = await build(request)
            context.update(base_path=here, **extra)
            return render(request, template, context)
        request.state.session.flash("success", str(result))
        back = values.get("_back") if isinstance(values.get("_back"), str) else ""
        target = back if back.startswith(here) else here
        return RedirectResponse(target, status_code=303)

    return [Route(path, page, methods=["GET"]),
            Route(path + "/do/{action}", act, methods=["POST"])]
