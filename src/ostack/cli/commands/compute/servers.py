"""`server list|show|delete|set|unset`, with the columns and formats of `openstack server ...`.

`server list` sends one request on a warm cache: image names come from the CLI's name cache,
and from 2.47 the flavor's name is in each server. Booting is in server_create.py, the state
actions in server_actions.py.
"""

from __future__ import annotations

import argparse

from ostack import exceptions
from ostack.cli import lookups
from ostack.cli.columns import (
    AddressesColumn,
    DictColumn,
    HostColumn,
    ListColumn,
    PowerStateColumn,
    ReprColumn,
)
from ostack.cli.declare import Arg, Option, env_bool, marker_pagination, properties
from ostack.cli.generic import ResourceDelete, ResourceList, ResourceSet, ResourceShow
from ostack.cli.server_fields import BOOTED_FROM_VOLUME, ServerFields

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

RESOURCE = "compute.server"

STATUSES = (
    "ACTIVE", "BUILD", "DELETED", "ERROR", "HARD_REBOOT", "MIGRATING", "PASSWORD", "PAUSED",
    "REBOOT", "REBUILD", "RESCUE", "RESIZE", "REVERT_RESIZE", "SHELVED", "SHELVED_OFFLOADED",
    "SHUTOFF", "SOFT_DELETED", "SUSPENDED", "VERIFY_RESIZE",
)
VM_STATES = (
    "active", "building", "deleted", "error", "paused", "stopped", "suspended", "rescued",
    "resized", "shelved", "shelved_offloaded", "soft-delete",
)
TASK_STATES = (
    "block_device_mapping", "deleting", "image_backup", "image_pending_upload",
    "image_snapshot", "image_snapshot_pending", "image_uploading", "migrating", "networking",
    "pausing", "powering-off", "powering-on", "rebooting", "reboot_pending", "reboot_started",
    "reboot_pending_hard", "reboot_started_hard", "rebooting_hard", "rebuilding",
    "rebuild_block_device_mapping", "rebuild_spawning", "rescuing", "resize_confirming",
    "resize_finish", "resize_migrated", "resize_migrating", "resize_prep", "resize_reverting",
    "restoring", "resuming", "scheduling", "shelving", "shelving_image_pending_upload",
    "shelving_image_uploading", "shelving_offloading", "soft-deleting", "spawning",
    "suspending", "updating_password", "unpausing", "unrescuing", "unshelving",
)
POWER_STATES = {"pending": 0, "running": 1, "paused": 3, "shutdown": 4, "crashed": 6,
                "suspended": 7}


def require(service: Any, version: str, what: str) -> None:
    """Refuse an option the negotiated microversion does not offer, as the official client."""
    from ostack.transport.microversions import at_least

    if not at_least(service.microversion, version):
        raise exceptions.OstackError(
            f"--os-compute-api-version {version} or greater is required to support the "
            f"{what}")


def percent(text: str) -> int:
    value = int(text)
    if not 0 < value <= 100:
        raise argparse.ArgumentTypeError("Must be between 0 and 100")
    return value


def iso_time(option: str, value: str | None) -> None:
    from datetime import datetime

    if value is None:
        return
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise exceptions.OstackError(f"Invalid {option} value: {value}") from None


PROJECT_DOMAIN = Option("--project-domain", metavar="<project-domain>",
                        help="domain the project belongs to (name or ID)")
USER_DOMAIN = Option("--user-domain", metavar="<user-domain>",
                     help="domain the user belongs to (name or ID)")
ALL_PROJECTS = Option("--all-projects", action="store_true", default=env_bool("ALL_PROJECTS"),
                      query="all_projects",
                      help="include all projects (admin only) (can be specified using the "
                           "ALL_PROJECTS envvar)")


def _identity_id(conn: Any, what: str, name: str, domain: str | None) -> str:
    query = {}
    if domain:
        query["domain_id"] = lookups.find_id(conn, "identity.domain", domain)
    return lookups.find_id(conn, what, name, **query)


def _image_id(server: Any) -> str | None:
    image = server.raw.get("image")
    return image.get("id") if isinstance(image, dict) and image.get("id") else None


#: Header -> (value of a server, given the names looked up). Extra columns `-c` may ask for.
LIST_COLUMNS: dict[str, Any] = {
    "ID": lambda s, n: s.id,
    "Name": lambda s, n: s.name,
    "Status": lambda s, n: s.status,
    "Task State": lambda s, n: s.task_state,
    "Power State": lambda s, n: PowerStateColumn(s.power_state),
    "Networks": lambda s, n: AddressesColumn(s.addresses),
    "Image": lambda s, n: n.image_name(s),
    "Image Name": lambda s, n: n.image_name(s),
    "Image ID": lambda s, n: n.image_ref(s),
    "Flavor": lambda s, n: n.flavor_name(s),
    "Flavor Name": lambda s, n: n.flavor_name(s),
    "Flavor ID": lambda s, n: n.flavor_ref(s),
    "Availability Zone": lambda s, n: s.availability_zone,
    "Host": lambda s, n: HostColumn(s.hypervisor_hostname),
    "Properties": lambda s, n: DictColumn(s.metadata),
    "Pinned Availability Zone": lambda s, n: s.pinned_availability_zone,
    "Host Status": lambda s, n: s.host_status,
    "Project ID": lambda s, n: s.project_id,
    "User ID": lambda s, n: s.user_id,
    "Created At": lambda s, n: s.created_at,
    "Security Groups": lambda s, n: ListColumn(
        [g.get("name") for g in s.security_groups or []]),
}
#: What `-c <name>` adds to the listing when the default columns lack it (normalized name).
EXTRA_COLUMNS = {
    "project_id": "Project ID", "user_id": "User ID", "created_at": "Created At",
    "security_groups": "Security Groups", "task_state": "Task State",
    "power_state": "Power State", "image_id": "Image ID", "flavor_id": "Flavor ID",
    "availability_zone": "Availability Zone", "host": "Host", "properties": "Properties",
    "pinned_availability_zone": "Pinned Availability Zone",
}


class ListNames:
    """Image and flavor names of the listed servers, looked up once (name cache first)."""

    def __init__(self, conn: Any, servers: list[Any], lookup: bool, embedded: bool) -> None:
        self.embedded = embedded
        self.lookup = lookup
        self.images: dict[str, str] = {}
        self.flavors: dict[str, str] = {}
        if lookup and servers:
            ids = {i for i in (_image_id(s) for s in servers) if i}
            if ids:
                self.images = lookups.names(conn, "image.image", ids)
            if not embedded:
                self.flavors = lookups.names(conn, "compute.flavor", {
                    self.flavor_ref(s) for s in servers} - {""}, list_all=True,
                    is_public="None")

    def image_ref(self, server: Any) -> str:
        if server.status == "UNKNOWN" and server.raw.get("image") is None:
            return ""
        return _image_id(server) or BOOTED_FROM_VOLUME

    def image_name(self, server: Any) -> str:
        image_id = self.image_ref(server)
        if image_id == BOOTED_FROM_VOLUME:
            return image_id
        return self.images.get(image_id, "")

    def flavor_ref(self, server: Any) -> str:
        flavor = server.raw.get("flavor")
        return flavor.get("id", "") if isinstance(flavor, dict) else ""

    def flavor_name(self, server: Any) -> str:
        flavor = server.raw.get("flavor")
        flavor = flavor if isinstance(flavor, dict) else {}
        if self.embedded:
            return flavor.get("original_name", "")
        return self.flavors.get(self.flavor_ref(server), "")


class ListServer(ResourceList):
    """List servers."""

    name = "server list"
    resource = RESOURCE
    options = (
        Option("--reservation-id", metavar="<reservation-id>", query="reservation_id",
               help="only return instances that match the reservation"),
        Option("--ip", metavar="<ip-address-regex>", query="ip",
               help="regular expression to match IP addresses"),
        Option("--ip6", metavar="<ip-address-regex>", query="ip6",
               help="regular expression to match IPv6 addresses"),
        Option("--name", metavar="<name-regex>", query="name",
               help="regular expression to match names"),
        Option("--instance-name", metavar="<server-name>", query="instance_name",
               help="regular expression to match instance name (admin only)"),
        Option("--status", metavar="<status>", choices=STATUSES, query="status",
               help="search by server status"),
        Option("--flavor", metavar="<flavor>", query="flavor", lookup="compute.flavor",
               help="search by flavor (name or ID)"),
        Option("--image", metavar="<image>", query="image", lookup="image.image",
               help="search by image (name or ID)"),
        Option("--host", metavar="<hostname>", query="compute_host",
               help="search by hostname"),
        ALL_PROJECTS,
        Option("--project", metavar="<project>",
               help="search by project (admin only) (name or ID)"),
        PROJECT_DOMAIN,
        Option("--user", metavar="<user>",
               help="search by user (name or ID) (admin only before microversion 2.83)"),
        USER_DOMAIN,
        Option("--deleted", action="store_true", query="deleted",
               help="only display deleted servers (admin only)"),
        Option("--availability-zone", query="availability_zone",
               help="search by availability zone (admin only before microversion 2.83)"),
        Option("--key-name", query="key_name",
               help="search by keypair name (admin only before microversion 2.83)"),
        Option("--config-drive", action="store_true", dest="has_config_drive", default=None,
               group="config_drive", help="only display servers with a config drive"),
        Option("--no-config-drive", action="store_false", dest="has_config_drive",
               group="config_drive", help="only display servers without a config drive"),
        Option("--progress", type=percent, query="progress",
               help="search by progress value (%%) (admin only before microversion 2.83)"),
        Option("--vm-state", metavar="<state>", choices=VM_STATES, query="vm_state",
               help="search by vm_state value (admin only before microversion 2.83)"),
        Option("--task-state", metavar="<state>", choices=TASK_STATES, query="task_state",
               help="search by task_state value (admin only before microversion 2.83)"),
        Option("--power-state", metavar="<state>", choices=tuple(POWER_STATES),
               help="search by power_state value (admin only before microversion 2.83)"),
        Option("--long", action="store_true", help="list additional fields in output"),
        Option("-n", "--no-name-lookup", action="store_true", group="lookup",
               help="skip flavor and image name lookup"),
        Option("--name-lookup-one-by-one", action="store_true", group="lookup",
               help="look flavor and image names up one by one as needed"),
        *marker_pagination(),
        Option("--changes-before", metavar="<changes-before>", query="changes_before",
               help="list only servers changed before a point of time (ISO 8601) (2.66)"),
        Option("--changes-since", metavar="<changes-since>", query="changes_since",
               help="list only servers changed after a point of time (ISO 8601)"),
        Option("--locked", action="store_true", group="lock",
               help="only display locked servers (2.73)"),
        Option("--unlocked", action="store_true", group="lock",
               help="only display unlocked servers (2.73)"),
        Option("--tags", metavar="<tag>", action="append", default=[], dest="tags",
               help="only list servers with the specified tag (repeatable) (2.26)"),
        Option("--not-tags", metavar="<tag>", action="append", default=[], dest="not_tags",
               help="only list servers without the specified tag (repeatable) (2.26)"),
    )

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        compute = self.service
        query = self.mapped(args, "query")
        query.pop("marker", None)
        limit, most = query.pop("limit", None), query.pop("max_items", None)
        if args.project:
            query["project_id"] = _identity_id(self.conn, "identity.project", args.project,
                                               args.project_domain)
            query["all_projects"] = args.all_projects = True
        if args.user:
            query["user_id"] = _identity_id(self.conn, "identity.user", args.user,
                                            args.user_domain)
        if args.has_config_drive is not None:
            query["config_drive"] = args.has_config_drive
        if args.progress is not None:
            query["progress"] = str(args.progress)
        if args.power_state:
            query["power_state"] = POWER_STATES[args.power_state]
        if args.tags:
            require(compute, "2.26", "--tag option")
            query["tags"] = ",".join(args.tags)
        if args.not_tags:
            require(compute, "2.26", "--not-tag option")
            query["not_tags"] = ",".join(args.not_tags)
        if args.locked or args.unlocked:
            option = "--locked" if args.locked else "--unlocked"
            require(compute, "2.73", f"{option} option")
            query["locked"] = bool(args.locked)
        if limit is not None:
            # One page of `limit`, as the official client asks for it (no further pages).
            query["limit"] = limit
            most = limit if most is None else min(most, limit)
        if most is not None:
            query["max_items"] = most
        if args.changes_before:
            from ostack.transport.microversions import at_least

            if not at_least(compute.microversion, "2.66"):
                raise exceptions.OstackError("--os-compute-api-version 2.66 or later is "
                                             "required")
        iso_time("changes-before", args.changes_before)
        iso_time("changes-since", args.changes_since)
        if args.marker is not None:
            query["marker"] = args.marker if args.deleted else compute.find_server(
                args.marker, ignore_missing=False).id
        return query

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        """Detailed servers, as they come (what `-f ndjson` streams)."""
        return self.service.servers(details=True, **query)

    def run(self, args: argparse.Namespace) -> int:
        from ostack.cli.early_checks import check_columns  # before any request

        check_columns(args, list(LIST_COLUMNS))
        return super().run(args)

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        from ostack.transport.microversions import at_least

        compute = self.service
        query = self.query(args)
        servers = list(compute.servers(details=True, **query))
        self.remember_listed(query, servers)
        microversion = compute.microversion
        embedded = at_least(microversion, "2.47")
        names = ListNames(self.conn, servers, not args.no_name_lookup, embedded)
        headers = ["ID", "Name", "Status"]
        if args.long:
            headers += ["Task State", "Power State"]
        headers.append("Networks")
        headers += ["Image Name", "Image ID"] if args.long else ["Image"]
        if embedded or not args.long:
            headers.append("Flavor")
        else:
            headers += ["Flavor Name", "Flavor ID"]
        if args.long:
            headers += ["Availability Zone", "Host", "Properties"]
            if at_least(microversion, "2.96"):
                headers.append("Pinned Availability Zone")
        if args.all_projects:
            headers.append("Project ID")
        for wanted in getattr(args, "columns", None) or []:
            header = EXTRA_COLUMNS.get(wanted.lower().strip().replace(" ", "_"))
            if header and header not in headers:
                headers.append(header)
        if args.long and at_least(microversion, "2.16") and any(
                s.host_status is not None for s in servers):
            headers.append("Host Status")
        values = [self._value(h, args) for h in headers]
        return headers, [[value(s, names) for value in values] for s in servers]

    @staticmethod
    def _value(header: str, args: argparse.Namespace) -> Any:
        if header == "Image" and args.no_name_lookup:
            return LIST_COLUMNS["Image ID"]
        if header == "Flavor" and args.no_name_lookup:
            return lambda s, n: n.flavor_name(s) if n.embedded else n.flavor_ref(s)
        return LIST_COLUMNS[header]


class ShowServer(ServerFields, ResourceShow):
    """Show server details."""

    name = "server show"
    resource = RESOURCE
    options = (
        Arg("server", metavar="<server>", help="server (name or ID)"),
        Option("--diagnostics", action="store_true", group="extra",
               help="display server diagnostics information"),
        Option("--topology", action="store_true", group="extra",
               help="include topology information in the output (2.78)"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        compute = self.service
        server = compute.find_server(args.server, ignore_missing=False, details=True)
        if args.diagnostics:
            found = compute.get_server_diagnostics(server)
            data = {name: getattr(found, name) for name in type(found).fields()}
            data["location"] = LocationColumn(_location(self.conn))
            return {key: ReprColumn(value) if isinstance(value, (dict, list)) else value
                    for key, value in sorted(data.items())}
        topology = None
        if args.topology:
            require(compute, "2.78", "--topology option")
            topology = compute.fetch_server_topology(server)
        data = self.show(server)
        if topology:
            data["topology"] = DictColumn(topology)
            data = {key: data[key] for key in sorted(data)}
        return data


class LocationColumn(ReprColumn):
    """openstacksdk's `location`: printed in a table as the official client does (the text of
    its Munch mappings)."""

    def human_readable(self) -> str:
        def text(value: Any) -> str:
            if isinstance(value, dict):
                return "Munch({" + ", ".join(f"{k!r}: {text(v)}" for k, v in value.items()) + "})"
            return repr(value)

        return text(self.value)


def _location(conn: Any) -> dict[str, Any]:
    """Where a resource was read, as openstacksdk's `location` (cloud, region, project)."""
    config = getattr(conn, "config", None)
    auth = dict(getattr(config, "auth", None) or {})
    return {"cloud": getattr(config, "name", None),
            "region_name": getattr(config, "region_name", None), "zone": None,
            "project": {"id": conn.session.get_access().project_id,
                        "name": auth.get("project_name"),
                        "domain_id": auth.get("project_domain_id"),
                        "domain_name": auth.get("project_domain_name")}}


class DeleteServer(ResourceDelete):
    """Delete server(s)."""

    name = "server delete"
    resource = RESOURCE
    can_wait = True
    options = (
        Arg("server", metavar="<server>", nargs="+", help="server(s) to delete (name or ID)"),
        Option("--force", action="store_true", help="force delete server(s)"),
        Option("--all-projects", action="store_true", default=env_bool("ALL_PROJECTS"),
               query="all_projects",
               help="delete server(s) in another project by name (admin only) (can be "
                    "specified using the ALL_PROJECTS envvar)"),
    )

    def delete(self, args: argparse.Namespace, name: str) -> Any:
        found = self.find(name, **self.mapped(args, "query"))
        self.service.delete_server(found, ignore_missing=False, force=args.force)
        return found


class SetServer(ResourceSet):
    """Set server properties."""

    name = "server set"
    resource = RESOURCE
    options = (
        Arg("server", metavar="<server>", help="server (name or ID)"),
        Option("--name", metavar="<new-name>", body="name", help="new server name"),
        Option("--password", group="password",
               help="set the server password (this option requires cloud support)"),
        Option("--no-password", action="store_true", group="password",
               help="clear the admin password for the server from the metadata service"),
        Option("--root-password", action="store_true", group="password",
               help=argparse.SUPPRESS),
        properties(dest="properties",
                   help="property to add/change for this server (repeatable)"),
        Option("--auto-approve", action="store_true",
               help="allow server state override without asking for confirmation"),
        Option("--state", metavar="<state>", choices=["active", "error"],
               help="new server state (admin only; prefer a hard reboot)"),
        Option("--description", metavar="<description>", body="description",
               help="new server description (2.19)"),
        Option("--tag", metavar="<tag>", action="append", default=[], dest="tags",
               help="tag for the server (repeatable) (2.26)"),
        Option("--hostname", metavar="<hostname>", body="hostname",
               help="hostname configured for the server in the metadata service (2.90)"),
        Option("--pinned-availability-zone", metavar="<availability-zone>",
               body="pinned_availability_zone",
               help="pin the server to the given availability zone (2.104)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        compute = self.service
        server = self.find(args.server)
        for given, version, what in (
                (args.description, "2.19", "--description option"),
                (args.tags, "2.26", "--tag option"),
                (args.hostname, "2.90", "--hostname option"),
                (args.pinned_availability_zone, "2.104",
                 "--pinned-availability-zone option")):
            if given:
                require(compute, version, what)
        attrs = self.attrs(args)
        if attrs:
            compute.update_server(server, **attrs)
        if args.properties:
            compute.set_server_metadata(server, **dict(args.properties))
        if args.state:
            if not args.auto_approve and not _confirm(
                    "Resetting the server state can make it much harder to recover a server "
                    "from an error state. If the server is in error status due to a failed "
                    "move operation then this is likely not the correct approach to fix the "
                    "problem. Do you wish to continue?"):
                return 0
            compute.reset_server_state(server, state=args.state)
        if args.root_password:
            import getpass

            first = getpass.getpass("New password: ")
            if first != getpass.getpass("Retype new password: "):
                raise exceptions.OstackError("Passwords do not match, password unchanged")
            compute.change_server_password(server, first)
        elif args.password:
            compute.change_server_password(server, args.password)
        elif args.no_password:
            compute.clear_server_password(server)
        for tag in args.tags:
            compute.add_tag_to_server(server, tag)
        return 0


def _confirm(question: str) -> bool:
    import getpass

    while True:
        answer = getpass.getpass(f"{question} [y/n]: ")
        if answer in ("y", "Y", "yes"):
            return True
        if answer in ("n", "N", "no"):
            return False


class UnsetServer(ResourceSet):
    """Unset server properties and tags."""

    name = "server unset"
    resource = RESOURCE
    options = (
        Arg("server", metavar="<server>", help="server (name or ID)"),
        Option("--property", metavar="<key>", action="append", default=[], dest="properties",
               group="property",
               help="property key to remove from server (repeatable)"),
        Option("--all-properties", action="store_true", group="property",
               help="remove all properties"),
        Option("--description", action="store_true", help="unset server description (2.19)"),
        Option("--tag", metavar="<tag>", action="append", default=[], dest="tags",
               group="tag", help="tag to remove from the server (repeatable) (2.26)"),
        Option("--all-tags", action="store_true", group="tag",
               help="remove all tags (2.26)"),
        Option("--pinned-availability-zone", action="store_true",
               help="unpin the server from its availability zone (2.104)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        compute = self.service
        server = self.find(args.server)
        if args.properties or args.all_properties:
            compute.delete_server_metadata(server, args.properties or None)
        if args.description:
            require(compute, "2.19", "--description option")
            compute.update_server(server, description="")
        if args.pinned_availability_zone:
            require(compute, "2.104", "--pinned-availability-zone option")
            compute.update_server(server, pinned_availability_zone=None)
        if args.tags or args.all_tags:
            require(compute, "2.26", "--tag option")
            for tag in args.tags:
                compute.remove_tag_from_server(server, tag)
            if args.all_tags:
                compute.remove_tags_from_server(server)
        return 0

