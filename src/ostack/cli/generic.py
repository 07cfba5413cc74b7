"""Commands made from declarations: list, show, create, delete, set and unset of a resource.

A regular command is a few lines of data:

    class ListFlavor(ResourceList):
        "List flavors."
        name = "flavor list"
        resource = "compute.flavor"
        columns = (Column("ID", "id"), Column("Name", "name"), ...)
        long_columns = (Column("Swap", "swap"), ...)
        options = (Option("--min-disk", type=int, query="min_disk"), ...)

Hooks (`query`, `attrs`, `fetch`, `show`, `apply` ...) are overridden only where a command is
irregular. Every command resolves names through `lookups`, prints through `output`, and waits
through `progress`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Mapping

from ostack import exceptions
from ostack.cli import lookups
from ostack.cli.command import Command, Lister, ShowOne
from ostack.cli.declare import Column, Option, add_options

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, ClassVar


class ResourceCommand(Command):
    """A command about one resource type ("service.resource")."""

    resource: ClassVar[str] = ""
    options: ClassVar[tuple[Option, ...]] = ()

    @property
    def service(self) -> Any:
        return lookups.service_of(self.conn, self.resource)[0]

    @property
    def label(self) -> str:
        return self.resource.partition(".")[2].replace("_", " ")

    def arguments(self) -> tuple[Option, ...]:
        """Every option of the command (override to add some conditionally)."""
        return self.options

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, self.arguments())

    def resolve(self, option: Option, value: Any) -> Any:
        """An option's value, with names resolved to IDs where the option says so."""
        if option.lookup is None or value is None:
            return value
        if isinstance(value, list):
            return [lookups.find_id(self.conn, option.lookup, v) for v in value]
        return lookups.find_id(self.conn, option.lookup, value)

    def mapped(self, args: argparse.Namespace, where: str) -> dict[str, Any]:
        """The given options that map to `where` ("query" or "body"), by target name."""
        out: dict[str, Any] = {}
        for option in self.arguments():
            target = getattr(option, where)
            if target is None:
                continue
            value = getattr(args, option.dest, None)
            if value is None or value == [] or value is False and option.kwargs.get(
                    "action") == "store_true":
                continue
            out[target] = self.resolve(option, value)
        return out

    def find(self, name_or_id: str, **query: Any) -> Any:
        return lookups.find(self.conn, self.resource, name_or_id, **query)

    def supports(self, microversion: str) -> bool:
        """Whether the microversion negotiated with the resource's service is at least this."""
        from ostack.transport.microversions import at_least

        return at_least(self.service.microversion, microversion)


class ShowFields:
    """How a resource is shown: its fields sorted, some renamed, hidden or formatted."""

    #: "fields" (declared attributes), "dict" (declared plus undeclared keys) or "raw" (the
    #: body as the service sent it).
    show_source: ClassVar[str] = "fields"
    show_rename: ClassVar[Mapping[str, str]] = {}
    show_hidden: ClassVar[frozenset[str] | set[str] | tuple[str, ...]] = ("links",)
    show_formatters: ClassVar[Mapping[str, Any]] = {}
    #: Explicit fields (overrides the three above when set).
    show_columns: ClassVar[tuple[Column, ...]] = ()

    def show(self, resource: Any) -> dict[str, Any]:
        if self.show_columns:
            return {c.header: c.value(resource) for c in self.show_columns}
        if self.show_source == "raw":
            data = dict(resource.raw)
        elif self.show_source == "dict":
            data = resource.to_dict()
        else:
            data = {name: getattr(resource, name) for name in type(resource).fields()}
        out: dict[str, Any] = {}
        for key, value in data.items():
            if key in self.show_hidden:
                continue
            formatter = self.show_formatters.get(key)
            out[self.show_rename.get(key, key)] = formatter(value) if formatter else value
        return {k: out[k] for k in sorted(out)}

    def known_headers(self) -> list[str] | None:
        """The names `show` prints, when they are known before any request (declared columns
        or declared fields); None when they depend on the answer."""
        if type(self).show is not ShowFields.show:
            return None
        if self.show_columns:
            return [c.header for c in self.show_columns]
        if self.show_source != "fields" or not isinstance(self, ResourceCommand):
            return None
        resource = lookups.resource_class(self.conn, self.resource)
        if resource is None:
            return None
        return [self.show_rename.get(name, name) for name in resource.fields()
                if name not in self.show_hidden]


def _check_show_columns(args: argparse.Namespace, command: ShowFields) -> None:
    """-c against the fields `command` shows, before any request, when they are declared."""
    if getattr(args, "columns", None):
        headers = command.known_headers()
        if headers is not None:
            from ostack.cli.early_checks import check_columns

            check_columns(args, headers)


def shown(args: argparse.Namespace, command: ShowFields, resource: Any) -> dict[str, Any]:
    """The fields `command` shows of `resource`; with -f ndjson they keep its API body."""
    fields = command.show(resource)
    if getattr(args, "formatter", None) == "ndjson":
        from ostack.cli.ndjson import keep_body

        return keep_body(fields, resource)
    return fields


class ResourceList(ResourceCommand, Lister):
    """`<resource> list`: options become filters, rows come from the declared columns."""

    columns: ClassVar[tuple[Column, ...]] = ()
    long_columns: ClassVar[tuple[Column, ...]] = ()
    #: With --long, replace the columns instead of adding to them.
    long_replaces: ClassVar[bool] = False
    #: Remember the listed names in the CLI's name cache (for later lookups by ID).
    remember: ClassVar[bool] = False
    #: `--limit` is the page size, not the total (Neutron's listings: `--max-items` is).
    limit_is_page_size: ClassVar[bool] = False

    def arguments(self) -> tuple[Option, ...]:
        extra = ()
        if self.long_columns:
            extra = (Option("--long", action="store_true", help="list additional fields"),)
        return self.options + extra

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        query = self.mapped(args, "query")
        limit = query.get("limit")
        if limit is not None and not self.limit_is_page_size:
            if int(limit) < 0:
                query.pop("limit")
            else:
                query["max_items"] = int(limit)
        return query

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Iterable[Any]:
        return lookups.method(self.conn, self.resource, "list")(**query)

    def columns_for(self, args: argparse.Namespace) -> tuple[Column, ...]:
        if getattr(args, "long", False):
            return self.long_columns if self.long_replaces else self.columns + self.long_columns
        return self.columns

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        query = self.query(args)
        items = list(self.items(args, query))
        self.remember_listed(query, items)
        columns = self.columns_for(args)
        return [c.header for c in columns], [[c.value(i) for c in columns] for i in items]

    def remember_listed(self, query: dict[str, Any], items: list[Any]) -> None:
        """Keep the names listed in the name cache (lookups of names by ID, and shell
        completion): every unfiltered listing, and any listing of a `remember` command."""
        unfiltered = all(value is None for value in query.values())
        if self.remember or unfiltered:
            lookups.remember_listing(self.conn, self.resource, items, complete=unfiltered)

    def run(self, args: argparse.Namespace) -> int:
        if (type(self).take_action is ResourceList.take_action
                and getattr(args, "columns", None)
                and getattr(args, "formatter", None) != "ndjson"):
            from ostack.cli.early_checks import check_columns  # before any request

            check_columns(args, [c.header for c in self.columns_for(args)])
        if getattr(args, "formatter", None) == "ndjson":  # items() is where rows come from
            from ostack.cli import ndjson

            query = self.query(args)
            self.remember_listed(query, ndjson.stream(args, self.items(args, query)))
            return 0
        return super().run(args)


class ResourceShow(ResourceCommand, ShowFields, ShowOne):
    """`<resource> show <name-or-id>`."""

    def fetch(self, args: argparse.Namespace) -> Any:
        positional = self.options[0].dest
        return self.find(getattr(args, positional), **self.mapped(args, "query"))

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        return shown(args, self, self.fetch(args))

    def run(self, args: argparse.Namespace) -> int:
        if type(self).take_action is ResourceShow.take_action:
            if getattr(args, "formatter", None) == "ndjson":
                from ostack.cli import ndjson

                ndjson.emit_one(ndjson.body_of(self.fetch(args)), fields=args.columns)
                return 0
            _check_show_columns(args, self)
        return super().run(args)


class ResourceCreate(ResourceCommand, ShowFields, ShowOne):
    """`<resource> create`: options become the body; the new resource is shown."""

    #: The status `--wait` waits for (None: the command has no --wait).
    wait_status: ClassVar[str | None] = None

    def arguments(self) -> tuple[Option, ...]:
        extra = ()
        if self.wait_status:
            extra = (Option("--wait", action="store_true",
                            help=f"wait until it is {self.wait_status}"),)
        return self.options + extra

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        return self.mapped(args, "body")

    def create(self, args: argparse.Namespace, attrs: dict[str, Any]) -> Any:
        return lookups.method(self.conn, self.resource, "create")(**attrs)

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        created = self.create(args, self.attrs(args))
        if self.wait_status and getattr(args, "wait", False):
            from ostack.cli import progress

            created = progress.wait_after_create(self.service, created, self.wait_status)
        return shown(args, self, created)

    def run(self, args: argparse.Namespace) -> int:
        if type(self).take_action is ResourceCreate.take_action:
            _check_show_columns(args, self)
        return super().run(args)


class ResourceDelete(ResourceCommand):
    """`<resource> delete <name-or-id> [...]`: each one tried, failures counted (exit 1)."""

    failure: ClassVar[str] = "Failed to delete {label} with name or ID '{name}': {error}"
    summary: ClassVar[str] = "{failed} of {total} {label}s failed to delete."
    #: Offer --wait (wait until each is gone).
    can_wait: ClassVar[bool] = False

    def arguments(self) -> tuple[Option, ...]:
        extra = ()
        if self.can_wait:
            extra = (Option("--wait", action="store_true", help="wait for the deletion"),)
        return self.options + extra

    def delete(self, args: argparse.Namespace, name: str) -> Any:
        found = self.find(name, **self.mapped(args, "query"))
        lookups.method(self.conn, self.resource, "delete")(found, ignore_missing=False)
        return found

    def take_action(self, args: argparse.Namespace) -> int:
        names = getattr(args, self.options[0].dest)
        if isinstance(names, str):
            names = [names]
        failed = 0
        deleted = []
        for name in names:
            try:
                deleted.append(self.delete(args, name))
            except exceptions.OstackError as exc:
                failed += 1
                sys.stderr.write(self.failure.format(label=self.label, name=name,
                                                     error=exc) + "\n")
        if self.can_wait and getattr(args, "wait", False):
            from ostack.cli import progress

            for found in deleted:
                if found is None:
                    continue
                try:
                    progress.wait_for_delete(self.service, found)
                except exceptions.OstackError as exc:
                    failed += 1
                    sys.stderr.write(f"Error waiting for {self.label} {found.id}: {exc}\n")
        if failed:
            raise exceptions.OstackError(
                self.summary.format(failed=failed, total=len(names), label=self.label))
        return 0


class ResourceSet(ResourceCommand):
    """`<resource> set <name-or-id>` (and `unset`): options become the update body; irregular
    parts (properties, tags, actions) go in `apply`."""

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        return self.mapped(args, "body")

    def apply(self, args: argparse.Namespace, resource: Any) -> None:
        """What the update body cannot carry (override)."""

    def take_action(self, args: argparse.Namespace) -> int:
        positional = self.options[0].dest
        resource = self.find(getattr(args, positional), **self.mapped(args, "query"))
        attrs = self.attrs(args)
        if attrs:
            lookups.method(self.conn, self.resource, "update")(resource, **attrs)
        self.apply(args, resource)
        return 0
