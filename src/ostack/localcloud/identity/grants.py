"""Role grants: `PUT|GET|HEAD|DELETE /v3/{projects/{id}|domains/{id}|system}/{users|groups}/
{actor_id}/roles/{role_id}` and the list `GET .../{users|groups}/{actor_id}/roles`.

Policy (Keystone's defaults): administrators grant and revoke everything; a domain's admin
grants roles on its domain and its projects to users and groups of its domain; administrators,
system readers and the domain's readers check and list grants (a user's own too: Keystone
refuses a member, who reads its roles in its token or `/v3/role_assignments`).
Removing a user's grant revokes the user's tokens on that target.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import NotFound
from ..policy import Context, is_domain_admin, is_domain_reader, is_system_reader, keystone_check
from ..routing import DELETE, GET, PUT, RouteRow, RouteTable
from ..service import authenticate, empty_response, json_response
from .http import backend, collection, not_found
from .inheritance import stored_type
from .roles import get_role, role_view

TARGETS = ("/v3/projects/{project_id}", "/v3/domains/{domain_id}", "/v3/system")
#: OS-INHERIT's grants: `<target>/{users|groups}/{id}/roles/{role_id}/inherited_to_projects`.
INHERITED_TARGETS = ("/v3/OS-INHERIT/projects/{project_id}", "/v3/OS-INHERIT/domains/{domain_id}")
ACTORS = (("users", "user_id", "user"), ("groups", "group_id", "group"))


def _inherited(request: Request) -> bool:
    return request.url.path.endswith("/inherited_to_projects")


def _target(request: Request) -> tuple[str, str, str | None]:
    """(target type, target id, the target's domain); 404 for an unknown project or domain.
    Under `/v3/OS-INHERIT/.../inherited_to_projects` the type is the inherited one."""
    params = request.path_params
    identity = backend(request)
    inherited = _inherited(request)
    if "project_id" in params:
        project = identity.projects.get(params["project_id"])
        if project is None:
            raise not_found("project", params["project_id"])
        return stored_type("project", inherited), project["id"], project["domain_id"]
    if "domain_id" in params:
        if identity.domains.get(params["domain_id"]) is None:
            raise not_found("domain", params["domain_id"])
        return stored_type("domain", inherited), params["domain_id"], params["domain_id"]
    return "system", "all", None


def _actor(request: Request) -> tuple[str, dict[str, Any]]:
    """('user' | 'group', the record); 404 when unknown."""
    identity = backend(request)
    if "user_id" in request.path_params:
        user = identity.users.get(request.path_params["user_id"])
        if user is None:
            raise not_found("user", request.path_params["user_id"])
        return "user", user
    group = identity.groups.get(request.path_params["group_id"])
    if group is None:
        raise not_found("group", request.path_params["group_id"])
    return "group", group


def _actor_or_none(request: Request) -> tuple[str, dict[str, Any] | None]:
    """As `_actor`, None for an unknown user or group."""
    try:
        return _actor(request)
    except NotFound:
        return ("user" if "user_id" in request.path_params else "group"), None


def _peek_domain(request: Request) -> str | None:
    """The target's domain without a 404 (None when the project or domain is unknown)."""
    params = request.path_params
    if "project_id" in params:
        project = backend(request).projects.get(params["project_id"])
        return project["domain_id"] if project is not None else None
    if "domain_id" in params and backend(request).domains.get(params["domain_id"]):
        return params["domain_id"]
    return None


Parts = tuple[str, str, dict[str, Any] | None, str, str, str | None]


def _parts(request: Request, allowed: Callable[[dict[str, Any] | None, str | None], bool],
           action: str, actor_needed: bool = True) -> Parts:
    """The role id, actor, target and its domain of a grant, with the 404s and the policy
    check (403) in Keystone's order: under OS-INHERIT policy first; else the role, the actor
    (not for a revocation: a grant of a deleted user may go) and the project (a domain comes
    before the role), then policy."""
    params = request.path_params
    if _inherited(request):
        _, actor = _actor_or_none(request)
        keystone_check(allowed(actor, _peek_domain(request)), action)
    if "domain_id" in params:
        _target(request)
    role = get_role(request, params["role_id"])
    actor_type, actor = _actor(request) if actor_needed else _actor_or_none(request)
    target_type, target_id, domain = _target(request)
    keystone_check(allowed(actor, domain), action)
    return role["id"], actor_type, actor, target_type, target_id, domain


def _can_manage(ctx: Context, actor: dict[str, Any] | None, target_domain: str | None) -> bool:
    if ctx.is_admin:
        return True
    return (target_domain is not None and actor is not None
            and is_domain_admin(ctx, target_domain) and actor["domain_id"] == target_domain)


def _can_read(ctx: Context, target_domain: str | None) -> bool:
    return ctx.is_admin or is_system_reader(ctx) or is_domain_reader(ctx, target_domain)


def _action(request: Request, verb: str) -> str:
    """Keystone's policy name (`identity:create_grant`, `identity:check_system_grant_for_user`
    ...)."""
    params = request.path_params
    if "project_id" in params or "domain_id" in params:
        return f"identity:{verb}_grants" if verb == "list" else f"identity:{verb}_grant"
    actor = "user" if "user_id" in params else "group"
    noun = "grants" if verb == "list" else "grant"
    return f"identity:{verb}_system_{noun}_for_{actor}"


def _missing(role_id: str, actor_id: str, target_id: str) -> NotFound:
    return NotFound(f"Could not find role assignment with role: {role_id}, user or group: "
                    f"{actor_id}, project, domain, or system: {target_id}.")


def _actor_id(request: Request) -> str:
    params = request.path_params
    return params["user_id"] if "user_id" in params else params["group_id"]


async def grant(request: Request) -> Response:
    """PUT .../roles/{role_id}: assign the role."""
    ctx = authenticate(request)
    role_id, actor_type, actor, target_type, target_id, _ = _parts(
        request, lambda actor, domain: _can_manage(ctx, actor, domain),
        _action(request, "create"))
    assert actor is not None
    backend(request).assignments.grant(role_id, actor_type, actor["id"], target_type, target_id)
    return empty_response(204)


async def check_grant(request: Request) -> Response:
    """GET|HEAD .../roles/{role_id}: 204 when assigned, else 404."""
    ctx = authenticate(request)
    role_id, actor_type, actor, target_type, target_id, _ = _parts(
        request, lambda actor, domain: _can_read(ctx, domain), _action(request, "check"))
    assert actor is not None
    if not backend(request).assignments.has_grant(role_id, actor_type, actor["id"],
                                                  target_type, target_id):
        raise _missing(role_id, actor["id"], target_id)
    return empty_response(204)


async def revoke_grant(request: Request) -> Response:
    """DELETE .../roles/{role_id}: remove the role (a user's tokens there are revoked)."""
    ctx = authenticate(request)
    role_id, actor_type, actor, target_type, target_id, _ = _parts(
        request, lambda actor, domain: _can_manage(ctx, actor, domain),
        _action(request, "revoke"), actor_needed=False)
    if actor is None or not backend(request).assignments.revoke(
            role_id, actor_type, actor["id"], target_type, target_id):
        raise _missing(role_id, _actor_id(request), target_id)
    return empty_response(204)


async def list_grants(request: Request) -> Response:
    """GET .../{users|groups}/{id}/roles: the roles assigned directly on the target (the
    actor's 404 before the project's, as Keystone; policy first under OS-INHERIT)."""
    ctx = authenticate(request)
    if _inherited(request):
        keystone_check(_can_read(ctx, _peek_domain(request)), _action(request, "list"))
    if "domain_id" in request.path_params:
        _target(request)
    actor_type, actor = _actor(request)
    target_type, target_id, domain = _target(request)
    keystone_check(_can_read(ctx, domain), _action(request, "list"))
    identity = backend(request)
    rows = identity.assignments.list(
        **{f"{actor_type}_id": actor["id"]}, target_type=target_type, target_id=target_id)
    roles = [identity.roles.get(row["role_id"]) for row in rows]
    return json_response(collection(request, "roles", [
        role_view(request, r) for r in sorted((r for r in roles if r is not None),
                                              key=lambda r: r["name"])]))


def _routes() -> list[RouteRow]:
    """The grant rows of every target and actor: OS-INHERIT's first, as Keystone lists them."""
    rows: list[RouteRow] = []
    for targets, suffix in ((INHERITED_TARGETS, "/inherited_to_projects"), (TARGETS, "")):
        for target in targets:
            for collection_name, key, _ in ACTORS:
                base = f"{target}/{collection_name}/{{{key}}}/roles"
                rows += [(base + suffix, list_grants, GET),
                         (base + "/{role_id}" + suffix, grant, PUT),
                         (base + "/{role_id}" + suffix, check_grant, GET),
                         (base + "/{role_id}" + suffix, revoke_grant, DELETE)]
    return rows


ROUTES: RouteTable = _routes()
