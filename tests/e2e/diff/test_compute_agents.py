"""`compute agent *`: Nova removed os-agents in Wallaby and answers 410 Gone; both clients
exit 1 and say so."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.official

GONE = "This resource is no longer available."


def _both_gone(mine, official) -> None:
    for outcome in (mine, official):
        assert GONE in outcome.stderr, outcome.describe()
        assert "410" in outcome.stderr, outcome.describe()


def test_compute_agent_list(differ):
    _both_gone(*differ.same("compute", "agent", "list", code=1))
    _both_gone(*differ.same("compute", "agent", "list", "--hypervisor", "xen", code=1))


def test_compute_agent_create(differ):
    _both_gone(*differ.same("compute", "agent", "create", "linux", "x86_64", "1.0",
                            "http://example.com/agent.tgz", "0" * 32, "xen", code=1))


def test_compute_agent_set(differ):
    _both_gone(*differ.pair(["compute", "agent", "set", "1", "--url", "http://x"],
                            fmt=None, code=1))
    differ.pair(["compute", "agent", "set", "not-a-number"], fmt=None, code=2)


def test_compute_agent_delete(differ):
    mine, official = differ.pair(["compute", "agent", "delete", "1", "2"], fmt=None, code=1)
    _both_gone(mine, official)
    for outcome in (mine, official):
        assert "Failed to delete agent with ID '1'" in outcome.stderr
        assert "2 of 2 agents failed to delete." in outcome.stderr
