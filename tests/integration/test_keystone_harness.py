"""The harness itself: the Keystone it starts is real and answers plain HTTP (no ostack code)."""

from __future__ import annotations

import pytest

from tests.support.keystone import http, password_auth_body

pytestmark = pytest.mark.keystone


def test_version_document(keystone):
    resp = http("GET", keystone.auth_url)
    assert resp.status == 200
    assert resp.json()["version"]["id"].startswith("v3.")


def test_admin_password_auth_gives_project_token_and_catalog(keystone):
    body = password_auth_body(keystone.admin_username, keystone.admin_password, "admin")
    resp = http("POST", keystone.auth_url + "/auth/tokens", body=body)
    assert resp.status == 201, resp.body
    assert resp.headers.get("X-Subject-Token")
    token = resp.json()["token"]
    assert token["project"]["name"] == "admin"
    assert token["project"]["domain"]["id"] == "default"
    assert token["user"]["name"] == "admin"
    assert "admin" in {role["name"] for role in token["roles"]}

    identity = [svc for svc in token["catalog"] if svc["type"] == "identity"]
    assert len(identity) == 1
    by_interface = {ep["interface"]: ep for ep in identity[0]["endpoints"]}
    assert set(by_interface) == {"public", "internal", "admin"}
    for endpoint in by_interface.values():
        assert endpoint["url"] == keystone.auth_url
        assert endpoint["region_id"] == keystone.region


def test_token_validates_and_wrong_password_is_refused(keystone):
    token = keystone.issue_token(keystone.admin_username, keystone.admin_password, "admin")
    resp = http(
        "GET", keystone.auth_url + "/auth/tokens",
        token=keystone.admin_token(), headers={"X-Subject-Token": token},
    )  # fmt: skip
    assert resp.status == 200
    assert resp.json()["token"]["project"]["name"] == "admin"

    bad = password_auth_body(keystone.admin_username, "not-the-password", "admin")
    resp = http("POST", keystone.auth_url + "/auth/tokens", body=bad)
    assert resp.status == 401
    assert resp.json()["error"]["code"] == 401
