"""`server list|show|create|delete`, with the columns and formats of `openstack server ...`."""

from __future__ import annotations

import sys
from typing import Any

from ostack import exceptions
from ostack.cli import lookups
from ostack.cli.command import Command, Lister, ShowOne, parse_properties, sorted_fields
from ostack.compute.servers import Server

POWER_STATES = {
    0: "NOSTATE", 1: "Running", 3: "Paused", 4: "Shutdown", 6: "Crashed", 7: "Suspended",
}


class AddressesColumn:
    """`net1=10.0.0.3, fd00::3; net2=...`, as the official client prints addresses."""

    def __init__(self, addresses: dict[str, list[dict[str, Any]]] | None) -> None:
        self.addresses = addresses or {}

    def human_readable(self) -> str:
        return "; ".join(
            f"{net}=" + ", ".join(a.get("addr", "") for a in addrs)
            for net, addrs in sorted(self.addresses.items())
        )

    def machine_readable(self) -> dict[str, list[str]]:
        return {net: [a.get("addr", "") for a in addrs] for net, addrs in self.addresses.items()}


class PropertiesColumn:
    """Metadata as `key='value', key2='value2'`."""

    def __init__(self, data: dict[str, Any] | None) -> None:
        self.data = data or {}

    def human_readable(self) -> str:
        return ", ".join(f"{k}='{v}'" for k, v in sorted(self.data.items()))

    def machine_readable(self) -> dict[str, Any]:
        return self.data


def _image_id(server: Server) -> str:
    image = server.image
    return image.get("id", "") if isinstance(image, dict) else ""


def _flavor_id(server: Server) -> str:
    flavor = server.flavor
    return flavor.get("id", "") if isinstance(flavor, dict) else ""


class NameLookups:
    """Image and flavor names for many servers, from the CLI's name cache first."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def image_names(self, ids: set[str]) -> dict[str, str]:
        return lookups.names(self.conn, "image.image", ids)

    def flavor_names(self, ids: set[str]) -> dict[str, str]:
        return lookups.names(self.conn, "compute.flavor", ids, list_all=True, is_public="None")


def flavor_label(server: Server, names: dict[str, str] | None = None) -> str:
    flavor = server.flavor or {}
    if isinstance(flavor, dict) and flavor.get("original_name"):
        return flavor["original_name"]
    flavor_id = _flavor_id(server)
    return (names or {}).get(flavor_id) or flavor_id


class ListServer(Lister):
    """List servers."""

    name = "server list"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--name", metavar="<name-regex>", help="names matching a regex")
        parser.add_argument("--status", metavar="<status>", help="only servers in this status")
        parser.add_argument("--flavor", metavar="<flavor>", help="only servers of this flavor")
        parser.add_argument("--image", metavar="<image>", help="only servers of this image")
        parser.add_argument("--host", metavar="<hostname>", help="only servers on this host")
        parser.add_argument("--all-projects", action="store_true",
                            help="servers of every project (admin only)")
        parser.add_argument("--project", metavar="<project>",
                            help="only this project's servers (admin only)")
        parser.add_argument("--user", metavar="<user>", help="only this user's servers")
        parser.add_argument("--changes-since", metavar="<changes-since>",
                            help="only servers changed since this ISO 8601 time")
        parser.add_argument("--tags", metavar="<tag>", action="append",
                            help="only servers with all these tags")
        parser.add_argument("--long", action="store_true", help="more columns")
        parser.add_argument("-n", "--no-name-lookup", action="store_true",
                            help="show image and flavor IDs instead of names")
        parser.add_argument("--marker", metavar="<server>", help="start after this server")
        parser.add_argument("--limit", metavar="<num-servers>", type=int,
                            help="at most this many servers (-1: all)")

    def take_action(self, args: Any):
        compute = self.conn.compute
        query: dict[str, Any] = {
            "name": args.name, "status": args.status, "host": args.host,
            "changes_since": args.changes_since,
        }
        if args.flavor:
            query["flavor"] = compute.find_flavor(args.flavor, ignore_missing=False).id
        if args.image:
            query["image"] = self.conn.image.find_image(args.image, ignore_missing=False).id
        if args.all_projects or args.project:
            query["all_projects"] = True
        if args.project:
            query["project_id"] = self.conn.identity.find_project(
                args.project, ignore_missing=False).id
        if args.user:
            query["user_id"] = self.conn.identity.find_user(args.user, ignore_missing=False).id
        if args.tags:
            query["tags"] = ",".join(args.tags)
        if args.marker:
            query["marker"] = args.marker
        if args.limit is not None and args.limit >= 0:
            query["limit"] = args.limit
        servers = compute.servers(details=True, **query)
        if args.limit is not None and args.limit >= 0:
            import itertools

            servers = itertools.islice(servers, args.limit)
        servers = list(servers)

        image_names: dict[str, str] = {}
        flavor_names: dict[str, str] = {}
        if not args.no_name_lookup:
            lookups = NameLookups(self.conn)
            image_names = lookups.image_names({_image_id(s) for s in servers})
            need_flavors = {
                _flavor_id(s) for s in servers
                if not (isinstance(s.flavor, dict) and s.flavor.get("original_name"))
            }
            if need_flavors - {""}:
                flavor_names = lookups.flavor_names(need_flavors)

        def image_label(server: Server) -> str:
            image_id = _image_id(server)
            if not image_id:
                return "N/A (booted from volume)"
            return image_names.get(image_id) or image_id

        if args.long:
            columns = ("ID", "Name", "Status", "Task State", "Power State", "Networks",
                       "Image Name", "Image ID", "Flavor", "Availability Zone", "Host",
                       "Properties")
            rows = [
                (s.id, s.name, s.status, s.task_state,
                 POWER_STATES.get(s.power_state, s.power_state),
                 AddressesColumn(s.addresses), image_label(s), _image_id(s),
                 flavor_label(s, flavor_names), s.availability_zone, s.host,
                 PropertiesColumn(s.metadata))
                for s in servers
            ]
        else:
            columns = ("ID", "Name", "Status", "Networks", "Image", "Flavor")
            rows = [
                (s.id, s.name, s.status, AddressesColumn(s.addresses), image_label(s),
                 flavor_label(s, flavor_names))
                for s in servers
            ]
        return columns, rows


def server_fields(conn: Any, server: Server) -> dict[str, Any]:
    """A server's fields as `openstack server show` prints them."""
    body = dict(server.raw)
    data: dict[str, Any] = {}
    renames = {
        "tenant_id": "project_id", "metadata": "properties",
        "os-extended-volumes:volumes_attached": "volumes_attached",
    }
    for key, value in body.items():
        if key in ("links",):
            continue
        data[renames.get(key, key)] = value
    data.setdefault("server_groups", None)  # the official client always shows it
    data["addresses"] = AddressesColumn(body.get("addresses"))
    data["properties"] = PropertiesColumn(body.get("metadata"))
    image_id = _image_id(server)
    if image_id:
        name = NameLookups(conn).image_names({image_id}).get(image_id)
        data["image"] = f"{name} ({image_id})" if name else image_id
    elif "image" in body:
        data["image"] = "N/A (booted from volume)"
    flavor = body.get("flavor")
    if isinstance(flavor, dict):
        if flavor.get("original_name"):
            data["flavor"] = PropertiesColumn(
                {k: v for k, v in flavor.items() if k != "links"})
        elif flavor.get("id"):
            names = NameLookups(conn).flavor_names({flavor["id"]})
            name = names.get(flavor["id"])
            data["flavor"] = f"{name} ({flavor['id']})" if name else flavor["id"]
    if isinstance(body.get("security_groups"), list):
        data["security_groups"] = "\n".join(
            f"name='{g.get('name')}'" for g in body["security_groups"])
    if "OS-EXT-STS:power_state" in body:
        data["OS-EXT-STS:power_state"] = POWER_STATES.get(
            body["OS-EXT-STS:power_state"], body["OS-EXT-STS:power_state"])
    return sorted_fields(data)


class ShowServer(ShowOne):
    """Show a server's details, by name or ID."""

    name = "server show"

    def add_arguments(self, parser) -> None:
        parser.add_argument("server", metavar="<server>", help="server name or ID")
        parser.add_argument("--all-projects", action="store_true",
                            help="look the name up in every project (admin only)")

    def take_action(self, args: Any) -> dict[str, Any]:
        query = {"all_projects": True} if args.all_projects else {}
        server = self.conn.compute.find_server(args.server, ignore_missing=False, **query)
        return server_fields(self.conn, server)


class CreateServer(ShowOne):
    """Create a new server."""

    name = "server create"

    def add_arguments(self, parser) -> None:
        parser.add_argument("name", metavar="<server-name>", help="the new server's name")
        source = parser.add_mutually_exclusive_group()
        source.add_argument("--image", metavar="<image>", help="image name or ID to boot")
        source.add_argument("--volume", metavar="<volume>",
                            help="volume ID to boot from (block_device_mapping_v2)")
        parser.add_argument("--flavor", metavar="<flavor>", required=True,
                            help="flavor name or ID")
        parser.add_argument("--network", metavar="<network>", action="append", default=[],
                            help="attach to this network (ID); repeatable")
        parser.add_argument("--port", metavar="<port>", action="append", default=[],
                            help="attach this port (ID); repeatable")
        parser.add_argument("--nic", metavar="<net-id=...,v4-fixed-ip=...|auto|none>",
                            action="append", default=[],
                            help="a network interface; 'auto' or 'none' alone")
        parser.add_argument("--key-name", metavar="<key-name>", help="keypair to inject")
        parser.add_argument("--security-group", metavar="<security-group>", action="append",
                            default=[], help="security group name or ID; repeatable")
        parser.add_argument("--user-data", metavar="<user-data>",
                            help="file with user data for the metadata service")
        parser.add_argument("--availability-zone", metavar="<zone-name>")
        parser.add_argument("--property", metavar="<key=value>", action="append",
                            help="metadata to set on the server; repeatable")
        parser.add_argument("--description", metavar="<description>")
        parser.add_argument("--tag", metavar="<tag>", action="append", default=[])
        parser.add_argument("--config-drive", metavar="<True|False>")
        parser.add_argument("--hint", metavar="<key=value>", action="append",
                            help="scheduler hint; repeatable")
        parser.add_argument("--min", type=int, metavar="<count>", help="minimum servers")
        parser.add_argument("--max", type=int, metavar="<count>", help="maximum servers")
        parser.add_argument("--wait", action="store_true", help="wait until it is ACTIVE")
        parser.add_argument("--wait-timeout", type=float, default=600.0, metavar="<seconds>")

    def take_action(self, args: Any) -> dict[str, Any]:
        conn = self.conn
        compute = conn.compute
        if not args.image and not args.volume:
            raise exceptions.OstackError(
                "give an image to boot from with --image, or a volume with --volume"
            )
        flavor = compute.find_flavor(args.flavor, ignore_missing=False)
        attrs: dict[str, Any] = {}
        image_id = None
        if args.image:
            image = conn.image.find_image(args.image, ignore_missing=False)
            image_id = image.id
            lookups.remember_names(conn, "image.image", [image])
        else:
            image_id = ""
            attrs["block_device_mapping_v2"] = [{
                "uuid": args.volume, "source_type": "volume", "destination_type": "volume",
                "boot_index": 0, "delete_on_termination": False,
            }]
        networks = _networks(args)
        metadata = parse_properties(args.property)
        user_data = None
        if args.user_data:
            try:
                with open(args.user_data, "rb") as fh:
                    user_data = fh.read()
            except OSError as exc:
                raise exceptions.OstackError(
                    f"cannot read user data file {args.user_data}: {exc.strerror}") from None
        if args.security_group:
            attrs["security_groups"] = [{"name": g} for g in args.security_group]
        if args.availability_zone:
            attrs["availability_zone"] = args.availability_zone
        if args.description:
            attrs["description"] = args.description
        if args.tag:
            attrs["tags"] = args.tag
        if args.config_drive is not None:
            attrs["config_drive"] = args.config_drive.lower() in ("true", "1", "yes")
        hints = parse_properties(args.hint, "--hint") if args.hint else None
        server = compute.create_server(
            args.name, image=image_id, flavor=flavor.id, networks=networks,
            key_name=args.key_name, user_data=user_data, metadata=metadata or None,
            min_count=args.min, max_count=args.max, scheduler_hints=hints, **attrs,
        )
        admin_pass = server.admin_password
        if args.wait:
            def progress(current: Server) -> None:
                if sys.stderr.isatty():
                    sys.stderr.write(f"\rserver {current.id}: {current.status} ")
            server = compute.wait_for_server(server, status="ACTIVE", wait=args.wait_timeout,
                                             interval=2.0, callback=progress)
            if sys.stderr.isatty():
                sys.stderr.write("\n")
        else:
            server = compute.get_server(server.id)
        data = server_fields(conn, server)
        if admin_pass:
            data["adminPass"] = admin_pass
        return sorted_fields(data)


def _networks(args: Any) -> str | list[dict[str, Any]] | None:
    """--network/--port/--nic -> the `networks` of the request (None: the server decides)."""
    nets: list[dict[str, Any]] = []
    special = None
    for nic in args.nic:
        if nic in ("auto", "none"):
            special = nic
            continue
        entry: dict[str, Any] = {}
        for part in nic.split(","):
            key, sep, value = part.partition("=")
            if not sep:
                raise exceptions.OstackError(
                    f"--nic {nic!r}: expected key=value pairs (net-id, port-id, v4-fixed-ip, "
                    "v6-fixed-ip, tag), or 'auto' / 'none'"
                )
            wire = {"net-id": "uuid", "port-id": "port", "v4-fixed-ip": "fixed_ip",
                    "v6-fixed-ip": "fixed_ip", "tag": "tag"}.get(key)
            if wire is None:
                raise exceptions.OstackError(f"--nic {nic!r}: unknown key {key!r}")
            if wire == "fixed_ip" and "fixed_ip" in entry:
                raise exceptions.OstackError(
                    f"--nic {nic!r}: give v4-fixed-ip or v6-fixed-ip, not both")
            entry[wire] = value
        if "uuid" in entry and "port" in entry:
            raise exceptions.OstackError(f"--nic {nic!r}: give net-id or port-id, not both")
        nets.append(entry)
    nets.extend({"uuid": n} for n in args.network)
    nets.extend({"port": p} for p in args.port)
    if special and nets:
        raise exceptions.OstackError("--nic auto/none cannot be combined with other networks")
    if special:
        return special
    return nets or None


class DeleteServer(Command):
    """Delete one or more servers."""

    name = "server delete"

    def add_arguments(self, parser) -> None:
        parser.add_argument("servers", metavar="<server>", nargs="+",
                            help="server names or IDs")
        parser.add_argument("--force", action="store_true", help="force the deletion")
        parser.add_argument("--all-projects", action="store_true",
                            help="look names up in every project (admin only)")
        parser.add_argument("--wait", action="store_true", help="wait until they are gone")
        parser.add_argument("--wait-timeout", type=float, default=600.0, metavar="<seconds>")

    def take_action(self, args: Any) -> int:
        compute = self.conn.compute
        query = {"all_projects": True} if args.all_projects else {}
        failures = 0
        deleted = []
        for name in args.servers:
            try:
                server = compute.find_server(name, ignore_missing=False, **query)
                compute.delete_server(server, ignore_missing=False, force=args.force)
                deleted.append(server)
            except exceptions.OstackError as exc:
                failures += 1
                sys.stderr.write(f"Failed to delete server '{name}': {exc}\n")
        if args.wait:
            for server in deleted:
                try:
                    compute.wait_for_delete(server, wait=args.wait_timeout, interval=2.0)
                except exceptions.OstackError as exc:
                    failures += 1
                    sys.stderr.write(f"Error waiting for server {server.id}: {exc}\n")
        if failures:
            raise exceptions.OstackError(
                f"{failures} of {len(args.servers)} servers failed to delete")
        return 0
