"""`object create|delete|list|save|set|show|unset`, as the official client prints them, with
`--progress` bars on upload and download (an option the official client lacks).

Object data is streamed: uploads are read from the file chunk by chunk and downloads written
as they arrive, each checked against the ETag Swift answers.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import os
import sys
from typing import Any

from ostack import exceptions
from ostack.cli import lookups, progress
from ostack.cli.columns import DictColumn
from ostack.cli.command import Command, Lister, ShowOne
from ostack.cli.declare import Arg, Option, add_options, marker_pagination, properties

LOG = logging.getLogger(__name__)

PROGRESS = Option("--progress", action="store_true", default=False,
                  help="show a progress bar on a terminal")

#: `object show` fields read from the object's HEAD when Swift answers them, by key shown.
SHOWN_IF_SET = (("content-length", "bytes"), ("last-modified", "last_modified"),
                ("etag", "hash"), ("x-object-manifest", "object_manifest"))

#: `object list --long` columns: header and listing attribute.
LONG_COLUMNS = (("Bytes", "bytes"), ("Hash", "hash"), ("Content Type", "content_type"),
                ("Last Modified", "last_modified"))


class CreateObject(Lister):
    """Upload object to container."""

    name = "object create"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Arg("container", metavar="<container>", help="container for new object"),
            Arg("objects", metavar="<filename>", nargs="+", help="local filename(s) to upload"),
            Option("--name", metavar="<name>", help="upload a file and rename it "
                   "(only when uploading a single object)"),
            PROGRESS,
        ))

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        if args.name and len(args.objects) > 1:
            raise exceptions.OstackError(
                "Attempting to upload multiple objects and using --name is not permitted")
        store = self.conn.object_store
        rows = []
        for path in args.objects:
            if len(path) > 1024:
                LOG.warning("Object name is %s characters long, default limit is 1024",
                            len(path))
            name = args.name or path
            try:
                size = os.path.getsize(path)
                with open(path, "rb") as handle:
                    bar = progress.transfer_bar(size, f"{name} ", args.progress)
                    try:
                        created = store.create_object(
                            args.container, name, data=handle,
                            progress=bar.update if bar else None)
                    finally:
                        if bar:
                            bar.close()
            except OSError as exc:
                raise exceptions.OstackError(str(exc)) from None
            rows.append([name, args.container, created.hash])
        return ["object", "container", "etag"], rows


class DeleteObject(Command):
    """Delete object from container."""

    name = "object delete"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Arg("container", metavar="<container>", help="delete object(s) from <container>"),
            Arg("objects", metavar="<object>", nargs="+", help="object(s) to delete"),
        ))

    def take_action(self, args: argparse.Namespace) -> int:
        for name in args.objects:
            self.conn.object_store.delete_object(name, ignore_missing=False,
                                                 container=args.container)
        return 0


class ListObject(Lister):
    """List objects."""

    name = "object list"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Arg("container", metavar="<container>", help="container to list"),
            Option("--prefix", metavar="<prefix>", help="filter list using <prefix>"),
            Option("--delimiter", metavar="<delimiter>", help="roll up items with <delimiter>"),
            *marker_pagination(max_items=False),
            Option("--end-marker", metavar="<end-marker>", help="end anchor for paging"),
            Option("--long", action="store_true", default=False,
                   help="list additional fields in output"),
            Option("--all", action="store_true", default=False,
                   help="list all objects in container (default is 10000)"),
        ))

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        query: dict[str, Any] = {key: getattr(args, key) for key in (
            "prefix", "delimiter", "marker", "end_marker") if getattr(args, key)}
        if args.limit:
            query["limit"] = args.limit
        columns = LONG_COLUMNS if args.long else ()
        from ostack.cli.ndjson import keep_bodies

        rows = keep_bodies([], [])
        found = self.conn.object_store.objects(args.container, **query)
        if not args.all:  # one page: the server's 10,000 or --limit
            found = itertools.islice(found, args.limit or 10000)
        for obj in found:
            rows.bodies.append(obj)
            if obj.subdir is not None and "hash" not in obj.raw:
                # A rolled-up prefix (`subdir`) has none of an object's fields.
                rows.append([""] * (1 + len(columns)))
                continue
            rows.append([obj.name, *(obj.raw.get(attr) for _, attr in columns)])
        return ["Name", *(header for header, _ in columns)], rows


class SaveObject(Command):
    """Save object locally."""

    name = "object save"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Option("--file", metavar="<filename>", help="destination filename (defaults to "
                   "object name); using '-' as the filename will print the file to stdout"),
            Arg("container", metavar="<container>", help="download <object> from <container>"),
            Arg("object", metavar="<object>", help="object to save"),
            PROGRESS,
        ))

    def take_action(self, args: argparse.Namespace) -> int:
        store = self.conn.object_store
        target = args.file or args.object
        bar = None
        if args.progress:
            size = store.get_object_metadata(args.object, args.container).bytes
            bar = progress.transfer_bar(size, f"{args.object} ")
        try:
            if target == "-":
                sys.stdout.flush()
                out: Any = sys.stdout.buffer
            else:
                folder = os.path.dirname(target)
                if folder:
                    os.makedirs(folder, exist_ok=True)
                out = target
            store.get_object(args.object, args.container, outfile=out,
                             progress=bar.update if bar else None)
        except OSError as exc:
            raise exceptions.OstackError(str(exc)) from None
        finally:
            if bar:
                bar.close()
        return 0


class SetObject(Command):
    """Set object properties."""

    name = "object set"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Arg("container", metavar="<container>", help="modify <object> from <container>"),
            Arg("object", metavar="<object>", help="object to modify"),
            properties(required=True, help="a property to set on this object "
                       "(repeat option to set multiple properties); Swift replaces the "
                       "object's other properties"),
        ))

    def take_action(self, args: argparse.Namespace) -> int:
        values = {}
        for key, value in args.property:
            if not (key.isascii() and value.isascii()):
                sys.stderr.write(f"Cannot set property {key} to non-ascii value\n")
                continue
            values[key] = value
        if values:
            self.conn.object_store.replace_object_metadata(args.object, args.container, values)
        return 0


class ShowObject(ShowOne):
    """Display object details."""

    name = "object show"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Arg("container", metavar="<container>", help="display <object> from <container>"),
            Arg("object", metavar="<object>", help="object to display"),
        ))

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        found = self.conn.object_store.get_object_metadata(args.object, args.container)
        data: dict[str, Any] = {
            "account": lookups.object_store_account(self.conn),
            "container": args.container,
            "object": args.object,
            "content-type": found.content_type,
        }
        for key, attribute in SHOWN_IF_SET:
            value = found.raw.get(attribute)
            if value is not None:
                data[key] = str(value)
        if found.metadata:
            data["properties"] = DictColumn(dict(found.metadata))
        return {key: data[key] for key in sorted(data)}


class UnsetObject(Command):
    """Unset object properties."""

    name = "object unset"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Arg("container", metavar="<container>", help="modify <object> from <container>"),
            Arg("object", metavar="<object>", help="object to modify"),
            Option("--property", metavar="<key>", required=True, action="append", default=[],
                   help="property to remove from object "
                        "(repeat option to remove multiple properties); Swift drops the "
                        "object's other properties too"),
        ))

    def take_action(self, args: argparse.Namespace) -> int:
        if args.property:
            self.conn.object_store.replace_object_metadata(
                args.object, args.container, remove=args.property)
        return 0
