"""`-f ndjson`: one JSON object per line, with the API's own field names, streamed.

Every list command prints the bodies of the resources its rows come from, as the service sent
them (not the display columns), one line per resource. One mechanism serves them all: a
`generic.ResourceList` streams what its `items()` hook yields (each page written and flushed
as it arrives, so a list of any size starts at once and never sits in memory), and any other
list command returns its display rows as `Rows`, which keep the bodies they were made from
(`keep_bodies`); the output layer prints those bodies. `-c` then selects API fields
(`-c id -c name`); a field a resource lacks is left out of its line. `--sort-column` is
refused (rows are not held back to sort). Only commands whose rows come from no API (`command
list`, `module list`) print their display rows, keyed by column name. A show command prints
one line: the body of the resource shown when the command keeps it (`keep_body`), the
displayed fields otherwise. `-f json` is unchanged (the official client's output).
"""

from __future__ import annotations

import json
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterable, Sequence
    from typing import Any, TextIO

FORMAT = "ndjson"


def wanted(args: argparse.Namespace) -> bool:
    return getattr(args, "formatter", None) == FORMAT


def body_of(resource: Any) -> dict[str, Any]:
    """A resource's body with the API's field names (its raw mapping when it has one)."""
    raw = getattr(resource, "raw", None)
    if isinstance(raw, dict):
        return raw
    from ostack.cli.output import _plain

    plain = _plain(resource)
    return plain if isinstance(plain, dict) else {"value": plain}


def _line(data: dict[str, Any], fields: Sequence[str]) -> str:
    if fields:
        data = {k: data[k] for k in fields if k in data}
    return json.dumps(data, default=str, separators=(",", ":")) + "\n"


class Seen:
    """The ID and name of a resource streamed (all the name cache keeps of it)."""

    __slots__ = ("id", "name")

    def __init__(self, ident: str, name: str | None) -> None:
        self.id = ident
        self.name = name


def stream(args: argparse.Namespace, resources: Iterable[Any],
           out: TextIO | None = None) -> list[Seen]:
    """Write each resource's body on its own line as it arrives; return the IDs and names
    seen (for the name cache), not the resources."""
    if getattr(args, "sort_columns", None):
        raise ValueError("--sort-column cannot be used with -f ndjson: rows are streamed as "
                         "they arrive")
    out = out if out is not None else sys.stdout
    fields = getattr(args, "columns", None) or []
    seen = []
    for resource in resources:
        out.write(_line(body_of(resource), fields))
        out.flush()
        ident = getattr(resource, "id", None)
        if ident:
            seen.append(Seen(ident, getattr(resource, "name", None)))
    return seen


class Rows(list):
    """Display rows that keep the API bodies (resources or dicts) they were made from."""

    bodies: list[Any]


def keep_bodies(rows: Iterable[Sequence[Any]], bodies: Iterable[Any]) -> Rows:
    """`rows` as a list that `-f ndjson` prints as `bodies` (one line each)."""
    out = Rows(rows)
    out.bodies = list(bodies)
    return out


class Fields(dict):
    """A show command's displayed fields, with the API body of what is shown."""

    body: dict[str, Any]


def keep_body(fields: Any, resource: Any) -> Any:
    """`fields` (a mapping) as `Fields` that `-f ndjson` prints as the resource's body."""
    if not hasattr(fields, "items") or resource is None:
        return fields
    out = Fields(fields)
    out.body = body_of(resource)
    return out


def emit_rows(args: argparse.Namespace, columns: Sequence[str], rows: Iterable[Sequence[Any]],
              out: TextIO) -> None:
    """Display rows, one object per row keyed by column name (commands without raw bodies)."""
    from ostack.cli.output import _plain

    for row in rows:
        out.write(json.dumps({c: _plain(v) for c, v in zip(columns, row, strict=False)},
                             default=str, separators=(",", ":")) + "\n")
    out.flush()


def emit_one(data: dict[str, Any], out: TextIO | None = None,
             fields: Sequence[str] = ()) -> None:
    """One object on one line (show commands); `fields` selects some."""
    out = out if out is not None else sys.stdout
    out.write(_line(data, fields))
