"""Keystone v3 identity plugins: password, token, application credential, and none.

Each plugin builds the body of `POST /v3/auth/tokens` and turns the answer into an AccessInfo.
The v3 URL is tried straight away when the auth URL has no version (one request instead of
discovery plus auth, which is what keystoneauth sends); a 404 there falls back to reading the
version document.

Authentication is a flow free of I/O (`authenticate_flow`, see ostack.transport.flows): the sync
and the async sessions drive the same one; `authenticate(http)` drives it with a sync client.
"""

from __future__ import annotations

import json

from ostack import exceptions
from ostack.auth.access import AccessInfo
from ostack.digest import sha256_hex
from ostack.transport.flows import Flow, Request, drive, just, sender

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class IdentityPlugin:
    """Base of the plugins: knows the auth URL and how to get a token."""

    auth_type = "base"
    requires_token = True

    def __init__(self, auth_url: str | None = None) -> None:
        self.auth_url = auth_url.rstrip("/") if auth_url else None

    def authenticate_flow(self) -> Flow[AccessInfo]:
        """The requests that get a token, as a flow returning the AccessInfo."""
        raise NotImplementedError

    def authenticate(self, http: Any) -> AccessInfo:
        """Get a token now through a sync client (`HttpClient`, or anything with `request`)."""
        return drive(self.authenticate_flow(), sender(http))

    def identity_key(self) -> dict[str, Any]:
        """What identifies this user and scope (for the token cache); secrets are hashed."""
        data = {k: v for k, v in sorted(vars(self).items()) if not k.startswith("_")}
        data["auth_type"] = self.auth_type
        for secret in ("password", "token", "application_credential_secret"):
            if data.get(secret):
                data[secret] = sha256_hex(str(data[secret]))
        return data

    def cache_id(self) -> str:
        blob = json.dumps(self.identity_key(), sort_keys=True, default=str)
        return sha256_hex(blob)


def _domain(id_: str | None, name: str | None) -> dict[str, str] | None:
    if id_:
        return {"id": id_}
    if name:
        return {"name": name}
    return None


class _ScopedV3(IdentityPlugin):
    """Plugins that may ask for a project, domain or system scope."""

    def __init__(
        self,
        auth_url: str | None = None,
        *,
        project_id: str | None = None,
        project_name: str | None = None,
        project_domain_id: str | None = None,
        project_domain_name: str | None = None,
        domain_id: str | None = None,
        domain_name: str | None = None,
        system_scope: str | None = None,
        default_domain_id: str | None = None,
        default_domain_name: str | None = None,
        trust_id: str | None = None,
    ) -> None:
        super().__init__(auth_url)
        self.project_id = project_id
        self.project_name = project_name
        self.project_domain_id = project_domain_id
        self.project_domain_name = project_domain_name
        self.domain_id = domain_id
        self.domain_name = domain_name
        self.system_scope = system_scope
        self.default_domain_id = default_domain_id
        self.default_domain_name = default_domain_name
        self.trust_id = trust_id

    def scope(self) -> dict[str, Any] | None:
        if self.project_id:
            return {"project": {"id": self.project_id}}
        if self.project_name:
            domain = (
                _domain(self.project_domain_id, self.project_domain_name)
                or _domain(self.default_domain_id, self.default_domain_name)
                or self._fallback_domain()
            )
            if domain is None:
                raise exceptions.AuthError(
                    f"project '{self.project_name}' is named without a domain: set "
                    "project_domain_name (OS_PROJECT_DOMAIN_NAME) or project_domain_id, "
                    "or use project_id"
                )
            return {"project": {"name": self.project_name, "domain": domain}}
        if self.domain_id or self.domain_name:
            return {"domain": _domain(self.domain_id, self.domain_name)}
        if self.system_scope:
            return {"system": {self.system_scope: True}}
        if self.trust_id:
            return {"OS-TRUST:trust": {"id": self.trust_id}}
        return None

    def _fallback_domain(self) -> dict[str, str] | None:
        return None

    def user_cache_id(self) -> str | None:
        """What identifies the user apart from the scope (secrets hashed): the token cache
        keeps this user's latest token under it, to re-scope from (None when no scope is
        asked for, or for a token plugin)."""
        if self.scope() is None or self.auth_type == "token":
            return None
        key = {k: v for k, v in self.identity_key().items() if k not in _SCOPE}
        key["purpose"] = "rescope"
        return sha256_hex(json.dumps(key, sort_keys=True, default=str))

    def rescope_flow(self, token: str) -> Flow[AccessInfo]:
        """A token with this plugin's scope from another token of the same user (Keystone's
        `token` method): no password, passcode or provider round trip again."""
        body = {"auth": {"identity": {"methods": ["token"], "token": {"id": token}},
                         "scope": self.scope()}}
        return post_token_flow(self.auth_url, body)

    def identity(self) -> dict[str, Any]:
        raise NotImplementedError

    def authenticate_flow(self) -> Flow[AccessInfo]:
        body: dict[str, Any] = {"auth": {"identity": self.identity()}}
        scope = self.scope()
        if scope:
            body["auth"]["scope"] = scope
        return post_token_flow(self.auth_url, body)


class Password(_ScopedV3):
    """`password`: a user by name and domain, or by id, with a password."""

    auth_type = "password"

    def __init__(
        self,
        auth_url: str | None = None,
        *,
        username: str | None = None,
        user_id: str | None = None,
        password: str | None = None,
        user_domain_id: str | None = None,
        user_domain_name: str | None = None,
        **scope: Any,
    ) -> None:
        super().__init__(auth_url, **scope)
        if not (username or user_id):
            raise exceptions.AuthError("password auth needs a username (or user_id)")
        if password is None:
            raise exceptions.AuthError("password auth needs a password (OS_PASSWORD)")
        self.username = username
        self.user_id = user_id
        self.password = password
        self.user_domain_id = user_domain_id
        self.user_domain_name = user_domain_name

    def _fallback_domain(self) -> dict[str, str] | None:
        return _domain(self.user_domain_id, self.user_domain_name)

    def identity(self) -> dict[str, Any]:
        if self.user_id:
            user: dict[str, Any] = {"id": self.user_id}
        else:
            domain = (
                _domain(self.user_domain_id, self.user_domain_name)
                or _domain(self.default_domain_id, self.default_domain_name)
                or _domain(self.project_domain_id, self.project_domain_name)
            )
            if domain is None:
                raise exceptions.AuthError(
                    f"user '{self.username}' is named without a domain: set user_domain_name "
                    "(OS_USER_DOMAIN_NAME) or user_domain_id, or use user_id"
                )
            user = {"name": self.username, "domain": domain}
        user["password"] = self.password
        return {"methods": ["password"], "password": {"user": user}}


class Token(_ScopedV3):
    """`token`: an existing token, exchanged for one with the wanted scope."""

    auth_type = "token"

    def __init__(self, auth_url: str | None = None, token: str | None = None, **scope: Any):
        super().__init__(auth_url, **scope)
        if not token:
            raise exceptions.AuthError("token auth needs a token (OS_TOKEN)")
        self.token = token

    def identity(self) -> dict[str, Any]:
        return {"methods": ["token"], "token": {"id": self.token}}


class ApplicationCredential(IdentityPlugin):
    """`v3applicationcredential`: by id, or by name together with its user."""

    auth_type = "application_credential"

    def __init__(
        self,
        auth_url: str | None = None,
        *,
        application_credential_secret: str | None = None,
        application_credential_id: str | None = None,
        application_credential_name: str | None = None,
        username: str | None = None,
        user_id: str | None = None,
        user_domain_id: str | None = None,
        user_domain_name: str | None = None,
    ) -> None:
        super().__init__(auth_url)
        if not application_credential_secret:
            raise exceptions.AuthError("an application credential needs its secret")
        if not application_credential_id and not (
            application_credential_name and (username or user_id)
        ):
            raise exceptions.AuthError(
                "an application credential needs its id, or its name and the user's name or id"
            )
        self.application_credential_secret = application_credential_secret
        self.application_credential_id = application_credential_id
        self.application_credential_name = application_credential_name
        self.username = username
        self.user_id = user_id
        self.user_domain_id = user_domain_id
        self.user_domain_name = user_domain_name

    def authenticate_flow(self) -> Flow[AccessInfo]:
        body = {
            "auth": {
                "identity": {
                    "methods": ["application_credential"],
                    "application_credential": self.credential(),
                }
            }
        }
        return post_token_flow(self.auth_url, body)

    def credential(self) -> dict[str, Any]:
        """The `application_credential` section of the auth request."""
        cred: dict[str, Any] = {"secret": self.application_credential_secret}
        if self.application_credential_id:
            cred["id"] = self.application_credential_id
        else:
            cred["name"] = self.application_credential_name
            if self.user_id:
                cred["user"] = {"id": self.user_id}
            else:
                domain = _domain(self.user_domain_id, self.user_domain_name)
                if domain is None:
                    raise exceptions.AuthError(
                        f"user '{self.username}' is named without a domain: set "
                        "user_domain_name or user_domain_id, or use user_id"
                    )
                cred["user"] = {"name": self.username, "domain": domain}
        return cred


def _user_ref(plugin: Any, what: str) -> dict[str, Any]:
    """`{"id": ...}` or `{"name": ..., "domain": ...}` of a plugin's user."""
    if plugin.user_id:
        return {"id": plugin.user_id}
    domain = (_domain(plugin.user_domain_id, plugin.user_domain_name)
              or _domain(plugin.default_domain_id, plugin.default_domain_name)
              or _domain(plugin.project_domain_id, plugin.project_domain_name))
    if domain is None:
        raise exceptions.AuthError(
            f"user '{plugin.username}' is named without a domain: set user_domain_name "
            f"(OS_USER_DOMAIN_NAME) or user_domain_id, or use user_id ({what})")
    return {"name": plugin.username, "domain": domain}


class TOTP(_ScopedV3):
    """`v3totp`: a user and the current passcode of its TOTP credential (RFC 6238).

    The passcode changes every 30 seconds, so it is left out of the token cache's key: a
    cached token stays usable while it is valid, as a password-less re-scope does.
    """

    auth_type = "totp"

    def __init__(self, auth_url: str | None = None, *, passcode: str | None = None,
                 username: str | None = None, user_id: str | None = None,
                 user_domain_id: str | None = None, user_domain_name: str | None = None,
                 **scope: Any) -> None:
        super().__init__(auth_url, **scope)
        if not (username or user_id):
            raise exceptions.AuthError("totp auth needs a username (or user_id)")
        if not passcode:
            raise exceptions.AuthError("totp auth needs a passcode (OS_PASSCODE)")
        self.username = username
        self.user_id = user_id
        self.user_domain_id = user_domain_id
        self.user_domain_name = user_domain_name
        self._passcode = passcode

    def _fallback_domain(self) -> dict[str, str] | None:
        return _domain(self.user_domain_id, self.user_domain_name)

    def identity(self) -> dict[str, Any]:
        user = {**_user_ref(self, "totp"), "passcode": self._passcode}
        return {"methods": ["totp"], "totp": {"user": user}}


#: `auth_methods` names (keystoneauth's plugin names, or Keystone's method names) -> the
#: plugin class whose identity section makes that method.
_METHODS: dict[str, str] = {
    "v3password": "password", "password": "password", "v3token": "token", "token": "token",
    "v3totp": "totp", "totp": "totp",
    "v3applicationcredential": "application_credential",
    "application_credential": "application_credential",
}


class MultiFactor(_ScopedV3):
    """`v3multifactor`: several methods in one request (`auth_methods`, e.g.
    `v3password,v3totp`), each given its own options (password, passcode ...).

    A user whose multi-factor rules are not met gets Keystone's 401 with an auth receipt;
    the error names the methods still required.
    """

    auth_type = "multifactor"

    def __init__(self, auth_url: str | None = None, *,
                 auth_methods: str | list[str] | None = None, **options: Any) -> None:
        scope = {k: options.pop(k) for k in _SCOPE if k in options}
        super().__init__(auth_url, **scope)
        names = auth_methods.split(",") if isinstance(auth_methods, str) else auth_methods
        names = [n.strip() for n in names or [] if n.strip()]
        if not names:
            raise exceptions.AuthError("v3multifactor needs auth_methods (OS_AUTH_METHODS)")
        self.auth_methods = names
        self._parts: list[_ScopedV3] = []
        for name in names:
            method = _METHODS.get(name.lower())
            if method is None:
                raise exceptions.AuthError(
                    f"auth method '{name}' cannot be combined; use v3password, v3totp, "
                    "v3token or v3applicationcredential")
            cls = PLUGINS[method]
            kwargs = {k: options[k] for k in _KWARGS[method] if options.get(k) not in
                      (None, "")}
            if issubclass(cls, _ScopedV3):
                kwargs.update(scope)
            self._parts.append(cls(auth_url, **kwargs))  # type: ignore[arg-type]
        self.username = options.get("username")
        self.user_id = options.get("user_id")

    def identity(self) -> dict[str, Any]:
        identity: dict[str, Any] = {"methods": []}
        for part in self._parts:
            if isinstance(part, ApplicationCredential):
                section = {"methods": ["application_credential"],
                           "application_credential": part.credential()}
            else:
                section = part.identity()
            identity["methods"] += section.pop("methods")
            identity.update(section)
        return identity

    def identity_key(self) -> dict[str, Any]:
        key = super().identity_key()
        for part in self._parts:
            for name, value in part.identity_key().items():
                key.setdefault(name, value)
        return key


class NoAuth(IdentityPlugin):
    """`none`: no token at all; every service needs an endpoint override."""

    auth_type = "none"
    requires_token = False

    def __init__(self, auth_url: str | None = None, endpoint: str | None = None) -> None:
        super().__init__(auth_url)
        self.endpoint = endpoint

    def authenticate_flow(self) -> Flow[AccessInfo]:
        return just(AccessInfo(token="", body={}))


def v3_url(auth_url: str) -> str:
    """The v3 root for an auth URL given with or without its version."""
    url = auth_url.rstrip("/")
    tail = url.rsplit("/", 1)[-1]
    if tail == "v3":
        return url
    if tail in ("v2.0", "v2"):
        return url.rsplit("/", 1)[0] + "/v3"
    return url + "/v3"


def discover_v3(http: Any, auth_url: str) -> str | None:
    """Read Keystone's version document and return the v3 link, if the server offers one."""
    return drive(discover_v3_flow(auth_url), sender(http))


def discover_v3_flow(auth_url: str) -> Flow[str | None]:
    """`discover_v3` as a flow."""
    resp = yield Request("GET", auth_url)
    if resp.status_code not in (200, 300):
        return None
    try:
        data = resp.json()
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    versions = data.get("versions", {})
    if isinstance(versions, dict):
        versions = versions.get("values", [])
    if "version" in data:
        versions = [data["version"]]
    for version in versions or []:
        if str(version.get("id", "")).startswith("v3"):
            for link in version.get("links", []):
                if link.get("rel") == "self":
                    return link["href"].rstrip("/")
    return None


def post_token(http: Any, auth_url: str | None, body: dict[str, Any]) -> AccessInfo:
    """POST /v3/auth/tokens, with version discovery only when the v3 URL is not where guessed."""
    return drive(post_token_flow(auth_url, body), sender(http))


def post_token_flow(auth_url: str | None, body: dict[str, Any]) -> Flow[AccessInfo]:
    """`post_token` as a flow."""
    if not auth_url:
        raise exceptions.AuthError(
            "auth_url is missing: set auth.auth_url in clouds.yaml, OS_AUTH_URL or --os-auth-url"
        )
    payload = json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    root = v3_url(auth_url)
    resp = yield Request("POST", root + "/auth/tokens", headers, payload)
    if resp.status_code == 404 and root != auth_url.rstrip("/"):
        found = yield from discover_v3_flow(auth_url)
        if found and found != root:
            resp = yield Request("POST", found + "/auth/tokens", headers, payload)
    if resp.status_code == 401 and resp.headers.get("openstack-auth-receipt"):
        raise _missing_methods(resp)
    if resp.status_code >= 400:
        raise exceptions.from_response(
            resp.status_code, resp.content, resp.headers, "POST", resp.url
        )
    token = resp.headers.get("x-subject-token")
    if not token:
        raise exceptions.AuthError(
            f"{resp.url} answered {resp.status_code} without an X-Subject-Token header: "
            "is auth_url a Keystone v3 endpoint?"
        )
    try:
        data = resp.json()
    except ValueError:
        raise exceptions.AuthError(f"{resp.url} answered with a body that is not JSON") from None
    return AccessInfo(token=token, body=data)


def _missing_methods(resp: Any) -> exceptions.AuthError:
    """Keystone's 401 with an auth receipt: the user's multi-factor rules want more methods
    (keystoneauth's wording)."""
    try:
        required = resp.json().get("required_auth_methods")
    except (ValueError, AttributeError):
        required = None
    return exceptions.AuthError(f"Not all required auth rules were satisfied: {required}")


PLUGINS: dict[str, type[IdentityPlugin]] = {
    "password": Password,
    "token": Token,
    "application_credential": ApplicationCredential,
    "totp": TOTP,
    "multifactor": MultiFactor,
    "none": NoAuth,
}

_KWARGS = {
    "password": (
        "username", "user_id", "password", "user_domain_id", "user_domain_name",
    ),
    "token": ("token",),
    "application_credential": (
        "application_credential_secret", "application_credential_id",
        "application_credential_name", "username", "user_id", "user_domain_id",
        "user_domain_name",
    ),
    "totp": ("passcode", "username", "user_id", "user_domain_id", "user_domain_name"),
    "multifactor": (
        "auth_methods", "username", "user_id", "password", "user_domain_id", "user_domain_name",
        "passcode", "token", "application_credential_secret", "application_credential_id",
        "application_credential_name",
    ),
    "none": ("endpoint",),
}
_SCOPE = (
    "project_id", "project_name", "project_domain_id", "project_domain_name", "domain_id",
    "domain_name", "system_scope", "default_domain_id", "default_domain_name", "trust_id",
)


def plugin_from_auth(auth_type: str, auth: dict[str, Any]) -> IdentityPlugin:
    """Build the plugin for a resolved configuration's auth type and `auth` mapping."""
    cls = PLUGINS.get(auth_type)
    if cls is None and auth_type.startswith("oidc"):  # OpenID Connect, loaded when used
        from ostack.auth import oidc

        cls = oidc.PLUGINS.get(auth_type)
        names = oidc.KWARGS.get(auth_type, ()) + _SCOPE
        if cls is not None:
            kwargs = {k: auth[k] for k in names if auth.get(k) not in (None, "")}
            return cls(auth.get("auth_url"), **kwargs)
    if cls is None:
        raise exceptions.AuthError(
            f"auth type '{auth_type}' is not supported; use password, token, "
            "v3applicationcredential, v3totp, v3multifactor, v3oidcpassword, "
            "v3oidcclientcredentials, v3oidcaccesstoken, v3oidcdeviceauthz or none"
        )
    names = _KWARGS[auth_type]
    if issubclass(cls, _ScopedV3):
        names = names + _SCOPE
    kwargs = {k: auth[k] for k in names if auth.get(k) not in (None, "")}
    return cls(auth.get("auth_url"), **kwargs)
