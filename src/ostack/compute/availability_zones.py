"""Compute availability zones (`/os-availability-zone`); with details, each zone's hosts and
their services (admin)."""

from __future__ import annotations

from typing import Any

from ostack.proxy import Flow, listing
from ostack.resource import Field, Resource


class AvailabilityZone(Resource):
    resources_key = "availabilityZoneInfo"
    base_path = "/os-availability-zone"
    detail_path = "/os-availability-zone/detail"
    service_type = "compute"
    allow_fetch = False
    pagination = "none"
    status_attribute = None
    singular = "availability_zone"
    plural = "availability_zones"

    name = Field("zoneName")
    #: `{"available": bool}`
    state = Field("zoneState", default={})
    #: `{host: {service: {"available", "active", "updated_at"}}}`, or None (details only).
    hosts = Field()


class AvailabilityZoneActions:
    @listing
    def availability_zones(self, details: bool = False, **query: Any) -> Flow:
        """The zones; `details=True` adds hosts and services (admin by default policy)."""
        return self.list_flow(AvailabilityZone, None, details=details, **query)
