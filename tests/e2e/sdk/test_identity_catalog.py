"""The catalog through the SDK, sync and async: services, regions, endpoints and endpoint
groups: create, get, find, list (filtered), update and delete."""

from __future__ import annotations

import uuid

import pytest

from ostack import exceptions


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_service(sdk):
    identity = sdk.identity
    kind = _name("sdk-type")
    service = identity.create_service(name=_name("sdk-svc"), type=kind, description="d")
    try:
        assert service.type == kind and service.is_enabled is True
        assert identity.get_service(service.id).name == service.name
        assert identity.find_service(service.name).id == service.id
        assert [s.id for s in identity.services(type=kind)] == [service.id]
        assert identity.update_service(service, is_enabled=False).is_enabled is False
        assert identity.get_service(service).is_enabled is False
    finally:
        identity.delete_service(service)
    assert identity.find_service(service.id) is None
    with pytest.raises(exceptions.NotFound):
        identity.get_service(service.id)


def test_region(sdk):
    identity = sdk.identity
    parent = identity.create_region(id=_name("sdk-region"), description="top")
    child = identity.create_region(id=_name("sdk-region"), parent_region_id=parent.id)
    try:
        assert identity.get_region(parent.id).description == "top"
        assert identity.find_region(child.id).parent_region_id == parent.id
        assert [r.id for r in identity.regions(parent_region_id=parent.id)] == [child.id]
        assert identity.update_region(child, description="below").description == "below"
    finally:
        identity.delete_region(child)
        identity.delete_region(parent)
    with pytest.raises(exceptions.NotFound):
        identity.delete_region(parent, ignore_missing=False)


def test_endpoint_and_endpoint_group(sdk):
    identity = sdk.identity
    service = identity.create_service(name=_name("sdk-svc"), type=_name("sdk-type"))
    region = identity.create_region(id=_name("sdk-region"))
    try:
        endpoint = identity.create_endpoint(
            service_id=service.id, interface="public", url="http://example.test/v1",
            region_id=region.id)
        assert endpoint.url == "http://example.test/v1" and endpoint.is_enabled is True
        assert identity.get_endpoint(endpoint.id).service_id == service.id
        assert identity.find_endpoint(endpoint.id).region_id == region.id
        listed = identity.endpoints(service_id=service.id, interface="public")
        assert [e.id for e in listed] == [endpoint.id]
        changed = identity.update_endpoint(endpoint, url="http://example.test/v2")
        assert changed.url == "http://example.test/v2"

        group = identity.create_endpoint_group(
            name=_name("sdk-epg"), filters={"service_id": service.id}, description="g")
        try:
            assert group.filters == {"service_id": service.id}
            assert identity.get_endpoint_group(group.id).name == group.name
            assert identity.find_endpoint_group(group.name).id == group.id
            assert group.id in [g.id for g in identity.endpoint_groups()]
            renamed = identity.update_endpoint_group(group, description="h")
            assert renamed.description == "h"
        finally:
            identity.delete_endpoint_group(group)
        assert identity.find_endpoint_group(group.id) is None
        identity.delete_endpoint(endpoint)
        assert identity.find_endpoint(endpoint.id) is None
    finally:
        identity.delete_service(service)
        identity.delete_region(region)
