"""`os-simple-tenant-usage` over raw HTTP: a server counts in a period only once it has
started by the period's end, as Nova's window query does."""

from __future__ import annotations

from tests.e2e.test_localcloud_compute_actions import CIRROS, Nova
from tests.support.localcloud import LocalCloud


def test_usage_leaves_out_servers_started_after_the_period(localcloud: LocalCloud):
    admin = Nova(localcloud, localcloud.token())
    image = localcloud.call("GET", f"/image/v2/images?name={CIRROS}",
                            token=admin.token).json["images"][0]["id"]
    server_id = admin.boot(image)
    project = admin.show(server_id)["tenant_id"]
    try:
        now = admin.call("GET", "/os-simple-tenant-usage?detailed=1")
        assert server_id in [s["instance_id"] for u in now.json["tenant_usages"]
                             for s in u["server_usages"]]
        past = "start=2020-01-01T00:00:00&end=2020-01-02T00:00:00"
        listed = admin.call("GET", f"/os-simple-tenant-usage?detailed=1&{past}")
        assert listed.status == 200
        assert server_id not in [s["instance_id"] for u in listed.json["tenant_usages"]
                                 for s in u["server_usages"]]
        shown = admin.call("GET", f"/os-simple-tenant-usage/{project}?{past}")
        assert shown.status == 200
        assert server_id not in [s["instance_id"] for s in
                                 shown.json["tenant_usage"].get("server_usages", [])]
    finally:
        admin.call("DELETE", f"/servers/{server_id}")
