"""A server (an instance), as the Compute API v2.1 returns it, and how one is booted.

Attributes carry openstacksdk's names (`compute_host`, `attached_volumes`, `is_locked` ...), so
the official CLI's `server show` columns come straight from them and scripts port unchanged.
Some fields are prefixed in answers but bare in requests (`OS-EXT-AZ:availability_zone` is
`availability_zone` in a boot body); `Server.wire_body` sends the bare names.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping

from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field, QueryParameters, Resource
from ostack.transport.microversions import at_least

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: Answer names that requests spell without their prefix.
REQUEST_NAMES = {
    "OS-EXT-AZ:availability_zone": "availability_zone",
    "OS-EXT-SRV-ATTR:user_data": "user_data",
    "OS-EXT-SRV-ATTR:hostname": "hostname",
    "OS-EXT-SRV-ATTR:hypervisor_hostname": "hypervisor_hostname",
}


class Server(Resource):
    resource_key = "server"
    resources_key = "servers"
    base_path = "/servers"
    detail_path = "/servers/detail"
    service_type = "compute"
    allow_create = allow_commit = allow_delete = True
    failure_statuses = ("ERROR",)
    client_token = {"where": "description", "name_regex": True, "cleared": None}
    query = QueryParameters(
        "name", "status", "flavor", "image", "host", "ip", "ip6", "changes-since",
        "changes-before", "reservation_id", "tags", "tags-any", "not-tags", "not-tags-any",
        "sort_key", "sort_dir", "locked", "availability_zone", "key_name", "user_id",
        "project_id", "deleted", "all_tenants", "instance_name", "config_drive", "progress",
        "vm_state", "task_state", "power_state", "description", "hostname", "node",
        "launched_at", "terminated_at", "created_at", "uuid", "soft_deleted",
        "pinned_availability_zone",
        all_projects="all_tenants", changes_since="changes-since",
        changes_before="changes-before", tags_any="tags-any", not_tags="not-tags",
        not_tags_any="not-tags-any", compute_host="host", ipv4_address="ip",
        ipv6_address="ip6", deleted_only="deleted", has_config_drive="config_drive",
        is_soft_deleted="soft_deleted",
    )

    links = Field()
    access_ipv4 = Field("accessIPv4")
    access_ipv6 = Field("accessIPv6")
    addresses = Field(doc="{network: [{'addr', 'version', 'OS-EXT-IPS:type' ...}]}")
    admin_password = Field("adminPass", doc="only in the answer to a boot or a rebuild")
    attached_volumes = Field("os-extended-volumes:volumes_attached", default=[])
    availability_zone = Field("OS-EXT-AZ:availability_zone")
    block_device_mapping = Field("block_device_mapping_v2", doc="a boot request's disks")
    config_drive = Field()
    compute_host = Field("OS-EXT-SRV-ATTR:host")
    created_at = Field("created")
    description = Field(min_microversion="2.19")
    disk_config = Field("OS-DCF:diskConfig")
    flavor_id = Field("flavorRef")
    flavor = Field(type="ostack.compute.flavors:Flavor",
                   doc="a Flavor: {'id', 'links'}; from 2.47 the flavor itself "
                       "(original_name, vcpus ...)")
    has_config_drive = Field("config_drive")
    host_id = Field("hostId")
    fault = Field(doc="{'code', 'message', 'created'} of a server in ERROR")
    host = Field(doc="the host a boot request asks for (2.74)")
    host_status = Field(min_microversion="2.16")
    hostname = Field("OS-EXT-SRV-ATTR:hostname")
    hypervisor_hostname = Field("OS-EXT-SRV-ATTR:hypervisor_hostname")
    image_id = Field("imageRef")
    image = Field(type="ostack.image.images:Image",
                  doc="an Image: {'id', 'links'}; '' when booted from a volume")
    instance_name = Field("OS-EXT-SRV-ATTR:instance_name")
    is_locked = Field("locked", min_microversion="2.9")
    kernel_id = Field("OS-EXT-SRV-ATTR:kernel_id", min_microversion="2.3")
    key_name = Field()
    launch_index = Field("OS-EXT-SRV-ATTR:launch_index", min_microversion="2.3")
    launched_at = Field("OS-SRV-USG:launched_at")
    locked_reason = Field(min_microversion="2.73")
    max_count = Field()
    min_count = Field()
    metadata = Field()
    networks = Field(doc="a boot request's networks: 'auto', 'none' or [{'uuid'|'port' ...}]")
    personality = Field()
    pinned_availability_zone = Field(min_microversion="2.96")
    power_state = Field("OS-EXT-STS:power_state")
    progress = Field()
    project_id = Field("tenant_id")
    ramdisk_id = Field("OS-EXT-SRV-ATTR:ramdisk_id", min_microversion="2.3")
    reservation_id = Field("OS-EXT-SRV-ATTR:reservation_id", min_microversion="2.3")
    root_device_name = Field("OS-EXT-SRV-ATTR:root_device_name", min_microversion="2.3")
    scheduler_hints = Field("OS-SCH-HNT:scheduler_hints")
    security_groups = Field()
    server_groups = Field(min_microversion="2.71")
    status = Field()
    tags = Field(min_microversion="2.26", default=[])
    task_state = Field("OS-EXT-STS:task_state")
    terminated_at = Field("OS-SRV-USG:terminated_at")
    trusted_image_certificates = Field(min_microversion="2.63")
    updated_at = Field("updated")
    user_data = Field("OS-EXT-SRV-ATTR:user_data")
    user_id = Field()
    vm_state = Field("OS-EXT-STS:vm_state")

    @classmethod
    def wire_body(cls, attrs: Mapping[str, Any], microversion: str | None = None, *,
                  check_microversion: bool = False) -> dict[str, Any]:
        body = super().wire_body(attrs, microversion, check_microversion=check_microversion)
        for prefixed, bare in REQUEST_NAMES.items():
            if prefixed in body:
                body[bare] = body.pop(prefixed)
        return body

    @classmethod
    def answer_body(cls, attrs: Mapping[str, Any]) -> dict[str, Any]:
        """Attributes under the names an answer uses (prefixed where answers prefix)."""
        return super().wire_body(attrs)


class ServerOperations:
    """Booting, deleting and acting on servers (the irregular parts of their life)."""

    @operation
    def create_server(
        self,
        name: str | None = None,
        *,
        image: Any = None,
        flavor: Any = None,
        networks: str | list[dict[str, Any]] | None = None,
        user_data: str | bytes | None = None,
        return_reservation_id: bool = False,
        scheduler_hints: dict[str, Any] | None = None,
        describe: bool = True,
        **attrs: Any,
    ) -> Flow:
        """Boot a server. `image`/`image_id` and `flavor`/`flavor_id` are resources or IDs
        (image '' when booting from a volume); user_data is base64-encoded here; without
        `networks`, 2.37+ asks for `auto` as the official clients do. The new server as the
        cloud describes it (one GET after Nova's short answer), or with `describe=False`
        what was asked and answered only, as openstacksdk returns it."""
        flavor = flavor if flavor is not None else attrs.pop("flavor_id", None)
        image = image if image is not None else attrs.pop("image_id", None)
        if flavor is None:
            from ostack import exceptions

            raise exceptions.OstackError("a server needs a flavor: give flavor=")
        body: dict[str, Any] = {"name": name if name is not None else attrs.pop("name", None),
                                "flavor_id": resource_id(flavor)}
        if image is not None:
            body["image_id"] = image.id if isinstance(image, Resource) else image
        if networks is not None:
            body["networks"] = networks
        elif at_least(self._microversion, "2.37"):
            body["networks"] = "auto"
        if user_data is not None:
            raw = user_data.encode() if isinstance(user_data, str) else user_data
            body["user_data"] = base64.b64encode(raw).decode()
        if return_reservation_id:
            body["return_reservation_id"] = True
        body.update({k: v for k, v in attrs.items() if v is not None})
        beside = {"os:scheduler_hints": scheduler_hints} if scheduler_hints else None
        created = yield from self.create_flow(Server, body, beside=beside)
        # As openstacksdk's, the new server keeps what was asked beside what was answered.
        raw = {**Server.answer_body(body), **created.raw}
        if describe and not created.raw.get("status") and created.id:
            # Nova's answer holds the ID, links and adminPass only: the server as the cloud
            # describes it (name, status, addresses ...) takes one GET.
            from ostack.compute.created import described

            raw = yield from described(self, Server, created.id, raw)
        return Server(raw, self._microversion)

    @operation
    def delete_server(self, server: Any, ignore_missing: bool = True,
                      force: bool = False) -> Flow:
        """Delete a server; `force` deletes a soft-deleted one at once (forceDelete)."""
        if force:
            return (yield from self.sub("server_action", server, "forceDelete"))
        return (yield from self.delete_flow(Server, server, ignore_missing=ignore_missing))

    @operation
    def server_action(self, server: Any, action: str, body: Any = None, **options: Any) -> Flow:
        """Run a server action (`reboot`, `os-stop`, `createBackup` ...); its JSON answer."""
        resp = yield Call("POST", f"/servers/{resource_id(server)}/action",
                          json={action: body}, **options)
        return resp.json() if resp.content else None
