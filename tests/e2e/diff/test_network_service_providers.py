"""`network service provider list` and `network auto allocated topology create|delete`."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.official


def test_service_provider_list(differ):
    differ.same("network", "service", "provider", "list")
    differ.same("network", "service", "provider", "list", fmt="table")


def test_auto_allocated_topology_without_defaults(differ):
    """This cloud has no default external network: both clients report Neutron's 409."""
    for argv in (["network", "auto", "allocated", "topology", "create"],
                 ["network", "auto", "allocated", "topology", "create", "--check-resources"]):
        mine, official = differ.same(*argv, code=1)
        for outcome in (mine, official):
            assert "Deployment error: No default router:external network." in outcome.stderr
    # nothing to take apart: the delete succeeds
    differ.pair(["network", "auto", "allocated", "topology", "delete"], fmt=None)
