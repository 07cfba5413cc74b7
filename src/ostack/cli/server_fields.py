"""How a server is shown by `server show`, `create`, `rebuild` and `evacuate`.

The official client prints openstacksdk's attributes of a server, some under their older
novaclient names (`created`, `OS-EXT-STS:power_state`, `volumes_attached` ...), some left out
(request-only fields, computed addresses), image and flavor turned into names. The same rules
are applied here to ostack's `Server`, whose attributes carry the same names, so every server
shows the same fields whatever the cloud's policy hides. Names come from the CLI's name cache.
"""

from __future__ import annotations

from ostack.cli import lookups
from ostack.cli.columns import (
    AddressesColumn,
    DictColumn,
    ListColumn,
    ListDictColumn,
    PowerStateColumn,
    ReprColumn,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: SDK attribute -> the name the official client prints.
COLUMN_MAP = {
    "access_ipv4": "accessIPv4", "access_ipv6": "accessIPv6", "admin_password": "adminPass",
    "attached_volumes": "volumes_attached", "availability_zone": "OS-EXT-AZ:availability_zone",
    "compute_host": "OS-EXT-SRV-ATTR:host", "created_at": "created",
    "disk_config": "OS-DCF:diskConfig", "has_config_drive": "config_drive", "host_id": "hostId",
    "hostname": "OS-EXT-SRV-ATTR:hostname",
    "hypervisor_hostname": "OS-EXT-SRV-ATTR:hypervisor_hostname",
    "instance_name": "OS-EXT-SRV-ATTR:instance_name", "is_locked": "locked",
    "kernel_id": "OS-EXT-SRV-ATTR:kernel_id", "launch_index": "OS-EXT-SRV-ATTR:launch_index",
    "launched_at": "OS-SRV-USG:launched_at", "power_state": "OS-EXT-STS:power_state",
    "ramdisk_id": "OS-EXT-SRV-ATTR:ramdisk_id",
    "reservation_id": "OS-EXT-SRV-ATTR:reservation_id",
    "root_device_name": "OS-EXT-SRV-ATTR:root_device_name",
    "task_state": "OS-EXT-STS:task_state", "terminated_at": "OS-SRV-USG:terminated_at",
    "updated_at": "updated", "user_data": "OS-EXT-SRV-ATTR:user_data",
    "vm_state": "OS-EXT-STS:vm_state",
}
#: Request-only or duplicate attributes the official client leaves out.
IGNORED = frozenset({
    "block_device_mapping", "flavor_id", "host", "image_id", "max_count", "min_count",
    "networks", "personality", "links", "scheduler_hints",
})
#: Attributes shown only when the answer carried them.
OPTIONAL = frozenset({"admin_password", "fault", "security_groups"})
BOOTED_FROM_VOLUME = "N/A (booted from volume)"
#: Keys of an attached volume as openstacksdk's VolumeAttachment names them, and their wire names.
_VOLUME_KEYS = (("device", "device"), ("id", "id"), ("volume_id", "volumeId"),
                ("attachment_id", "attachment_id"), ("bdm_id", "bdm_uuid"), ("tag", "tag"),
                ("delete_on_termination", "delete_on_termination"))


def image_label(conn: Any, image: Any) -> str:
    """`name (id)` of a server's image, its ID when the name is unknown, or the
    booted-from-volume text."""
    if not isinstance(image, dict) or not any(image.values()):
        return BOOTED_FROM_VOLUME
    image_id = image.get("id", "")
    name = lookups.names(conn, "image.image", {image_id}).get(image_id) if image_id else ""
    return f"{name} ({image_id})" if name else image_id


def embedded_flavor(flavor: dict[str, Any]) -> dict[str, Any]:
    """A 2.47+ embedded flavor as openstacksdk shows it: its name doubles as ID, the
    ephemeral size is read under its prefixed name only, unknown keys are dropped."""
    from ostack.compute.flavors import Flavor

    parsed = Flavor(flavor)
    ident = next((flavor[k] for k in ("id", "name", "original_name") if flavor.get(k)), None)
    return {
        "name": flavor.get("name", flavor.get("original_name")),
        "original_name": flavor.get("original_name"), "description": flavor.get("description"),
        "disk": parsed.disk, "is_public": parsed.is_public, "ram": parsed.ram,
        "vcpus": parsed.vcpus, "swap": parsed.swap,
        "ephemeral": flavor.get("OS-FLV-EXT-DATA:ephemeral", 0),
        "is_disabled": parsed.is_disabled, "rxtx_factor": parsed.rxtx_factor,
        "extra_specs": parsed.extra_specs, "id": ident, "location": None,
    }


def flavor_label(conn: Any, flavor: Any) -> Any:
    """The embedded flavor (2.47+), or `name (id)` of a flavor referenced by ID."""
    if not isinstance(flavor, dict):
        return flavor
    if flavor.get("original_name") is not None:
        return DictColumn(embedded_flavor(flavor))
    flavor_id = flavor.get("id", "")
    names = lookups.names(conn, "compute.flavor", {flavor_id}, list_all=True,
                          is_public="None") if flavor_id else {}
    name = names.get(flavor_id)
    return f"{name} ({flavor_id})" if name else flavor_id


def server_detail(conn: Any, server: Any, created: Any = None) -> dict[str, Any]:
    """The fields `openstack server show` prints for `server`, sorted by name.

    With `created` (the answer to a boot), a field the server does not (yet) have a true value
    for is taken from it, as the official client merges the two.
    """
    from ostack.transport.microversions import at_least

    info: dict[str, Any] = {}
    for name, field in type(server).fields().items():  # as sent (flavor, image: mappings)
        value = field.raw(server.raw)
        if created is not None and not value:
            value = field.raw(created.raw)
        info[name] = value
    microversion = conn.compute.microversion
    data: dict[str, Any] = {}
    for key, value in info.items():
        if key in IGNORED or (key in OPTIONAL and value is None):
            continue
        if key == "pinned_availability_zone" and not at_least(microversion, "2.96"):
            continue
        data[COLUMN_MAP.get(key, key)] = value
    data["image"] = image_label(conn, data.get("image"))
    data["flavor"] = flavor_label(conn, data.get("flavor"))
    data["volumes_attached"] = ListDictColumn([
        {name: volume[wire] for name, wire in _VOLUME_KEYS if volume.get(wire) is not None}
        for volume in data.get("volumes_attached") or [] if isinstance(volume, dict)])
    if "security_groups" in data:
        data["security_groups"] = ListDictColumn(data["security_groups"])
    data["tags"] = ListColumn(data.get("tags") or [])
    data["addresses"] = AddressesColumn(data.get("addresses"))
    data["properties"] = DictColumn(data.pop("metadata", None))
    data["OS-EXT-STS:power_state"] = PowerStateColumn(data.get("OS-EXT-STS:power_state"))
    return {key: ReprColumn(value) if isinstance(value, (dict, list)) else value
            for key, value in sorted(data.items())}


class ServerFields:
    """Mixed into commands that print one server (a ShowFields-like `show`)."""

    conn: Any

    def show(self, server: Any) -> dict[str, Any]:
        return server_detail(self.conn, server)
