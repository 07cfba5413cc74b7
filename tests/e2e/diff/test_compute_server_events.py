"""`server event list|show`: ostack prints a server's recorded actions and their events as
the official client does, for live and deleted servers."""

from __future__ import annotations

import pytest
from tests.support.servers import Fixtures

pytestmark = pytest.mark.official


def test_server_events(differ, localcloud):
    with Fixtures(localcloud) as made:
        (server,) = made.servers("ev", count=1)
        made.conn.compute.stop_server(server)
        made.wait(server, "SHUTOFF")
        differ.same("server", "event", "list", server.name)
        differ.same("server", "event", "list", server.id, "--long", fmt="table")
        differ.same("server", "event", "list", server.id, "--limit", "1",
                    "--changes-since", "2000-01-01T00:00:00Z")
        differ.same("server", "event", "list", server.id, "--max-items", "1",
                    "--changes-before", "2999-01-01T00:00:00Z", "--long")
        request_ids = [a.request_id for a in made.conn.compute.server_actions(server)]
        assert len(request_ids) == 2
        differ.same("server", "event", "list", server.id, "--marker", request_ids[0])
        for request_id in request_ids:
            differ.same("server", "event", "show", server.id, request_id)
        differ.same("server", "event", "show", server.name, request_ids[-1], fmt="table")
        mine, official = differ.same("server", "event", "list", server.id, "--changes-since",
                                     "yesterday", code=1)
        for outcome in (mine, official):
            assert "Invalid changes-since value: yesterday" in outcome.stderr
        mine, official = differ.same("--os-compute-api-version", "2.57", "server", "event",
                                     "list", server.id, "--limit", "1", code=1)
        for outcome in (mine, official):
            assert ("--os-compute-api-version 2.58 or greater is required to support the "
                    "--limit option") in outcome.stderr
        differ.same("server", "event", "show", server.id, "req-not-there", code=1)
        # A deleted server is named by its ID only.
        made.conn.compute.delete_server(server)
        made.conn.compute.wait_for_delete(server, wait=30, interval=0.1)
        differ.same("server", "event", "list", server.id, "--long")
        differ.same("server", "event", "show", server.id, request_ids[0])
        differ.same("server", "event", "list", server.name, code=1)
