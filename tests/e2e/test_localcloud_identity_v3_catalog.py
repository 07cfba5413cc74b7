"""Keystone v3 of the local cloud over raw HTTP: the catalog (with `$(project_id)s`
templates) and an older state folder brought up to date, and application credentials with
access rules, roles, restrictions and expiry.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime, timedelta

import pytest
from tests.support.keystone_api import V3, Keystone, denied, ok, project_scope, unique
from tests.support.localcloud import LocalCloud


@pytest.fixture(scope="module")
def ks(localcloud: LocalCloud) -> Keystone:
    return Keystone(localcloud)


# ------------------------------------------------------------------ catalog
def test_services_endpoints_regions_crud(ks):
    region = ok(ks.call("POST", "/regions", {"region": {"id": unique("Region"),
                                                        "description": "r"}}), 201)["region"]
    child = ok(ks.call("PUT", f"/regions/{unique('Sub')}", {"region": {
        "parent_region_id": region["id"]}}), 201)["region"]
    assert child["parent_region_id"] == region["id"]
    assert [r["id"] for r in ok(ks.call("GET", f"/regions?parent_region_id={region['id']}"))[
        "regions"]] == [child["id"]]
    denied(ks.call("PATCH", f"/regions/{region['id']}", {"region": {
        "parent_region_id": child["id"]}}), 400)  # a cycle
    denied(ks.call("POST", "/regions", {"region": {"id": region["id"]}}), 409)
    service = ks.create("service", {"type": unique("thing"), "name": "things"})
    assert [s["id"] for s in ok(ks.call("GET", f"/services?type={service['type']}"))[
        "services"]] == [service["id"]]
    patched = ok(ks.call("PATCH", f"/services/{service['id']}", {"service": {
        "description": "described"}}))["service"]
    assert patched["description"] == "described"
    endpoint = ks.create("endpoint", {
        "service_id": service["id"], "interface": "public", "region_id": child["id"],
        "url": "http://127.0.0.1:9/things/$(tenant_id)s/%(user_id)s"})
    assert endpoint["region"] == child["id"]
    listed = ok(ks.call("GET", f"/endpoints?service_id={service['id']}&interface=public"))
    assert [e["id"] for e in listed["endpoints"]] == [endpoint["id"]]
    assert ok(ks.call("GET", f"/endpoints?region_id={child['id']}"))["endpoints"][0]["id"] == \
        endpoint["id"]
    # the catalog renders the template with the token's project and user
    body = ok(ks.cloud.authenticate("admin"), 201)["token"]
    rendered = next(s for s in body["catalog"] if s["type"] == service["type"])
    assert rendered["endpoints"][0]["url"] == (
        f"http://127.0.0.1:9/things/{body['project']['id']}/{body['user']['id']}")
    unscoped = ks.cloud.authenticate("admin", scope=None).json["token"]
    assert "catalog" not in unscoped
    ok(ks.call("PATCH", f"/endpoints/{endpoint['id']}", {"endpoint": {"enabled": False}}))
    catalog = ok(ks.call("GET", "/auth/catalog"))["catalog"]
    assert next(s for s in catalog if s["type"] == service["type"])["endpoints"] == []
    denied(ks.call("POST", "/endpoints", {"endpoint": {
        "service_id": service["id"], "interface": "sideways", "url": "http://x"}}), 400)
    denied(ks.call("POST", "/endpoints", {"endpoint": {
        "service_id": service["id"], "interface": "public", "url": "not a url"}}), 400)
    denied(ks.call("POST", "/endpoints", {"endpoint": {
        "service_id": "nothing", "interface": "public", "url": "http://x"}}), 400)
    denied(ks.call("DELETE", f"/regions/{child['id']}"))  # an endpoint uses it
    ok(ks.call("DELETE", f"/services/{service['id']}"), 204)
    denied(ks.call("GET", f"/endpoints/{endpoint['id']}"), 404)
    ok(ks.call("DELETE", f"/regions/{child['id']}"), 204)
    ok(ks.call("DELETE", f"/regions/{region['id']}"), 204)
    demo = ks.cloud.token("demo")
    assert ok(ks.call("GET", "/regions", token=demo))["regions"]
    denied(ks.call("GET", "/services", token=demo))
    denied(ks.call("POST", "/services", {"service": {"type": "x"}}, token=demo))


def test_an_older_state_folder_is_brought_up_to_date(start_cloud):
    cloud = start_cloud()
    ks = Keystone(cloud)
    services = {s["type"]: s for s in ok(ks.call("GET", "/services"))["services"]}
    # the operator deletes a seeded service: it stays deleted after a restart
    ok(ks.call("DELETE", f"/services/{services['image']['id']}"), 204)
    cloud.stop()
    # an older state folder: no network service, and no memory of having seeded it
    db = sqlite3.connect(cloud.state_dir / "localcloud.db")
    with db:
        db.execute("DELETE FROM endpoints WHERE service_id = ?", (services["network"]["id"],))
        db.execute("DELETE FROM services WHERE id = ?", (services["network"]["id"],))
        db.execute("UPDATE meta SET value = '[\"block-storage\",\"compute\",\"identity\","
                   "\"image\",\"object-store\"]' WHERE key = 'seeded_services'")
        # ... written before implied roles and extra properties existed
        db.execute("DELETE FROM implied_roles")
        db.execute("DELETE FROM meta WHERE key = 'implied_roles'")
        for table in ("users", "projects", "domains"):
            db.execute(f"ALTER TABLE {table} DROP COLUMN extra")
    db.close()
    cloud = cloud.restart()
    token = ok(cloud.authenticate("admin"), 201)["token"]
    catalog = {s["type"]: s for s in token["catalog"]}
    assert "image" not in catalog
    assert {e["url"] for e in catalog["network"]["endpoints"]} == {f"{cloud.url}/network"}
    assert {r["name"] for r in token["roles"]} == {"admin", "member", "reader"}
    ks = Keystone(cloud)
    assert ks.user(hobby="chess")["hobby"] == "chess"


# ------------------------------------------------------------------ application credentials
def test_access_rules_limit_what_an_application_credential_may_call(ks):
    demo = ks.cloud.token("demo")
    user_id = ok(ks.call("GET", "/auth/tokens", headers={"X-Subject-Token": demo}))["token"][
        "user"]["id"]
    base = f"/users/{user_id}/application_credentials"
    rules = [{"service": "compute", "method": "GET", "path": "/v2.1/servers"},
             {"service": "compute", "method": "GET", "path": "/v2.1/servers/*"},
             {"service": "identity", "method": "GET", "path": "/v3/auth/**"}]
    created = ok(ks.call("POST", base, {"application_credential": {
        "name": unique("ruled"), "access_rules": rules}}, token=demo), 201)[
        "application_credential"]
    assert {(r["service"], r["method"], r["path"]) for r in created["access_rules"]} == {
        (r["service"], r["method"], r["path"]) for r in rules}
    reply = ks.cloud.call("POST", f"{V3}/auth/tokens", {"auth": {"identity": {
        "methods": ["application_credential"], "application_credential": {
            "id": created["id"], "secret": created["secret"]}}}})
    token_body = ok(reply, 201)["token"]
    assert len(token_body["application_credential"]["access_rules"]) == 3
    token = reply.header("x-subject-token")
    call = ks.cloud.call
    assert call("GET", "/compute/v2.1/servers", token=token).status == 200
    assert call("GET", "/compute/v2.1/servers/nothing-here", token=token).status == 404
    denied(call("GET", "/compute/v2.1/flavors", token=token), 401)
    denied(call("POST", "/compute/v2.1/servers", {"server": {}}, token=token), 401)
    assert call("GET", "/compute/v2.1/servers/detail", token=token).status == 200
    denied(call("GET", "/compute/v2.1/os-keypairs", token=token), 401)
    denied(call("GET", "/image/v2/images", token=token), 401)
    assert call("GET", f"{V3}/auth/catalog", token=token).status == 200
    denied(call("GET", f"{V3}/users/{user_id}", token=token), 401)
    # the rules, listed and shown under the user; in use, they cannot be deleted
    listed = ok(ks.call("GET", f"/users/{user_id}/access_rules", token=demo))["access_rules"]
    ids = {r["id"] for r in created["access_rules"]}
    assert ids <= {r["id"] for r in listed}
    rule_id = created["access_rules"][0]["id"]
    shown = ok(ks.call("GET", f"/users/{user_id}/access_rules/{rule_id}", token=demo))
    assert shown["access_rule"]["id"] == rule_id and "self" in shown["access_rule"]["links"]
    denied(ks.call("DELETE", f"/users/{user_id}/access_rules/{rule_id}", token=demo))
    # a second credential reuses an existing rule by id
    again = ok(ks.call("POST", base, {"application_credential": {
        "name": unique("reuse"), "access_rules": [{"id": rule_id}]}}, token=demo), 201)[
        "application_credential"]
    assert [r["id"] for r in again["access_rules"]] == [rule_id]
    for cred in (created, again):
        ok(ks.call("DELETE", f"{base}/{cred['id']}", token=demo), 204)
    assert call("GET", "/compute/v2.1/servers", token=token).status == 401
    ok(ks.call("DELETE", f"/users/{user_id}/access_rules/{rule_id}", token=demo), 204)
    denied(ks.call("GET", f"/users/{user_id}/access_rules/{rule_id}", token=demo), 404)
    for bad in ([{"service": "compute", "method": "FETCH", "path": "/x"}],
                [{"service": "compute", "method": "GET", "path": "no-slash"}],
                [{"service": "compute", "method": "GET", "path": "/x", "extra": 1}], "x"):
        denied(ks.call("POST", base, {"application_credential": {
            "name": unique("bad"), "access_rules": bad}}, token=demo), 400)


def test_application_credential_expiry_roles_and_restrictions(ks):
    demo = ks.cloud.token("demo")
    user_id = ok(ks.call("GET", "/auth/tokens", headers={"X-Subject-Token": demo}))["token"][
        "user"]["id"]
    base = f"/users/{user_id}/application_credentials"
    soon = (datetime.now(UTC) + timedelta(seconds=1.5)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    created = ok(ks.call("POST", base, {"application_credential": {
        "name": unique("short"), "expires_at": soon, "roles": [{"name": "reader"}]}},
        token=demo), 201)["application_credential"]
    assert created["expires_at"].startswith(soon[:19])
    auth = {"auth": {"identity": {"methods": ["application_credential"],
                                  "application_credential": {"id": created["id"],
                                                             "secret": created["secret"]}}}}
    reply = ks.cloud.call("POST", f"{V3}/auth/tokens", auth)
    token = ok(reply, 201)["token"]
    assert [r["name"] for r in token["roles"]] == ["reader"]
    assert token["application_credential"]["restricted"] is True
    assert token["expires_at"][:19] == soon[:19]
    app_token = reply.header("x-subject-token")
    # a restricted credential's token cannot make another credential
    denied(ks.call("POST", base, {"application_credential": {"name": "x"}}, token=app_token))
    time.sleep(1.6)
    denied(ks.cloud.call("POST", f"{V3}/auth/tokens", auth), 401)
    assert ks.cloud.call("GET", "/compute/v2.1/flavors", token=app_token).status == 401
    # roles the user does not hold, a past expiry, bad types
    denied(ks.call("POST", base, {"application_credential": {
        "name": unique("x"), "roles": [{"name": "admin"}]}}, token=demo), 400)
    denied(ks.call("POST", base, {"application_credential": {
        "name": unique("x"), "expires_at": "2001-01-01T00:00:00Z"}}, token=demo), 400)
    denied(ks.call("POST", base, {"application_credential": {
        "name": unique("x"), "unrestricted": "yes"}}, token=demo), 400)
    unrestricted = ok(ks.call("POST", base, {"application_credential": {
        "name": unique("free"), "unrestricted": True}}, token=demo), 201)[
        "application_credential"]
    free_token = ks.cloud.call("POST", f"{V3}/auth/tokens", {"auth": {"identity": {
        "methods": ["application_credential"], "application_credential": {
            "id": unrestricted["id"], "secret": unrestricted["secret"]}}}}).header(
        "x-subject-token")
    ok(ks.call("POST", base, {"application_credential": {"name": unique("child")}},
               token=free_token), 201)
    # administrators read and delete them; other users do not
    assert ok(ks.call("GET", base))["application_credentials"]
    other = ks.user()
    project = ks.project()
    ks.grant(f"projects/{project['id']}", f"users/{other['id']}", "member")
    other_token = ks.token(other["id"], scope=project_scope(project["id"]))
    denied(ks.call("GET", base, token=other_token))
    denied(ks.call("DELETE", f"{base}/{unrestricted['id']}", token=other_token))
    ok(ks.call("DELETE", f"{base}/{unrestricted['id']}"), 204)
