"""`/v3/users/{user_id}/application_credentials`: create (secret shown once), list, show, delete.

The secret is generated when not given and stored as a bcrypt hash, as Keystone does.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import BadRequest, Forbidden
from ..policy import keystone_admin_or_self
from ..service import authenticate, empty_response, json_response
from .http import backend, collection, entity, field, not_found, self_link


def application_credential_view(request: Request, cred: dict[str, Any]) -> dict[str, Any]:
    expires = cred["expires_at"]
    return {
        "id": cred["id"],
        "name": cred["name"],
        "description": cred["description"],
        "user_id": cred["user_id"],
        "project_id": cred["project_id"],
        "expires_at": None if expires is None else datetime.fromtimestamp(expires, UTC).strftime(
            "%Y-%m-%dT%H:%M:%S.%f"),
        "unrestricted": bool(cred["unrestricted"]),
        "system": None,
        "roles": [{"id": r["id"], "name": r["name"], "domain_id": None} for r in cred["roles"]],
        "access_rules": [],
        "links": self_link(request,
                           f"users/{cred['user_id']}/application_credentials/{cred['id']}"),
    }


def _get(request: Request) -> dict[str, Any]:
    user_id = request.path_params["user_id"]
    cred_id = request.path_params["credential_id"]
    cred = backend(request).get_application_credential(cred_id)
    if cred is None or cred["user_id"] != user_id:
        raise not_found("application credential", cred_id)
    return cred


async def create(request: Request) -> Response:
    ctx = authenticate(request)
    user_id = request.path_params["user_id"]
    if ctx.user_id != user_id:
        raise Forbidden("You are not authorized to perform the requested action: "
                        "identity:create_application_credential.")
    if ctx.project is None:
        raise Forbidden("Application credentials can only be created with a project-scoped "
                        "token.")
    if ctx.application_credential is not None and ctx.application_credential["restricted"]:
        raise Forbidden("Using a restricted application credential to create another one is "
                        "not allowed.")
    data = await entity(request, "application_credential")
    name = field(data, "name", str, required=True)
    secret = field(data, "secret", str, nullable=True)
    if secret is not None and not secret:
        raise BadRequest("Invalid input for field 'secret': it must not be empty.")
    expires_text = field(data, "expires_at", str, nullable=True)
    expires_at = None
    if expires_text is not None:
        try:
            expires_at = timestamps.parse_iso(expires_text)
        except ValueError:
            raise BadRequest(f"Invalid input for field 'expires_at': {expires_text!r} is not a "
                             f"date-time.") from None
        if expires_at <= timestamps.now():
            raise BadRequest("The expiration time of the application credential is in the past.")
    held = {r["id"]: r for r in ctx.roles}
    held_by_name = {r["name"]: r for r in ctx.roles}
    requested = field(data, "roles", list, nullable=True)
    if not requested:  # none or [] (as the official client sends): the token's roles
        roles = list(ctx.roles)
    else:
        roles = []
        for ref in requested:
            role = None
            if isinstance(ref, dict):
                role = held.get(ref.get("id")) or held_by_name.get(ref.get("name"))
            if role is None:
                raise BadRequest(f"Invalid role {ref!r}: the user holds no such role on the "
                                 f"project.")
            roles.append(role)
    cred, secret = backend(request).create_application_credential(
        user_id, ctx.project["id"], name,
        [{"id": r["id"], "name": r["name"]} for r in roles],
        secret=secret,
        description=field(data, "description", str, nullable=True),
        expires_at=expires_at,
        unrestricted=field(data, "unrestricted", bool, default=False),
    )
    view = application_credential_view(request, cred)
    view["secret"] = secret
    return json_response({"application_credential": view}, status=201)


async def list_credentials(request: Request) -> Response:
    ctx = authenticate(request)
    user_id = request.path_params["user_id"]
    keystone_admin_or_self(ctx, user_id, "identity:list_application_credentials")
    if backend(request).get_user(user_id) is None:
        raise not_found("user", user_id)
    rows = backend(request).list_application_credentials(
        user_id, name=request.query_params.get("name"))
    return json_response(collection(request, "application_credentials",
                                    [application_credential_view(request, c) for c in rows]))


async def show(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin_or_self(ctx, request.path_params["user_id"],
                           "identity:get_application_credential")
    return json_response({"application_credential":
                          application_credential_view(request, _get(request))})


async def delete(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin_or_self(ctx, request.path_params["user_id"],
                           "identity:delete_application_credential")
    cred = _get(request)
    backend(request).delete_application_credential(cred["id"])
    return empty_response(204)
