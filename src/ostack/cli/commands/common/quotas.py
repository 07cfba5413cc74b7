"""`quota list|set|show|delete`: compute, block storage and network quotas of a project (or
the default quota class), printed as the official client prints them."""

from __future__ import annotations

import argparse
import itertools
import sys
from typing import Any

from ostack import exceptions
from ostack.cli import lookups
from ostack.cli.command import Command, Lister

#: SDK attribute -> option name (`--injected-file-size`) and `quota show` resource name.
COMPUTE_QUOTAS = {
    "cores": "cores", "injected_file_content_bytes": "injected-file-size",
    "injected_file_path_bytes": "injected-path-size", "injected_files": "injected-files",
    "instances": "instances", "key_pairs": "key-pairs", "metadata_items": "properties",
    "ram": "ram", "server_group_members": "server-group-members",
    "server_groups": "server-groups",
}
VOLUME_QUOTAS = {
    "backups": "backups", "backup_gigabytes": "backup-gigabytes", "gigabytes": "gigabytes",
    "groups": "groups", "per_volume_gigabytes": "per-volume-gigabytes",
    "snapshots": "snapshots", "volumes": "volumes",
}
#: Quotas a volume type has its own of (`--volume-type`).
VOLUME_TYPE_QUOTAS = ("gigabytes", "snapshots", "volumes")
#: Neutron's (wire) name -> option name.
NETWORK_QUOTAS = {
    "floatingip": "floating-ips", "security_group_rule": "secgroup-rules",
    "security_group": "secgroups", "network": "networks", "subnet": "subnets",
    "port": "ports", "router": "routers", "router_route": "router-routes",
    "rbac_policy": "rbac-policies", "subnetpool": "subnetpools",
}
NETWORK_KEYS = ("floating_ips", "networks", "rbac_policies", "router_routes", "routers",
                "ports", "security_group_rules", "security_groups", "subnet_pools", "subnets")

#: `quota list --<service>`: (SDK attribute, header) of its columns.
LIST_COLUMNS = {
    "compute": (("id", "Project ID"), ("cores", "Cores"), ("injected_files", "Injected Files"),
                ("injected_file_content_bytes", "Injected File Content Bytes"),
                ("injected_file_path_bytes", "Injected File Path Bytes"),
                ("instances", "Instances"), ("key_pairs", "Key Pairs"),
                ("metadata_items", "Metadata Items"), ("ram", "Ram"),
                ("server_groups", "Server Groups"),
                ("server_group_members", "Server Group Members")),
    "volume": (("id", "Project ID"), ("backups", "Backups"),
               ("backup_gigabytes", "Backup Gigabytes"), ("gigabytes", "Gigabytes"),
               ("groups", "Groups"), ("per_volume_gigabytes", "Per Volume Gigabytes"),
               ("snapshots", "Snapshots"), ("volumes", "Volumes")),
    "network": (("id", "Project ID"), ("floating_ips", "Floating IPs"),
                ("networks", "Networks"), ("ports", "Ports"),
                ("rbac_policies", "RBAC Policies"), ("router_routes", "Router Routes"),
                ("routers", "Routers"), ("security_groups", "Security Groups"),
                ("security_group_rules", "Security Group Rules"), ("subnets", "Subnets"),
                ("subnet_pools", "Subnet Pools")),
}


def project_of(conn: Any, project: str | None) -> tuple[str, str | None]:
    """(id, name) of the named project, or of the token's own."""
    if project is not None:
        found = lookups.find(conn, "identity.project", project)
        return found.id, found.name
    access = conn.session.get_access()
    return access.project_id, access.project_name


def _set_quotas(data: Any, detail: bool) -> dict[str, Any]:
    info = data.to_dict()
    if not detail:
        info.pop("usage", None)
        info.pop("reservation", None)
    return info


def compute_quotas(conn: Any, project: str, *, detail: bool, default: bool) -> dict[str, Any]:
    try:
        if default:
            return _set_quotas(conn.compute.get_quota_set_defaults(project), False)
        return _set_quotas(conn.compute.get_quota_set(project, usage=detail), detail)
    except exceptions.EndpointNotFound:
        return {}


def volume_quotas(conn: Any, project: str, *, detail: bool, default: bool) -> dict[str, Any]:
    try:
        if default:
            return _set_quotas(conn.block_storage.get_quota_set_defaults(project), False)
        return _set_quotas(conn.block_storage.get_quota_set(project, usage=detail), detail)
    except exceptions.EndpointNotFound:
        return {}


def network_quotas(conn: Any, project: str, *, detail: bool, default: bool) -> dict[str, Any]:
    """Neutron's quotas in the shape of Nova's and Cinder's: with `detail`, the limits plus
    `usage` and `reservation` mappings (keys without details are dropped, as officially)."""
    if not lookups.has_service(conn, "network"):
        return {}
    if default:
        return conn.network.get_quota_default(project).to_dict()
    data = conn.network.get_quota(project, details=detail).to_dict()
    if not detail:
        return data
    out: dict[str, Any] = {"usage": {}, "reservation": {}}
    for key, value in data.items():
        if isinstance(value, dict):
            out[key] = value["limit"]
            out["reservation"][key] = value["reserved"]
            out["usage"][key] = value["used"]
    return out


def _renamed(section: dict[str, Any]) -> None:
    """SDK names -> the names `quota show` prints (`key_pairs` -> `key-pairs`), moved last."""
    for key, name in itertools.chain(COMPUTE_QUOTAS.items(), VOLUME_QUOTAS.items(),
                                     NETWORK_QUOTAS.items()):
        if key != name and section.get(key) is not None:
            section[name] = section.pop(key)


def _warn(message: str) -> None:
    sys.stderr.write(message + "\n")


class ListQuota(Lister):
    """List quotas for all projects with non-default quota values.

    Empty output means all projects are using default quotas, which can be inspected with
    'ostack quota show --default'.
    """

    name = "quota list"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--compute", action="store_true", help="list compute quota")
        which.add_argument("--volume", action="store_true", help="list volume quota")
        which.add_argument("--network", action="store_true", help="list network quota")

    def _quotas(self, service: str, project_id: str) -> tuple[Any, Any]:
        if service == "compute":
            compute = self.conn.compute
            return compute.get_quota_set(project_id), compute.get_quota_set_defaults(project_id)
        if service == "volume":
            volume = self.conn.block_storage
            return volume.get_quota_set(project_id), volume.get_quota_set_defaults(project_id)
        network = self.conn.network
        return network.get_quota(project_id), network.get_quota_default(project_id)

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        service = "compute" if args.compute else "volume" if args.volume else "network"
        keys = NETWORK_KEYS if service == "network" else (
            tuple(COMPUTE_QUOTAS) if service == "compute" else tuple(VOLUME_QUOTAS))
        missing: tuple[type[Exception], ...] = (exceptions.Forbidden, exceptions.NotFound)
        if service == "compute":
            # Nova answers 400 for a project ID it does not like.
            missing += (exceptions.BadRequest,)
        rows, bodies = [], []
        for project in lookups.method(self.conn, "identity.project", "list")():
            try:
                quotas, defaults = self._quotas(service, project.id)
            except missing as exc:
                _warn(f"Project {project.id} not found: {exc}")
                continue
            mine = {key: getattr(quotas, key, "") for key in keys}
            if mine != {key: getattr(defaults, key, "") for key in keys}:
                mine["id"] = project.id
                rows.append(mine)
                bodies.append(quotas)  # -f ndjson: the quota set as the service sent it
        from ostack.cli.ndjson import keep_bodies

        columns = LIST_COLUMNS[service]
        return [header for _, header in columns], keep_bodies(
            [[row.get(key, "") for key, _ in columns] for row in rows], bodies)


class SetQuota(Command):
    """Set quotas for project or class."""

    name = "quota set"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("project", metavar="<project/class>", nargs="?",
                            help="set quotas for this project or class (name or ID) "
                                 "(defaults to current project)")
        kind = parser.add_mutually_exclusive_group()
        kind.add_argument("--class", dest="quota_class", action="store_true",
                          help="**Deprecated** set quotas for <class>; only the default "
                               "class exists: use --default (compute and volume only)")
        kind.add_argument("--default", action="store_true",
                          help="set default quotas for <project>")
        for key, name in itertools.chain(COMPUTE_QUOTAS.items(), VOLUME_QUOTAS.items(),
                                         NETWORK_QUOTAS.items()):
            parser.add_argument(f"--{name}", metavar=f"<{name}>", dest=key, type=int,
                                help=f"new value for the {name} quota")
        parser.add_argument("--volume-type", metavar="<volume-type>",
                            help="set quotas for a specific <volume-type>")
        force = parser.add_mutually_exclusive_group()
        force.add_argument("--force", action="store_true", dest="force", default=False,
                           help="force quota update (only supported by compute and network)")
        force.add_argument("--no-force", action="store_false", dest="force", default=False,
                           help="do not force quota update (only supported by compute and "
                                "network) (default)")
        force.add_argument("--check-limit", action="store_false", dest="force",
                           default=False, help=argparse.SUPPRESS)

    def take_action(self, args: argparse.Namespace) -> int:
        if args.quota_class:
            _warn("The '--class' option has been deprecated. Quota classes were never fully "
                  "implemented and the compute and volume services only support a single "
                  "'default' quota class while the network service does not support quota "
                  "classes at all. Please use 'openstack quota set --default' instead.")
        by_class = args.quota_class or args.default
        if by_class and args.force:
            raise exceptions.OstackError("--force cannot be used with --class or --default")
        conn = self.conn
        compute = lookups.has_service(conn, "compute")
        volume = lookups.has_service(conn, "block-storage")
        network = lookups.has_service(conn, "network")
        compute_attrs = {k: getattr(args, k) for k in COMPUTE_QUOTAS
                         if compute and getattr(args, k) is not None}
        if compute_attrs and args.force:
            compute_attrs["force"] = True
        volume_attrs = {}
        for key in VOLUME_QUOTAS:
            value = getattr(args, key)
            if volume and value is not None:
                if args.volume_type and key in VOLUME_TYPE_QUOTAS:
                    key = f"{key}_{args.volume_type}"
                volume_attrs[key] = value
        network_attrs: dict[str, Any] = {k: getattr(args, k) for k in NETWORK_QUOTAS
                                         if network and getattr(args, k) is not None}
        if network_attrs:
            network_attrs["force" if args.force else "check_limit"] = True
        if by_class:
            target = args.project or "default"
            if compute_attrs:
                conn.compute.update_quota_class_set(target, **compute_attrs)
            if volume_attrs:
                conn.block_storage.update_quota_class_set(target, **volume_attrs)
            if network_attrs:
                sys.stderr.write("Network quotas are ignored since quota classes are not "
                                 "supported.")
            return 0
        project_id = project_of(conn, args.project)[0]
        if compute_attrs:
            conn.compute.update_quota_set(project_id, **compute_attrs)
        if volume_attrs:
            conn.block_storage.update_quota_set(project_id, **volume_attrs)
        if network_attrs:
            conn.network.update_quota(project_id, **network_attrs)
        return 0


class ShowQuota(Lister):
    """Show quotas for project or class.

    Specify ``--os-compute-api-version 2.50`` or higher to see ``server-groups`` and
    ``server-group-members`` output for a given quota class.
    """

    name = "quota show"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("project", metavar="<project>", nargs="?",
                            help="show quotas for this project (name or ID) (defaults to "
                                 "current project)")
        kind = parser.add_mutually_exclusive_group()
        kind.add_argument("--default", action="store_true",
                          help="show default quotas for <project>")
        kind.add_argument("--usage", action="store_true",
                          help="show details about quotas usage")
        which = parser.add_mutually_exclusive_group()
        for service, text in (("all", "all services"), ("compute", "compute quota"),
                              ("volume", "volume quota"), ("network", "network quota")):
            which.add_argument(f"--{service}", action="store_const", const=service,
                               dest="service", default="all", help=f"show {text}")

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        conn = self.conn
        project_id = project_of(conn, args.project)[0]
        options = {"detail": args.usage, "default": args.default}
        found: dict[str, dict[str, Any]] = {}
        for service, service_type, read in (
                ("compute", "compute", compute_quotas),
                ("volume", "block-storage", volume_quotas),
                ("network", "network", network_quotas)):
            wanted = args.service == service or (
                args.service == "all" and lookups.has_service(conn, service_type))
            found[service] = read(conn, project_id, **options) if wanted else {}
        info: dict[str, Any] = {}
        if args.usage:
            info["reservation"] = {}
            info["usage"] = {}
            for section in ("reservation", "usage"):
                for service in ("compute", "volume", "network"):
                    info[section].update(found[service].pop(section, {}))
            # Keypair usage is counted per user, not per project.
            info["usage"]["key_pairs"] = "N/A"
        for service in ("compute", "volume", "network"):
            info.update(found[service])
        _renamed(info)
        if args.usage:
            _renamed(info["reservation"])
            _renamed(info["usage"])
        for key in ("id", "location", "name", "force"):
            info.pop(key, None)
        if not args.usage:
            return ["Resource", "Limit"], [[k, v] for k, v in info.items()]
        usage, reservation = info["usage"], info["reservation"]
        return ["Resource", "Limit", "In Use", "Reserved"], [
            [k, v or 0, usage.get(k, 0), reservation.get(k, 0)]
            for k, v in info.items() if k not in ("usage", "reservation")]


class DeleteQuota(Command):
    """Delete configured quota for a project and revert to defaults."""

    name = "quota delete"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("project", metavar="<project>",
                            help="delete quotas for this project (name or ID)")
        which = parser.add_mutually_exclusive_group()
        for service, text in (
                ("all", "project quotas for all services (default)"),
                ("compute", "compute quotas for the project (including network quotas when "
                            "using nova-network)"),
                ("volume", "volume quotas for the project"),
                ("network", "network quotas for the project")):
            which.add_argument(f"--{service}", action="store_const", const=service,
                               dest="service", default="all", help=f"delete {text}")

    def take_action(self, args: argparse.Namespace) -> int:
        conn = self.conn
        project = lookups.find(conn, "identity.project", args.project)
        every = args.service == "all"
        if args.service == "compute" or (every and lookups.has_service(conn, "compute")):
            conn.compute.revert_quota_set(project.id)
        if args.service == "volume" or (every and lookups.has_service(conn, "block-storage")):
            conn.block_storage.revert_quota_set(project.id)
        if args.service in ("all", "network") and lookups.has_service(conn, "network"):
            conn.network.delete_quota(project.id)
        return 0
