"""Usage (`os-simple-tenant-usage`): a project's server hours, vCPU, RAM and disk hours over
a period; for every project (admin) or for one.

A project with no servers in the period comes back empty (`{}`): every field reads None.
"""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import quote

from ostack.proxy import Call, Flow, listing, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource


class ServerUsage(Resource):
    """One server's part of a usage (an item of `Usage.server_usages`)."""

    service_type = "compute"
    allow_list = allow_fetch = False
    status_attribute = None

    id = Field(doc="None: a server usage is named by its instance_id")
    name = Field()
    hours = Field()
    flavor = Field(doc="the flavor's name")
    instance_id = Field()
    project_id = Field("tenant_id")
    memory_mb = Field()
    local_gb = Field()
    vcpus = Field()
    started_at = Field()
    ended_at = Field()
    state = Field()
    uptime = Field()


class _ServerUsages(Field):
    """`server_usages` read as ServerUsage resources (None when Nova sent none)."""

    def __get__(self, obj: Resource | None, owner: type | None = None) -> Any:
        if obj is None:
            return self
        items = obj.raw.get(self.wire)
        if items is None:
            return None
        return [ServerUsage(item, obj.microversion) for item in items]


class Usage(Resource):
    resource_key = "tenant_usage"
    resources_key = "tenant_usages"
    base_path = "/os-simple-tenant-usage"
    service_type = "compute"
    status_attribute = None
    marker_attribute = "tenant_id"
    query = QueryParameters("detailed", "start", "end")

    id = Field("tenant_id")
    project_id = Field("tenant_id")
    server_usages = _ServerUsages(doc="a ServerUsage per server (detailed listings, show)")
    total_local_gb_usage = Field()
    total_vcpus_usage = Field()
    total_memory_mb_usage = Field()
    total_hours = Field()
    start = Field()
    stop = Field()


def _period(query: dict[str, Any], start: Any, end: Any) -> dict[str, Any]:
    """`start` and `end` as Nova reads them (ISO 8601 without a zone, in UTC)."""
    for key, value in (("start", start), ("end", end)):
        if isinstance(value, datetime.datetime):
            if value.tzinfo is not None:
                value = value.astimezone(datetime.UTC).replace(tzinfo=None)
            value = value.isoformat()
        if value is not None:
            query[key] = value
    return query


class UsageActions:
    """Usage of every project, or of one, over a period."""

    @listing
    def usages(self, start: datetime.datetime | str | None = None,
               end: datetime.datetime | str | None = None, max_items: int | None = None,
               **query: Any) -> Flow:
        """Every project's usage over the period (admin); `detailed=True` adds servers."""
        return self.list_flow(Usage, None, max_items=max_items,  # type: ignore[attr-defined]
                              **_period(query, start, end))

    @operation
    def get_usage(self, project: Any, start: datetime.datetime | str | None = None,
                  end: datetime.datetime | str | None = None, **query: Any) -> Flow:
        """One project's usage over the period, with its servers."""
        project_id = resource_id(project)
        resp = yield Call("GET", f"{Usage.base_path}/{quote(project_id, safe='')}",
                          params=_period(query, start, end) or None)
        return self.one(Usage, resp)  # type: ignore[attr-defined]
