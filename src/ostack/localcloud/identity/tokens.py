"""`/v3/auth/*`: issue, validate, check and revoke tokens; the catalog, projects, domains and
system a token may use."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import BadRequest, Forbidden, NotFound
from ..policy import Context, is_system_reader, keystone_check
from ..routing import DELETE, GET, HEAD, POST, RouteTable
from ..service import authenticate, empty_response, json_response, read_json
from .domains import domain_view
from .http import backend, collection, query_bool
from .projects import project_view


def token_body(ctx: Context, catalog: list[dict[str, Any]] | None) -> dict[str, Any]:
    """The `token` object Keystone answers for issue and validate."""
    token: dict[str, Any] = {
        "methods": ctx.methods,
        "user": {
            "domain": ctx.user_domain,
            "id": ctx.user["id"],
            "name": ctx.user["name"],
            "password_expires_at": None,
        },
        "audit_ids": ctx.audit_ids,
        "expires_at": timestamps.iso_token(ctx.expires_at),
        "issued_at": timestamps.iso_token(ctx.issued_at),
    }
    if ctx.project is not None:
        token["project"] = {"domain": ctx.project_domain, "id": ctx.project["id"],
                            "name": ctx.project["name"]}
        token["is_domain"] = False
    elif ctx.domain is not None:
        token["domain"] = ctx.domain
    elif ctx.scope_type == "system":
        token["system"] = {"all": True}
    if ctx.scope_type != "unscoped":
        token["roles"] = [{"id": r["id"], "name": r["name"]} for r in ctx.roles]
        if catalog is not None:
            token["catalog"] = catalog
    if ctx.application_credential is not None:
        token["application_credential"] = ctx.application_credential
    if ctx.trust is not None:
        token["OS-TRUST:trust"] = ctx.trust
    return token


def _wants_catalog(request: Request) -> bool:
    return "nocatalog" not in request.query_params


async def issue(request: Request) -> Response:
    """POST /v3/auth/tokens: password, token (rescope) or application_credential."""
    body = await read_json(request)
    auth = body.get("auth")
    if not isinstance(auth, dict):
        raise BadRequest("Expecting to find auth in request body. The server could not comply "
                         "with the request since it is either malformed or otherwise "
                         "incorrect. The client is assumed to be in error.")
    identity = backend(request)
    token, ctx = identity.tokens.authenticate(
        auth.get("identity"), auth.get("scope"), request.headers.get("openstack-auth-receipt"))
    catalog = identity.service_catalog.catalog_for(ctx) if _wants_catalog(request) else None
    return json_response({"token": token_body(ctx, catalog)}, status=201,
                         headers={"X-Subject-Token": token})


def _subject(request: Request, action: str) -> tuple[Context, str, Context]:
    """The caller, the subject token (X-Subject-Token) and its context; 404 when invalid
    (expired ones too, unless `allow_expired`). Administrators, system readers and the token's
    own user may check it."""
    ctx = authenticate(request)
    subject = request.headers.get("x-subject-token")
    if not subject:
        raise BadRequest("Expecting to find X-Subject-Token in header. The server could not "
                         "comply with the request since it is either malformed or otherwise "
                         "incorrect. The client is assumed to be in error.")
    allow_expired = bool(query_bool(request, "allow_expired"))
    subject_ctx = backend(request).tokens.validate(subject, allow_expired=allow_expired)
    if subject_ctx is None:
        raise NotFound(f"Could not find token: {subject}.")
    keystone_check(ctx.is_admin or is_system_reader(ctx) or subject_ctx.user_id == ctx.user_id,
                   f"identity:{action}")
    return ctx, subject, subject_ctx


async def validate(request: Request) -> Response:
    """GET /v3/auth/tokens: the subject token's body; 404 when invalid or revoked."""
    _, subject, subject_ctx = _subject(request, "validate_token")
    catalog = (backend(request).service_catalog.catalog_for(subject_ctx)
               if _wants_catalog(request) else None)
    return json_response({"token": token_body(subject_ctx, catalog)},
                         headers={"X-Subject-Token": subject})


async def check(request: Request) -> Response:
    """HEAD /v3/auth/tokens: 200 when the subject token is valid."""
    _, subject, _ = _subject(request, "check_token")
    return empty_response(200, headers={"X-Subject-Token": subject})


async def revoke(request: Request) -> Response:
    """DELETE /v3/auth/tokens: revoke the subject token."""
    ctx, subject, subject_ctx = _subject(request, "revoke_token")
    keystone_check(ctx.is_admin or subject_ctx.user_id == ctx.user_id, "identity:revoke_token")
    backend(request).tokens.revoke(subject)
    return empty_response(204)


async def catalog(request: Request) -> Response:
    """GET /v3/auth/catalog: the catalog for a scoped token."""
    ctx = authenticate(request)
    if ctx.scope_type == "unscoped":
        raise Forbidden("A project-scoped token is required to produce a service catalog.")
    return json_response(collection(request, "catalog",
                                    backend(request).service_catalog.catalog_for(ctx)))


async def projects(request: Request) -> Response:
    """GET /v3/auth/projects: the projects the token's user may scope to."""
    ctx = authenticate(request)
    items = [project_view(request, p)
             for p in backend(request).assignments.projects_of(ctx.user_id)]
    return json_response(collection(request, "projects", items))


async def domains(request: Request) -> Response:
    """GET /v3/auth/domains: the domains the token's user may scope to."""
    ctx = authenticate(request)
    items = [domain_view(request, d) for d in backend(request).assignments.domains_of(ctx.user_id)]
    return json_response(collection(request, "domains", items))


async def system(request: Request) -> Response:
    """GET /v3/auth/system: `[{"all": true}]` when the user holds a system role."""
    ctx = authenticate(request)
    has_system = backend(request).assignments.has_system_role(ctx.user_id)
    return json_response(collection(request, "system", [{"all": True}] if has_system else []))


ROUTES: RouteTable = (
    ("/v3/auth/tokens", issue, POST),
    ("/v3/auth/tokens", check, HEAD),  # before GET, which answers HEAD too
    ("/v3/auth/tokens", validate, GET),
    ("/v3/auth/tokens", revoke, DELETE),
    ("/v3/auth/catalog", catalog, GET),
    ("/v3/auth/projects", projects, GET),
    ("/v3/auth/domains", domains, GET),
    ("/v3/auth/system", system, GET),
)
