"""`container create|delete|list|save|set|show|unset`, as the official client prints them.

Swift answers in headers; the official client shows them as strings (counts too), under its own
keys (`object_count`, `read_acl` ...), with the account (`AUTH_<project>`) beside them.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import os
import sys
from typing import Any

from ostack.cli import lookups
from ostack.cli.columns import DictColumn
from ostack.cli.command import Command, Lister, ShowOne
from ostack.cli.declare import Arg, Option, add_options, marker_pagination, properties

LOG = logging.getLogger(__name__)

#: What `--public` sets as the read ACL: anyone may read objects and list the container.
PUBLIC_READ_ACL = ".r:*,.rlistings"

#: Container attributes `container show` shows when Swift answers them, by the key shown.
SHOWN_IF_SET = (("read_acl", "read_ACL"), ("write_acl", "write_ACL"),
                ("sync_to", "sync_to"), ("sync_key", "sync_key"))


def _text(value: Any) -> Any:
    return None if value is None else str(value)


class CreateContainer(Lister):
    """Create new container."""

    name = "container create"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Option("--public", action="store_true", default=False,
                   help="make the container publicly accessible"),
            Option("--storage-policy", metavar="<storage-policy>",
                   help="a particular storage policy to use"),
            Arg("containers", metavar="<container-name>", nargs="+",
                help="new container name(s)"),
        ))

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        store = self.conn.object_store
        account = lookups.object_store_account(self.conn)
        attrs: dict[str, Any] = {}
        if args.public:
            attrs["read_ACL"] = PUBLIC_READ_ACL
        if args.storage_policy is not None:
            attrs["storage_policy"] = args.storage_policy
        rows = []
        for name in args.containers:
            if len(name) > 256:
                LOG.warning("Container name is %d characters long, the default limit is 256",
                            len(name))
            created = store.create_container(name, **attrs)
            rows.append([account, name, created.transaction_id])
        return ["account", "container", "x-trans-id"], rows


class DeleteContainer(Command):
    """Delete container."""

    name = "container delete"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Option("--recursive", "-r", action="store_true", default=False,
                   help="recursively delete objects and container"),
            Arg("containers", metavar="<container>", nargs="+", help="container(s) to delete"),
        ))

    def take_action(self, args: argparse.Namespace) -> int:
        store = self.conn.object_store
        for name in args.containers:
            if args.recursive:
                # One listing page (up to 10,000 objects), as the official client deletes;
                # in bulk delete requests where the cloud offers them.
                names = [obj.name for obj in itertools.islice(store.objects(name), 10000)]
                if names:
                    store.delete_objects(name, names)
            store.delete_container(name, ignore_missing=False)
        return 0


class ListContainer(Lister):
    """List containers."""

    name = "container list"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Option("--prefix", metavar="<prefix>", help="filter list using <prefix>"),
            *marker_pagination(max_items=False),
            Option("--end-marker", metavar="<end-marker>", help="end anchor for paging"),
            Option("--long", action="store_true", default=False,
                   help="list additional fields in output"),
            Option("--all", action="store_true", default=False,
                   help="list all containers (default is 10000)"),
        ))

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        query = listing_query(args)
        headers = ["Name", "Bytes", "Count"] if args.long else ["Name"]
        rows = []
        found = self.conn.object_store.containers(**query)
        if not args.all:  # one page: the server's 10,000 or --limit
            found = itertools.islice(found, args.limit or 10000)
        bodies = []
        for container in found:
            row = [container.name]
            if args.long:
                row += [container.bytes, container.count]
            rows.append(row)
            bodies.append(container)
        from ostack.cli.ndjson import keep_bodies

        return headers, keep_bodies(rows, bodies)


def listing_query(args: argparse.Namespace) -> dict[str, Any]:
    """The SDK listing query of `container list`."""
    query: dict[str, Any] = {key: getattr(args, key) for key in (
        "prefix", "marker", "end_marker", "delimiter") if getattr(args, key, None)}
    if args.limit:
        query["limit"] = args.limit
    return query


class SaveContainer(Command):
    """Save container contents locally."""

    name = "container save"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (Arg("container", metavar="<container>", help="container to save"),))

    def take_action(self, args: argparse.Namespace) -> int:
        store = self.conn.object_store
        for obj in list(itertools.islice(store.objects(args.container), 10000)):
            if not obj.name or obj.get("subdir"):
                continue
            folder = os.path.dirname(obj.name)
            if folder:
                os.makedirs(folder, exist_ok=True)
            store.get_object(obj.name, args.container, outfile=obj.name)
        return 0


class SetContainer(Command):
    """Set container properties."""

    name = "container set"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Arg("container", metavar="<container>", help="container to modify"),
            properties(required=True, help="a property to set on this container "
                       "(repeat option to set multiple properties)"),
        ))

    def take_action(self, args: argparse.Namespace) -> int:
        values = dict(ascii_properties(args.property))
        if values:
            self.conn.object_store.set_container_metadata(args.container, refresh=False,
                                                          **values)
        return 0


def ascii_properties(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The properties Swift can carry as headers; others reported and left out, as the
    official client does."""
    kept = []
    for key, value in pairs:
        if not (key.isascii() and value.isascii()):
            sys.stderr.write(f"Cannot set property {key} to non-ascii value\n")
            continue
        kept.append((key, value))
    return kept


class ShowContainer(ShowOne):
    """Display container details."""

    name = "container show"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (Arg("container", metavar="<container>",
                                 help="container to display"),))

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        found = self.conn.object_store.get_container_metadata(args.container)
        data: dict[str, Any] = {
            "account": lookups.object_store_account(self.conn),
            "container": args.container,
            "object_count": _text(found.count),
            "bytes_used": _text(found.bytes),
            "storage_policy": found.storage_policy,
        }
        for key, attribute in SHOWN_IF_SET:
            if attribute in found.raw:
                data[key] = found.raw[attribute]
        if found.metadata:
            data["properties"] = DictColumn(dict(found.metadata))
        return {key: data[key] for key in sorted(data)}


class UnsetContainer(Command):
    """Unset container properties."""

    name = "container unset"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Arg("container", metavar="<container>", help="container to modify"),
            Option("--property", metavar="<key>", required=True, action="append", default=[],
                   help="property to remove from container "
                        "(repeat option to remove multiple properties)"),
        ))

    def take_action(self, args: argparse.Namespace) -> int:
        if args.property:
            self.conn.object_store.delete_container_metadata(args.container, args.property)
        return 0
