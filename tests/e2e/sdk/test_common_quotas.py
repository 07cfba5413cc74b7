"""Quotas through the SDK, sync and async: compute and block storage quota sets (with usage,
defaults, updates, reverts, the default class) and network quotas (details, defaults)."""

from __future__ import annotations

import uuid

import pytest

from ostack import exceptions


@pytest.fixture
def project(sdk):
    made = sdk.identity.create_project(name=f"sdk-quota-{uuid.uuid4().hex[:8]}",
                                       domain_id="default")
    yield made
    sdk.identity.delete_project(made, ignore_missing=True)


def test_compute_quota_set(sdk, project):
    compute = sdk.compute
    defaults = compute.get_quota_set_defaults(project)
    current = compute.get_quota_set(project)
    assert current.cores == defaults.cores and current.injected_files is not None
    assert current.usage == {} and current.reservation == {}
    changed = compute.update_quota_set(project, cores=defaults.cores + 1, key_pairs=7)
    assert changed.cores == defaults.cores + 1 and changed.key_pairs == 7
    detailed = compute.get_quota_set(project.id, usage=True)
    assert detailed.cores == defaults.cores + 1
    assert detailed.usage["cores"] == 0 and detailed.reservation["instances"] == 0
    # openstacksdk's order: the body as sent (usage and reservation first), then the rest.
    keys = list(detailed.to_dict())
    assert keys[:2] == ["reservation", "usage"] and keys.index("cores") < keys.index(
        "fixed_ips")
    compute.revert_quota_set(project)
    assert compute.get_quota_set(project).cores == defaults.cores
    assert compute.get_quota_class_set("default").cores == defaults.cores


def test_block_storage_quota_set(sdk, project):
    volume = sdk.block_storage
    defaults = volume.get_quota_set_defaults(project)
    changed = volume.update_quota_set(project, volumes=3, per_volume_gigabytes=9)
    assert changed.volumes == 3 and changed.per_volume_gigabytes == 9
    detailed = volume.get_quota_set(project, usage=True)
    assert detailed.volumes == 3 and detailed.usage["volumes"] == 0
    # Per-volume-type quotas are kept as Cinder names them.
    typed = [k for k in detailed.to_dict() if k.startswith("volumes_")]
    assert typed, detailed.raw
    volume.revert_quota_set(project)
    assert volume.get_quota_set(project).volumes == defaults.volumes
    assert volume.get_quota_class_set().volumes == defaults.volumes


def test_network_quota(sdk, project):
    network = sdk.network
    default = network.get_quota_default(project)
    assert default.ports is not None and default.floating_ips is not None
    changed = network.update_quota(project.id, floating_ips=4, router=3, check_limit=True)
    assert changed.floating_ips == 4 and changed.routers == 3
    details = network.get_quota(project.id, details=True)
    assert details.floating_ips == {"limit": 4, "used": 0, "reserved": 0}
    listed = {q.project_id for q in network.quotas()}
    assert project.id in listed
    network.delete_quota(project.id)
    assert network.get_quota(project.id).floating_ips == default.floating_ips
    keys = list(default.to_dict())
    assert keys.index("check_limit") < keys.index("floating_ips") < keys.index("ports")


def test_a_member_reads_but_does_not_set_quotas(localcloud):
    import os

    import ostack

    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    env.update(localcloud.env)
    with ostack.connect(cloud="local-demo", env=env) as demo:
        own = demo.session.get_access().project_id
        assert demo.compute.get_quota_set(own).instances is not None
        assert demo.block_storage.get_quota_set(own).volumes is not None
        with pytest.raises(exceptions.Forbidden):
            demo.compute.update_quota_set(own, cores=1)
        with pytest.raises(exceptions.Forbidden):
            demo.network.update_quota(own, network=1)
