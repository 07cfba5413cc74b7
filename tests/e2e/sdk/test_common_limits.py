"""Limits through the SDK, sync and async: compute (read at the base microversion, with
openstacksdk's second names) and block storage, of the current project or another one."""

from __future__ import annotations

import uuid

import pytest


@pytest.fixture
def project(sdk):
    made = sdk.identity.create_project(name=f"sdk-limits-{uuid.uuid4().hex[:8]}",
                                       domain_id="default")
    yield made
    sdk.identity.delete_project(made, ignore_missing=True)


def test_compute_limits(sdk, project):
    limits = sdk.compute.get_limits()
    absolute = limits.absolute
    assert absolute.instances == absolute.to_dict()["max_total_instances"]
    assert absolute.personality is not None and absolute.image_meta is not None
    assert limits.rate == []
    sdk.compute.update_quota_set(project, instances=3)
    other = sdk.compute.get_limits(reserved=True, tenant_id=project.id).absolute
    assert other.instances == 3 and other.instances_used == 0
    assert set(absolute.to_dict()) == set(other.to_dict())


def test_block_storage_limits(sdk, project):
    limits = sdk.block_storage.get_limits()
    assert limits.absolute.max_total_volumes is not None and limits.rate == []
    sdk.block_storage.update_quota_set(project, volumes=2)
    other = sdk.block_storage.get_limits(project=project).absolute
    assert other.max_total_volumes == 2 and other.to_dict()["total_volumes_used"] == 0
