"""Tests of the debug log lines: tokens hashed, passwords and secrets hidden, the rest kept."""

from __future__ import annotations

import hashlib
import json

import pytest

from ostack.transport import redaction
from ostack.transport.http import Response

TOKEN = "gAAAAABk-very-secret-token"
SHA = "{SHA256}" + hashlib.sha256(TOKEN.encode()).hexdigest()


# -- tokens in headers ------------------------------------------------------------------------

def test_hide_token_is_a_stable_sha256() -> None:
    assert redaction.hide_token(TOKEN) == SHA
    assert redaction.hide_token(TOKEN) == redaction.hide_token(TOKEN)
    assert redaction.hide_token(TOKEN + "x") != SHA
    assert TOKEN not in SHA


@pytest.mark.parametrize("name", [
    "X-Auth-Token", "x-auth-token", "X-Subject-Token", "X-Service-Token", "Authorization",
    "AUTHORIZATION", "X-Storage-Token",
])
def test_secret_headers_are_hashed(name: str) -> None:
    assert redaction.redact_headers({name: TOKEN}) == {name: SHA}


def test_other_headers_are_kept_and_input_untouched() -> None:
    headers = {"Content-Type": "application/json", "X-Auth-Token": TOKEN,
               "OpenStack-API-Version": "compute 2.79", "X-Auth-Token-Hint": "public"}
    out = redaction.redact_headers(headers)
    assert out == {"Content-Type": "application/json", "X-Auth-Token": SHA,
                   "OpenStack-API-Version": "compute 2.79", "X-Auth-Token-Hint": "public"}
    assert headers["X-Auth-Token"] == TOKEN


def test_empty_token_header_stays_empty() -> None:
    assert redaction.redact_headers({"X-Auth-Token": ""}) == {"X-Auth-Token": ""}


# -- secrets in bodies ------------------------------------------------------------------------

def body(data: object) -> bytes:
    return json.dumps(data).encode()


def test_password_auth_body() -> None:
    request = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": "alice", "domain": {"name": "Default"}, "password": "hunter2"}}},
        "scope": {"project": {"name": "demo", "domain": {"name": "Default"}}}}}
    out = json.loads(redaction.redact_body(body(request)))
    assert out["auth"]["identity"]["password"]["user"] == {
        "name": "alice", "domain": {"name": "Default"}, "password": "***"}
    assert out["auth"]["scope"] == request["auth"]["scope"]
    assert out["auth"]["identity"]["methods"] == ["password"]


def test_token_auth_body() -> None:
    request = {"auth": {"identity": {"methods": ["token"], "token": {"id": TOKEN}}}}
    text = redaction.redact_body(body(request))
    assert TOKEN not in text
    assert json.loads(text)["auth"]["identity"]["token"] == {"id": "***"}


def test_application_credential_body() -> None:
    request = {"auth": {"identity": {"methods": ["application_credential"],
                                     "application_credential": {"id": "ac1", "secret": "s3"}}}}
    out = json.loads(redaction.redact_body(body(request)))
    assert out["auth"]["identity"]["application_credential"] == {"id": "ac1", "secret": "***"}


@pytest.mark.parametrize("field", [
    "password", "original_password", "secret", "application_credential_secret", "adminPass",
    "admin_pass", "token_id", "passcode", "totp", "private_key", "ssl_key", "client_secret",
    "auth_token", "token", "PASSWORD",
])
def test_each_secret_field(field: str) -> None:
    text = redaction.redact_body(body({"outer": [{field: "leak-me", "name": "keep-me"}]}))
    assert "leak-me" not in text
    assert json.loads(text) == {"outer": [{field: "***", "name": "keep-me"}]}


def test_numeric_secret_is_hidden() -> None:
    assert json.loads(redaction.redact_body(body({"password": 123456}))) == {"password": "***"}


def test_server_create_response_and_keypair() -> None:
    resp = {"server": {"id": "s1", "adminPass": "Xy9", "links": []},
            "keypair": {"name": "k", "private_key": "-----BEGIN RSA PRIVATE KEY-----"}}
    text = redaction.redact_body(body(resp))
    assert "Xy9" not in text and "BEGIN RSA" not in text
    assert json.loads(text)["server"]["id"] == "s1"


def test_token_response_keeps_catalog_and_user() -> None:
    resp = {"token": {"methods": ["password"], "user": {"id": "u1", "name": "alice"},
                      "catalog": [{"type": "compute", "endpoints": []}],
                      "expires_at": "2030-01-01T00:00:00.000000Z"}}
    assert json.loads(redaction.redact_body(body(resp))) == resp


def test_password_change_hides_both_passwords() -> None:
    req = {"user": {"password": "new-one", "original_password": "old-one"}}
    text = redaction.redact_body(body(req))
    assert "new-one" not in text and "old-one" not in text


def test_secret_inside_a_json_string_field() -> None:
    # Keystone's EC2 credentials keep their secret in a JSON-encoded "blob" string.
    blob = json.dumps({"access": "AKIA1", "secret": "ec2-secret-value"})
    req = {"credential": {"type": "ec2", "blob": blob, "user_id": "u1"}}
    text = redaction.redact_body(body(req))
    assert "ec2-secret-value" not in text
    out = json.loads(text)["credential"]
    assert json.loads(out["blob"]) == {"access": "AKIA1", "secret": "***"}
    assert out["user_id"] == "u1"


def test_text_that_is_not_json_uses_the_fallback() -> None:
    broken = '{"auth": {"password": "p\\"w", "adminPass": "ap", "name": "x"'  # no closing braces
    text = redaction.redact_body(broken)
    assert '"password": "***"' in text and '"adminPass": "***"' in text
    assert 'p\\"w' not in text and '"ap"' not in text
    assert '"name": "x"' in text


@pytest.mark.parametrize("value", [None, b"", ""])
def test_empty_bodies(value: bytes | str | None) -> None:
    assert redaction.redact_body(value) == ""


def test_plain_text_is_kept() -> None:
    assert redaction.redact_body(b"404 Not Found") == "404 Not Found"
    assert redaction.redact_body(b"\xff\xfe") == "\ufffd\ufffd"


def test_long_bodies_are_truncated_after_redaction() -> None:
    data = {"password": "hidden", "items": ["x" * 50] * 10}
    text = redaction.redact_body(body(data), limit=60)
    assert text.endswith("...(truncated)")
    assert len(text) == 60 + len("...(truncated)")
    assert "hidden" not in text
    long_text = "y" * 100
    assert redaction.redact_body(long_text, limit=10) == "y" * 10 + "...(truncated)"


# -- whole log lines --------------------------------------------------------------------------

def test_curl_line() -> None:
    req = {"auth": {"identity": {"methods": ["password"],
                                 "password": {"user": {"id": "u1", "password": "hunter2"}}}}}
    line = redaction.curl_line(
        "POST", "https://keystone/v3/auth/tokens",
        {"Content-Type": "application/json", "X-Auth-Token": TOKEN}, body(req),
    )
    assert line.startswith("REQ: curl -g -i -X POST https://keystone/v3/auth/tokens ")
    assert '-H "Content-Type: application/json"' in line
    assert f'-H "X-Auth-Token: {SHA}"' in line
    assert TOKEN not in line and "hunter2" not in line
    assert "-d '" in line and '"password": "***"' in line


def test_curl_line_without_body() -> None:
    line = redaction.curl_line("GET", "https://nova/v2.1/servers", {"Accept": "a"}, None)
    assert line == 'REQ: curl -g -i -X GET https://nova/v2.1/servers -H "Accept: a"'


def test_curl_line_quotes_header_values() -> None:
    line = redaction.curl_line("GET", "https://x", {"X-Odd": 'a"b\\c'}, None)
    assert '-H "X-Odd: a\\"b\\\\c"' in line


def response(status: int, headers: dict[str, str], content: bytes) -> Response:
    return Response(status, headers, content, "POST", "https://keystone/v3/auth/tokens", 0.01)


def test_response_lines_hide_subject_token_and_secrets() -> None:
    resp = response(201, {"content-type": "application/json", "x-subject-token": TOKEN},
                    body({"application_credential": {"id": "ac", "secret": "shh"}}))
    text = redaction.response_lines(resp)
    assert text.startswith("RESP: [201] ")
    assert f'"x-subject-token: {SHA}"' in text
    assert TOKEN not in text and "shh" not in text
    assert "RESP BODY: " in text and '"id": "ac"' in text


def test_response_lines_omit_binary_bodies() -> None:
    resp = response(200, {"content-type": "application/octet-stream"}, b"\x00" * 42)
    assert redaction.response_lines(resp).endswith("RESP BODY: <42 bytes omitted>")


def test_response_lines_without_body_logging() -> None:
    resp = response(200, {"content-type": "application/json"}, body({"password": "x"}))
    text = redaction.response_lines(resp, with_body=False)
    assert "password" not in text
    assert text.endswith("bytes omitted>")


def test_response_lines_empty_body() -> None:
    assert redaction.response_lines(response(204, {}, b"")) == "RESP: [204] "
