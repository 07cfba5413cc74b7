"""Who may do what in Swift (keystoneauth's rules, simplified):

* the token's project owns the account `AUTH_<project id>`: its members read and write, its
  readers only read;
* an administrator (role `admin` or `ResellerAdmin`) reaches every account;
* others only through a container's ACLs: `X-Container-Read` (`.r:*` lets anyone read objects,
  `.rlistings` also list them; `<project id>:<user id>`, `<project id>:*`, `*:<user id>` and
  `*:*` name token holders, who may then read and list) and `X-Container-Write` (the same
  names, to write objects);
* no token, or an invalid one, with no ACL letting the request through: 401; a valid token
  without the right: 403.
"""

from __future__ import annotations

from starlette.requests import Request

from ..errors import ApiError, Forbidden
from ..policy import Context
from ..service import base_url, token_context

RESELLER_PREFIX = "AUTH_"
ADMIN_ROLES = frozenset({"admin", "ResellerAdmin"})
WRITE_ROLES = frozenset({"admin", "member", "_member_", "swiftoperator"})
READ_ROLES = WRITE_ROLES | {"reader"}
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def caller(request: Request) -> Context | None:
    """The credentials of `X-Auth-Token` (or `X-Storage-Token`); None when absent or invalid."""
    if "swift.context" in request.scope:
        return request.scope["swift.context"]
    token = request.headers.get("x-auth-token") or request.headers.get("x-storage-token")
    ctx = token_context(request, token)
    request.scope["swift.context"] = ctx
    return ctx


def unauthorized(request: Request, account: str) -> ApiError:
    return ApiError("", status=401, headers={
        "WWW-Authenticate": f'Keystone uri="{base_url(request)}/identity"'})


def is_admin(ctx: Context | None) -> bool:
    return ctx is not None and bool(ADMIN_ROLES & set(ctx.role_names))


def owns(ctx: Context | None, account: str) -> bool:
    """Whether the token's project owns the account (or the caller administers the cloud)."""
    if ctx is None:
        return False
    return is_admin(ctx) or (ctx.project_id is not None
                             and account == RESELLER_PREFIX + ctx.project_id)


def authorize_account(request: Request, account: str, write: bool) -> Context:
    """Account requests (and container creation, deletion, metadata): the owner only."""
    ctx = caller(request)
    if ctx is None:
        raise unauthorized(request, account)
    if not owns(ctx, account):
        raise Forbidden("")
    roles = set(ctx.role_names)
    if not is_admin(ctx) and not (roles & (WRITE_ROLES if write else READ_ROLES)):
        raise Forbidden("")
    return ctx


def _acl_entries(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _names_caller(entries: list[str], ctx: Context | None) -> bool:
    if ctx is None:
        return False
    project = ctx.project_id or ""
    for entry in entries:
        if ":" not in entry:
            continue
        who_project, _, who_user = entry.partition(":")
        if who_project in ("*", project) and who_user in ("*", ctx.user_id):
            return True
    return False


def authorize_container(request: Request, account: str, container: dict | None,
                        listing: bool = False, write: bool | None = None) -> Context | None:
    """Reading (GET/HEAD) or writing objects (`write`, by default from the method), or
    listing a container: the owner, or an ACL of `container` (its record, None when it does
    not exist)."""
    ctx = caller(request)
    if write is None:
        write = request.method not in READ_METHODS
    if owns(ctx, account):
        return authorize_account(request, account, write)
    metadata = container["metadata"] if container else {}
    if write:
        if _names_caller(_acl_entries(metadata.get("x-container-write")), ctx):
            return ctx
    else:
        entries = _acl_entries(metadata.get("x-container-read"))
        if _names_caller(entries, ctx):
            return ctx
        public = ".r:*" in entries
        if public and (not listing or ".rlistings" in entries):
            return ctx
    if ctx is None:
        raise unauthorized(request, account)
    raise Forbidden("")
