"""The session store against the local cloud, without a browser: a password login scopes to
the user's project, the switcher re-scopes, and logout revokes every token it held."""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlencode

from ostack.config import load
from ostack.dashboard.sessions import SessionStore


def _second_project(localcloud: Any, admin: str) -> str:
    """A project of its own where demo is a member too (the switcher's second entry)."""
    def one(path: str, key: str, name: str) -> str:
        return localcloud.call("GET", f"/identity/v3/{path}?name={name}",
                               token=admin).json[key][0]["id"]

    reply = localcloud.call("POST", "/identity/v3/projects", {"project": {
        "name": f"dash-{uuid.uuid4().hex[:8]}", "domain_id": "default"}}, token=admin)
    assert reply.status == 201, reply.body
    project = reply.json["project"]["id"]
    user, role = one("users", "users", "demo"), one("roles", "roles", "member")
    reply = localcloud.call("PUT", f"/identity/v3/projects/{project}/users/{user}/roles/{role}",
                            token=admin)
    assert reply.status == 204, reply.body
    return project


def test_login_rescope_and_logout_revokes(localcloud: Any) -> None:
    env = localcloud.environ()
    admin = localcloud.token()
    other = _second_project(localcloud, admin)

    async def scenario() -> tuple[list[str], list[int]]:
        store = SessionStore(b"k" * 32)
        base = load("local", env=env, use_env=False)
        session = await store.login(base, username="demo", domain="Default",
                                    password=localcloud.password("demo"))
        names = {p["name"]: p["id"] for p in session.projects}
        assert "demo" in names and session.project_id in names.values()
        assert not session.is_admin
        if session.project_id == other:  # the first by name, without a default project
            await store.scope(session, project_id=names["demo"])
        assert store.get(store.sign(session.id)) is session
        assert store.get(session.id + ".forged") is None
        assert other in {p["id"] for p in session.projects}
        tokens = [session.login_token, session.access.token]
        await store.scope(session, project_id=other)
        assert session.project_id == other and session.access.project_name.startswith("dash-")
        tokens.append(session.access.token)
        alive = [localcloud.call("HEAD", "/identity/v3/auth/tokens", token=admin,
                                 headers={"X-Subject-Token": t}).status for t in tokens]
        await store.logout(session)
        assert store.get(store.sign(session.id)) is None
        return tokens, alive

    # a thread of its own: Playwright's sync API may hold this thread's event loop
    with ThreadPoolExecutor(1) as pool:
        tokens, alive = pool.submit(asyncio.run, scenario()).result(timeout=60)
    assert alive[0] == 200 and alive[2] == 200
    assert alive[1] == 404, "re-scoping revokes the token it replaces"
    for token in tokens:
        reply = localcloud.call("HEAD", "/identity/v3/auth/tokens", token=admin,
                                headers={"X-Subject-Token": token})
        assert reply.status == 404, (token[:8], reply.status)
    localcloud.call("DELETE", f"/identity/v3/projects/{other}", token=admin)


@contextlib.contextmanager
def _served(app: Any) -> Iterator[int]:
    """`app` served by uvicorn in a thread of this process, on a free port."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield sock.getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def _call(port: int, method: str, path: str, cookie: str = "",
          form: dict[str, str] | None = None) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": cookie} if cookie else {}
    if form is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=urlencode(form) if form is not None else None,
                 headers=headers)
    reply = conn.getresponse()
    reply.read()
    conn.close()
    return reply


def _login_token(port: int) -> tuple[str, str]:
    """The login form's pre-session CSRF cookie (`name=value`) and the token in its form."""
    import re

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/login")
    reply = conn.getresponse()
    html = reply.read().decode()
    conn.close()
    cookie = reply.getheader("set-cookie") or ""
    assert cookie.startswith("ostack_csrf=") and "HttpOnly" in cookie, cookie
    assert "samesite=strict" in cookie.lower() and "Max-Age=600" in cookie, cookie
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert token, "the login form carries no CSRF token"
    assert cookie.split(";", 1)[0] == f"ostack_csrf={token.group(1)}"
    return cookie.split(";", 1)[0], token.group(1)


def test_tokens_revoked_elsewhere_end_the_session(localcloud: Any) -> None:
    """The app in this process (served by uvicorn in a thread) over the real cloud: once
    Keystone refuses the tokens of a password login, the next page sends the browser to the
    login form. (A login with a cloud's own credentials re-authenticates with them instead.)"""
    from ostack.dashboard.app import Settings, create_app

    app = create_app(Settings(cloud="local", env=localcloud.environ()))
    admin = localcloud.token()
    with _served(app) as port:
        login = {"cloud": "local", "username": "demo", "domain": "Default",
                 "project": "demo", "password": localcloud.password("demo")}
        # without the login form's pre-session CSRF token (or with a forged one): refused
        assert _call(port, "POST", "/login", form=login).status == 403
        csrf_cookie, token = _login_token(port)
        assert _call(port, "POST", "/login", csrf_cookie, form=login).status == 403
        forged = csrf_cookie.rsplit(".", 1)[0] + "." + "0" * 64
        assert _call(port, "POST", "/login", forged,
                     form={**login, "csrf_token": forged.split("=", 1)[1]}).status == 403
        other_cookie, other_token = _login_token(port)
        assert _call(port, "POST", "/login", other_cookie,
                     form={**login, "csrf_token": token}).status == 403
        reply = _call(port, "POST", "/login", csrf_cookie, form={**login, "csrf_token": token})
        assert reply.status == 303, reply.status
        cookie = reply.getheader("set-cookie").split(";", 1)[0]
        assert cookie.startswith("ostack_session=")
        assert _call(port, "GET", "/project/instances", cookie).status == 200
        (session,) = app.state.sessions._sessions.values()
        for token in {session.login_token, session.access.token}:
            localcloud.call("DELETE", "/identity/v3/auth/tokens", token=admin,
                            headers={"X-Subject-Token": token})
        reply = _call(port, "GET", "/project/instances", cookie)
        assert reply.status == 303 and reply.getheader("location") == "/login"
        assert not app.state.sessions._sessions
        reply = _call(port, "GET", "/project/instances", cookie)
        assert reply.getheader("location") == "/login?next=/project/instances"
