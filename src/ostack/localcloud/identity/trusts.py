"""`/v3/OS-TRUST/trusts`: create, list, show and delete trusts, and read their roles.

Policy (Keystone's defaults): the trustor creates a trust (and must hold the roles it
delegates); administrators, the trustor and the trustee read it; administrators and the
trustor delete it; a listing by someone else than an administrator names its own user as
trustor or trustee.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import BadRequest
from ..policy import Context, keystone_check
from ..routing import DELETE, GET, HEAD, POST, RouteTable
from ..service import authenticate, empty_response, json_response
from .http import backend, collection, entity, field, id_field, invalid, not_found, self_link
from .roles import role_view

_T = "OS-TRUST/trusts"


def trust_view(request: Request, trust: dict[str, Any], *, listed: bool = False
               ) -> dict[str, Any]:
    """A trust as Keystone shows it: `deleted_at`, no `allow_redelegation` (Keystone keeps it
    as the redelegation count), and in a listing no roles."""
    roles = [role_view(request, r) for r in (backend(request).roles.get(i) for i in
                                             trust["roles"]) if r]
    expires = trust.get("expires_at")
    view = {
        "id": trust["id"], "trustor_user_id": trust["trustor_user_id"],
        "trustee_user_id": trust["trustee_user_id"], "project_id": trust["project_id"],
        "impersonation": trust["impersonation"],
        "expires_at": timestamps.iso_token(expires) if expires is not None else None,
        "remaining_uses": trust.get("remaining_uses"), "deleted_at": None,
        "redelegation_count": trust.get("redelegation_count", 0),
        "redelegated_trust_id": trust.get("redelegated_trust_id"),
        "roles": roles,
        "roles_links": {"self": f"{self_link(request, _T)['self']}/{trust['id']}/roles",
                        "previous": None, "next": None},
        "links": self_link(request, f"{_T}/{trust['id']}"),
    }
    if listed:
        del view["roles"], view["roles_links"]
    return view


def _trust(request: Request, ctx: Context, action: str) -> dict[str, Any]:
    """The trust (404), when the caller is an administrator, its trustor or trustee (403)."""
    trust_id = request.path_params["trust_id"]
    trust = backend(request).trusts.get(trust_id)
    if trust is None:
        raise not_found("trust", trust_id)
    keystone_check(ctx.is_admin or ctx.user_id in (trust["trustor_user_id"],
                                                   trust["trustee_user_id"]), action)
    return trust


def _expires(data: dict[str, Any]) -> float | None:
    value = field(data, "expires_at", str, nullable=True)
    if value is None:
        return None
    try:
        when = timestamps.parse_iso(value)
    except ValueError:
        raise invalid("expires_at", f"{value!r} is not a date-time") from None
    if when <= timestamps.now():
        raise BadRequest("The 'expires_at' must not be before now. The server could not comply "
                         "with the request since it is either malformed or otherwise "
                         "incorrect. The client is assumed to be in error.")
    return when


async def create_trust(request: Request) -> Response:
    ctx = authenticate(request)
    data = await entity(request, "trust")
    if "impersonation" not in data:
        raise invalid("impersonation", "'impersonation' is a required property")
    uses = field(data, "remaining_uses", int, nullable=True)
    if uses is not None and uses < 1:
        raise invalid("remaining_uses", f"{uses} is less than the minimum of 1")
    values = {
        "trustor_user_id": id_field(data, "trustor_user_id", nullable=False, required=True),
        "trustee_user_id": id_field(data, "trustee_user_id", nullable=False, required=True),
        "project_id": id_field(data, "project_id"),
        "impersonation": field(data, "impersonation", bool, required=True),
        "expires_at": _expires(data),
        "remaining_uses": uses,
        "allow_redelegation": bool(field(data, "allow_redelegation", bool, default=False)),
        "redelegation_count": 0, "redelegated_trust_id": None,
    }
    roles = field(data, "roles", list, default=[]) or []
    trusts = backend(request).trusts
    values["roles"] = trusts.check(ctx, values, roles)
    trust = trusts.create(values)
    return json_response({"trust": trust_view(request, trust)}, status=201)


async def list_trusts(request: Request) -> Response:
    ctx = authenticate(request)
    trustor = request.query_params.get("trustor_user_id")
    trustee = request.query_params.get("trustee_user_id")
    keystone_check(ctx.is_admin or ctx.user_id in (trustor, trustee), "identity:list_trusts")
    rows = backend(request).trusts.list(trustor, trustee)
    return json_response(collection(request, "trusts", [trust_view(request, t, listed=True)
                                                         for t in rows]))


async def show_trust(request: Request) -> Response:
    ctx = authenticate(request)
    trust = _trust(request, ctx, "identity:get_trust")
    return json_response({"trust": trust_view(request, trust)})


async def delete_trust(request: Request) -> Response:
    ctx = authenticate(request)
    trust = _trust(request, ctx, "identity:delete_trust")
    keystone_check(ctx.is_admin or ctx.user_id == trust["trustor_user_id"],
                   "identity:delete_trust")
    backend(request).trusts.delete(trust["id"])
    return empty_response(204)


async def list_trust_roles(request: Request) -> Response:
    ctx = authenticate(request)
    trust = _trust(request, ctx, "identity:list_roles_for_trust")
    return json_response(collection(request, "roles", trust_view(request, trust)["roles"]))


async def get_trust_role(request: Request) -> Response:
    ctx = authenticate(request)
    trust = _trust(request, ctx, "identity:get_role_for_trust")
    role_id = request.path_params["role_id"]
    if role_id not in trust["roles"]:
        raise not_found("role", role_id)
    roles = backend(request).roles
    return json_response({"role": role_view(request, roles.get(role_id) or {"id": role_id,
                                                                            "name": None})})


ROUTES: RouteTable = (
    ("/v3/OS-TRUST/trusts", list_trusts, GET),
    ("/v3/OS-TRUST/trusts", create_trust, POST),
    ("/v3/OS-TRUST/trusts/{trust_id}", show_trust, GET),
    ("/v3/OS-TRUST/trusts/{trust_id}", delete_trust, DELETE),
    ("/v3/OS-TRUST/trusts/{trust_id}/roles", list_trust_roles, GET),
    ("/v3/OS-TRUST/trusts/{trust_id}/roles/{role_id}", get_trust_role, HEAD),
    ("/v3/OS-TRUST/trusts/{trust_id}/roles/{role_id}", get_trust_role, GET),
)
