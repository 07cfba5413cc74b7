"""Keystone's OS-OAUTH1 delegation: a consumer asks for a request token on a project
(`POST /v3/OS-OAUTH1/request_token`), a user holding roles there authorizes it with some of
them (`PUT /v3/OS-OAUTH1/authorize/{id}`, answering a verifier), and the consumer exchanges
it for an access token (`POST /v3/OS-OAUTH1/access_token`).

The two POSTs are signed with OAuth 1.0a HMAC-SHA1 (RFC 5849) in the Authorization header, by
the consumer's secret (and the request token's secret); the signature is checked here against
the URL the request reached, as Keystone does, with the timestamp within 10 minutes. Tokens
answer as `application/x-www-form-urlencoded`. Request and access tokens are identity records
(`request_token`, `access_token`); consumers are documents (`documents.py`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import string
from typing import Any
from urllib.parse import quote, unquote, urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import BadRequest, NotFound, Unauthorized
from ..routing import POST, PUT, RouteTable
from ..service import authenticate, json_response, read_json
from .http import backend, existing

REQUEST_TOKEN = "request_token"
ACCESS_TOKEN = "access_token"
#: Keystone's defaults: request tokens live 8 hours, access tokens a day.
REQUEST_TOKEN_DURATION = 28800
ACCESS_TOKEN_DURATION = 86400
TIMESTAMP_WINDOW = 600
_VERIFIER_CHARS = string.ascii_letters + string.digits


def _enc(value: str) -> str:
    """RFC 5849 percent-encoding (unreserved characters kept)."""
    return quote(value, safe="-._~")


def oauth_params(request: Request) -> dict[str, str]:
    """The `oauth_*` parameters of the Authorization header (`OAuth k="v", ...`)."""
    header = request.headers.get("authorization", "")
    scheme, _, rest = header.partition(" ")
    if scheme.lower() != "oauth":
        raise Unauthorized("Invalid signature")
    params = {}
    for item in rest.split(","):
        key, sep, value = item.strip().partition("=")
        if sep:
            params[unquote(key)] = unquote(value.strip().strip('"'))
    return params


def signature(method: str, url: str, params: dict[str, str], consumer_secret: str,
              token_secret: str = "") -> str:
    """The HMAC-SHA1 signature of a request (RFC 5849, section 3.4)."""
    parts = urlsplit(url)
    netloc = parts.netloc.lower()
    default = {"http": ":80", "https": ":443"}.get(parts.scheme.lower())
    if default and netloc.endswith(default):
        netloc = netloc[: -len(default)]
    base_url = f"{parts.scheme.lower()}://{netloc}{parts.path}"
    pairs = sorted((_enc(k), _enc(v)) for k, v in params.items()
                   if k not in ("oauth_signature", "realm"))
    normalized = "&".join(f"{k}={v}" for k, v in pairs)
    base = "&".join((method.upper(), _enc(base_url), _enc(normalized)))
    key = f"{_enc(consumer_secret)}&{_enc(token_secret)}"
    return base64.b64encode(hmac.new(key.encode(), base.encode(), hashlib.sha1).digest()).decode()


def _verify(request: Request, params: dict[str, str], consumer_secret: str,
            token_secret: str = "") -> None:
    """401 unless the request is signed with HMAC-SHA1 by these secrets, recently."""
    if params.get("oauth_signature_method") != "HMAC-SHA1":
        raise Unauthorized("Invalid signature")
    try:
        stamp = int(params.get("oauth_timestamp", ""))
    except ValueError:
        raise Unauthorized("Invalid signature") from None
    if abs(timestamps.now() - stamp) > TIMESTAMP_WINDOW:
        raise Unauthorized("Invalid signature")
    signed = {**params, **dict(request.query_params)}
    wanted = signature(request.method, str(request.url).split("?", 1)[0], signed,
                       consumer_secret, token_secret)
    if not hmac.compare_digest(wanted, params.get("oauth_signature", "")):
        raise Unauthorized("Invalid signature")


def _consumer(request: Request, params: dict[str, str]) -> dict[str, Any]:
    consumer = backend(request).records.get("consumer", params.get("oauth_consumer_key", ""))
    if consumer is None:
        raise Unauthorized("Invalid signature")
    return consumer


def _form(token: dict[str, Any]) -> Response:
    body = urlencode({"oauth_token": token["id"], "oauth_token_secret": token["secret"],
                      "oauth_expires_at": timestamps.iso_micro(token["expires_at"]) + "Z"})
    return Response(body.encode(), status_code=201,
                    media_type="application/x-www-form-urlencoded")


async def create_request_token(request: Request) -> Response:
    project_id = request.headers.get("requested-project-id")
    if not project_id:
        raise BadRequest("Expecting to find requested_project_id in request. The server could "
                         "not comply with the request since it is either malformed or "
                         "otherwise incorrect. The client is assumed to be in error.")
    identity = backend(request)
    existing(identity.projects.get(project_id), "project", project_id)
    params = oauth_params(request)
    consumer = _consumer(request, params)
    _verify(request, params, consumer["secret"])
    token = identity.records.create(REQUEST_TOKEN, {
        "secret": secrets.token_hex(16), "consumer_id": consumer["id"],
        "requested_project_id": project_id, "authorizing_user_id": None, "roles": [],
        "verifier": None, "expires_at": timestamps.now() + REQUEST_TOKEN_DURATION,
    }, record_id=secrets.token_hex(16))
    return _form(token)


async def authorize_request_token(request: Request) -> Response:
    ctx = authenticate(request)
    if ctx.trust is not None or "oauth1" in ctx.methods:
        raise Unauthorized("Cannot authorize a request token with a token issued via "
                           "delegation.")
    identity = backend(request)
    token_id = request.path_params["request_token_id"]
    token = identity.records.get(REQUEST_TOKEN, token_id)
    if token is None:
        raise NotFound(f"Could not find request token: {token_id}.")
    if token["expires_at"] <= timestamps.now():
        raise Unauthorized("Request token is expired")
    body = await read_json(request)
    refs = body.get("roles")
    if not isinstance(refs, list) or not refs:
        raise BadRequest("Invalid input for field 'roles': a non-empty array is expected.")
    held = {r["id"]: r for r in identity.assignments.roles_on(
        ctx.user_id, "project", token["requested_project_id"])}
    role_ids = []
    for ref in refs:
        role = identity.roles.find(ref) if isinstance(ref, dict) else None
        if role is None:
            raise NotFound(f"Could not find role: {ref}.")
        if role["id"] not in held:
            raise Unauthorized(f"User {ctx.user_id} does not have role {role['id']} on "
                               f"project {token['requested_project_id']}.")
        role_ids.append(role["id"])
    verifier = "".join(secrets.choice(_VERIFIER_CHARS) for _ in range(8))
    identity.records.update(REQUEST_TOKEN, token_id, {
        "authorizing_user_id": ctx.user_id, "roles": role_ids, "verifier": verifier})
    return json_response({"token": {"oauth_verifier": verifier}})


async def create_access_token(request: Request) -> Response:
    identity = backend(request)
    params = oauth_params(request)
    consumer = _consumer(request, params)
    token = identity.records.get(REQUEST_TOKEN, params.get("oauth_token", ""))
    if token is None or token["consumer_id"] != consumer["id"]:
        raise NotFound("Could not find request token.")
    _verify(request, params, consumer["secret"], token["secret"])
    if token["expires_at"] <= timestamps.now():
        raise Unauthorized("Request token is expired")
    if token["authorizing_user_id"] is None:
        raise Unauthorized("Request Token does not have an authorizing user id.")
    if not hmac.compare_digest(token["verifier"] or "", params.get("oauth_verifier", "")):
        raise Unauthorized("Provided verifier does not match stored verifier")
    identity.records.delete(REQUEST_TOKEN, token["id"])
    access = identity.records.create(ACCESS_TOKEN, {
        "secret": secrets.token_hex(16), "consumer_id": consumer["id"],
        "project_id": token["requested_project_id"],
        "authorizing_user_id": token["authorizing_user_id"], "roles": token["roles"],
        "expires_at": timestamps.now() + ACCESS_TOKEN_DURATION,
    }, owner_id=token["authorizing_user_id"], record_id=secrets.token_hex(16))
    return _form(access)


ROUTES: RouteTable = (
    ("/v3/OS-OAUTH1/request_token", create_request_token, POST),
    ("/v3/OS-OAUTH1/authorize/{request_token_id}", authorize_request_token, PUT),
    ("/v3/OS-OAUTH1/access_token", create_access_token, POST),
)
