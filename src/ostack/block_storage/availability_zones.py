"""Block storage availability zones (`/os-availability-zone`)."""

from __future__ import annotations

from ostack.resource import Field, Resource


class AvailabilityZone(Resource):
    resources_key = "availabilityZoneInfo"
    base_path = "/os-availability-zone"
    service_type = "block-storage"
    allow_fetch = False
    pagination = "none"
    status_attribute = None
    singular = "availability_zone"
    plural = "availability_zones"

    name = Field("zoneName")
    #: `{"available": bool}`
    state = Field("zoneState", default={})
