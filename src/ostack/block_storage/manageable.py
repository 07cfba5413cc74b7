"""Volumes and snapshots on a back end that Cinder does not manage yet (3.8+, admin): what
`cinder manage` could adopt, with whether it is safe to."""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource

_QUERY = ("host", "cluster", "marker", "limit", "offset", "sort", "sort_key", "sort_dir")


class ManageableVolume(Resource):
    resource_key = "manageable-volume"
    resources_key = "manageable-volumes"
    base_path = "/manageable_volumes"
    detail_path = "/manageable_volumes/detail"
    service_type = "block-storage"
    singular = "manageable_volume"
    allow_fetch = False
    status_attribute = None
    pagination = "none"
    query = QueryParameters(*_QUERY)

    id = Field("reference")
    cinder_id = Field()
    extra_info = Field()
    reason_not_safe = Field()
    reference = Field()
    safe_to_manage = Field()
    size = Field()


class ManageableSnapshot(ManageableVolume):
    resource_key = "manageable-snapshot"
    resources_key = "manageable-snapshots"
    base_path = "/manageable_snapshots"
    detail_path = "/manageable_snapshots/detail"
    singular = "manageable_snapshot"

    source_reference = Field()
