"""OpenID Connect plugins (keystoneauth1's `v3oidcpassword`, `v3oidcclientcredentials`,
`v3oidcaccesstoken`, `v3oidcdeviceauthz`): get an access token from the OpenID Connect
provider (unless one is given), exchange it at Keystone's federation endpoint
(`/v3/OS-FEDERATION/identity_providers/{idp}/protocols/{protocol}/auth`) for an unscoped
token, then scope that token as asked (project, domain or system) with the `token` method.

The provider's token endpoint is `access_token_endpoint`, or the `token_endpoint` of the
discovery document at `discovery_endpoint`. The client authenticates with HTTP Basic when it
has a secret (as keystoneauth does), else sends its `client_id` in the form.
"""

from __future__ import annotations

import base64
from urllib.parse import quote, urlencode

from ostack import exceptions
from ostack.auth.access import AccessInfo
from ostack.auth.plugins import _ScopedV3, post_token_flow, v3_url
from ostack.digest import sha256_hex
from ostack.transport.flows import Flow, Request, Sleep

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class _Oidc(_ScopedV3):
    """What every OpenID Connect plugin shares: the identity provider and protocol, the OAuth
    client and where its provider's token endpoint is."""

    grant_type = ""

    def __init__(self, auth_url: str | None = None, *, identity_provider: str | None = None,
                 protocol: str | None = None, client_id: str | None = None,
                 client_secret: str | None = None, openid_scope: str | None = None,
                 access_token_endpoint: str | None = None,
                 discovery_endpoint: str | None = None, access_token_type: str | None = None,
                 **scope: Any) -> None:
        super().__init__(auth_url, **scope)
        if not identity_provider or not protocol:
            raise exceptions.AuthError(
                f"{self.auth_type} needs identity_provider and protocol "
                "(OS_IDENTITY_PROVIDER, OS_PROTOCOL)")
        self.identity_provider = identity_provider
        self.protocol = protocol
        self.client_id = client_id
        self.client_secret = client_secret
        self.openid_scope = openid_scope or "openid profile"
        self.access_token_endpoint = access_token_endpoint
        self.discovery_endpoint = discovery_endpoint
        self.access_token_type = access_token_type or "access_token"
        self._document: dict[str, Any] | None = None

    def identity_key(self) -> dict[str, Any]:
        key = super().identity_key()
        for secret in ("client_secret", "access_token"):
            if key.get(secret):
                key[secret] = sha256_hex(str(key[secret]))
        return key

    @property
    def federated_token_url(self) -> str:
        if not self.auth_url:
            raise exceptions.AuthError("auth_url is missing: set auth.auth_url in clouds.yaml "
                                       "or OS_AUTH_URL")
        return (f"{v3_url(self.auth_url)}/OS-FEDERATION/identity_providers/"
                f"{quote(self.identity_provider, safe='')}/protocols/"
                f"{quote(self.protocol, safe='')}/auth")

    def payload(self) -> dict[str, str]:
        """The grant's own fields of the token request."""
        return {"scope": self.openid_scope}

    def _discovery(self) -> Flow[dict[str, Any]]:
        """The provider's discovery document (read once)."""
        if self._document is not None:
            return self._document
        if not self.discovery_endpoint:
            raise exceptions.AuthError(
                "You have to specify either an 'access-token-endpoint' or a "
                "'discovery-endpoint'.")
        resp = yield Request("GET", self.discovery_endpoint, {"Accept": "application/json"})
        if resp.status_code >= 400:
            raise exceptions.AuthError(
                f"Cannot fetch discovery document {self.discovery_endpoint}: "
                f"HTTP {resp.status_code}")
        try:
            document = resp.json()
        except ValueError:
            raise exceptions.AuthError(
                f"{self.discovery_endpoint} is not a discovery document") from None
        self._document = document if isinstance(document, dict) else {}
        return self._document

    def _token_endpoint(self) -> Flow[str]:
        if self.access_token_endpoint:
            return self.access_token_endpoint
        document = yield from self._discovery()
        grants = document.get("grant_types_supported")
        if grants and self.grant_type and self.grant_type not in grants:
            raise exceptions.AuthError(
                f"The OpenID Connect provider does not support the '{self.grant_type}' "
                "grant type")
        endpoint = document.get("token_endpoint")
        if not endpoint:
            raise exceptions.AuthError(
                f"{self.discovery_endpoint} names no token_endpoint")
        return endpoint

    def _post_form(self, endpoint: str, form: dict[str, str],
                   client_id_too: bool = False) -> Flow[tuple[int, dict[str, Any]]]:
        """POST a form to the provider as the OAuth client: its status and JSON answer."""
        headers = {"Content-Type": "application/x-www-form-urlencoded",
                   "Accept": "application/json"}
        if self.client_secret:
            pair = f"{self.client_id or ''}:{self.client_secret}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
        if self.client_id and (client_id_too or not self.client_secret):
            form = {**form, "client_id": self.client_id}
        resp = yield Request("POST", endpoint, headers, urlencode(form).encode(),
                             log_body=False)
        try:
            answer = resp.json()
        except ValueError:
            answer = {}
        return resp.status_code, answer if isinstance(answer, dict) else {}

    def access_token_flow(self) -> Flow[str]:
        """The provider's access token for this grant."""
        endpoint = yield from self._token_endpoint()
        status, answer = yield from self._post_form(
            endpoint, {"grant_type": self.grant_type, **self.payload()})
        return self._access_token_of(status, answer)

    def _access_token_of(self, status: int, answer: dict[str, Any]) -> str:
        if status >= 400 or not answer:
            reason = answer.get("error") if isinstance(answer, dict) else None
            raise exceptions.AuthError(
                f"The OpenID Connect provider refused the {self.grant_type} grant: "
                f"HTTP {status}{f' ({reason})' if reason else ''}")
        token = answer.get(self.access_token_type)
        if not isinstance(token, str):
            raise exceptions.AuthError(
                f"The OpenID Connect provider answered no {self.access_token_type}")
        return token

    def authenticate_flow(self) -> Flow[AccessInfo]:
        access_token = yield from self.access_token_flow()
        resp = yield Request("POST", self.federated_token_url,
                             {"Authorization": f"Bearer {access_token}",
                              "Accept": "application/json"})
        if resp.status_code >= 400:
            raise exceptions.from_response(resp.status_code, resp.content, resp.headers,
                                           "POST", resp.url)
        unscoped = resp.headers.get("x-subject-token")
        if not unscoped:
            raise exceptions.AuthError(
                f"{resp.url} answered {resp.status_code} without an X-Subject-Token header")
        scope = self.scope()
        if not scope:
            return AccessInfo(token=unscoped, body=resp.json())
        body = {"auth": {"identity": {"methods": ["token"], "token": {"id": unscoped}},
                         "scope": scope}}
        return (yield from post_token_flow(self.auth_url, body))


class OidcPassword(_Oidc):
    """`v3oidcpassword`: the resource owner's username and password (password grant)."""

    auth_type = "oidcpassword"
    grant_type = "password"

    def __init__(self, auth_url: str | None = None, *, username: str | None = None,
                 password: str | None = None, **options: Any) -> None:
        super().__init__(auth_url, **options)
        if not username or password is None:
            raise exceptions.AuthError("v3oidcpassword needs a username and a password")
        self.username = username
        self.password = password

    def payload(self) -> dict[str, str]:
        return {"username": self.username, "password": self.password,
                "scope": self.openid_scope}

    def identity_key(self) -> dict[str, Any]:
        key = super().identity_key()
        key["password"] = sha256_hex(self.password)
        return key


class OidcClientCredentials(_Oidc):
    """`v3oidcclientcredentials`: the OAuth client alone (client_credentials grant)."""

    auth_type = "oidcclientcredentials"
    grant_type = "client_credentials"


class OidcAccessToken(_Oidc):
    """`v3oidcaccesstoken`: an access token obtained elsewhere."""

    auth_type = "oidcaccesstoken"

    def __init__(self, auth_url: str | None = None, *, access_token: str | None = None,
                 **options: Any) -> None:
        super().__init__(auth_url, **options)
        if not access_token:
            raise exceptions.AuthError("v3oidcaccesstoken needs an access_token")
        self._access_token = access_token

    def access_token_flow(self) -> Flow[str]:
        return self._access_token
        yield  # a flow without requests

    def identity_key(self) -> dict[str, Any]:
        key = super().identity_key()
        key["access_token"] = sha256_hex(self._access_token)
        return key


class OidcDeviceAuthorization(_Oidc):
    """`v3oidcdeviceauthz`: the device authorization grant (RFC 8628). The user opens the
    verification URI printed on stderr and approves; the token endpoint is polled (at the
    provider's interval, until the device code expires). PKCE with `code_challenge_method`
    (`plain` or `S256`)."""

    auth_type = "oidcdeviceauthz"
    grant_type = "urn:ietf:params:oauth:grant-type:device_code"

    def __init__(self, auth_url: str | None = None, *,
                 device_authorization_endpoint: str | None = None,
                 code_challenge_method: str | None = None, **options: Any) -> None:
        super().__init__(auth_url, **options)
        if code_challenge_method not in (None, "plain", "S256"):
            raise exceptions.AuthError("code_challenge_method must be 'plain' or 'S256'")
        self.device_authorization_endpoint = device_authorization_endpoint
        self.code_challenge_method = code_challenge_method

    def _device_endpoint(self) -> Flow[str]:
        if self.device_authorization_endpoint:
            return self.device_authorization_endpoint
        document = yield from self._discovery()
        endpoint = document.get("device_authorization_endpoint")
        if not endpoint:
            raise exceptions.AuthError(
                "Could not find the device authorization endpoint of the OpenID Connect "
                "provider")
        return endpoint

    def access_token_flow(self) -> Flow[str]:
        import hashlib
        import secrets
        import sys
        import time

        form = {"scope": self.openid_scope}
        verifier = None
        if self.code_challenge_method:
            verifier = secrets.token_urlsafe(42)
            digest = hashlib.sha256(verifier.encode()).digest()
            challenge = verifier if self.code_challenge_method == "plain" else (
                base64.urlsafe_b64encode(digest).decode().rstrip("="))
            form.update(code_challenge_method=self.code_challenge_method,
                        code_challenge=challenge)
        device_endpoint = yield from self._device_endpoint()
        status, grant = yield from self._post_form(device_endpoint, form, client_id_too=True)
        if status >= 400 or "device_code" not in grant:
            raise exceptions.AuthError(
                f"The OpenID Connect provider refused the device authorization: HTTP {status}")
        if grant.get("verification_uri_complete"):
            sys.stderr.write(f"To authenticate please go to: "
                             f"{grant['verification_uri_complete']}\n")
        else:
            sys.stderr.write(f"To authenticate please go to {grant.get('verification_uri')} "
                             f"and enter the code {grant.get('user_code')}\n")
        sys.stderr.flush()
        deadline = time.monotonic() + float(grant.get("expires_in") or 600)
        interval = float(grant.get("interval") or 5)
        poll = {"grant_type": self.grant_type, "device_code": grant["device_code"]}
        if verifier:
            poll["code_verifier"] = verifier
        endpoint = yield from self._token_endpoint()
        while True:
            status, answer = yield from self._post_form(endpoint, poll, client_id_too=True)
            error = answer.get("error") if status >= 400 else None
            if error not in ("authorization_pending", "slow_down"):
                return self._access_token_of(status, answer)
            if error == "slow_down":
                interval += 5
            if time.monotonic() + interval > deadline:
                raise exceptions.AuthError(
                    "Timeout for OpenID Connect device authorization: the device code "
                    "expired before it was approved")
            yield Sleep(interval)


PLUGINS = {"oidcpassword": OidcPassword, "oidcclientcredentials": OidcClientCredentials,
           "oidcaccesstoken": OidcAccessToken, "oidcdeviceauthz": OidcDeviceAuthorization}
_COMMON = ("identity_provider", "protocol", "client_id", "client_secret", "openid_scope",
           "access_token_endpoint", "discovery_endpoint", "access_token_type")
KWARGS = {"oidcpassword": (*_COMMON, "username", "password"),
          "oidcclientcredentials": _COMMON,
          "oidcaccesstoken": ("identity_provider", "protocol", "access_token"),
          "oidcdeviceauthz": (*_COMMON, "device_authorization_endpoint",
                              "code_challenge_method")}
