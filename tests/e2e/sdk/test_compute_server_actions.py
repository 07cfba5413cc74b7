"""Server actions (os-instance-actions) and their events through the SDK, sync and async."""

from __future__ import annotations

import pytest
from tests.support.servers import Fixtures

from ostack import exceptions


def test_server_actions(sdk, localcloud):
    with Fixtures(localcloud) as made:
        (server,) = made.servers("sdkact", count=1)
        made.conn.compute.stop_server(server)
        made.wait(server, "SHUTOFF")
        compute = sdk.compute
        actions = list(compute.server_actions(server))
        assert [a.action for a in actions] == ["stop", "create"]
        assert all(a.server_id == server.id and a.request_id == a.id for a in actions)
        assert [a.action for a in compute.server_actions(server.id, limit=1)] == [
            "stop", "create"]
        assert [a.action for a in compute.server_actions(server, max_items=1)] == ["stop"]
        assert [a.action for a in compute.server_actions(
            server, marker=actions[0].request_id)] == ["create"]
        assert [a.action for a in compute.server_actions(
            server, changes_since="2999-01-01T00:00:00Z")] == []
        stop = compute.get_server_action(actions[0].request_id, server)
        assert stop.action == "stop" and stop.user_id and stop.project_id
        events = stop.action_events()
        assert events and all(e.result == "Success" and e.host_id for e in events)
        assert events[0].event == stop.events[0]["event"]
        assert compute.get_server_action(stop).request_id == stop.request_id
        assert compute.get_server_action("req-nope", server) is None
        with pytest.raises(exceptions.NotFound):
            compute.get_server_action("req-nope", server, ignore_missing=False)
