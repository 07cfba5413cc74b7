"""A flavor: the size of a server (vCPUs, RAM, disks), its extra specs and access list."""

from __future__ import annotations

from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class Flavor(Resource):
    resource_key = "flavor"
    resources_key = "flavors"
    base_path = "/flavors"
    detail_path = "/flavors/detail"
    service_type = "compute"
    allow_create = allow_commit = allow_delete = True
    find_policy = "list"
    find_query = {"is_public": "None"}
    status_attribute = None
    query = QueryParameters(
        "sort_key", "sort_dir", "minDisk", "minRam", "is_public",
        min_disk="minDisk", min_ram="minRam",
    )

    vcpus = Field(default=0)
    ram = Field(default=0)
    disk = Field(default=0)
    ephemeral = Field("OS-FLV-EXT-DATA:ephemeral", alias="ephemeral", default=0)
    swap = Field(default=0)
    rxtx_factor = Field()
    is_public = Field("os-flavor-access:is_public", default=True)
    is_disabled = Field("OS-FLV-DISABLED:disabled")
    description = Field(min_microversion="2.55")
    extra_specs = Field(min_microversion="2.61", default={})
    original_name = Field(doc="set when the flavor is embedded in a server (2.47+)")
    #: An embedded flavor (`server.flavor`, 2.47+) has neither: its original name stands for
    #: both, as in openstacksdk.
    id = Field(alias="original_name")
    name = Field(alias="original_name")
    links = Field()


class FlavorActions:
    """Extra specs and the access list of private flavors."""

    @operation
    def fetch_flavor_extra_specs(self, flavor: Any) -> Flow:
        """The flavor with its extra specs read from os-extra_specs."""
        resp = yield Call("GET", f"/flavors/{resource_id(flavor)}/os-extra_specs")
        body = dict(flavor.raw) if isinstance(flavor, Flavor) else {"id": flavor}
        body["extra_specs"] = (resp.json() or {}).get("extra_specs", {})
        return Flavor(body, self._microversion)

    @operation
    def create_flavor_extra_specs(self, flavor: Any, specs: dict[str, str]) -> Flow:
        resp = yield Call("POST", f"/flavors/{resource_id(flavor)}/os-extra_specs",
                          json={"extra_specs": dict(specs)})
        body = dict(flavor.raw) if isinstance(flavor, Flavor) else {"id": flavor}
        body["extra_specs"] = {**(body.get("extra_specs") or {}),
                               **(resp.json() or {}).get("extra_specs", {})}
        return Flavor(body, self._microversion)

    @operation
    def get_flavor_extra_specs_property(self, flavor: Any, prop: str) -> Flow:
        resp = yield Call("GET", f"/flavors/{resource_id(flavor)}/os-extra_specs/{prop}")
        return (resp.json() or {}).get(prop)

    @operation
    def update_flavor_extra_specs_property(self, flavor: Any, prop: str, value: str) -> Flow:
        resp = yield Call("PUT", f"/flavors/{resource_id(flavor)}/os-extra_specs/{prop}",
                          json={prop: value})
        return (resp.json() or {}).get(prop)

    @operation
    def delete_flavor_extra_specs_property(self, flavor: Any, prop: str) -> Flow:
        yield Call("DELETE", f"/flavors/{resource_id(flavor)}/os-extra_specs/{prop}")

    @operation
    def get_flavor_access(self, flavor: Any) -> Flow:
        """[{"flavor_id", "tenant_id"}] of a private flavor."""
        resp = yield Call("GET", f"/flavors/{resource_id(flavor)}/os-flavor-access")
        return (resp.json() or {}).get("flavor_access", [])

    @operation
    def flavor_add_tenant_access(self, flavor: Any, tenant: str) -> Flow:
        yield Call("POST", f"/flavors/{resource_id(flavor)}/action",
                   json={"addTenantAccess": {"tenant": tenant}})

    @operation
    def flavor_remove_tenant_access(self, flavor: Any, tenant: str) -> Flow:
        yield Call("POST", f"/flavors/{resource_id(flavor)}/action",
                   json={"removeTenantAccess": {"tenant": tenant}})
