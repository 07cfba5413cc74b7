"""A state folder made by an older local cloud gains what newer versions seed, at start."""

from __future__ import annotations

import sqlite3

NETWORK_TABLES = ("floatingips", "ip_allocations", "ports", "routers", "subnets", "networks",
                  "security_group_rules", "security_groups", "default_security_groups")


def test_folder_without_networks_gets_devstack_networks(start_cloud):
    cloud = start_cloud()
    cloud.stop()
    # Make the folder look like one from before the network service existed.
    db = sqlite3.connect(cloud.state_dir / "localcloud.db")
    with db:
        for table in NETWORK_TABLES:
            db.execute(f"DELETE FROM {table}")
        db.execute("DELETE FROM meta WHERE key = 'seeded:network'")
    db.close()
    cloud = cloud.restart()
    names = {n["name"] for n in cloud.call(
        "GET", "/network/v2.0/networks", token=cloud.token()).json["networks"]}
    assert {"public", "private"} <= names
    # ... once: a second restart does not add them again.
    cloud = cloud.restart()
    listed = cloud.call("GET", "/network/v2.0/networks?name=public",
                        token=cloud.token()).json["networks"]
    assert len(listed) == 1
