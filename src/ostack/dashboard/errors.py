"""Cloud errors as messages on the page, with the request id; forms keep what was typed.

A page handler that submits a form catches `ostack.exceptions.OstackError` and returns
`form_error(request, template, context, exc)`: the same form, re-rendered with the values the
user typed (`form` in the template) and the cloud's message above it. Anything a handler does
not catch reaches `cloud_error`, the app's handler: an error page, or, for an htmx request, the
message swapped into the page's message area.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ostack import exceptions
from ostack.dashboard.render import is_htmx, render


def describe(exc: BaseException) -> str:
    """One line for the user: the service's own message, its status and the request id."""
    if isinstance(exc, exceptions.HttpError):
        text = exc.message or type(exc).__name__
        text += f" (HTTP {exc.status_code})"
        if exc.request_id:
            text += f" (Request-ID: {exc.request_id})"
        return text
    return str(exc) or type(exc).__name__


def status_of(exc: BaseException) -> int:
    """The status a page shows for an error: the cloud's 4xx as it is, 502 for the rest."""
    code = getattr(exc, "status_code", 0) or 0
    return code if 400 <= code < 500 else 502


def form_values(form: Any) -> dict[str, Any]:
    """A submitted form as a dict (several values of a field as a list), secrets left out."""
    out: dict[str, Any] = {}
    for key in form:
        if key in ("csrf_token", "password"):
            continue
        values = [v for v in form.getlist(key) if isinstance(v, str)]
        out[key] = values if len(values) > 1 else (values[0] if values else "")
    return out


async def form_error(request: Request, template: str, context: dict[str, Any],
                     exc: BaseException, form: Any = None) -> HTMLResponse:
    """The form page again, with the error and the values typed (`form`, `error`)."""
    if form is None:
        form = await request.form()
    return render(request, template, {**context, "form": form_values(form),
                                      "error": describe(exc)}, status=status_of(exc))


def messages_fragment(request: Request, level: str, text: str, status: int = 200) -> Response:
    """For htmx: a message put into the page's message area (#messages), nothing else."""
    return render(request, "_messages.html", {"messages": [(level, text)]}, status=status,
                  headers={"HX-Retarget": "#messages", "HX-Reswap": "afterbegin"})


async def cloud_error(request: Request, exc: Exception) -> Response:
    """The app's handler of every ostack error a page did not catch."""
    session = getattr(request.state, "session", None)
    if isinstance(exc, exceptions.Unauthorized) and session is not None:
        # the tokens expired or were revoked elsewhere: this session is over
        await request.app.state.sessions.forget(session)
        if is_htmx(request):
            return Response(status_code=204, headers={"HX-Redirect": "/login"})
        return RedirectResponse("/login", status_code=303)
    if is_htmx(request):
        return messages_fragment(request, "error", describe(exc), status=status_of(exc))
    return render(request, "error.html", {"title": "Error", "error": describe(exc)},
                  status=status_of(exc))


def forbidden(request: Request, text: str) -> Response:
    """403 as a page (or a message for htmx)."""
    if is_htmx(request):
        return messages_fragment(request, "error", text, status=403)
    return render(request, "error.html", {"title": "Forbidden", "error": text}, status=403)
