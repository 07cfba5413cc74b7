"""Server-side sessions: the tokens and the scoped async connection of each signed-in user.

The browser holds only a session id, signed with HMAC in an `HttpOnly`, `SameSite=Strict`
cookie; the tokens never leave the process. A session logs in once (a password against
Keystone, or a cloud's own credentials from clouds.yaml), keeps that login token, and re-scopes
it to the project and region picked in the switchers (a token-method auth, as Horizon does).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from ostack.auth.access import AccessInfo
from ostack.config import CloudConfig
from ostack.connection import AsyncConnection

COOKIE = "ostack_session"
#: Seconds a session lives without a request.
IDLE = 4 * 3600.0


@dataclass
class Session:
    """One signed-in user: the login token, the current scoped connection and what the page
    chrome shows (projects, regions), plus flash messages waiting for the next page."""

    id: str
    csrf: str
    base: CloudConfig
    login_token: str
    conn: AsyncConnection
    access: AccessInfo
    projects: list[dict[str, Any]] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    flashes: list[tuple[str, str]] = field(default_factory=list)
    seen: float = field(default_factory=time.monotonic)
    #: What pages keep between requests of this project and region (e.g. image names);
    #: emptied by a switch.
    lookups: dict[str, Any] = field(default_factory=dict)

    @property
    def project_id(self) -> str | None:
        return self.access.project_id

    @property
    def region(self) -> str | None:
        return self.conn.session.region_name

    @property
    def is_admin(self) -> bool:
        return "admin" in self.access.role_names

    @property
    def user(self) -> dict[str, Any]:
        return {"id": self.access.user_id, "name": self.access.username,
                "project_id": self.access.project_id, "project_name": self.access.project_name,
                "roles": self.access.role_names, "is_admin": self.is_admin}

    def flash(self, level: str, text: str) -> None:
        """Queue a message ('success', 'info', 'error') for the next rendered page."""
        self.flashes.append((level, text))

    def pop_flashes(self) -> list[tuple[str, str]]:
        out, self.flashes = self.flashes, []
        return out


def _config(base: CloudConfig, auth_type: str, auth: dict[str, Any],
            region: str | None) -> CloudConfig:
    return CloudConfig(
        name=base.name, auth_type=auth_type, auth=auth, region_name=region,
        interface=base.interface, verify=base.verify, cert=base.cert, key=base.key,
        api_versions=base.api_versions, endpoint_overrides=base.endpoint_overrides,
        timeout=base.timeout, token_cache=False, sources=base.sources)


def _regions(access: AccessInfo) -> list[str]:
    found = {endpoint.get("region_id") or endpoint.get("region")
             for service in access.catalog for endpoint in service.get("endpoints", [])}
    return sorted(r for r in found if r)


class SessionStore:
    """Sessions by id, in this process's memory; the cookie value is `id.signature`."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret
        self._sessions: dict[str, Session] = {}

    # -- cookies ---------------------------------------------------------------------------
    def sign(self, session_id: str) -> str:
        mac = hmac.new(self._secret, session_id.encode(), hashlib.sha256).hexdigest()
        return f"{session_id}.{mac}"

    def unsign(self, cookie: str | None) -> str | None:
        if not cookie or "." not in cookie:
            return None
        session_id, _, mac = cookie.rpartition(".")
        good = hmac.new(self._secret, session_id.encode(), hashlib.sha256).hexdigest()
        return session_id if hmac.compare_digest(mac, good) else None

    def get(self, cookie: str | None) -> Session | None:
        """The live session a cookie names (None: unsigned, unknown or idle too long)."""
        session_id = self.unsign(cookie)
        session = self._sessions.get(session_id) if session_id else None
        if session is None:
            return None
        now = time.monotonic()
        if now - session.seen > IDLE:
            return None  # closed by the next prune()
        session.seen = now
        return session

    async def forget(self, session: Session) -> None:
        """Drop a session whose tokens no longer work, and close its connection."""
        self._sessions.pop(session.id, None)
        await session.conn.close()

    async def prune(self) -> None:
        """Drop the sessions idle for longer than IDLE."""
        now = time.monotonic()
        for session in [s for s in self._sessions.values() if now - s.seen > IDLE]:
            await self.forget(session)

    # -- login, scope, logout -------------------------------------------------------------------
    async def login(self, base: CloudConfig, *, username: str | None = None,
                    password: str | None = None, domain: str | None = None,
                    project: str | None = None) -> Session:
        """Authenticate (with the password given, or with the cloud's own credentials when
        none is) and scope to `project` (a name or ID of the user's projects), else to the
        user's default (or first) project."""
        await self.prune()
        auth_url = base.auth.get("auth_url")
        if username is not None:
            auth = {"auth_url": auth_url, "username": username, "password": password or "",
                    "user_domain_name": domain or "Default"}
            first = AsyncConnection(config=_config(base, "password", auth, base.region_name),
                                    cache=False)
        else:
            first = AsyncConnection(config=_config(base, base.auth_type, dict(base.auth),
                                                   base.region_name), cache=False)
        try:
            access = await first.session.get_access()
            projects = [p.to_dict() async for p in first.identity.auth_projects()]
        except BaseException:
            await first.close()
            raise
        projects.sort(key=lambda p: (p.get("name") or "").lower())
        session = Session(id=secrets.token_urlsafe(24), csrf=secrets.token_urlsafe(24),
                          base=base, login_token=access.token, conn=first, access=access,
                          projects=projects)
        chosen = next((p["id"] for p in projects if project in (p["id"], p.get("name"))),
                      None) if project else None
        if project and chosen is None:
            await first.close()
            from ostack.exceptions import Forbidden

            raise Forbidden(f"project {project!r} is not one of the user's", status_code=403)
        if chosen and chosen != access.project_id:
            await self.scope(session, chosen)
        elif access.project_id is None and projects:
            await self.scope(session, await _default_project(first, access, projects))
        session.regions = _regions(session.access)
        self._sessions[session.id] = session
        return session

    async def scope(self, session: Session, project_id: str | None = None,
                    region: str | None = None) -> None:
        """Re-scope the login token to another project and/or region (a new connection)."""
        project_id = project_id or session.project_id
        region = region if region is not None else session.region
        auth = {"auth_url": session.base.auth.get("auth_url"), "token": session.login_token,
                "project_id": project_id}
        conn = AsyncConnection(config=_config(session.base, "token", auth, region or None),
                               cache=False)
        try:
            access = await conn.session.get_access()
        except BaseException:
            await conn.close()
            raise
        old, old_access = session.conn, session.access
        session.conn, session.access = conn, access
        session.regions = _regions(access)
        session.lookups.clear()
        if old_access.token != session.login_token:
            await _revoke(old, old_access.token)
        await old.close()

    async def logout(self, session: Session) -> None:
        """Revoke the scoped token and the login token (DELETE /v3/auth/tokens); forget."""
        self._sessions.pop(session.id, None)
        conn = session.conn
        try:
            # the login token first: the scoped one authorizes both revocations
            if session.access.token != session.login_token:
                await _revoke(conn, session.login_token)
            await _revoke(conn, session.access.token)
        finally:
            await conn.close()

    async def close(self) -> None:
        for session in list(self._sessions.values()):
            await session.conn.close()
        self._sessions.clear()


async def _default_project(conn: AsyncConnection, access: AccessInfo,
                           projects: list[dict[str, Any]]) -> str:
    """The user's default project when it is one of theirs, else the first by name."""
    from ostack import exceptions

    ids = {p["id"] for p in projects}
    try:
        user = await conn.identity.get_user(access.user_id)
        wanted = getattr(user, "default_project_id", None)
    except exceptions.OstackError:
        wanted = None  # a policy that hides the user's own record: the first project
    return wanted if wanted in ids else projects[0]["id"]


async def _revoke(conn: AsyncConnection, token: str) -> None:
    from ostack import exceptions

    try:
        await conn.identity.revoke_token(token)
    except (exceptions.NotFound, exceptions.Unauthorized):
        pass  # already gone: what logout wanted
