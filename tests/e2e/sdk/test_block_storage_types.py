"""Volume types through the SDK, sync and async: CRUD, extra specs and project access."""

from __future__ import annotations

import pytest
from tests.support.servers import unique

from ostack import exceptions


def test_types(sdk):
    bs = sdk.block_storage
    name = unique("sdktype")
    made = bs.create_type(name=name, description="first", extra_specs={"a": "1"},
                          is_public=False)
    try:
        assert made.name == name and made.is_public is False
        assert made.extra_specs == {"a": "1"}
        assert bs.get_type(made.id).description == "first"
        assert bs.find_type(name).id == made.id  # private types are found too
        assert bs.find_type(unique("nope")) is None
        assert made.id in [t.id for t in bs.types(is_public="none")]
        assert bs.update_type(made, description="second").description == "second"

        specs = bs.update_type_extra_specs(made, b="2", c="3")
        assert specs.id == made.id and specs.extra_specs == {"b": "2", "c": "3"}
        assert bs.get_type(made).extra_specs == {"a": "1", "b": "2", "c": "3"}
        bs.delete_type_extra_specs(made, ["a", "c"])
        assert bs.get_type(made).extra_specs == {"b": "2"}
        with pytest.raises(exceptions.NotFound):
            bs.delete_type_extra_specs(made, ["a"])

        project = sdk.identity.create_project(name=unique("sdktype"), domain_id="default")
        try:
            bs.add_type_access(made, project)
            access = bs.get_type_access(made)
            assert {"volume_type_id": made.id, "project_id": project.id} in access
            bs.remove_type_access(made.id, project.id)
            assert project.id not in [a["project_id"] for a in bs.get_type_access(made)]
        finally:
            sdk.identity.delete_project(project)
    finally:
        bs.delete_type(made)
    assert bs.find_type(name) is None
    bs.delete_type(made)  # ignored
    with pytest.raises(exceptions.NotFound):
        bs.delete_type(made, ignore_missing=False)
