"""Cinder's operator APIs through the SDK, sync and async: back end pools and capabilities,
resource filters, clusters, manageable resources, log levels, worker cleanup, host
failover, and a group's volumes and replication actions."""

from __future__ import annotations

import pytest
from tests.support.servers import unique

from ostack import exceptions

HOST = "localcloud@lvmdriver-1"


def test_pools_capabilities_filters(sdk):
    bs = sdk.block_storage
    pools = list(bs.backend_pools())
    assert [p.name for p in pools] == [HOST + "#lvmdriver-1"]
    assert pools[0].capabilities["storage_protocol"] == "iSCSI"
    assert list(bs.backend_pools(detailed=False))[0].capabilities == {}
    caps = bs.get_capabilities(HOST)
    assert caps.volume_backend_name == "lvmdriver-1"
    assert set(caps.properties) >= {"compression", "thin_provisioning"}
    with pytest.raises(exceptions.NotFound):
        bs.get_capabilities("nowhere")
    filters = {f.resource: f.filters for f in bs.resource_filters()}
    assert filters["backup"] == ["name", "status", "volume_id"]
    assert [f.resource for f in bs.resource_filters(resource="pool")] == ["pool"]


def test_clusters_manageable_logs_cleanup(sdk):
    bs = sdk.block_storage
    assert list(bs.clusters()) == [] and list(bs.clusters(details=False)) == []
    with pytest.raises(exceptions.NotFound):
        bs.get_cluster("c1")
    with pytest.raises(exceptions.NotFound):
        bs.disable_cluster("c1", reason="r")
    assert list(bs.manageable_volumes(host=HOST)) == []
    assert list(bs.manageable_snapshots(details=False, host=HOST)) == []
    with pytest.raises(exceptions.NotFound):
        list(bs.manageable_volumes(host="nohost"))
    try:
        bs.set_service_log_levels(level="DEBUG", binary="cinder-scheduler", prefix="urllib3")
        levels = {(e.binary, e.host): e.levels for e in bs.get_service_log_levels(
            binary="cinder-scheduler", prefix="urllib3")}
        assert levels == {("cinder-scheduler", "localcloud"): {"urllib3": "DEBUG"}}
    finally:
        bs.set_service_log_levels(level="WARNING", binary="cinder-scheduler",
                                  prefix="urllib3")
    assert {e.binary for e in bs.get_service_log_levels()} >= {"cinder-api", "cinder-volume"}
    assert bs.cleanup_service_workers(host=HOST, is_up=False) == {
        "cleaning": [], "unavailable": []}
    volume_service = next(s for s in bs.services() if s.binary == "cinder-volume")
    bs.failover_service(volume_service, backend_id="replica-1")


def test_group_volumes_and_replication(sdk):
    bs = sdk.block_storage
    group_type = bs.create_group_type(name=unique("sdkgt"))
    volume_type = bs.find_type("lvmdriver-1", ignore_missing=False)
    group = bs.create_group(name=unique("sdkvg"), group_type=group_type.id,
                            volume_types=[volume_type.id])
    try:
        assert bs.get_group(group.id, list_volume=True).volumes == []
        for action in (bs.enable_group_replication, bs.disable_group_replication,
                       bs.failover_group_replication):
            with pytest.raises(exceptions.BadRequest):
                action(group)
    finally:
        bs.delete_group(group)
        bs.delete_group_type(group_type)
