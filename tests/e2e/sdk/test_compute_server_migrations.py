"""Migrations (os-migrations) and a server's live migrations through the SDK, sync and
async: list, read, abort and force complete."""

from __future__ import annotations

import time

import pytest
from tests.support.servers import Fixtures

from ostack import exceptions


def _running(sdk, localcloud, server):
    """Start a slow live migration of `server`; its migration once running."""
    before = localcloud.call("GET", "/_localcloud/settings").json["settings"]["task_delay"]
    localcloud.call("PUT", "/_localcloud/settings", {"task_delay": 60})
    try:
        sdk.compute.live_migrate_server(server)
    finally:
        localcloud.call("PUT", "/_localcloud/settings", {"task_delay": before})
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        running = [m for m in sdk.compute.server_migrations(server) if m.status == "running"]
        if running:
            return running[0]
        time.sleep(0.1)
    raise AssertionError("the live migration did not start")


def test_migrations(sdk, localcloud):
    with Fixtures(localcloud) as made:
        (server,) = made.servers("sdkmig", count=1)
        compute = sdk.compute
        compute.migrate_server(server)
        made.wait(server, "VERIFY_RESIZE")
        (cold,) = compute.migrations(server_id=server.id)
        assert cold.migration_type == "migration" and cold.status == "finished"
        assert cold.server_id == server.id and cold.uuid and cold.old_flavor_id
        assert cold.source_compute == server.compute_host
        assert [m.id for m in compute.migrations(server_id=server.id,
                                                 migration_type="resize")] == []
        assert len(list(compute.migrations(limit=1, max_items=1))) == 1
        compute.confirm_server_resize(server)
        made.wait(server, "ACTIVE")
        # A live migration under way: listed, read, forced to complete.
        live = _running(sdk, localcloud, server)
        assert live.server_id == server.id and live.memory_total_bytes
        got = compute.get_server_migration(live.id, server)
        assert got.uuid == live.uuid and got.status == "running"
        assert compute.get_server_migration(999999, server) is None
        with pytest.raises(exceptions.NotFound):
            compute.get_server_migration(999999, server, ignore_missing=False)
        compute.force_complete_server_migration(live, server)
        deadline = time.monotonic() + 20
        while compute.get_server(server.id).task_state is not None:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        statuses = {m.id: m.status for m in compute.migrations(server_id=server.id)}
        assert statuses[live.id] == "completed"
        # Another one, aborted.
        live = _running(sdk, localcloud, server)
        compute.abort_server_migration(live.id, server)
        made.wait(server, "ACTIVE")
        statuses = {m.id: m.status for m in compute.migrations(server_id=server.id)}
        assert statuses[live.id] == "cancelled"
        assert list(compute.server_migrations(server)) == []
