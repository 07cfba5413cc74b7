"""Registered limits and limits through the SDK, sync and async: create (one of Keystone's
batch), get, list by filter, update, delete; the enforcement model."""

from __future__ import annotations

import uuid

import pytest

from ostack import exceptions


def test_registered_limit_and_limit(sdk):
    identity = sdk.identity
    service = next(identity.services(type="compute"))
    project = identity.find_project("demo", ignore_missing=False)
    name = f"sdk-{uuid.uuid4().hex[:8]}"
    registered = identity.create_registered_limit(service_id=service.id, resource_name=name,
                                                  default_limit=3)
    try:
        assert registered.default_limit == 3 and registered.region_id is None
        limit = identity.create_limit(service_id=service.id, resource_name=name,
                                      project_id=project.id, resource_limit=4)
        try:
            assert identity.get_limit(limit.id).resource_limit == 4
            assert [x.id for x in identity.limits(resource_name=name)] == [limit.id]
            assert identity.update_limit(limit, resource_limit=6).resource_limit == 6
            with pytest.raises(exceptions.Forbidden):
                identity.delete_registered_limit(registered, ignore_missing=False)
        finally:
            identity.delete_limit(limit)
        updated = identity.update_registered_limit(registered, default_limit=5)
        assert identity.get_registered_limit(registered.id).default_limit == 5 == \
            updated.default_limit
        assert [r.id for r in identity.registered_limits(resource_name=name)] == [registered.id]
        with pytest.raises(exceptions.Forbidden):  # no registered limit in that region
            identity.create_limit(service_id=service.id, resource_name=name,
                                  region_id="RegionOne", project_id=project.id,
                                  resource_limit=1)
        assert identity.get_limits_model()["name"] == "flat"
    finally:
        identity.delete_registered_limit(registered)
    with pytest.raises(exceptions.NotFound):
        identity.get_registered_limit(registered.id)
