"""os-hosts and os-agents through the SDK, sync and async: hosts are listed and shown (at
2.1, the last microversion range that serves them); agents answer 410 Gone, as Nova does."""

from __future__ import annotations

import pytest

from ostack import exceptions


def test_hosts(sdk):
    compute = sdk.compute
    hosts = list(compute.hosts())
    assert ("compute1", "compute", "nova") in [(h.host_name, h.service, h.zone) for h in hosts]
    assert {h.zone for h in compute.hosts(zone="internal")} == {"internal"}
    lines = compute.get_host_resources("compute1")
    assert [r.project for r in lines][:3] == ["(total)", "(used_now)", "(used_max)"]
    assert lines[0].cpu > 0 and lines[0].host == "compute1"
    with pytest.raises(exceptions.NotFound):
        compute.get_host_resources("no-such-host")
    with pytest.raises(exceptions.HttpError) as raised:
        compute.update_host("compute1", status="enable")
    assert raised.value.status_code == 501


def test_agents_are_gone(sdk):
    compute = sdk.compute
    calls = [lambda: list(compute.agents()), lambda: list(compute.agents(hypervisor="xen")),
             lambda: compute.create_agent(hypervisor="xen", os="linux", architecture="x86",
                                          version="1", url="http://x", md5hash="0" * 32),
             lambda: compute.update_agent(1, version="2", url="http://y", md5hash="1" * 32),
             lambda: compute.delete_agent(1)]
    for call in calls:
        with pytest.raises(exceptions.HttpError) as raised:
            call()
        assert raised.value.status_code == 410
