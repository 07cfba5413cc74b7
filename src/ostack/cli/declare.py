"""The data a command is declared with: its columns, options and positional arguments.

An `Option` is an argparse option plus where its value goes: a list filter (`query=`), a field
of a create or update body (`body=`), and whether a name must first be resolved to an ID
(`lookup="compute.flavor"`). Commands made from these (`ostack.cli.generic`) need no code for
the regular cases.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: Marks an option's value as not given (argparse's default), so that False and 0 still count.
UNSET: Any = None


class Column:
    """A column of a listing or a field of a show: header, where the value comes from, format.

    `source` is an attribute name of the resource (or a key of its raw body), or a callable
    `(resource) -> value`; `formatter` turns the value into what is printed (a value with
    `human_readable()` / `machine_readable()` renders differently in tables and in json).
    """

    __slots__ = ("header", "source", "formatter")

    def __init__(self, header: str, source: str | Callable[[Any], Any] | None = None,
                 formatter: Callable[[Any], Any] | None = None) -> None:
        self.header = header
        self.source = source if source is not None else header.lower().replace(" ", "_")
        self.formatter = formatter

    def value(self, resource: Any) -> Any:
        source = self.source
        if callable(source):
            value = source(resource)
        else:
            value = getattr(resource, source, None) if hasattr(type(resource), source) else (
                resource.get(source) if hasattr(resource, "get") else None)
        return self.formatter(value) if self.formatter is not None else value


class Option:
    """A command-line option and where its value goes.

    - `query`: the SDK list filter it sets; `body`: the create/update attribute it sets;
    - `lookup`: "service.resource" whose `find_<resource>` turns a name into an ID first;
    - `group`: options sharing a group name are mutually exclusive;
    - every other keyword goes to argparse's `add_argument`.
    """

    __slots__ = ("flags", "query", "body", "lookup", "group", "kwargs")

    def __init__(self, *flags: str, query: str | None = None, body: str | None = None,
                 lookup: str | None = None, group: str | None = None, **kwargs: Any) -> None:
        self.flags = flags
        self.query = query
        self.body = body
        self.lookup = lookup
        self.group = group
        self.kwargs = kwargs

    @property
    def dest(self) -> str:
        if "dest" in self.kwargs:
            return self.kwargs["dest"]
        if not self.flags[0].startswith("-"):
            return self.flags[0].replace("-", "_")
        longest = max(self.flags, key=len)
        return longest.lstrip("-").replace("-", "_")

    def add_to(self, parser: argparse.ArgumentParser, groups: dict[str, Any]) -> None:
        target: Any = parser
        if self.group:
            target = groups.get(self.group)
            if target is None:
                target = groups[self.group] = parser.add_mutually_exclusive_group()
        kwargs = dict(self.kwargs)
        if self.flags[0].startswith("-"):
            kwargs.setdefault("dest", self.dest)
        target.add_argument(*self.flags, **kwargs)


class MultiKeyValueAction(argparse.Action):
    """`k1=v1,k2=v2` into a list of dicts, the keys checked (`--block-device`, `--ephemeral`);
    with `json_files`, a path to a JSON file is read instead."""

    def __init__(self, option_strings: list[str], dest: str, required_keys: tuple = (),
                 optional_keys: tuple = (), json_files: bool = False, **kwargs: Any) -> None:
        self.required_keys = tuple(required_keys)
        self.optional_keys = tuple(optional_keys)
        self.json_files = json_files
        kwargs.setdefault("default", [])
        super().__init__(option_strings, dest, **kwargs)

    def check(self, keys: list[str]) -> None:
        valid = self.required_keys + self.optional_keys
        invalid = [k for k in keys if k not in valid]
        if invalid:
            raise argparse.ArgumentError(self, f"Invalid keys {', '.join(invalid)} specified."
                                               f"\nValid keys are: {', '.join(valid)}")
        missing = [k for k in self.required_keys if k not in keys]
        if missing:
            raise argparse.ArgumentError(
                self, f"Missing required keys {', '.join(missing)}.\nRequired keys are: "
                      f"{', '.join(self.required_keys)}")

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        found = getattr(namespace, self.dest, None)
        if found is None:
            found = []
            setattr(namespace, self.dest, found)
        import json
        import os

        if self.json_files and os.path.exists(values):
            with open(values) as fh:
                data = json.load(fh)
            self.check(list(data))
            found.append(data)
            return
        params: dict[str, str] = {}
        for pair in values.split(","):
            if "=" not in pair:
                raise argparse.ArgumentError(
                    self, f"Expected comma separated 'key=value' pairs, but got: {pair}")
            key, value = pair.split("=", 1)
            if not key:
                raise argparse.ArgumentError(self, f"Each property key must be specified: "
                                                   f"{pair}")
            params[key] = value
        self.check(list(params))
        found.append(params)


def Arg(name: str, **kwargs: Any) -> Option:  # noqa: N802 - reads as a declaration
    """A positional argument (`Arg("flavor", metavar="<flavor>", help=...)`)."""
    return Option(name, **kwargs)



def on_off(on: str, off: str, group: str, on_help: str, off_help: str,
           **on_kwargs: Any) -> tuple[Option, Option]:
    """A pair of exclusive flags such as `--enable` / `--disable` in one group; `on_kwargs`
    go to the first (a `dest` or `default` of its own)."""
    return (Option(on, action="store_true", group=group, help=on_help, **on_kwargs),
            Option(off, action="store_true", group=group, help=off_help))

def add_options(parser: argparse.ArgumentParser, options: Sequence[Option]) -> None:
    groups: dict[str, Any] = {}
    for option in options:
        option.add_to(parser, groups)


def key_value(option: str) -> Callable[[str], tuple[str, str]]:
    """An argparse `type` for `key=value` (e.g. `--property`), naming the option on error."""

    def parse(text: str) -> tuple[str, str]:
        key, sep, value = text.partition("=")
        if not sep or not key:
            raise argparse.ArgumentTypeError(f"{option} {text!r} must be in the form key=value")
        return key, value

    return parse


def properties(option: str = "--property", **kwargs: Any) -> Option:
    """A repeatable `--property key=value` option collected as (key, value) pairs."""
    kwargs.setdefault("metavar", "<key=value>")
    kwargs.setdefault("action", "append")
    kwargs.setdefault("help", "a property to set (repeat for more)")
    return Option(option, type=key_value(option), **kwargs)


def non_negative(option: str) -> Callable[[str], int]:
    """An argparse `type` for a count that may not be negative (`--limit`), worded as
    osc-lib words it."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"invalid int value: {text!r}") from None
        if value < 0:
            raise argparse.ArgumentTypeError(f"{option} expected a non-negative integer")
        return value

    return parse


def marker_pagination(max_items: bool = True) -> tuple[Option, ...]:
    """`--limit` (page size), `--marker` and `--max-items` (total), as the official client
    offers them on marker-paged listings; `query=` maps them to the SDK's arguments."""
    options = (
        Option("--limit", metavar="<limit>", type=non_negative("--limit"), query="limit",
               help="the maximum number of entries per page (the page size)"),
        Option("--marker", metavar="<marker>", query="marker",
               help="the first position in the collection to return results from"),
    )
    if max_items:
        options += (Option("--max-items", metavar="<max-items>", query="max_items",
                           type=non_negative("--max-items"),
                           help="the maximum number of entries in total"),)
    return options


def offset_pagination(max_items: bool = True) -> tuple[Option, ...]:
    """`--limit`, `--offset` and `--max-items` for offset-paged listings."""
    options = (
        Option("--limit", metavar="<limit>", type=non_negative("--limit"), query="limit",
               help="the maximum number of entries per page (the page size)"),
        Option("--offset", metavar="<offset>", type=non_negative("--offset"), query="offset",
               help="the (zero-based) offset of the first item to return"),
    )
    if max_items:
        options += (Option("--max-items", metavar="<max-items>", query="max_items",
                           type=non_negative("--max-items"),
                           help="the maximum number of entries in total"),)
    return options


def env_bool(*names: str, default: bool = False) -> bool:
    """The first of these environment variables that is set, read as a boolean (`1`, `true`,
    `yes`, `on` ...): the default of options like `--all-projects` (ALL_PROJECTS)."""
    import os

    for name in names:
        value = os.environ.get(name)
        if value:
            return value.strip().lower() in ("1", "t", "true", "on", "y", "yes")
    return default



def project_options(project_help: str, **kwargs: Any) -> tuple[Option, Option]:
    """`--project <project>` and `--project-domain <project-domain>`, as the official client
    offers them; resolve with `lookups.project_id(conn, args.project, args.project_domain)`."""
    return (
        Option("--project", metavar="<project>", help=project_help, **kwargs),
        Option("--project-domain", metavar="<project-domain>",
               help="domain the project belongs to (name or ID); this can be used in case "
                    "collisions between project names exist"),
    )
