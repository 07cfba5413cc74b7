"""The SDK (`ostack.connect`) against a started local cloud, over real HTTP."""

from __future__ import annotations

import itertools
import time
import uuid

import pytest

import ostack
from ostack import exceptions


@pytest.fixture
def conn(localcloud, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    connection = ostack.connect(cloud="local", env=localcloud.env, cache=False)
    yield connection
    connection.close()


@pytest.fixture
def demo_conn(localcloud):
    connection = ostack.connect(cloud="local-demo", env=localcloud.env, cache=False)
    yield connection
    connection.close()


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_identity_token_and_catalog(conn):
    access = conn.identity.get_access()
    assert access.project_name == "admin"
    assert "admin" in access.role_names
    assert access.expires_at is not None
    types = {entry["type"] for entry in conn.identity.catalog().entries}
    assert {"identity", "compute", "image"} <= types
    compute_url = conn.session.get_endpoint("compute", interface="internal")
    assert compute_url.startswith(conn.session.get_endpoint("identity").rsplit("/identity")[0])


def test_identity_projects_and_users(conn):
    projects = {p.name: p for p in conn.identity.projects()}
    assert {"admin", "demo"} <= set(projects)
    users = {u.name for u in conn.identity.users()}
    assert {"admin", "demo"} <= users
    found = conn.identity.find_project("demo")
    assert found is not None and found.id == projects["demo"].id
    assert conn.identity.find_project("no-such-project") is None


def test_compute_microversion_is_negotiated(conn):
    # The client speaks up to 2.96 and the local cloud announces at least that.
    assert conn.compute.microversion == "2.96"
    pinned = ostack.connect(microversions={"compute": "2.47"}, cache=False, **_auth_of(conn))
    assert pinned.compute.microversion == "2.47"
    with pytest.raises(exceptions.MicroversionError):
        _ = ostack.connect(microversions={"compute": "9.1"}, cache=False,
                           **_auth_of(conn)).compute.microversion


def _auth_of(conn) -> dict:
    config = conn.config
    return dict(config.auth, region_name=config.region_name, use_env=False)


def test_flavors_list_get_find(conn):
    flavors = list(conn.compute.flavors())
    names = {f.name for f in flavors}
    assert "m1.tiny" in names
    tiny = conn.compute.find_flavor("m1.tiny")
    assert tiny.vcpus >= 1 and tiny.ram > 0
    assert conn.compute.get_flavor(tiny.id).name == "m1.tiny"
    assert conn.compute.find_flavor(tiny.id).id == tiny.id
    with pytest.raises(exceptions.NotFound):
        conn.compute.find_flavor("m1.nonexistent", ignore_missing=False)


def test_server_lifecycle(conn):
    image = conn.image.find_image("cirros-0.6.2-x86_64-disk", ignore_missing=False)
    flavor = conn.compute.find_flavor("m1.tiny", ignore_missing=False)
    name = _name("sdk")
    server = conn.compute.create_server(name, image=image.id, flavor=flavor.id,
                                        metadata={"purpose": "test"})
    assert server.id
    active = conn.compute.wait_for_server(server, status="ACTIVE", wait=30, interval=0.2)
    assert active.status == "ACTIVE"
    assert active.flavor["original_name"] == "m1.tiny"  # embedded flavor from 2.47
    assert active.metadata == {"purpose": "test"}
    assert conn.compute.find_server(name).id == server.id
    assert conn.compute.find_server(server.id).name == name
    conn.compute.delete_server(server)
    conn.compute.wait_for_delete(server, wait=30, interval=0.2)
    with pytest.raises(exceptions.NotFound):
        conn.compute.get_server(server.id)
    assert conn.compute.find_server(name) is None


def test_pagination_is_lazy(conn):
    image = conn.image.find_image("cirros-0.6.2-x86_64-disk", ignore_missing=False)
    prefix = _name("page")
    created = [
        conn.compute.create_server(f"{prefix}-{i}", image=image.id, flavor="1")
        for i in range(3)
    ]
    try:
        before = conn.session.http.request_count
        iterator = conn.compute.servers(limit=1, name=f"^{prefix}")
        first = next(iterator)
        assert conn.session.http.request_count - before == 1  # one page, nothing more
        rest = list(iterator)
        names = sorted(s.name for s in [first, *rest])
        assert names == [f"{prefix}-{i}" for i in range(3)]
        # Three pages of one, plus the empty page that ends the listing.
        assert conn.session.http.request_count - before >= 3
        assert len(list(itertools.islice(conn.compute.servers(limit=2), 2))) == 2
    finally:
        for server in created:
            conn.compute.delete_server(server)


def test_projects_are_isolated(conn, demo_conn):
    image = conn.image.find_image("cirros-0.6.2-x86_64-disk", ignore_missing=False)
    server = conn.compute.create_server(_name("admin-only"), image=image.id, flavor="1")
    try:
        assert server.id not in {s.id for s in demo_conn.compute.servers()}
        with pytest.raises(exceptions.NotFound):
            demo_conn.compute.get_server(server.id)
        with pytest.raises(exceptions.NotFound):
            demo_conn.compute.delete_server(server.id, ignore_missing=False)
        # Admin-only: creating a flavor as a member is forbidden, with Nova's message.
        with pytest.raises(exceptions.Forbidden) as err:
            demo_conn.compute.request("POST", "/flavors", json={
                "flavor": {"name": _name("f"), "ram": 64, "vcpus": 1, "disk": 1}})
        assert err.value.message
        assert err.value.request_id and err.value.request_id.startswith("req-")
    finally:
        conn.compute.delete_server(server)


def test_revoked_token_is_renewed_once(conn, localcloud):
    first = conn.session.get_token()
    other = ostack.connect(cloud="local", env=localcloud.env, cache=False)
    other.identity.revoke_token(first)
    with pytest.raises(exceptions.NotFound):
        other.identity.validate_token(first)
    # The session meets a 401, authenticates again, and the request succeeds.
    assert list(conn.compute.flavors())
    assert conn.session.get_token() != first


def test_wrong_password_is_unauthorized(localcloud):
    bad = ostack.connect(cloud="local", env=localcloud.env, cache=False, password="wrong")
    with pytest.raises(exceptions.Unauthorized) as err:
        bad.session.get_token()
    assert err.value.status_code == 401
    assert err.value.message


def test_token_cache_reuses_the_token(localcloud, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    first = ostack.connect(cloud="local", env=localcloud.env)
    list(first.compute.flavors())
    token = first.session.get_token()
    second = ostack.connect(cloud="local", env=localcloud.env)
    list(second.compute.flavors())
    # Token, catalog and discovery came from disk: one request, the listing itself.
    assert second.session.http.request_count == 1
    assert second.session.get_token() == token
    files = list((tmp_path / "cache" / "ostack" / "auth").glob("*.json"))
    assert len(files) == 1
    assert files[0].stat().st_mode & 0o777 == 0o600
    assert files[0].parent.stat().st_mode & 0o777 == 0o700
    assert token not in str(files[0])


def test_bad_auth_url_names_the_problem(tmp_path):
    conn = ostack.connect(auth_url="http://127.0.0.1:9/identity", username="u", password="p",
                          project_name="p", user_domain_name="Default",
                          project_domain_name="Default", use_env=False, cache=False)
    conn.session.http.retries = 0
    with pytest.raises(exceptions.ConnectFailure) as err:
        conn.session.get_token()
    assert "127.0.0.1:9" in str(err.value)


def test_token_is_renewed_before_it_expires(start_cloud):
    # Tokens live 63 s and the client renews 60 s before expiry: after 3 s it must renew.
    cloud = start_cloud(token_expiration=63)
    conn = ostack.connect(cloud="local", env=cloud.env, cache=False)
    first = conn.session.get_access()
    assert first.will_expire_soon(margin=60.0) is False
    list(conn.compute.flavors())
    time.sleep(3.2)
    list(conn.compute.flavors())
    assert conn.session.get_token() != first.token
