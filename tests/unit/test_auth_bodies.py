"""Tests of the Keystone v3 request bodies the identity plugins build, and where they send them.

`identity()` and `scope()` are checked directly.  The application credential builds its body in
`authenticate()`, and `post_token` chooses the URL, so those run against `Recorder`: a stand-in
for the HTTP client that answers from a table and keeps what was sent.  Nothing else is faked.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from ostack import exceptions
from ostack.auth.plugins import (
    ApplicationCredential,
    NoAuth,
    Password,
    Token,
    plugin_from_auth,
    post_token,
    v3_url,
)
from ostack.transport.http import Response

AUTH_URL = "http://keystone.example:5000"
TOKEN_BODY = {"token": {"methods": ["password"], "user": {"id": "u1", "name": "alice"},
                        "project": {"id": "p1", "name": "demo"},
                        "expires_at": "2030-01-01T00:00:00Z", "catalog": []}}


class Recorder:
    """Answers requests from a table of (method, url) -> Response and records them."""

    def __init__(self, answers: dict[tuple[str, str], tuple[int, dict[str, str], Any]]):
        self.answers = answers
        self.sent: list[tuple[str, str, dict[str, str], Any]] = []

    def request(self, method: str, url: str, headers: dict[str, str] | None = None,
                body: bytes | None = None, **_: Any) -> Response:
        self.sent.append((method, url, dict(headers or {}), json.loads(body) if body else None))
        status, resp_headers, content = self.answers.get((method, url), (404, {}, b""))
        if not isinstance(content, bytes):
            content = json.dumps(content).encode()
            resp_headers = {"content-type": "application/json", **resp_headers}
        return Response(status, resp_headers, content, method, url, 0.0)


def keystone(url: str = AUTH_URL + "/v3/auth/tokens") -> Recorder:
    return Recorder({("POST", url): (201, {"x-subject-token": "tok-1"}, TOKEN_BODY)})


# -- Password ---------------------------------------------------------------------------------

def test_password_by_name_and_project_by_name() -> None:
    plugin = Password(AUTH_URL, username="alice", password="pw", user_domain_name="Default",
                      project_name="demo", project_domain_name="Default")
    assert plugin.identity() == {
        "methods": ["password"],
        "password": {"user": {"name": "alice", "domain": {"name": "Default"}, "password": "pw"}},
    }
    assert plugin.scope() == {"project": {"name": "demo", "domain": {"name": "Default"}}}


def test_password_by_user_id_needs_no_domain() -> None:
    plugin = Password(AUTH_URL, user_id="u1", username="alice", password="pw",
                      project_id="p1")
    assert plugin.identity() == {"methods": ["password"],
                                 "password": {"user": {"id": "u1", "password": "pw"}}}
    assert plugin.scope() == {"project": {"id": "p1"}}


def test_domain_ids_win_over_names() -> None:
    plugin = Password(AUTH_URL, username="a", password="pw", user_domain_id="d1",
                      user_domain_name="D", project_name="demo", project_domain_id="d2",
                      project_domain_name="P")
    assert plugin.identity()["password"]["user"]["domain"] == {"id": "d1"}
    assert plugin.scope() == {"project": {"name": "demo", "domain": {"id": "d2"}}}


def test_default_domain_fills_both_domains() -> None:
    plugin = Password(AUTH_URL, username="a", password="pw", project_name="demo",
                      default_domain_id="default")
    assert plugin.identity()["password"]["user"]["domain"] == {"id": "default"}
    assert plugin.scope()["project"]["domain"] == {"id": "default"}


def test_project_domain_falls_back_to_user_domain() -> None:
    plugin = Password(AUTH_URL, username="a", password="pw", user_domain_name="Users",
                      project_name="demo")
    assert plugin.scope() == {"project": {"name": "demo", "domain": {"name": "Users"}}}


def test_user_without_domain_is_an_auth_error() -> None:
    plugin = Password(AUTH_URL, username="alice", password="pw", project_id="p1")
    with pytest.raises(exceptions.AuthError, match="user 'alice'.*OS_USER_DOMAIN_NAME"):
        plugin.identity()


def test_project_without_domain_is_an_auth_error() -> None:
    plugin = Token(AUTH_URL, token="t", project_name="demo")
    with pytest.raises(exceptions.AuthError, match="project 'demo'.*OS_PROJECT_DOMAIN_NAME"):
        plugin.scope()


def test_project_id_wins_over_project_name() -> None:
    plugin = Password(AUTH_URL, user_id="u", password="pw", project_id="p1",
                      project_name="demo", domain_name="ignored")
    assert plugin.scope() == {"project": {"id": "p1"}}


@pytest.mark.parametrize("kwargs,expected", [
    ({"domain_id": "d1"}, {"domain": {"id": "d1"}}),
    ({"domain_name": "Default"}, {"domain": {"name": "Default"}}),
    ({"domain_id": "d1", "domain_name": "Default"}, {"domain": {"id": "d1"}}),
    ({"system_scope": "all"}, {"system": {"all": True}}),
    ({"trust_id": "t1"}, {"OS-TRUST:trust": {"id": "t1"}}),
    ({"domain_name": "D", "system_scope": "all"}, {"domain": {"name": "D"}}),
    ({}, None),
])
def test_scopes(kwargs: dict[str, str], expected: dict[str, Any] | None) -> None:
    assert Password(AUTH_URL, user_id="u", password="pw", **kwargs).scope() == expected
    assert Token(AUTH_URL, token="t", **kwargs).scope() == expected


@pytest.mark.parametrize("kwargs,needle", [
    ({"password": "pw"}, "username"),
    ({"username": "a"}, "password"),
])
def test_password_needs_user_and_password(kwargs: dict[str, str], needle: str) -> None:
    with pytest.raises(exceptions.AuthError, match=needle):
        Password(AUTH_URL, **kwargs)


def test_empty_password_is_still_a_password() -> None:
    plugin = Password(AUTH_URL, user_id="u", password="")
    assert plugin.identity()["password"]["user"]["password"] == ""


def test_password_authenticate_sends_identity_and_scope() -> None:
    http = keystone()
    plugin = Password(AUTH_URL + "/", username="alice", password="pw",
                      user_domain_id="default", project_id="p1")
    access = plugin.authenticate(http)  # type: ignore[arg-type]
    assert access.token == "tok-1"
    assert access.body == TOKEN_BODY
    [(method, url, headers, sent)] = http.sent
    assert (method, url) == ("POST", AUTH_URL + "/v3/auth/tokens")
    assert headers["Content-Type"] == "application/json"
    assert sent == {"auth": {"identity": plugin.identity(), "scope": {"project": {"id": "p1"}}}}


def test_unscoped_request_has_no_scope_key() -> None:
    http = keystone()
    Password(AUTH_URL, user_id="u", password="pw").authenticate(http)  # type: ignore[arg-type]
    assert "scope" not in http.sent[0][3]["auth"]


# -- Token ------------------------------------------------------------------------------------

def test_token_identity_and_scope() -> None:
    plugin = Token(AUTH_URL, token="gAAAA", project_name="demo", project_domain_id="default")
    assert plugin.identity() == {"methods": ["token"], "token": {"id": "gAAAA"}}
    assert plugin.scope() == {"project": {"name": "demo", "domain": {"id": "default"}}}


@pytest.mark.parametrize("token", [None, ""])
def test_token_needs_a_token(token: str | None) -> None:
    with pytest.raises(exceptions.AuthError, match="OS_TOKEN"):
        Token(AUTH_URL, token=token)


# -- application credential -------------------------------------------------------------------

def sent_credential(plugin: ApplicationCredential) -> dict[str, Any]:
    http = keystone()
    plugin.authenticate(http)  # type: ignore[arg-type]
    [(_, url, _, sent)] = http.sent
    assert url == AUTH_URL + "/v3/auth/tokens"
    assert list(sent["auth"]) == ["identity"]  # an application credential is already scoped
    identity = sent["auth"]["identity"]
    assert identity["methods"] == ["application_credential"]
    return identity["application_credential"]


def test_application_credential_by_id() -> None:
    plugin = ApplicationCredential(AUTH_URL, application_credential_id="ac1",
                                   application_credential_secret="s3", username="ignored")
    assert sent_credential(plugin) == {"id": "ac1", "secret": "s3"}


def test_application_credential_by_name_and_user_id() -> None:
    plugin = ApplicationCredential(AUTH_URL, application_credential_name="mine",
                                   application_credential_secret="s3", user_id="u1")
    assert sent_credential(plugin) == {"name": "mine", "secret": "s3", "user": {"id": "u1"}}


def test_application_credential_by_name_and_user_name() -> None:
    plugin = ApplicationCredential(AUTH_URL, application_credential_name="mine",
                                   application_credential_secret="s3", username="alice",
                                   user_domain_name="Default")
    assert sent_credential(plugin) == {
        "name": "mine", "secret": "s3", "user": {"name": "alice", "domain": {"name": "Default"}},
    }


def test_application_credential_user_name_without_domain() -> None:
    plugin = ApplicationCredential(AUTH_URL, application_credential_name="mine",
                                   application_credential_secret="s3", username="alice")
    with pytest.raises(exceptions.AuthError, match="user 'alice'"):
        plugin.authenticate(keystone())  # type: ignore[arg-type]


@pytest.mark.parametrize("kwargs,needle", [
    ({"application_credential_id": "ac"}, "secret"),
    ({"application_credential_secret": "s"}, "its id"),
    ({"application_credential_secret": "s", "application_credential_name": "n"}, "its id"),
    ({"application_credential_secret": "s", "username": "a"}, "its id"),
])
def test_application_credential_incomplete(kwargs: dict[str, str], needle: str) -> None:
    with pytest.raises(exceptions.AuthError, match=needle):
        ApplicationCredential(AUTH_URL, **kwargs)


# -- plugin_from_auth and identity keys -------------------------------------------------------

def test_plugin_from_auth_passes_only_its_keys() -> None:
    auth = {"auth_url": AUTH_URL, "username": "alice", "password": "pw",
            "user_domain_name": "Default", "project_name": "demo",
            "project_domain_name": "Default", "token": "unused", "endpoint": "unused",
            "application_credential_id": "unused"}
    plugin = plugin_from_auth("password", auth)
    assert isinstance(plugin, Password)
    assert plugin.auth_url == AUTH_URL
    assert plugin.scope() == {"project": {"name": "demo", "domain": {"name": "Default"}}}
    assert not hasattr(plugin, "token")

    cred = plugin_from_auth("application_credential", {
        **auth, "application_credential_secret": "s", "application_credential_id": "ac"})
    assert isinstance(cred, ApplicationCredential)
    assert not hasattr(cred, "project_name")  # scope keys are not for app credentials

    token = plugin_from_auth("token", {"auth_url": AUTH_URL, "token": "t", "project_id": "p"})
    assert isinstance(token, Token) and token.scope() == {"project": {"id": "p"}}

    none = plugin_from_auth("none", {"endpoint": "http://nova"})
    assert isinstance(none, NoAuth) and none.endpoint == "http://nova"
    assert none.requires_token is False


def test_plugin_from_auth_drops_empty_values() -> None:
    plugin = plugin_from_auth("password", {"auth_url": AUTH_URL, "user_id": "u",
                                           "password": "pw", "project_id": "",
                                           "domain_id": None, "system_scope": "all"})
    assert plugin.scope() == {"system": {"all": True}}


def test_plugin_from_auth_unknown_type() -> None:
    with pytest.raises(exceptions.AuthError, match="v3oidc"):
        plugin_from_auth("v3oidc", {})


def test_identity_key_hashes_secrets() -> None:
    plugin = Password(AUTH_URL, user_id="u", password="hunter2", project_id="p1")
    key = plugin.identity_key()
    assert key["password"] != "hunter2" and len(key["password"]) == 64
    assert key["project_id"] == "p1" and key["auth_type"] == "password"
    assert "hunter2" not in json.dumps(key)


def test_cache_id_tells_users_and_scopes_apart() -> None:
    def cid(**kw: str) -> str:
        return Password(AUTH_URL, **{"user_id": "u", "password": "pw", **kw}).cache_id()

    assert cid() == cid()
    assert len({cid(), cid(password="other"), cid(project_id="p2"), cid(user_id="v")}) == 4
    assert Token(AUTH_URL, token="a").cache_id() != Token(AUTH_URL, token="b").cache_id()


# -- v3_url and post_token ----------------------------------------------------------------------

@pytest.mark.parametrize("given,expected", [
    ("http://k:5000", "http://k:5000/v3"),
    ("http://k:5000/", "http://k:5000/v3"),
    ("http://k:5000/v3", "http://k:5000/v3"),
    ("http://k:5000/v3/", "http://k:5000/v3"),
    ("http://k:5000/v2.0", "http://k:5000/v3"),
    ("http://k/identity/v2", "http://k/identity/v3"),
    ("https://k/identity", "https://k/identity/v3"),
    ("https://k/identity/v3", "https://k/identity/v3"),
])
def test_v3_url(given: str, expected: str) -> None:
    assert v3_url(given) == expected


def test_post_token_falls_back_to_the_version_document() -> None:
    # Keystone under a path the guess misses: /v3 answers 404; the root lists the v3 link.
    versions = {"versions": {"values": [
        {"id": "v2.0", "status": "deprecated",
         "links": [{"rel": "self", "href": "http://k/identity/v2.0/"}]},
        {"id": "v3.14", "status": "stable",
         "links": [{"rel": "self", "href": "http://k/identity/v3/"}]},
    ]}}
    http = Recorder({
        ("GET", "http://k"): (300, {}, versions),
        ("POST", "http://k/identity/v3/auth/tokens"): (201, {"x-subject-token": "t2"},
                                                      TOKEN_BODY),
    })
    access = post_token(http, "http://k", {"auth": {}})  # type: ignore[arg-type]
    assert access.token == "t2"
    assert [(m, u) for m, u, _, _ in http.sent] == [
        ("POST", "http://k/v3/auth/tokens"), ("GET", "http://k"),
        ("POST", "http://k/identity/v3/auth/tokens"),
    ]


def test_post_token_versioned_url_does_not_rediscover() -> None:
    http = Recorder({})
    with pytest.raises(exceptions.NotFound):
        post_token(http, "http://k/v3", {"auth": {}})  # type: ignore[arg-type]
    assert len(http.sent) == 1


def test_post_token_empty_version_document_keeps_the_404() -> None:
    http = Recorder({("GET", "http://k"): (200, {}, b"")})
    with pytest.raises(exceptions.NotFound):
        post_token(http, "http://k", {"auth": {}})  # type: ignore[arg-type]


def test_post_token_error_status_raises_the_matching_error() -> None:
    http = Recorder({("POST", "http://k/v3/auth/tokens"): (
        401, {"x-openstack-request-id": "req-1"},
        {"error": {"code": 401, "message": "The request you have made requires authentication.",
                   "title": "Unauthorized"}},
    )})
    with pytest.raises(exceptions.Unauthorized) as err:
        post_token(http, "http://k", {"auth": {}})  # type: ignore[arg-type]
    assert err.value.request_id == "req-1"
    assert "requires authentication" in str(err.value)


def test_post_token_without_subject_token_header() -> None:
    http = Recorder({("POST", "http://k/v3/auth/tokens"): (200, {}, TOKEN_BODY)})
    with pytest.raises(exceptions.AuthError, match="X-Subject-Token"):
        post_token(http, "http://k", {"auth": {}})  # type: ignore[arg-type]


def test_post_token_without_auth_url() -> None:
    with pytest.raises(exceptions.AuthError, match="OS_AUTH_URL"):
        post_token(Recorder({}), None, {"auth": {}})  # type: ignore[arg-type]
