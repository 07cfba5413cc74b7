"""OAuth1 delegation (Keystone's OS-OAUTH1): consumers (`/v3/OS-OAUTH1/consumers`), request
tokens a consumer asks for on a project, their authorization by a user with some of its roles
(answering a verifier), and their exchange for access tokens.

The request- and access-token calls are signed with OAuth 1.0a HMAC-SHA1 (RFC 5849) in the
Authorization header, over the absolute URL they reach (read from the identity endpoint's
version document first), as keystoneclient signs them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from urllib.parse import parse_qs, quote, urlsplit

from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field, Resource

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class Consumer(Resource):
    resource_key = "consumer"
    resources_key = "consumers"
    base_path = "/v3/OS-OAUTH1/consumers"
    service_type = "identity"
    pagination = "none"
    status_attribute = None
    find_policy = "id"
    allow_create = allow_commit = allow_delete = True
    commit_method = "PATCH"

    description = Field()
    secret = Field(doc="only in the answer to its creation")
    links = Field()


class OAuthToken(Resource):
    """A request or access token: `key` (= `id`), `secret` and `expires`."""

    key = Field()
    secret = Field()
    expires = Field()


def _enc(value: str) -> str:
    return quote(value, safe="-._~")


def authorization(method: str, url: str, consumer_key: str, consumer_secret: str,
                  token_key: str | None = None, token_secret: str = "",
                  **extra: str) -> str:
    """The `Authorization: OAuth ...` header of a request signed with HMAC-SHA1."""
    params = {"oauth_nonce": secrets.token_hex(16), "oauth_timestamp": str(int(time.time())),
              "oauth_version": "1.0", "oauth_signature_method": "HMAC-SHA1",
              "oauth_consumer_key": consumer_key, **extra}
    if token_key is not None:
        params["oauth_token"] = token_key
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    normalized = "&".join(f"{k}={v}" for k, v in sorted(
        (_enc(k), _enc(v)) for k, v in {**params, **query}.items()))
    base_url = f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path}"
    base = "&".join((method.upper(), _enc(base_url), _enc(normalized)))
    key = f"{_enc(consumer_secret)}&{_enc(token_secret)}"
    params["oauth_signature"] = base64.b64encode(
        hmac.new(key.encode(), base.encode(), hashlib.sha1).digest()).decode()
    return "OAuth " + ", ".join(f'{_enc(k)}="{_enc(v)}"' for k, v in sorted(params.items()))


def _token(resp: Any) -> OAuthToken:
    """A token from Keystone's form-encoded answer (`oauth_token=...&oauth_token_secret=...`)."""
    found = {k: v[0] for k, v in parse_qs(resp.content.decode()).items()}
    body = {"id": found.get("oauth_token"), "key": found.get("oauth_token"),
            "secret": found.get("oauth_token_secret")}
    if "oauth_expires_at" in found:
        body["expires"] = found["oauth_expires_at"]
    return OAuthToken(body)


class OAuth1Actions:
    """Request tokens, their authorization, access tokens."""

    def _oauth_url(self, path: str) -> Flow:
        resp = yield Call("GET", "/v3/")
        return resp.url.rstrip("/") + path

    @operation
    def create_request_token(self, consumer_key: str, consumer_secret: str,
                             project: Any) -> Flow:
        """POST /v3/OS-OAUTH1/request_token: a request token on `project` for the consumer."""
        url = yield from self._oauth_url("/OS-OAUTH1/request_token")
        header = authorization("POST", url, consumer_key, consumer_secret,
                               oauth_callback="oob")
        resp = yield Call("POST", url, headers={
            "Authorization": header, "Requested-Project-Id": resource_id(project)})
        return _token(resp)

    @operation
    def authorize_request_token(self, request_token: Any, roles: list[Any]) -> Flow:
        """PUT /v3/OS-OAUTH1/authorize/{id}: delegate `roles`; the verifier
        (`{"oauth_verifier": ...}`)."""
        path = f"/v3/OS-OAUTH1/authorize/{quote(resource_id(request_token), safe='')}"
        resp = yield Call("PUT", path, json={"roles": [{"id": resource_id(r)} for r in roles]})
        return (resp.json() or {}).get("token", {})

    @operation
    def create_access_token(self, consumer_key: str, consumer_secret: str, request_key: str,
                            request_secret: str, verifier: str) -> Flow:
        """POST /v3/OS-OAUTH1/access_token: exchange an authorized request token."""
        url = yield from self._oauth_url("/OS-OAUTH1/access_token")
        header = authorization("POST", url, consumer_key, consumer_secret, request_key,
                               request_secret, oauth_verifier=verifier)
        resp = yield Call("POST", url, headers={"Authorization": header})
        return _token(resp)
