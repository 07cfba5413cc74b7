"""The dashboard application: `create_app(settings)` gives a Starlette app.

Pages are modules `ostack.dashboard.pages.<name>` listed in `PAGES`; each exports `ROUTES` (a
list of starlette `Route`) and `NAV` (side-menu entries `(section, label, path, admin_only)`).
A guard in front of every page loads the session (`request.state.session`,
`request.state.conn`: the async connection scoped to the session's project and region), sends
strangers to the login page, checks the CSRF token of every POST and answers 403 to non-admins
on `/admin/...` paths.

A page handler: `conn = request.state.conn` (await the SDK), `render(request, "x/y.html",
{...})` for a page (templates extend "base.html"), `request.state.session.flash(level, text)`
before a redirect, `errors.form_error(...)` to give a failed form back with what was typed.
Forms carry `<input type="hidden" name="csrf_token" value="{{ csrf_token }}">`; htmx requests
and scripts send the `X-CSRF-Token` header (the base template sets it for htmx). Cloud errors a
handler does not catch become a message with the request id (`errors.cloud_error`).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ostack import exceptions
from ostack.dashboard import csrf
from ostack.dashboard.errors import cloud_error, forbidden
from ostack.dashboard.render import is_htmx
from ostack.dashboard.sessions import COOKIE, SessionStore

STATIC = Path(__file__).parent / "static"

#: The page modules, in side-menu order.
PAGES: tuple[str, ...] = ("auth", "instances", "launch", "topology", "images", "keypairs",
                          "volumes", "networks", "floating_ips", "security_groups",
                          "containers", "overview", "identity")

#: Paths open without a session.
PUBLIC = ("/login", "/static/", "/favicon.ico")


@dataclass
class Settings:
    """What the dashboard serves: the clouds offered at login and the cookie's signing key."""

    #: The cloud preselected on the login form (a clouds.yaml name), e.g. "local".
    cloud: str | None = None
    #: The environment clouds.yaml and OS_* are read from (None: this process's).
    env: dict[str, str] | None = None
    #: Key of the session cookie's HMAC (random per process: a restart logs everyone out).
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    #: Mark the cookie `Secure` (behind a TLS proxy).
    secure_cookie: bool = False

    def environ(self) -> dict[str, str]:
        return dict(os.environ) if self.env is None else dict(self.env)


def _cookie_of(scope: dict[str, Any], cookie: str = COOKIE) -> str | None:
    for name, value in scope["headers"]:
        if name == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:
                return None
            if cookie in jar:
                return jar[cookie].value
    return None


class Guard:
    """ASGI middleware: session, login redirect, CSRF check and the admin gate."""

    def __init__(self, app: Any, store: SessionStore, secret: bytes) -> None:
        self.app = app
        self.store = store
        self.secret = secret

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        session = self.store.get(_cookie_of(scope))
        state = scope.setdefault("state", {})
        state["session"] = session
        state["conn"] = session.conn if session else None
        if path == "/login" and scope["method"] not in csrf.SAFE_METHODS:
            # no session yet: the pre-session token, in its cookie and in the form
            token = _cookie_of(scope, csrf.PRESESSION_COOKIE)
            ok = csrf.presession_age(self.secret, token) is not None
            if ok:
                ok, receive = await csrf.check(scope, receive, token or "")
            if not ok:
                response = forbidden(Request(scope), "The login form was not accepted: its "
                                     "CSRF token is missing, wrong or expired. Reload the "
                                     "page and try again.")
                await response(scope, receive, send)
                return
        if path.startswith(PUBLIC) or path == "/login":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if session is None:
            await self._to_login(request)(scope, receive, send)
            return
        if scope["method"] not in csrf.SAFE_METHODS:
            ok, receive = await csrf.check(scope, receive, session.csrf)
            if not ok:
                response = forbidden(request, "The form was not accepted: its CSRF token is "
                                              "missing or wrong. Reload the page and try again.")
                await response(scope, receive, send)
                return
        if path.startswith("/admin/") and not session.is_admin:
            await forbidden(request, "This page is for administrators only.")(
                scope, receive, send)
            return
        await self.app(scope, receive, send)

    @staticmethod
    def _to_login(request: Request) -> Response:
        target = "/login"
        if request.method == "GET" and request.url.path not in ("/", "/login"):
            from urllib.parse import quote

            target += "?next=" + quote(request.url.path, safe="/")
        if is_htmx(request):
            return Response(status_code=204, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)


def load_pages(names: tuple[str, ...] = PAGES) -> tuple[list[Any], list[tuple]]:
    """The routes and side-menu entries of the page modules."""
    routes: list[Any] = []
    nav: list[tuple] = []
    for name in names:
        module = importlib.import_module(f"ostack.dashboard.pages.{name}")
        routes.extend(module.ROUTES)
        nav.extend(module.NAV)
    return routes, nav


def create_app(settings: Settings | None = None) -> Starlette:
    """The dashboard: pages of `PAGES`, static files under /static, the guard in front."""
    settings = settings or Settings()
    store = SessionStore(settings.secret)
    routes, nav = load_pages()

    async def home(request: Request) -> Response:
        first = next((path for _, _, path, admin in nav if not admin), "/login")
        return RedirectResponse(first, status_code=303)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await store.close()

    app = Starlette(
        routes=[Route("/", home), *routes,
                Mount("/static", StaticFiles(directory=str(STATIC)), name="static")],
        exception_handlers={exceptions.OstackError: cloud_error},
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.sessions = store
    app.state.nav = nav
    app.add_middleware(Guard, store=store, secret=settings.secret)
    return app
