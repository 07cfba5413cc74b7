"""`subnet pool create|delete|list|set|show|unset|add network` and the deprecated
`network onboard subnet`, as the official client prints them."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ostack import exceptions
from ostack.cli import extra_properties, lookups, tags
from ostack.cli.columns import ListColumn
from ostack.cli.declare import (
    Arg,
    Column,
    Option,
    marker_pagination,
    non_negative,
    on_off,
    project_options,
)
from ostack.cli.generic import (
    ResourceCommand,
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceSet,
    ResourceShow,
    ShowFields,
)

RESOURCE = "network.subnet_pool"


class SubnetPoolFields(ShowFields):
    show_source = "dict"
    show_rename = {"default_prefix_length": "default_prefixlen", "is_shared": "shared",
                   "maximum_prefix_length": "max_prefixlen",
                   "minimum_prefix_length": "min_prefixlen"}
    show_hidden = ("links", "location", "tenant_id")
    show_formatters = {"prefixes": ListColumn, "tags": ListColumn}


def _prefix_options(create: bool) -> tuple[Option, ...]:
    return (
        Option("--pool-prefix", metavar="<pool-prefix>", dest="prefixes", action="append",
               required=create,
               help="set subnet pool prefixes (in CIDR notation) (repeat option to set "
                    "multiple prefixes)"),
        *(Option(f"--{kind}-prefix-length", metavar=f"<{kind}-prefix-length>",
                 type=non_negative(f"--{kind}-prefix-length"),
                 help=f"set subnet pool {word} prefix length")
          for kind, word in (("default", "default"), ("min", "minimum"), ("max", "maximum"))),
    )


DEFAULT = on_off("--default", "--no-default", "default", "set this as a default subnet pool",
                 "set this as a non-default subnet pool")
QUOTA = Option("--default-quota", type=int, metavar="<num-ip-addresses>",
               help="set default per-project quota for this subnet pool as the number of IP "
                    "addresses that can be allocated from the subnet pool")
SCOPE_HELP = ("set address scope associated with the subnet pool (name or ID), prefixes must "
              "be unique across address scopes")


def _attrs(command: Any, args: argparse.Namespace) -> dict[str, Any]:
    attrs: dict[str, Any] = {}
    if args.name is not None:
        attrs["name"] = args.name
    if args.prefixes is not None:
        attrs["prefixes"] = list(args.prefixes)
    for key, dest in (("default_prefixlen", "default_prefix_length"),
                      ("min_prefixlen", "min_prefix_length"),
                      ("max_prefixlen", "max_prefix_length")):
        if getattr(args, dest) is not None:
            attrs[key] = getattr(args, dest)
    if args.address_scope is not None:
        attrs["address_scope_id"] = lookups.find_id(command.conn, "network.address_scope",
                                                    args.address_scope)
    if getattr(args, "no_address_scope", False):
        attrs["address_scope_id"] = None
    if args.default:
        attrs["is_default"] = True
    if args.no_default:
        attrs["is_default"] = False
    if getattr(args, "share", False):
        attrs["shared"] = True
    if getattr(args, "no_share", False):
        attrs["shared"] = False
    if getattr(args, "project", None) is not None:
        attrs["project_id"] = lookups.project_id(command.conn, args.project,
                                                 args.project_domain)
    if args.description is not None:
        attrs["description"] = args.description
    if args.default_quota is not None:
        attrs["default_quota"] = int(args.default_quota)
    return attrs


class CreateSubnetPool(SubnetPoolFields, ResourceCreate):
    """Create subnet pool."""

    name = "subnet pool create"
    resource = RESOURCE
    options = (
        extra_properties.option(),
        Arg("name", metavar="<name>", help="name of the new subnet pool"),
        *_prefix_options(create=True),
        *project_options("owner's project (name or ID)"),
        Option("--address-scope", metavar="<address-scope>", help=SCOPE_HELP),
        *DEFAULT,
        *on_off("--share", "--no-share", "share", "set this subnet pool as shared",
                "set this subnet pool as not shared"),
        Option("--description", metavar="<description>", help="set subnet pool description"),
        QUOTA,
        *tags.create_options("subnet pool"),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        attrs = _attrs(self, args)
        attrs.setdefault("prefixes", [])
        attrs.update(extra_properties.values(args))
        return attrs

    def create(self, args: argparse.Namespace, attrs: dict[str, Any]) -> Any:
        return tags.apply_set(self.service, super().create(args, attrs), args)


class DeleteSubnetPool(ResourceDelete):
    """Delete subnet pool(s)."""

    name = "subnet pool delete"
    resource = RESOURCE
    options = (Arg("subnet_pool", metavar="<subnet-pool>", nargs="+",
                   help="subnet pool(s) to delete (name or ID)"),)


class ListSubnetPool(ResourceList):
    """List subnet pools."""

    name = "subnet pool list"
    resource = RESOURCE
    limit_is_page_size = True
    columns = (Column("ID", "id"), Column("Name", "name"),
               Column("Prefixes", "prefixes", ListColumn))
    long_columns = (Column("Default Prefix Length", "default_prefix_length"),
                    Column("Address Scope", "address_scope_id"),
                    Column("Default Subnet Pool", "is_default"), Column("Shared", "is_shared"),
                    Column("Tags", "tags", ListColumn))
    options = (
        *on_off("--share", "--no-share", "share",
                "list only subnet pools shared between projects",
                "list only subnet pools not shared between projects"),
        *on_off("--default", "--no-default", "default",
                "list only subnet pools used as the default external subnet pool",
                "list only subnet pools not used as the default external subnet pool"),
        *project_options("list only subnet pools with the specified project (name or ID)"),
        Option("--name", metavar="<name>", query="name",
               help="list only subnet pools with the specified name"),
        Option("--address-scope", metavar="<address-scope>", query="address_scope_id",
               lookup="network.address_scope",
               help="list only subnet pools with the specified address scope (name or ID)"),
        *tags.list_options("subnet pools"),
        *marker_pagination(),
    )

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        query = super().query(args)
        if args.share or args.no_share:
            query["is_shared"] = bool(args.share)
        if args.default or args.no_default:
            query["is_default"] = bool(args.default)
        query["project_id"] = lookups.project_of(self.conn, args)
        return query


class ShowSubnetPool(SubnetPoolFields, ResourceShow):
    """Display subnet pool details."""

    name = "subnet pool show"
    resource = RESOURCE
    options = (Arg("subnet_pool", metavar="<subnet-pool>",
                   help="subnet pool to display (name or ID)"),)


class SetSubnetPool(ResourceSet):
    """Set subnet pool properties."""

    name = "subnet pool set"
    resource = RESOURCE
    options = (
        extra_properties.option(),
        Arg("subnet_pool", metavar="<subnet-pool>", help="subnet pool to modify (name or ID)"),
        Option("--name", metavar="<name>", help="set subnet pool name"),
        *_prefix_options(create=False),
        Option("--address-scope", metavar="<address-scope>", group="scope", help=SCOPE_HELP),
        Option("--no-address-scope", action="store_true", group="scope",
               help="remove address scope associated with the subnet pool"),
        *DEFAULT,
        Option("--description", metavar="<description>", help="set subnet pool description"),
        QUOTA,
        *tags.set_options("subnet pool"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        pool = self.find(args.subnet_pool)
        attrs = _attrs(self, args)
        if "prefixes" in attrs:  # the existing prefixes must stay
            attrs["prefixes"].extend(pool.prefixes or [])
        attrs.update(extra_properties.values(args))
        if attrs:
            self.service.update_subnet_pool(pool, **attrs)
        tags.apply_set(self.service, pool, args)
        return 0


class UnsetSubnetPool(ResourceSet):
    """Unset subnet pool properties."""

    name = "subnet pool unset"
    resource = RESOURCE
    options = (
        Arg("subnet_pool", metavar="<subnet-pool>", help="subnet pool to modify (name or ID)"),
        *tags.unset_options("subnet pool"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        tags.apply_unset(self.service, self.find(args.subnet_pool), args)
        return 0


class AddNetworkSubnetPool(ResourceCommand):
    """Onboard network subnets into a subnet pool."""

    name = "subnet pool add network"
    resource = RESOURCE
    options = (
        Arg("network", metavar="<network>",
            help="onboard all subnets associated with this network"),
        Arg("subnetpool", metavar="<subnetpool>",
            help="target subnet pool for onboarding subnets"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        service = self.service
        pool = service.find_subnet_pool(args.subnetpool, ignore_missing=False)
        network = service.find_network(args.network, ignore_missing=False)
        try:
            service.onboard_network_subnets(pool, network)
        except exceptions.OstackError as exc:
            raise exceptions.OstackError(
                f"Failed to onboard subnets for network '{args.network}': {exc}") from None
        return 0


class NetworkOnboardSubnets(AddNetworkSubnetPool):
    """DEPRECATED: Use 'subnet pool add network' instead."""

    name = "network onboard subnet"

    def take_action(self, args: argparse.Namespace) -> int:
        sys.stderr.write('The "network onboard subnet" command is deprecated in favour of '
                         '"subnet pool add network". It will be removed in a future '
                         'release.\n')
        return super().take_action(args)
