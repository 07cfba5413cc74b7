"""What the scheduler knows of the storage back ends (admin): their pools with capacities
(`/scheduler-stats/get_pools`) and a back end's driver capabilities (`/capabilities/{host}`)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from ostack.proxy import Call, Flow, Items, listing, operation
from ostack.resource import Field, Resource


class Pool(Resource):
    """A back end pool (`host@backend#pool`) and, in detail, its capabilities."""

    resources_key = "pools"
    base_path = "/scheduler-stats/get_pools"
    service_type = "block-storage"
    singular = "backend_pool"
    allow_fetch = False
    status_attribute = None

    id = Field("name")
    name = Field()
    capabilities = Field(default={})


class Capabilities(Resource):
    """A back end's driver capabilities: fixed facts and the `properties` a volume type's
    extra specs may set."""

    base_path = "/capabilities"
    service_type = "block-storage"
    singular = "capabilities"
    allow_list = False
    status_attribute = None

    description = Field()
    display_name = Field()
    driver_version = Field()
    namespace = Field()
    pool_name = Field()
    properties = Field(default={})
    replication_targets = Field(default=[])
    storage_protocol = Field()
    vendor_name = Field()
    visibility = Field()
    volume_backend_name = Field()


class BackendActions:
    """Pools and capabilities, with openstacksdk's names."""

    @listing
    def backend_pools(self, detailed: bool = True, **query: Any) -> Flow:
        """The back end pools; with `detailed`, each with its capabilities."""
        params = {**query, **({"detail": "True"} if detailed else {})}
        resp = yield Call("GET", "/scheduler-stats/get_pools", params=params or None)
        pools = (resp.json() or {}).get("pools", []) if resp.content else []
        yield Items([self.made(Pool, pool) for pool in pools])

    @operation
    def get_capabilities(self, host: str) -> Flow:
        """A back end's capabilities (`host@backend`)."""
        resp = yield Call("GET", f"/capabilities/{quote(host, safe='@#')}")
        body = resp.json() if resp.content else {}
        return self.made(Capabilities, {**body, "id": host})
