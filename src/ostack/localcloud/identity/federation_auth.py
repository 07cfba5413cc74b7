"""Federated authentication with OpenID Connect:
`/v3/OS-FEDERATION/identity_providers/{idp_id}/protocols/{protocol_id}/auth`.

In Keystone, Apache's mod_auth_openidc checks the bearer token and hands its claims to
Keystone as `OIDC-<claim>` attributes; here the local cloud checks it itself: the token is a
JWT signed (RS256) by an issuer that is one of the identity provider's `remote_ids`, and
verified against the key set its discovery document names (fetched once per issuer, over
HTTP). The claims then go through the protocol's mapping rules: the user the rules name is
made (a shadow user in the identity provider's domain) if it is new, joins the groups the
rules name, and gets an unscoped token whose method is the protocol; re-scoping that token
to a project works as for any token.
"""

from __future__ import annotations

import asyncio
import base64
import json
import urllib.request
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import Forbidden, Unauthorized
from ..routing import GET, POST, RouteTable
from ..service import json_response
from . import mapping_rules
from .http import backend
from .tokens import token_body

_KEYS: dict[str, dict[str, Any]] = {}  # issuer -> its JWKS (by kid), fetched once
CLAIM_PREFIX = "OIDC-"


def _b64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _fetch_json(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310 - the IdP's issuer
        return json.loads(answer.read())


def _issuer_keys(issuer: str, kid: str) -> dict[str, Any]:
    """The issuer's keys by id, fetched again when `kid` is new (a rotated key)."""
    keys = _KEYS.get(issuer)
    if keys is None or kid not in keys:
        discovery = _fetch_json(issuer.rstrip("/") + "/.well-known/openid-configuration")
        jwks = _fetch_json(discovery["jwks_uri"])
        keys = {key.get("kid", ""): key for key in jwks.get("keys", [])}
        _KEYS[issuer] = keys
    return keys


def _verify(token: str, remote_ids: list[str]) -> dict[str, Any]:
    """The claims of a valid JWT from one of the remote IDs (issuers); 401 otherwise."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding, rsa

    try:
        head_b64, claims_b64, signature_b64 = token.split(".")
        header = json.loads(_b64(head_b64))
        claims = json.loads(_b64(claims_b64))
        signature = _b64(signature_b64)
    except ValueError:
        raise Unauthorized() from None
    issuer = claims.get("iss")
    if header.get("alg") != "RS256" or issuer not in remote_ids:
        raise Unauthorized()
    try:
        key = _issuer_keys(issuer, header.get("kid", "")).get(header.get("kid", ""))
    except (OSError, ValueError, KeyError):
        raise Unauthorized() from None
    if key is None or key.get("kty") != "RSA":
        raise Unauthorized()
    public = rsa.RSAPublicNumbers(int.from_bytes(_b64(key["e"]), "big"),
                                  int.from_bytes(_b64(key["n"]), "big")).public_key()
    try:
        public.verify(signature, f"{head_b64}.{claims_b64}".encode(), padding.PKCS1v15(),
                      hashes.SHA256())
    except InvalidSignature:
        raise Unauthorized() from None
    if not isinstance(claims.get("exp"), (int, float)) or claims["exp"] <= timestamps.now():
        raise Unauthorized()
    return claims


def assertion_of(claims: dict[str, Any]) -> dict[str, Any]:
    """The claims as mod_auth_openidc names them (`OIDC-<claim>`), lists kept as lists."""
    return {CLAIM_PREFIX + name: value if isinstance(value, list) else str(value)
            for name, value in claims.items()}


def _shadow_user(request: Request, idp: dict[str, Any], mapped: dict[str, Any]) -> dict:
    """The local user the mapping names, made in the identity provider's domain when new;
    it joins the mapped groups."""
    identity = backend(request)
    wanted = mapped["user"] or {}
    name = wanted.get("name") or wanted.get("id")
    if not name:
        raise Unauthorized("Could not map any user from the assertion.")
    domain_ref = wanted.get("domain") or {"id": idp["domain_id"]}
    domain = identity.domains.find(domain_ref)
    if domain is None:
        raise Unauthorized(f"Could not find domain: {domain_ref}.")
    found = identity.domains.in_domain(identity.users.get, "users", name,
                                       {"domain": {"id": domain["id"]}})
    if found is None:
        if wanted.get("type") == "local":
            raise Unauthorized(f"Could not find user: {name}.")
        found = identity.users.create(name, domain["id"], password=None)
    group_ids = list(mapped["group_ids"])
    for ref in mapped["group_names"]:
        group = identity.domains.in_domain(identity.groups.get, "groups", ref.get("name"),
                                           {"domain": ref.get("domain") or {}})
        if group is not None:
            group_ids.append(group["id"])
    for group_id in dict.fromkeys(group_ids):
        if identity.groups.get(group_id) is not None:
            identity.groups.add_member(group_id, found["id"])
    return found


async def federated_auth(request: Request) -> Response:
    """A bearer token from the identity provider's issuer -> an unscoped federated token."""
    identity = backend(request)
    idp_id, protocol_id = request.path_params["idp_id"], request.path_params["protocol_id"]
    idp = identity.federation.get_idp(idp_id)
    protocol = identity.federation.get_protocol(idp_id, protocol_id)
    if not idp["enabled"]:
        raise Forbidden(f"Identity Provider {idp_id} is disabled")
    scheme, _, bearer = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not bearer:
        raise Unauthorized()
    claims = await asyncio.to_thread(_verify, bearer.strip(), idp.get("remote_ids") or [])
    mapping = identity.federation.get_mapping(protocol["mapping_id"])
    mapped = mapping_rules.evaluate(mapping["rules"], assertion_of(claims))
    user = _shadow_user(request, idp, mapped)
    token, ctx = identity.tokens.issue_unscoped(user, [protocol_id])
    body = token_body(ctx, None)
    body["user"]["OS-FEDERATION"] = {
        "identity_provider": {"id": idp_id}, "protocol": {"id": protocol_id},
        "groups": [{"id": g} for g in mapped["group_ids"]]}
    return json_response({"token": body}, status=201, headers={"X-Subject-Token": token})


_AUTH = "/v3/OS-FEDERATION/identity_providers/{idp_id}/protocols/{protocol_id}/auth"
ROUTES: RouteTable = ((_AUTH, federated_auth, POST), (_AUTH, federated_auth, GET))
