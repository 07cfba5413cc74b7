"""A hypervisor: the compute node of a host, with its capacity and usage.

Nova gives integer IDs before 2.53 and UUIDs after; the capacity and usage fields and the
`uptime` and `statistics` calls went away at 2.88 (`uptime` became a field). A name pattern
is a query parameter from 2.53, a `/{pattern}/search` path before.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from ostack import exceptions
from ostack.proxy import Call, Flow, listing, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource
from ostack.transport.microversions import at_least


class Hypervisor(Resource):
    resource_key = "hypervisor"
    resources_key = "hypervisors"
    base_path = "/os-hypervisors"
    detail_path = "/os-hypervisors/detail"
    service_type = "compute"
    find_policy = "list"
    status_attribute = None
    query = QueryParameters("hypervisor_hostname_pattern", "with_servers")

    name = Field("hypervisor_hostname")
    cpu_info = Field(doc="a JSON string before 2.28, an object after")
    host_ip = Field()
    hypervisor_type = Field()
    hypervisor_version = Field()
    service_details = Field("service")
    servers = Field()
    state = Field()
    status = Field()
    uptime = Field(doc="a field from 2.88; before, from get_hypervisor_uptime()")
    current_workload = Field(max_microversion="2.87")
    disk_available = Field("disk_available_least", max_microversion="2.87")
    local_disk_used = Field("local_gb_used", max_microversion="2.87")
    local_disk_size = Field("local_gb", max_microversion="2.87")
    local_disk_free = Field("free_disk_gb", max_microversion="2.87")
    memory_used = Field("memory_mb_used", max_microversion="2.87")
    memory_size = Field("memory_mb", max_microversion="2.87")
    memory_free = Field("free_ram_mb", max_microversion="2.87")
    running_vms = Field(max_microversion="2.87")
    vcpus_used = Field(max_microversion="2.87")
    vcpus = Field(max_microversion="2.87")


class HypervisorStatistics(Resource):
    """The fleet's totals (`/os-hypervisors/statistics`, gone at 2.88)."""

    resource_key = "hypervisor_statistics"
    base_path = "/os-hypervisors/statistics"
    service_type = "compute"
    allow_list = allow_fetch = False
    status_attribute = None

    count = Field()
    current_workload = Field()
    disk_available_least = Field()
    free_disk_gb = Field()
    free_ram_mb = Field()
    local_gb = Field()
    local_gb_used = Field()
    memory_mb = Field()
    memory_mb_used = Field()
    running_vms = Field()
    vcpus = Field()
    vcpus_used = Field()


class HypervisorActions:
    """Listing (with openstacksdk's defaults), uptime and the fleet's statistics."""

    @listing
    def hypervisors(self, details: bool = False, max_items: int | None = None,
                    **query: Any) -> Flow:
        """Hypervisors (with `details`, their capacity and usage too)."""
        path = None
        pattern = query.get("hypervisor_hostname_pattern")
        if pattern is not None and not at_least(self._microversion,  # type: ignore[attr-defined]
                                                "2.53"):
            query.pop("hypervisor_hostname_pattern")
            path = f"/os-hypervisors/{quote(str(pattern), safe='')}/search"
        # A generator, so that the microversion is read once negotiated.
        yield from self.list_flow(Hypervisor, None,  # type: ignore[attr-defined]
                                  details=details, max_items=max_items, path=path, **query)

    @operation
    def find_hypervisor(self, name_or_id: str, ignore_missing: bool = True, *,
                        details: bool = True) -> Flow:
        """A hypervisor by ID or host name (listed with details unless `details=False`)."""
        return (yield from self.find_flow(  # type: ignore[attr-defined]
            Hypervisor, name_or_id, ignore_missing=ignore_missing, details=details))

    @operation
    def get_hypervisor_uptime(self, hypervisor: Any) -> Flow:
        """The hypervisor with its `uptime` (before 2.88; from 2.88 it is a field)."""
        if at_least(self._microversion, "2.88"):  # type: ignore[attr-defined]
            raise exceptions.MicroversionError(
                "the hypervisor uptime call is gone from compute API microversion 2.88; "
                "read the uptime field of get_hypervisor() instead")
        resp = yield Call("GET", f"/os-hypervisors/{quote(resource_id(hypervisor), safe='')}"
                          "/uptime")
        return self.one(Hypervisor, resp)  # type: ignore[attr-defined]

    @operation
    def get_hypervisor_statistics(self) -> Flow:
        """The fleet's totals, asked at 2.1 as the official client does (Nova dropped the
        call at 2.88)."""
        resp = yield Call("GET", HypervisorStatistics.base_path, microversion="2.1")
        return self.one(HypervisorStatistics, resp)  # type: ignore[attr-defined]
