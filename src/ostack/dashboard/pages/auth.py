"""Log in (a password against Keystone, or a cloud's own credentials from clouds.yaml), log
out (the tokens revoked), and the project and region switchers (the login token re-scoped)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ostack import exceptions
from ostack.config import files, load
from ostack.dashboard import csrf
from ostack.dashboard.errors import describe, form_error
from ostack.dashboard.render import render
from ostack.dashboard.sessions import COOKIE, IDLE


def cloud_names(env: dict[str, str]) -> list[str]:
    """The clouds of every clouds.yaml the CLI would read (the local cloud's while it runs)."""
    names: list[str] = []
    try:
        paths = files.candidate_files(env, files.CONFIG_NAMES, "OS_CLIENT_CONFIG_FILE")
    except exceptions.ConfigError:
        paths = []
    local = files.localcloud_dir(env) / "clouds.yaml"
    if local.is_file() and (local.parent / "run.json").is_file() and local not in paths:
        paths.append(local)
    for path in paths:
        try:
            clouds = files.clouds_of(path, files.read_document(path, env))
        except exceptions.ConfigError:
            continue
        names.extend(name for name in clouds if name not in names)
    return names


def _presession_token(request: Request) -> str:
    """The browser's pre-session CSRF token while it has more than half its life left (other
    tabs keep working), else a fresh one."""
    secret = request.app.state.settings.secret
    token = request.cookies.get(csrf.PRESESSION_COOKIE)
    age = csrf.presession_age(secret, token)
    if token and age is not None and age < csrf.PRESESSION_TTL / 2:
        return token
    return csrf.presession_token(secret)


def _with_presession_cookie(request: Request, response: Response, token: str) -> Response:
    """The pre-session token's cookie: short-lived, sent back to /login only."""
    response.set_cookie(csrf.PRESESSION_COOKIE, token, max_age=csrf.PRESESSION_TTL,
                        httponly=True, samesite="strict",
                        secure=request.app.state.settings.secure_cookie, path="/login")
    return response


def _login_context(request: Request) -> dict[str, Any]:
    settings = request.app.state.settings
    env = settings.environ()
    return {"title": "Log in", "clouds": cloud_names(env),
            "default_cloud": settings.cloud or env.get("OS_CLOUD") or "",
            "next": request.query_params.get("next", ""),
            "csrf_token": _presession_token(request)}


async def login_form(request: Request) -> Response:
    context = _login_context(request)
    response = render(request, "auth/login.html", {**context, "form": {}})
    return _with_presession_cookie(request, response, context["csrf_token"])


def _safe_next(target: str | None) -> str:
    """Only a path of this site (no scheme, no host) is followed after login."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    parts = urlsplit(target)
    return "/" if parts.scheme or parts.netloc else target


async def login(request: Request) -> Response:
    form = await request.form()
    context = _login_context(request)
    settings = request.app.state.settings
    cloud = str(form.get("cloud") or "") or None
    username = str(form.get("username") or "").strip()
    try:
        options: dict[str, Any] = {}
        use_env = cloud is None
        base = load(cloud, options, settings.environ(), use_env=use_env)
        if username:
            session = await request.app.state.sessions.login(
                base, username=username, password=str(form.get("password") or ""),
                domain=str(form.get("domain") or "Default"),
                project=str(form.get("project") or "").strip() or None)
        else:
            session = await request.app.state.sessions.login(base)
    except exceptions.OstackError as exc:
        if isinstance(exc, exceptions.Unauthorized):
            exc = exceptions.Unauthorized("Invalid credentials", status_code=401,
                                          request_id=getattr(exc, "request_id", None))
        response = await form_error(request, "auth/login.html", context, exc, form)
        return _with_presession_cookie(request, response, context["csrf_token"])
    response = RedirectResponse(_safe_next(str(form.get("next") or "")), status_code=303)
    response.set_cookie(COOKIE, request.app.state.sessions.sign(session.id),
                        max_age=int(IDLE), httponly=True, samesite="strict",
                        secure=settings.secure_cookie, path="/")
    response.delete_cookie(csrf.PRESESSION_COOKIE, path="/login", httponly=True,
                           samesite="strict")
    return response


async def logout(request: Request) -> Response:
    session = request.state.session
    try:
        await request.app.state.sessions.logout(session)
    except exceptions.OstackError:
        pass  # the session is forgotten whatever Keystone said
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
    return response


def _back(request: Request) -> str:
    referer = request.headers.get("referer")
    return _safe_next(urlsplit(referer).path if referer else "/")


async def switch_project(request: Request) -> Response:
    form = await request.form()
    session = request.state.session
    project_id = str(form.get("project_id") or "")
    if project_id not in {p["id"] for p in session.projects}:
        session.flash("error", "That project is not one of yours.")
        return RedirectResponse(_back(request), status_code=303)
    try:
        await request.app.state.sessions.scope(session, project_id=project_id)
        session.flash("success", f"Switched to project {session.access.project_name}.")
    except exceptions.OstackError as exc:
        session.flash("error", f"Could not switch project: {describe(exc)}")
    return RedirectResponse(_back(request), status_code=303)


async def switch_region(request: Request) -> Response:
    form = await request.form()
    session = request.state.session
    region = str(form.get("region") or "")
    if region not in session.regions:
        session.flash("error", f"Unknown region {region!r}.")
        return RedirectResponse(_back(request), status_code=303)
    try:
        await request.app.state.sessions.scope(session, region=region)
        session.flash("success", f"Switched to region {region}.")
    except exceptions.OstackError as exc:
        session.flash("error", f"Could not switch region: {describe(exc)}")
    return RedirectResponse(_back(request), status_code=303)


ROUTES = [
    Route("/login", login_form, methods=["GET"]),
    Route("/login", login, methods=["POST"]),
    Route("/logout", logout, methods=["POST"]),
    Route("/switch/project", switch_project, methods=["POST"]),
    Route("/switch/region", switch_region, methods=["POST"]),
]

NAV: list[tuple[str, str, str, bool]] = []
