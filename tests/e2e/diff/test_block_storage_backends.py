"""`volume backend pool list` and `volume backend capability show` (admin): the same from
both clients, and the same refusals."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.official


def test_pools_and_capabilities(differ):
    differ.same("volume", "backend", "pool", "list")
    mine, _ = differ.same("volume", "backend", "pool", "list", "--long", ignore={"timestamp"})
    assert mine.data[0]["Capabilities"]["storage_protocol"] == "iSCSI"
    differ.same("volume", "backend", "pool", "list", fmt="table")
    mine, _ = differ.same("volume", "backend", "capability", "show", "localcloud@lvmdriver-1")
    assert {row["Key"] for row in mine.data} >= {"compression", "thin_provisioning"}
    differ.same("volume", "backend", "capability", "show", "localcloud@lvmdriver-1",
                fmt="table")
    mine, official = differ.same("volume", "backend", "capability", "show", "nowhere",
                                 code=1)
    for outcome in (mine, official):
        assert "Host nowhere could not be found." in outcome.stderr
    mine, official = differ.same("--os-cloud", "local-demo", "volume", "backend", "pool",
                                 "list", code=1)
    for outcome in (mine, official):
        assert "Policy doesn't allow scheduler_extension:scheduler_stats:get_pools" in (
            outcome.stderr)
