"""`server add|remove share` and `server share list|show` need Compute 2.97, which the local
cloud (2.96) does not serve: both clients refuse alike, before any request."""

from __future__ import annotations

import pytest
from tests.support.servers import Fixtures

pytestmark = pytest.mark.official

MESSAGE = "--os-compute-api-version 2.97 or greater is required to support share attachments"
SHARE = "0b1e8a4c-7f0e-4d5e-9c1a-2b3c4d5e6f70"


def _commands(server: str) -> list[tuple[list[str], str | None]]:
    return [(["server", "share", "list", server], "json"),
            (["server", "share", "show", server, SHARE], "json"),
            (["server", "add", "share", server, SHARE, "--tag", "t"], "json"),
            (["server", "remove", "share", server, SHARE], None)]


def test_share_commands_need_2_97(differ, localcloud):
    with Fixtures(localcloud) as made:
        (server,) = made.servers("share", count=1)
        # Even a server that does not exist: the microversion is checked first.
        for name in (server.id, "no-such-server"):
            for argv, fmt in _commands(name):
                before = localcloud.requests()
                mine = differ.run("ostack", argv, fmt)
                assert localcloud.requests() - before <= 2, "ostack asked more than discovery"
                official = differ.run("openstack", argv, fmt)
                for outcome in (mine, official):
                    assert outcome.code == 1, outcome.describe()
                    assert MESSAGE in outcome.stderr, outcome.describe()
