"""The ostack client (auth plugins, Session, connect) against a real Keystone 30.

Users, projects, roles and services are set up with plain HTTP as Keystone's admin (see
`tests/support/keystone.py`), so a failure here points at the client, not at the set-up.
What is under test (authentication, scope, re-authentication, endpoint resolution, errors)
goes through ostack only.
"""

from __future__ import annotations

import secrets
import subprocess
import sys
import time
import types
from datetime import UTC, datetime

import pytest

# isort: off
# ostack.transport first: importing ostack.auth before it is a circular import (see
# test_auth_package_imports_on_its_own); the order here keeps the other tests meaningful.
from ostack.transport import Session
from ostack import exceptions
from ostack.auth import ApplicationCredential, Password, Token

# isort: on
from tests.support.keystone import KeystoneServer, http

pytestmark = pytest.mark.keystone

MEMBER = "member"


def test_auth_package_imports_on_its_own():
    """`from ostack.auth import Password` must work as a program's first ostack import."""
    for statement in (
        "from ostack.auth import ApplicationCredential, Password, Token",
        "from ostack.transport import Session",
        "from ostack.exceptions import Unauthorized, NotFound, Forbidden, HttpError, "
        "EndpointNotFound",
    ):
        proc = subprocess.run(
            [sys.executable, "-c", statement], capture_output=True, text=True, timeout=60
        )
        assert proc.returncode == 0, f"{statement!r} failed:\n{proc.stderr[-2000:]}"


# -- set-up with plain HTTP -------------------------------------------------------------------
def _create(keystone: KeystoneServer, path: str, key: str, body: dict) -> dict:
    return keystone.admin("POST", path, {key: body}).json()[key]


def _role_id(keystone: KeystoneServer, name: str) -> str:
    roles = keystone.admin("GET", f"/v3/roles?name={name}").json()["roles"]
    assert len(roles) == 1, roles
    return roles[0]["id"]


def _validate(keystone: KeystoneServer, token: str) -> tuple[int, dict | None]:
    """Check a token with Keystone itself (GET /v3/auth/tokens), as admin."""
    resp = http(
        "GET", keystone.auth_url + "/auth/tokens",
        token=keystone.admin_token(), headers={"X-Subject-Token": token},
    )  # fmt: skip
    return resp.status, resp.json() if resp.status == 200 else None


@pytest.fixture(scope="module")
def world(keystone: KeystoneServer) -> types.SimpleNamespace:
    """A domain of its own holding a project and a user who is member of both."""
    suffix = secrets.token_hex(4)
    domain = _create(keystone, "/v3/domains", "domain", {"name": f"ostack-it-{suffix}"})
    project = _create(
        keystone, "/v3/projects", "project",
        {"name": f"proj-{suffix}", "domain_id": domain["id"]},
    )  # fmt: skip
    password = "pw-" + secrets.token_urlsafe(12)
    user = _create(
        keystone, "/v3/users", "user",
        {"name": f"alice-{suffix}", "domain_id": domain["id"], "password": password},
    )  # fmt: skip
    member = _role_id(keystone, MEMBER)
    keystone.admin("PUT", f"/v3/projects/{project['id']}/users/{user['id']}/roles/{member}")
    keystone.admin("PUT", f"/v3/domains/{domain['id']}/users/{user['id']}/roles/{member}")
    return types.SimpleNamespace(
        domain=domain, project=project, user=user, password=password, member_role_id=member
    )


def _password(keystone: KeystoneServer, world, **kwargs) -> Password:
    kwargs.setdefault("password", world.password)
    return Password(keystone.auth_url, **kwargs)


# -- password auth and scope ------------------------------------------------------------------
@pytest.mark.parametrize(
    "how",
    ["user-name+domain-name/project-name+domain-name", "user-id/project-id",
     "user-name+domain-id/project-name+domain-id"],
)  # fmt: skip
def test_password_project_scope(keystone, world, how):
    if how.startswith("user-name+domain-name"):
        plugin = _password(
            keystone, world, username=world.user["name"], user_domain_name=world.domain["name"],
            project_name=world.project["name"], project_domain_name=world.domain["name"],
        )  # fmt: skip
    elif how == "user-id/project-id":
        plugin = _password(
            keystone, world, user_id=world.user["id"], project_id=world.project["id"]
        )
    else:
        plugin = _password(
            keystone, world, username=world.user["name"], user_domain_id=world.domain["id"],
            project_name=world.project["name"], project_domain_id=world.domain["id"],
        )  # fmt: skip
    sess = Session(auth=plugin)
    access = sess.get_access()

    assert access.user_id == world.user["id"]
    assert access.project_id == world.project["id"]
    assert access.domain_id is None
    assert access.system is None
    assert MEMBER in access.role_names
    assert isinstance(access.expires_at, datetime)
    assert access.expires_at > datetime.now(UTC)
    assert "identity" in {entry["type"] for entry in access.catalog}
    assert sess.get_token() == access.token

    # Keystone itself agrees on what the token is.
    status, body = _validate(keystone, access.token)
    assert status == 200
    assert body["token"]["project"]["id"] == world.project["id"]
    assert body["token"]["user"]["id"] == world.user["id"]


def test_password_domain_scope(keystone, world):
    sess = Session(
        auth=_password(
            keystone, world, username=world.user["name"], user_domain_name=world.domain["name"],
            domain_name=world.domain["name"],
        )
    )  # fmt: skip
    access = sess.get_access()
    assert access.domain_id == world.domain["id"]
    assert access.project_id is None
    assert MEMBER in access.role_names


def test_password_unscoped(keystone, world):
    sess = Session(auth=_password(keystone, world, user_id=world.user["id"]))
    access = sess.get_access()
    assert access.user_id == world.user["id"]
    assert access.project_id is None
    assert access.domain_id is None
    assert access.system is None
    assert access.catalog == []
    assert _validate(keystone, access.token)[0] == 200
    with pytest.raises(exceptions.EndpointNotFound):
        sess.get_endpoint("compute")


def test_password_system_scope(keystone):
    sess = Session(
        auth=Password(
            keystone.auth_url, username=keystone.admin_username,
            password=keystone.admin_password, user_domain_id=keystone.domain_id,
            system_scope="all",
        )
    )  # fmt: skip
    access = sess.get_access()
    assert access.system == {"all": True}
    assert access.project_id is None
    assert "admin" in access.role_names


def test_wrong_password_is_unauthorized_with_keystone_message(keystone, world):
    body = {
        "auth": {
            "identity": {
                "methods": ["password"],
                "password": {"user": {"id": world.user["id"], "password": "wrong"}},
            }
        }
    }
    raw = http("POST", keystone.auth_url + "/auth/tokens", body=body)
    assert raw.status == 401
    keystone_message = raw.json()["error"]["message"]

    sess = Session(
        auth=Password(
            keystone.auth_url, username=world.user["name"], password="wrong",
            user_domain_name=world.domain["name"], project_id=world.project["id"],
        )
    )  # fmt: skip
    with pytest.raises(exceptions.Unauthorized) as caught:
        sess.get_token()
    assert caught.value.status_code == 401
    assert keystone_message in str(caught.value)
    assert isinstance(caught.value, exceptions.HttpError)


def test_token_plugin_rescopes_an_unscoped_token(keystone, world):
    unscoped = Session(auth=_password(keystone, world, user_id=world.user["id"])).get_token()
    sess = Session(auth=Token(keystone.auth_url, unscoped, project_id=world.project["id"]))
    access = sess.get_access()
    assert access.token != unscoped
    assert access.project_id == world.project["id"]
    assert access.user_id == world.user["id"]


# -- application credentials ------------------------------------------------------------------
@pytest.fixture(scope="module")
def app_cred(keystone, world) -> dict:
    """An application credential the user made for itself, on the world's project."""
    user_token = keystone.issue_token_by_id(world.user["id"], world.password, world.project["id"])
    resp = http(
        "POST", f"{keystone.auth_url}/users/{world.user['id']}/application_credentials",
        token=user_token,
        body={"application_credential": {"name": f"ci-{secrets.token_hex(3)}"}},
    )  # fmt: skip
    assert resp.status == 201, resp.body
    cred = resp.json()["application_credential"]
    assert cred["project_id"] == world.project["id"]
    return cred


def test_application_credential_by_id(keystone, world, app_cred):
    sess = Session(
        auth=ApplicationCredential(
            keystone.auth_url, application_credential_secret=app_cred["secret"],
            application_credential_id=app_cred["id"],
        )
    )  # fmt: skip
    access = sess.get_access()
    assert access.project_id == world.project["id"]
    assert access.user_id == world.user["id"]
    assert "application_credential" in access.body["token"]["methods"]


@pytest.mark.parametrize("user_by", ["name+domain-name", "name+domain-id", "id"])
def test_application_credential_by_name_and_user(keystone, world, app_cred, user_by):
    user: dict = {}
    if user_by == "id":
        user["user_id"] = world.user["id"]
    elif user_by == "name+domain-name":
        user.update(username=world.user["name"], user_domain_name=world.domain["name"])
    else:
        user.update(username=world.user["name"], user_domain_id=world.domain["id"])
    sess = Session(
        auth=ApplicationCredential(
            keystone.auth_url, application_credential_secret=app_cred["secret"],
            application_credential_name=app_cred["name"], **user,
        )
    )  # fmt: skip
    access = sess.get_access()
    assert access.project_id == world.project["id"]
    assert access.user_id == world.user["id"]


def test_application_credential_wrong_secret(keystone, app_cred):
    sess = Session(
        auth=ApplicationCredential(
            keystone.auth_url, application_credential_secret="not-the-secret",
            application_credential_id=app_cred["id"],
        )
    )  # fmt: skip
    with pytest.raises(exceptions.Unauthorized):
        sess.get_access()


# -- revocation and transparent re-authentication ---------------------------------------------
def test_revoked_token_is_replaced_transparently(keystone, world):
    sess = Session(
        auth=_password(keystone, world, user_id=world.user["id"], project_id=world.project["id"])
    )
    first = sess.get_token()
    assert sess.get("/v3/auth/projects", service_type="identity").status_code == 200

    # Out of band, with a separate admin token: revoke the session's token.
    admin = keystone.admin_token(fresh=True)
    resp = http(
        "DELETE", keystone.auth_url + "/auth/tokens",
        token=admin, headers={"X-Subject-Token": first},
    )  # fmt: skip
    assert resp.status == 204, resp.body
    assert _validate(keystone, first)[0] == 404
    assert sess.get_token() == first  # the session does not know yet

    logged = _settled_log_length(keystone)
    resp = sess.get("/v3/auth/projects", service_type="identity")
    assert resp.status_code == 200
    # What Keystone saw: the refused request, one new token, the request again.
    assert _new_requests(keystone, logged, 3) == [
        ("GET", "/v3/auth/projects", 401),
        ("POST", "/v3/auth/tokens", 201),
        ("GET", "/v3/auth/projects", 200),
    ]
    assert world.project["id"] in {p["id"] for p in resp.json()["projects"]}
    second = sess.get_token()
    assert second != first
    assert _validate(keystone, second)[0] == 200


def _settled_log_length(keystone: KeystoneServer) -> int:
    """How many requests are logged, once gunicorn has written the lines of those answered
    so far (it logs just after answering, so a count taken at once may miss the last one)."""
    count = len(keystone.access_log())
    while True:
        time.sleep(0.15)
        again = len(keystone.access_log())
        if again == count:
            return count
        count = again


def _new_requests(keystone: KeystoneServer, since: int, count: int) -> list:
    """The requests logged after the first `since`; gunicorn logs just after it answers."""
    deadline = time.monotonic() + 5
    while len(keystone.access_log()) < since + count and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.1)  # and nothing more than expected
    return keystone.access_log()[since:]


def test_invalidate_drops_the_token(keystone, world):
    sess = Session(auth=_password(keystone, world, user_id=world.user["id"]))
    first = sess.get_token()
    sess.invalidate()
    second = sess.get_token()
    assert second != first
    assert _validate(keystone, first)[0] == 200  # invalidate() forgets; it does not revoke


# -- catalog: endpoints by interface and region -----------------------------------------------
def _endpoint_urls(service: str) -> dict[tuple[str, str], str]:
    return {
        (interface, region): f"http://127.0.0.1:9/{service}/{region.lower()}/{interface}/v2.1"
        for interface in ("public", "internal", "admin")
        for region in ("RegionOne", "RegionTwo")
    }


def _register(keystone: KeystoneServer, service_type: str, name: str) -> dict:
    """A service with public/internal/admin endpoints in RegionOne and RegionTwo."""
    service = _create(keystone, "/v3/services", "service", {"type": service_type, "name": name})
    urls = _endpoint_urls(name)
    for (interface, region), url in urls.items():
        _create(
            keystone, "/v3/endpoints", "endpoint",
            {"service_id": service["id"], "interface": interface, "region_id": region,
             "url": url},
        )  # fmt: skip
    return urls


@pytest.fixture(scope="module")
def two_regions(keystone) -> dict:
    """`compute` and `sharev2` (the alias of shared-file-system) in two regions."""
    regions = {r["id"] for r in keystone.admin("GET", "/v3/regions").json()["regions"]}
    if "RegionTwo" not in regions:
        _create(keystone, "/v3/regions", "region", {"id": "RegionTwo"})
    return {
        "compute": _register(keystone, "compute", f"nova-{secrets.token_hex(3)}"),
        "sharev2": _register(keystone, "sharev2", f"manila-{secrets.token_hex(3)}"),
    }


def _admin_session(keystone: KeystoneServer, **kwargs) -> Session:
    plugin = Password(
        keystone.auth_url, username=keystone.admin_username, password=keystone.admin_password,
        user_domain_name=keystone.domain_name, project_name=keystone.admin_project_name,
        project_domain_name=keystone.domain_name,
    )  # fmt: skip
    return Session(auth=plugin, **kwargs)


@pytest.mark.parametrize("interface", ["public", "internal", "admin"])
@pytest.mark.parametrize("region", ["RegionOne", "RegionTwo"])
def test_get_endpoint_by_interface_and_region(keystone, two_regions, interface, region):
    sess = _admin_session(keystone)
    urls = two_regions["compute"]
    assert sess.get_endpoint("compute", interface=interface, region_name=region) == urls[
        (interface, region)
    ]
    # The session's own defaults apply when a call names neither.
    other = _admin_session(keystone, interface=interface, region_name=region)
    assert other.get_endpoint("compute") == urls[(interface, region)]


def test_get_endpoint_by_official_name_of_an_aliased_type(keystone, two_regions):
    sess = _admin_session(keystone, region_name="RegionTwo")
    urls = two_regions["sharev2"]
    assert sess.get_endpoint("shared-file-system") == urls[("public", "RegionTwo")]
    assert sess.get_endpoint("sharev2", interface="internal") == urls[("internal", "RegionTwo")]


def test_get_endpoint_identity_is_the_bootstrap_one(keystone):
    sess = _admin_session(keystone)
    for interface in ("public", "internal", "admin"):
        got = sess.get_endpoint("identity", interface=interface, region_name=keystone.region)
        assert got == keystone.auth_url


def test_missing_endpoints_raise_endpoint_not_found(keystone, two_regions):
    sess = _admin_session(keystone)
    with pytest.raises(exceptions.EndpointNotFound):
        sess.get_endpoint("compute", region_name="RegionThree")
    with pytest.raises(exceptions.EndpointNotFound):
        sess.get_endpoint("object-store")
    with pytest.raises(exceptions.EndpointNotFound):
        sess.get_endpoint("identity", region_name="RegionTwo")


def test_new_service_is_seen_after_reauth(keystone, two_regions):
    sess = _admin_session(keystone)
    sess.get_access()
    kind = f"ostack-test-{secrets.token_hex(3)}"
    urls = _register(keystone, kind, kind)
    with pytest.raises(exceptions.EndpointNotFound):
        sess.get_endpoint(kind)  # the token's catalog predates the service
    sess.invalidate()
    assert sess.get_endpoint(kind, interface="admin", region_name="RegionTwo") == urls[
        ("admin", "RegionTwo")
    ]


# -- requests and errors through the session --------------------------------------------------
def test_relative_and_absolute_urls(keystone):
    sess = _admin_session(keystone)
    by_path = sess.get("/v3/projects", service_type="identity").json()["projects"]
    relative = sess.get("projects", service_type="identity").json()["projects"]
    absolute = sess.get(keystone.auth_url + "/projects").json()["projects"]
    names = {p["name"] for p in by_path}
    assert "admin" in names
    assert names == {p["name"] for p in relative} == {p["name"] for p in absolute}


def test_not_found_and_forbidden(keystone, world):
    sess = _admin_session(keystone)
    with pytest.raises(exceptions.NotFound) as caught:
        sess.get("/v3/projects/does-not-exist", service_type="identity")
    assert caught.value.status_code == 404
    assert "does-not-exist" in str(caught.value)
    resp = sess.get("/v3/projects/does-not-exist", service_type="identity", raise_exc=False)
    assert resp.status_code == 404

    member = Session(
        auth=_password(keystone, world, user_id=world.user["id"], project_id=world.project["id"])
    )
    with pytest.raises(exceptions.Forbidden):
        member.get("/v3/users", service_type="identity")


def test_post_and_delete_through_the_session(keystone):
    sess = _admin_session(keystone)
    name = f"made-by-ostack-{secrets.token_hex(3)}"
    resp = sess.post(
        "/v3/projects", service_type="identity",
        json={"project": {"name": name, "domain_id": keystone.domain_id}},
    )  # fmt: skip
    assert resp.status_code == 201
    project_id = resp.json()["project"]["id"]
    assert sess.get(f"/v3/projects/{project_id}", service_type="identity").json()["project"][
        "name"
    ] == name
    assert sess.delete(f"/v3/projects/{project_id}", service_type="identity").status_code == 204
    assert keystone.request(
        "GET", f"/v3/projects/{project_id}", token=keystone.admin_token()
    ).status == 404


# -- ostack.connect ---------------------------------------------------------------------------
def test_connect_lists_bootstrap_project_and_user(keystone):
    import ostack

    conn = ostack.connect(
        auth_url=keystone.auth_url, username=keystone.admin_username,
        password=keystone.admin_password, project_name=keystone.admin_project_name,
        user_domain_name=keystone.domain_name, project_domain_name=keystone.domain_name,
        region_name=keystone.region, cache=False,
    )  # fmt: skip
    assert isinstance(conn.session, Session)
    assert conn.session.get_access().project_name == keystone.admin_project_name

    projects = {p.name: p.id for p in conn.identity.projects()}
    assert keystone.admin_project_name in projects
    admin_project = keystone.admin("GET", "/v3/projects?name=admin").json()["projects"][0]
    assert projects[keystone.admin_project_name] == admin_project["id"]

    users = {u.name: u.id for u in conn.identity.users()}
    assert keystone.admin_username in users
    assert users[keystone.admin_username] == conn.session.get_access().user_id
