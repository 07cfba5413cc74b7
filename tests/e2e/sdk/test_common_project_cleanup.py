"""Project cleanup through the SDK, sync (`ostack.cleanup.project_cleanup`) and async
(`aproject_cleanup`): a dry run lists a throwaway project's resources service by service,
filters and skips narrow it, and a real run deletes them."""

from __future__ import annotations

import inspect
import uuid

import pytest

from ostack import cleanup


def _cleanup(conn, **options):
    """Run the cleanup through the driver the connection has (the async one is seen
    through the `sdk` fixture's sync view)."""
    target = getattr(conn, "_target", None)
    if target is None:
        return list(cleanup.project_cleanup(conn, **options))
    return list(conn._iterate(cleanup.aproject_cleanup(target, **options)))


def _as_project(conn, project):
    target = getattr(conn, "_target", None)
    if target is None:
        return cleanup.connect_as_project(conn, project)
    from tests.support.sdk import Synced

    return Synced(cleanup.connect_as_project(target, project), conn._loop)


def _close(conn):
    target = getattr(conn, "_target", None)
    if target is None:
        conn.close()
    else:
        conn._loop.run_until_complete(target.close())


@pytest.fixture
def scoped(sdk, localcloud):
    """A connection scoped to a new project (the admin user a member of it)."""
    project = sdk.identity.create_project(name=f"sdk-cleanup-{uuid.uuid4().hex[:8]}",
                                          domain_id="default")
    admin = localcloud.token()
    access = sdk.session.get_access()
    if inspect.isawaitable(access):
        access = sdk._loop.run_until_complete(access)
    user_id = access.user_id
    role = localcloud.call("GET", "/identity/v3/roles?name=member",
                           token=admin).json["roles"][0]["id"]
    grant = f"/identity/v3/projects/{project.id}/users/{user_id}/roles/{role}"
    assert localcloud.call("PUT", grant, token=admin).status == 204
    conn = _as_project(sdk, project)
    yield conn, project
    _close(conn)
    sdk.identity.delete_project(project, ignore_missing=True)


def test_project_cleanup(scoped):
    conn, project = scoped
    assert _cleanup(conn) == []
    network, compute = conn.network, conn.compute
    net = network.create_network(name="net")
    subnet = network.create_subnet(network_id=net.id, ip_version=4, cidr="10.88.0.0/24",
                                   name="sub")
    group = network.create_security_group(name="sg")
    server_group = compute.create_server_group(name="grp", policy="anti-affinity")
    volume = conn.block_storage.create_volume(name="vol", size=1)
    conn.block_storage.wait_for_volume(volume, status="available", wait=30, interval=0.1)
    picked = _cleanup(conn, dry_run=True)
    assert [(type(r).__name__, r.id) for r in picked] == [
        ("ServerGroup", server_group.id), ("Volume", volume.id),
        ("SecurityGroup", group.id), ("Subnet", subnet.id), ("Network", net.id)]
    assert _cleanup(conn, filters={"created_at": "2000-01-01T00:00:00"}) == []
    skipped = _cleanup(conn, skip_resources=["block_storage.volume", "network.subnet"])
    assert {type(r).__name__ for r in skipped} == {"ServerGroup", "SecurityGroup"}
    deleted = _cleanup(conn, dry_run=False)
    assert {r.id for r in deleted} == {r.id for r in picked}
    conn.block_storage.wait_for_delete(volume, wait=30, interval=0.1)
    assert _cleanup(conn) == []
    assert network.find_network(net.id) is None


def test_connect_as_project_needs_a_config():
    from ostack import exceptions
    from ostack.connection import Connection

    bare = Connection(session=object())
    with pytest.raises(exceptions.OstackError, match="cannot change its project"):
        cleanup.connect_as_project(bare, "x")
