"""Network availability zones (`/availability_zones`, the `availability_zone` extension):
one entry per zone and resource kind (network, router)."""

from __future__ import annotations

from ostack.resource import Field, QueryParameters, Resource


class AvailabilityZone(Resource):
    resource_key = "availability_zone"
    resources_key = "availability_zones"
    base_path = "/availability_zones"
    service_type = "network"
    allow_fetch = False
    status_attribute = None
    query = QueryParameters("name", "resource", "state")

    name = Field()
    #: The kind of resource the zone is for: "network" or "router".
    resource = Field()
    #: "available" or "unavailable".
    state = Field()
