"""Project endpoints and endpoint groups (OS-EP-FILTER) through the SDK, sync and async."""

from __future__ import annotations

import uuid

import pytest

from ostack import exceptions


def test_project_endpoints_and_endpoint_groups(sdk):
    identity = sdk.identity
    project = identity.find_project("demo", ignore_missing=False)
    endpoint = next(identity.endpoints(interface="admin"))
    identity.associate_endpoint_with_project(project, endpoint)
    try:
        assert project.id in [p.id for p in identity.endpoint_projects(endpoint)]
        assert endpoint.id in [e.id for e in identity.project_endpoints(project)]
    finally:
        identity.disassociate_endpoint_from_project(project, endpoint)
    with pytest.raises(exceptions.NotFound):
        identity.disassociate_endpoint_from_project(project, endpoint)

    group = identity.create_endpoint_group(name=f"sdk-{uuid.uuid4().hex[:8]}",
                                           filters={"interface": "internal"})
    try:
        identity.associate_project_with_endpoint_group(group, project)
        assert [p.id for p in identity.endpoint_group_projects(group)] == [project.id]
        assert group.id in [g.id for g in identity.project_endpoint_groups(project)]
        chosen = list(identity.endpoint_group_endpoints(group))
        assert chosen and {e.interface for e in chosen} == {"internal"}
        identity.disassociate_project_from_endpoint_group(group, project)
        assert list(identity.endpoint_group_projects(group)) == []
    finally:
        identity.delete_endpoint_group(group)
