"""`/v3/users/{user_id}/application_credentials`: create (secret shown once), list, show,
delete; `/v3/users/{user_id}/access_rules`: list, show, delete.

The secret is generated when not given and stored as a bcrypt hash, as Keystone does. A
credential carries a subset of the creator's roles on the project, may expire (`expires_at`),
and may be limited by access rules (service type, method, path with `*`/`**` wildcards) that
every service checks for the tokens it issues (`service.authenticate`).

Policy (Keystone's defaults): a user creates its own credentials with a project-scoped token
(not from a restricted credential); the user, administrators and system readers read them;
the user and administrators delete them.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import BadRequest, Forbidden
from ..policy import Context, is_system_reader, keystone_check
from ..routing import DELETE, GET, POST, RouteTable
from ..service import authenticate, empty_response, json_response
from .http import (
    ID_MAX,
    backend,
    collection,
    entity,
    existing,
    field,
    invalid,
    name_field,
    not_found,
    self_link,
    v3_url,
)

METHODS = ("POST", "GET", "HEAD", "PATCH", "PUT", "DELETE")
SERVICE_PATTERN = re.compile(r"^[a-zA-Z0-9-]+$")
RULE_KEYS = {"id", "service", "path", "method"}
PATH_MAX = 225


def access_rule_item(rule: dict[str, Any]) -> dict[str, Any]:
    return {"id": rule["id"], "service": rule["service"], "path": rule["path"],
            "method": rule["method"]}


def application_credential_view(request: Request, cred: dict[str, Any]) -> dict[str, Any]:
    expires = cred["expires_at"]
    return {
        "id": cred["id"],
        "name": cred["name"],
        "description": cred["description"],
        "user_id": cred["user_id"],
        "project_id": cred["project_id"],
        "expires_at": None if expires is None else timestamps.iso_micro(expires),
        "unrestricted": bool(cred["unrestricted"]),
        "system": None,
        "roles": [{"id": r["id"], "name": r["name"], "domain_id": None} for r in cred["roles"]],
        "access_rules": [access_rule_item(r) for r in cred["access_rules"]],
        "links": self_link(request,
                           f"users/{cred['user_id']}/application_credentials/{cred['id']}"),
    }


def _can_read(ctx: Context, user_id: str) -> bool:
    return ctx.is_admin or is_system_reader(ctx) or ctx.user_id == user_id


def _user_id(request: Request, action: str) -> str:
    """The path's user, when the caller may read its credentials; 404 for an unknown user."""
    ctx = authenticate(request)
    user_id = request.path_params["user_id"]
    keystone_check(_can_read(ctx, user_id), action)
    return existing(backend(request).users.get(user_id), "user", user_id)["id"]


def _get(request: Request) -> dict[str, Any]:
    user_id = request.path_params["user_id"]
    cred_id = request.path_params["credential_id"]
    cred = backend(request).application_credentials.get(cred_id)
    if cred is None or cred["user_id"] != user_id:
        raise not_found("application credential", cred_id)
    return cred


def _access_rules(value: Any) -> list[dict[str, Any]] | None:
    """The `access_rules` of a create request, checked as Keystone's schema does."""
    if value is None:
        return None
    if not isinstance(value, list):
        raise invalid("access_rules", f"{value!r} is not of type 'array'")
    rules = []
    for rule in value:
        if not isinstance(rule, dict) or not rule or set(rule) - RULE_KEYS:
            raise invalid("access_rules", f"{rule!r} is not a valid access rule (service, "
                                          f"path and method, or id)")
        if set(rule) == {"id"}:
            if not isinstance(rule["id"], str) or not 1 <= len(rule["id"]) <= ID_MAX:
                raise invalid("access_rules", f"{rule['id']!r} is not a valid id")
            rules.append({"id": rule["id"]})
            continue
        service, path, method = rule.get("service"), rule.get("path"), rule.get("method")
        if not isinstance(service, str) or not SERVICE_PATTERN.match(service) or len(
                service) > ID_MAX:
            raise invalid("access_rules", f"{service!r} is not a valid service type")
        if not isinstance(path, str) or not path.startswith("/") or len(path) > PATH_MAX:
            raise invalid("access_rules", f"{path!r} is not a valid path (it starts with /)")
        if method not in METHODS:
            raise invalid("access_rules", f"{method!r} is not one of {list(METHODS)}")
        entry = {"service": service, "path": path, "method": method}
        if isinstance(rule.get("id"), str):
            entry["id"] = rule["id"]
        rules.append(entry)
    return rules or None


def _roles(ctx: Context, requested: Any) -> list[dict[str, Any]]:
    """The credential's roles: those asked for (by id or name), which the user must hold on
    the project; none or [] (as the official client sends) means the token's roles."""
    if not requested:
        return [{"id": r["id"], "name": r["name"]} for r in ctx.roles]
    held = {r["id"]: r for r in ctx.roles}
    held_by_name = {r["name"]: r for r in ctx.roles}
    roles = []
    for ref in requested:
        role = None
        if isinstance(ref, dict):
            role = held.get(ref.get("id")) or held_by_name.get(ref.get("name"))
        if role is None:
            raise BadRequest(f"Invalid role {ref!r}: the user holds no such role on the "
                             f"project.")
        if role["id"] not in {r["id"] for r in roles}:
            roles.append({"id": role["id"], "name": role["name"]})
    return roles


async def create(request: Request) -> Response:
    ctx = authenticate(request)
    user_id = request.path_params["user_id"]
    keystone_check(ctx.user_id == user_id, "identity:create_application_credential")
    if ctx.project is None:
        raise Forbidden("Application credentials can only be created with a project-scoped "
                        "token.")
    if ctx.application_credential is not None and ctx.application_credential["restricted"]:
        raise Forbidden("Using a restricted application credential to create another one is "
                        "not allowed.")
    data = await entity(request, "application_credential")
    name = name_field(data)
    secret = field(data, "secret", str, nullable=True)
    if secret is not None and not secret:
        raise invalid("secret", "it must not be empty")
    expires_text = field(data, "expires_at", str, nullable=True)
    expires_at = None
    if expires_text is not None:
        try:
            expires_at = timestamps.parse_iso(expires_text)
        except ValueError:
            raise invalid("expires_at", f"{expires_text!r} is not a date-time") from None
        if expires_at <= timestamps.now():
            raise BadRequest("The expiration time of the application credential is in the past.")
    cred, secret = backend(request).application_credentials.create(
        user_id, ctx.project["id"], name,
        _roles(ctx, field(data, "roles", list, nullable=True)),
        secret=secret,
        description=field(data, "description", str, nullable=True),
        expires_at=expires_at,
        unrestricted=field(data, "unrestricted", bool, default=False),
        access_rules=_access_rules(data.get("access_rules")),
    )
    view = application_credential_view(request, cred)
    view["secret"] = secret
    return json_response({"application_credential": view}, status=201)


async def list_credentials(request: Request) -> Response:
    user_id = _user_id(request, "identity:list_application_credentials")
    rows = backend(request).application_credentials.list(
        user_id, name=request.query_params.get("name"))
    return json_response(collection(request, "application_credentials",
                                    [application_credential_view(request, c) for c in rows]))


async def show(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_check(_can_read(ctx, request.path_params["user_id"]),
                   "identity:get_application_credential")
    return json_response({"application_credential":
                          application_credential_view(request, _get(request))})


async def delete(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_check(ctx.is_admin or ctx.user_id == request.path_params["user_id"],
                   "identity:delete_application_credential")
    cred = _get(request)
    backend(request).application_credentials.delete(cred["id"])
    return empty_response(204)


# ------------------------------------------------------------------- access rules
def access_rule_view(request: Request, rule: dict[str, Any]) -> dict[str, Any]:
    return dict(access_rule_item(rule),
                links={"self": f"{v3_url(request)}/access_rules/{rule['id']}"})


def _rule(request: Request) -> dict[str, Any]:
    rule_id = request.path_params["access_rule_id"]
    rule = backend(request).application_credentials.get_access_rule(rule_id)
    if rule is None or rule["user_id"] != request.path_params["user_id"]:
        raise not_found("access rule", rule_id)
    return rule


async def list_access_rules(request: Request) -> Response:
    """GET /v3/users/{user_id}/access_rules (filters: service, path, method)."""
    user_id = _user_id(request, "identity:list_access_rules")
    query = request.query_params
    rows = [r for r in backend(request).application_credentials.list_access_rules(user_id)
            if all(r[k] == query[k] for k in ("service", "path", "method") if k in query)]
    return json_response(collection(request, "access_rules",
                                    [access_rule_view(request, r) for r in rows]))


async def show_access_rule(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_check(_can_read(ctx, request.path_params["user_id"]), "identity:get_access_rule")
    return json_response({"access_rule": access_rule_view(request, _rule(request))})


async def delete_access_rule(request: Request) -> Response:
    """DELETE /v3/users/{user_id}/access_rules/{id}: 403 while a credential uses it."""
    ctx = authenticate(request)
    keystone_check(ctx.is_admin or ctx.user_id == request.path_params["user_id"],
                   "identity:delete_access_rule")
    backend(request).application_credentials.delete_access_rule(_rule(request)["id"])
    return empty_response(204)


CREDENTIALS = "/v3/users/{user_id}/application_credentials"
RULES = "/v3/users/{user_id}/access_rules"
ROUTES: RouteTable = (
    (CREDENTIALS, list_credentials, GET),
    (CREDENTIALS, create, POST),
    (CREDENTIALS + "/{credential_id}", show, GET),
    (CREDENTIALS + "/{credential_id}", delete, DELETE),
    (RULES, list_access_rules, GET),
    (RULES + "/{access_rule_id}", show_access_rule, GET),
    (RULES + "/{access_rule_id}", delete_access_rule, DELETE),
)
