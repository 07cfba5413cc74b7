"""Console output, console URLs and console tokens through the SDK, sync and async."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from tests.support.sdk import connect
from tests.support.servers import Fixtures

from ostack import exceptions


def test_consoles(sdk, localcloud, request):
    with Fixtures(localcloud) as made:
        (server,) = made.servers("sdkcon", count=1)
        compute = sdk.compute
        whole = compute.get_server_console_output(server)["output"]
        tail = compute.get_server_console_output(server.id, length=2)["output"]
        assert len(whole.splitlines()) > 2 and whole.splitlines()[-2:] == tail.splitlines()
        console = compute.create_console(server, "serial")
        assert console["type"] == "serial" and console["protocol"] == "serial"
        assert console["url"].startswith("ws://")
        remote = compute.create_server_remote_console(server, type="novnc")
        assert remote.protocol == "vnc" and remote.server_id == server.id
        # The os-get*Console actions end at 2.5; at 2.5 create_console falls back to them.
        with pytest.raises(exceptions.NotFound):
            compute.get_server_console_url(server, "serial")
        old, close = connect(request.node.callspec.params["sdk"], localcloud,
                             microversions={"compute": "2.5"})
        try:
            legacy = old.compute.get_server_console_url(server, "serial")
            assert legacy["type"] == "serial" and legacy["url"].startswith("ws://")
            assert sorted(old.compute.create_console(server, "novnc")) == ["type", "url"]
        finally:
            close()
        token = parse_qs(urlsplit(console["url"]).query)["token"][0]
        connection = compute.validate_console_auth_token(token)
        assert connection.instance_uuid == server.id and connection.port
        with pytest.raises(exceptions.NotFound):
            compute.validate_console_auth_token("0" * 32)
        with pytest.raises(ValueError):
            compute.create_console(server, "spice-direct")
        with pytest.raises(ValueError):
            compute.get_server_console_url(server, "webmks")
