"""Hosts (`os-hosts`): Nova's older view of the compute fleet, by host name.

Nova deprecated the API and serves it only up to microversion 2.42, so these calls ask for
2.1 as the official client does; `hypervisors()` and `services()` replace them.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from ostack.proxy import Call, Flow, Items, listing, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource

#: The last microversion serving os-hosts is 2.42; the official client asks for 2.1.
MICROVERSION = "2.1"


class Host(Resource):
    """A host and one service it runs, in a zone."""

    resources_key = "hosts"
    base_path = "/os-hosts"
    service_type = "compute"
    allow_fetch = False
    pagination = "none"
    status_attribute = None
    query = QueryParameters("zone")

    id = Field("host_name")
    name = Field("host_name")
    host_name = Field()
    service = Field()
    zone = Field()


class HostResource(Resource):
    """One line of a host's usage: `(total)`, `(used_now)`, `(used_max)` or a project's."""

    resource_key = "resource"
    base_path = "/os-hosts"
    service_type = "compute"
    allow_list = allow_fetch = False
    status_attribute = None

    id = Field("host")
    host = Field()
    project = Field()
    cpu = Field()
    memory_mb = Field()
    disk_gb = Field()


class HostActions:
    """List hosts, show a host's resources and set its status or maintenance mode."""

    @listing
    def hosts(self, zone: str | None = None) -> Flow:
        """Every host with each service it runs (`zone` filters on the server side)."""
        resp = yield Call("GET", Host.base_path, params={"zone": zone} if zone else None,
                          microversion=MICROVERSION)
        body = resp.json() if resp.content else {}
        yield Items([Host(item, MICROVERSION) for item in (body or {}).get("hosts") or []])

    @operation
    def get_host_resources(self, host: Any) -> Flow:
        """The resources of a host: its total, used now, used at most, then per project."""
        resp = yield Call("GET", f"{Host.base_path}/{quote(resource_id(host), safe='')}",
                          microversion=MICROVERSION)
        body = resp.json() if resp.content else {}
        return [HostResource(item.get("resource", item), MICROVERSION)
                for item in (body or {}).get("host") or [] if isinstance(item, dict)]

    @operation
    def update_host(self, host: Any, *, status: str | None = None,
                    maintenance_mode: str | None = None) -> Flow:
        """Enable or disable a host (`status="enable"|"disable"`) or its maintenance mode;
        Nova's answer (`host`, `status`, `maintenance_mode`)."""
        body = {k: v for k, v in (("status", status), ("maintenance_mode", maintenance_mode))
                if v is not None}
        resp = yield Call("PUT", f"{Host.base_path}/{quote(resource_id(host), safe='')}",
                          json=body, microversion=MICROVERSION)
        return resp.json() if resp.content else {}
