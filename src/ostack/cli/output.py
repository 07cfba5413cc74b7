"""Output formatters of the ostack CLI: table, csv, json, value, yaml and shell.

Each format prints the same bytes as cliff 4.x does for python-openstackclient, so scripts written
against ``openstack ... -f value -c ID`` keep working.  Where cliff relies on osc-lib column
classes, a raw value stands in: dicts and lists are rendered like osc-lib's ``DictColumn`` and
``ListColumn`` in tables, and as ``str()`` of the raw value in value, csv and shell output, as
cliff does with ``machine_readable()``.  A value may also bring its own renderings through
``human_readable()`` / ``machine_readable()`` methods, like osc-lib's ``FormattableColumn``.

Importing this module costs well under a millisecond; prettytable, yaml, csv and json are only
imported by the format that needs them, and plain ASCII tables are drawn without prettytable.
"""

from __future__ import annotations

import os
import sys

from ostack.cli.columns import format_dict

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterable, Mapping, Sequence
    from typing import Any, TextIO

__all__ = [
    "LIST_FORMATS",
    "SHOW_FORMATS",
    "ColumnError",
    "add_list_arguments",
    "add_show_arguments",
    "emit_list",
    "emit_show",
]

LIST_FORMATS = ("csv", "json", "ndjson", "table", "value", "yaml")
SHOW_FORMATS = ("json", "ndjson", "shell", "table", "value", "yaml")
QUOTE_MODES = ("all", "minimal", "none", "nonnumeric")

# Narrowest a column may be squeezed to when a table is fitted to the terminal (cliff's values).
_LIST_MIN_WIDTH = 8
_SHOW_MIN_WIDTH = 16


class ColumnError(ValueError):
    """``-c/--column`` names that match no column of the output."""

    def __init__(self, option: str, column: str | Sequence[str], valid: Sequence[str]) -> None:
        self.option = option
        self.column = column
        self.valid = tuple(valid)
        names = ", ".join(repr(name) for name in self.valid)
        asked = repr(column) if isinstance(column, str) else " or ".join(map(repr, column))
        super().__init__(
            f"No column {asked} for {option}; valid columns are: {names} "
            "(case-insensitive; underscores stand for spaces)"
        )


# --------------------------------------------------------------------------------------------
# Arguments


def _env_int(name: str) -> int:
    try:
        return int(os.environ.get(name, "0") or 0)
    except ValueError:
        return 0


def _add_format_options(parser: argparse.ArgumentParser, formats: Sequence[str]):
    group = parser.add_argument_group("output formatters", "output formatter options")
    group.add_argument(
        "-f", "--format", dest="formatter", choices=formats, default="table",
        help="the output format, defaults to table",
    )
    group.add_argument(
        "-c", "--column", dest="columns", action="append", default=[], metavar="COLUMN",
        help="a column to include, can be repeated to show several columns (a name that "
             "matches no column is left out, with a warning)",
    )
    return group


def _add_json_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("json formatter")
    group.add_argument(
        "--noindent", action="store_true", dest="noindent",
        help="print the JSON on one line instead of indenting it",
    )


def _add_table_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("table formatter")
    group.add_argument(
        "--max-width", metavar="<integer>", type=int, default=_env_int("CLIFF_MAX_TERM_WIDTH"),
        help="wrap the table to this many characters, <1 to disable "
        "(default: $CLIFF_MAX_TERM_WIDTH)",
    )
    group.add_argument(
        "--fit-width", action="store_true", default=bool(_env_int("CLIFF_FIT_WIDTH")),
        help="wrap the table to the terminal width, even when output is not a terminal "
        "(always on with CLIFF_FIT_WIDTH=1)",
    )
    group.add_argument(
        "--print-empty", action="store_true",
        help="print the table's header even when there are no rows",
    )


def add_list_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the output options of a list command (cliff's Lister) to `parser`."""
    group = _add_format_options(parser, LIST_FORMATS)
    group.add_argument(
        "--sort-column", dest="sort_columns", action="append", default=[],
        metavar="SORT_COLUMN",
        help="a column to sort the rows by; the first given has priority, can be repeated "
             "(case-insensitive, underscores for spaces; a name that matches no column is "
             "left out, with a warning)",
    )
    direction = group.add_mutually_exclusive_group()
    direction.add_argument(
        "--sort-ascending", dest="sort_direction", action="store_const", const="asc",
        help="sort in ascending order (the default)",
    )
    direction.add_argument(
        "--sort-descending", dest="sort_direction", action="store_const", const="desc",
        help="sort in descending order",
    )
    csv_group = parser.add_argument_group("CSV Formatter")
    csv_group.add_argument(
        "--quote", dest="quote_mode", choices=QUOTE_MODES, default="nonnumeric",
        help="which fields to quote, defaults to nonnumeric",
    )
    _add_json_options(parser)
    _add_table_options(parser)


def add_show_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the output options of a show command (cliff's ShowOne) to `parser`."""
    import argparse

    _add_format_options(parser, SHOW_FORMATS)
    _add_json_options(parser)
    group = parser.add_argument_group(
        "shell formatter", 'a format a UNIX shell can parse (variable="value")'
    )
    group.add_argument(
        "--variable", dest="variables", action="append", default=[], metavar="VARIABLE",
        help=argparse.SUPPRESS,
    )
    group.add_argument(
        "--prefix", dest="prefix", default="", help="a prefix for all variable names",
    )
    _add_table_options(parser)


# --------------------------------------------------------------------------------------------
# Column selection and sorting


def _normalize(name: str) -> str:
    return name.lower().strip().replace(" ", "_")


def _selected_indexes(columns: Sequence[str], wanted: Sequence[str],
                      warn: bool = True) -> list[int] | None:
    """Indexes of the columns named by -c, in the output's own order, as cliff selects them:
    a name that matches no column is left out (with a warning on stderr when `warn`, which
    the official client does not give), and only when none matches is it an error."""
    if not wanted:
        return None
    normalized = [_normalize(c) for c in columns]
    requested = {_normalize(name) for name in wanted}
    picked = [i for i, key in enumerate(normalized) if key in requested]
    if not picked:
        raise ColumnError("-c/--column", wanted[0] if len(wanted) == 1 else wanted, columns)
    if warn:
        for name in dict.fromkeys(n for n in wanted if _normalize(n) not in normalized):
            sys.stderr.write(f"Warning: no column {name!r} for -c/--column: left out\n")
    return picked


def _sort_indexes(columns: Sequence[str], names: Sequence[str]) -> list[int]:
    """Indexes of the --sort-column names (exact, else case-insensitive with underscores for
    spaces), the first with priority. As in cliff, a name that matches no column is left out;
    ostack says so on stderr (the official client does not)."""
    normalized = [_normalize(c) for c in columns]
    indexes = []
    for name in names:
        if name in columns:
            indexes.append(list(columns).index(name))
        elif _normalize(name) in normalized:
            indexes.append(normalized.index(_normalize(name)))
        else:
            sys.stderr.write(f"Warning: no column {name!r} for --sort-column: not sorted by "
                             f"it (the columns: {', '.join(map(repr, columns))})\n")
    return indexes


def _sort_key(value: Any) -> tuple:
    """Order None last, then numbers by value, strings, and anything else by its text."""
    value = _machine(value)
    if value is None:
        return (1, 0, 0)
    if isinstance(value, (int, float)):
        return (0, 0, value)
    if isinstance(value, str):
        return (0, 1, value)
    return (0, 2, str(value))


def _sorted_rows(
    rows: Iterable[Sequence[Any]], indexes: Sequence[int], descending: bool
) -> list[Sequence[Any]]:
    result = list(rows)
    for index in reversed(indexes):  # stable sorts, last key first: the first key wins
        result.sort(key=lambda row, i=index: _sort_key(row[i]), reverse=descending)
    return result


# --------------------------------------------------------------------------------------------
# Rendering of single values


def _machine(value: Any) -> Any:
    """The raw value that json, yaml, value, csv and shell print."""
    render = getattr(value, "machine_readable", None)
    if render is not None and callable(render):
        return render()
    return value


def _human(value: Any) -> Any:
    """The value a table shows: dicts and lists rendered like osc-lib's format_columns."""
    render = getattr(value, "human_readable", None)
    if render is not None and callable(render):
        value = render()
    elif isinstance(value, dict):
        value = format_dict(value)
    elif isinstance(value, (list, tuple)):
        if value and all(isinstance(item, dict) for item in value):
            value = "\n".join(format_dict(item) for item in value)
        else:
            value = ", ".join(str(item) for item in sorted(value, key=_sort_key))
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", " ")
    return value


def _plain(value: Any) -> Any:
    """Turn a machine value into plain lists, dicts and scalars for json and yaml."""
    value = _machine(value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(item) for item in value]
    for method in ("to_dict", "toDict"):
        convert = getattr(value, method, None)
        if callable(convert):
            return _plain(convert())
    return str(value)


# --------------------------------------------------------------------------------------------
# Tables


def _terminal_width(stream: TextIO) -> int | None:
    for candidate in (stream, sys.stdout):
        try:
            return os.get_terminal_size(candidate.fileno()).columns
        except (AttributeError, OSError, ValueError):
            continue
    return None


def _target_width(args: argparse.Namespace, stream: TextIO) -> int | None:
    """The width a table must fit in, or None when it may be as wide as it likes."""
    max_width = int(getattr(args, "max_width", 0) or 0)
    if max_width > 0:
        return max_width
    fit = bool(getattr(args, "fit_width", False))
    if not fit:
        try:
            fit = stream.isatty()
        except (AttributeError, ValueError):
            fit = False
    return _terminal_width(stream) if fit else None


def _shrunk_widths(widths: Sequence[int], target: int, min_width: int) -> dict[int, int]:
    """Per-column maximum widths that squeeze a table into `target` characters, like cliff.

    Columns no wider than an even share of the room keep their width; the room they leave is
    split evenly among the wider columns, the last of them taking the remainder, and no squeezed
    column goes below `min_width`.
    """
    count = len(widths)
    room = max(0, target - 1 - 3 * count)
    share = room // count if count else 0
    wide = [i for i, width in enumerate(widths) if width > share]
    left = room - sum(width for width in widths if width <= share)
    if not wide:
        return {}
    each = left // len(wide)
    limits = {i: max(min_width, each) for i in wide[:-1]}
    limits[wide[-1]] = max(min_width, left - each * (len(wide) - 1))
    return limits


def _cell_text(value: Any) -> str:
    return str(value).expandtabs()


def _is_plain(text: str) -> bool:
    """Whether every character of `text` is one printable ASCII column (newlines allowed)."""
    return text.isascii() and text.replace("\n", "").isprintable()


def _draw_plain(
    headers: Sequence[str], rows: Sequence[Sequence[str]], aligns: Sequence[str]
) -> str:
    """Draw a table of plain ASCII cells exactly as prettytable does with cliff's settings."""
    split_rows = [[cell.split("\n") for cell in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in split_rows:
        for i, lines in enumerate(row):
            for line in lines:
                if len(line) > widths[i]:
                    widths[i] = len(line)
    border = "+" + "+".join("-" * (w + 2) for w in widths) + "+"

    def line_of(cells: Sequence[str]) -> str:
        parts = []
        for text, width, align in zip(cells, widths, aligns, strict=True):
            pad = " " * (width - len(text))
            parts.append(f" {pad}{text} " if align == "r" else f" {text}{pad} ")
        return "|" + "|".join(parts) + "|"

    out = [border, line_of(headers), border]
    for row in split_rows:
        height = max(len(lines) for lines in row)
        for n in range(height):
            out.append(line_of([lines[n] if n < len(lines) else "" for lines in row]))
    out.append(border)
    return "\n".join(out)


def _render_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    aligns: Sequence[str] | None,
    print_empty: bool,
    target: int | None,
    min_width: int,
) -> str:
    """The text of a cliff table (without the final newline); '' for an empty table."""
    if not rows and not print_empty:
        return ""
    texts = [[_cell_text(v) for v in row] for row in rows]
    if rows and all(_is_plain(h) for h in headers) and all(
        _is_plain(text) for row in texts for text in row
    ):
        widths = [len(h) for h in headers]
        for row in texts:
            for i, text in enumerate(row):
                widths[i] = max(widths[i], max(len(line) for line in text.split("\n")))
        if target is None or 1 + sum(w + 3 for w in widths) <= target:
            return _draw_plain(headers, texts, aligns or ["l"] * len(headers))

    import prettytable

    table = prettytable.PrettyTable(list(headers), print_empty=print_empty)
    table.padding_width = 1
    if rows and aligns:
        for name, align in zip(headers, aligns, strict=True):
            table.align[name] = align
    for row in rows:
        table.add_row(list(row))
    if target is not None:
        text = table.get_string()
        first = text.split("\n", 1)[0]
        if first and len(first) > target:
            widths = [max(0, len(part) - 2) for part in first.split("+")[1:-1]]
            for i, limit in _shrunk_widths(widths, target, min_width).items():
                table.max_width[headers[i]] = limit
        else:
            return text
    return table.get_string()


_ALIGN_BY_TYPE = {int: "r", float: "r"}


def _emit_list_table(args, columns, rows, stream) -> None:
    rows = list(rows)
    aligns = [_ALIGN_BY_TYPE.get(type(v), "l") for v in rows[0]] if rows else None
    cells = [[_human(v) for v in row] for row in rows]
    text = _render_table(
        columns, cells, aligns, bool(getattr(args, "print_empty", False)),
        _target_width(args, stream), _LIST_MIN_WIDTH,
    )
    stream.write(text + "\n")


# --------------------------------------------------------------------------------------------
# Other list formats


def _value_text(value: Any) -> str:
    return str(_machine(value))


def _emit_list_value(args, columns, rows, stream) -> None:
    write = stream.write
    for row in rows:
        write(" ".join([_value_text(v) for v in row]) + "\n")


def _emit_list_csv(args, columns, rows, stream) -> None:
    import csv

    quoting = {
        "all": csv.QUOTE_ALL,
        "minimal": csv.QUOTE_MINIMAL,
        "none": csv.QUOTE_NONE,
        "nonnumeric": csv.QUOTE_NONNUMERIC,
    }[getattr(args, "quote_mode", None) or "nonnumeric"]
    writer = csv.writer(stream, quoting=quoting, lineterminator=os.linesep, escapechar="\\")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])


def _csv_cell(value: Any) -> Any:
    machine = _machine(value)
    return str(machine) if machine is not value else value


def _dump_json(data: Any, args: argparse.Namespace, stream: TextIO) -> None:
    import json

    indent = None if getattr(args, "noindent", False) else 2
    stream.write(json.dumps(data, indent=indent, default=str) + "\n")


def _emit_list_json(args, columns, rows, stream) -> None:
    items = [{c: _plain(v) for c, v in zip(columns, row, strict=False)} for row in rows]
    _dump_json(items, args, stream)


def _emit_list_yaml(args, columns, rows, stream) -> None:
    import yaml

    items = [{c: _plain(v) for c, v in zip(columns, row, strict=False)} for row in rows]
    yaml.safe_dump(items, stream=stream, default_flow_style=False)


def _emit_list_ndjson(args, columns, rows, stream) -> None:
    from ostack.cli import ndjson

    ndjson.emit_rows(args, columns, rows, stream)


_LIST_EMITTERS = {
    "ndjson": _emit_list_ndjson,
    "table": _emit_list_table,
    "value": _emit_list_value,
    "csv": _emit_list_csv,
    "json": _emit_list_json,
    "yaml": _emit_list_yaml,
}


def emit_list(
    args: argparse.Namespace,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    stream: TextIO | None = None,
) -> None:
    """Print `rows` of `columns` in the format, columns and order chosen by `args`.

    Raises ColumnError when -c names no column at all.
    """
    out = stream if stream is not None else sys.stdout
    columns = list(columns)
    formatter = getattr(args, "formatter", None) or "table"
    emitter = _LIST_EMITTERS.get(formatter)
    if emitter is None:
        raise ValueError(f"unknown output format {formatter!r}; choose from {LIST_FORMATS}")
    if formatter == "ndjson" and hasattr(rows, "bodies"):  # the API bodies behind the rows
        from ostack.cli import ndjson

        ndjson.stream(args, rows.bodies, out)
        return
    sort_indexes = _sort_indexes(columns, getattr(args, "sort_columns", None) or [])
    selected = _selected_indexes(columns, getattr(args, "columns", None) or [])
    if sort_indexes:
        descending = getattr(args, "sort_direction", None) == "desc"
        rows = _sorted_rows(rows, sort_indexes, descending)
    if selected is not None:
        columns = [columns[i] for i in selected]
        rows = ([row[i] for i in selected] for row in rows)
    emitter(args, columns, rows, out)


# --------------------------------------------------------------------------------------------
# Show


def _shell_name(name: str) -> str:
    return name.replace(":", "_").replace("-", "_")


def emit_show(
    args: argparse.Namespace,
    data: Mapping[str, Any] | Sequence[tuple[str, Any]],
    stream: TextIO | None = None,
) -> None:
    """Print one object, given as a mapping or (name, value) pairs, as chosen by `args`.

    Raises ColumnError for a -c name that matches no field.
    """
    out = stream if stream is not None else sys.stdout
    if getattr(args, "formatter", None) == "ndjson" and hasattr(data, "body"):
        from ostack.cli import ndjson  # the API body of what is shown

        ndjson.emit_one(data.body, out, getattr(args, "columns", None) or [])
        return
    pairs = list(data.items()) if hasattr(data, "items") else [tuple(p) for p in data]
    names = [name for name, _ in pairs]
    selected = _selected_indexes(names, getattr(args, "columns", None) or [])
    if selected is not None:
        pairs = [pairs[i] for i in selected]
    formatter = getattr(args, "formatter", None) or "table"

    if formatter == "table":
        rows = [(name, _human(value)) for name, value in pairs]
        text = _render_table(
            ("Field", "Value"), rows, ("l", "l"), False, _target_width(args, out),
            _SHOW_MIN_WIDTH,
        )
        out.write(text + "\n")
    elif formatter == "value":
        out.write("".join(_value_text(value) + "\n" for _, value in pairs))
    elif formatter == "shell":
        prefix = getattr(args, "prefix", "") or ""
        only = getattr(args, "variables", None) or []
        lines = []
        for name, value in pairs:
            variable = str(name).lower().replace(" ", "_")
            if only and variable not in only:
                continue
            text = _value_text(value).replace('"', '\\"')
            lines.append(f'{prefix}{_shell_name(variable)}="{text}"\n')
        out.write("".join(lines))
    elif formatter == "json":
        _dump_json({name: _plain(value) for name, value in pairs}, args, out)
    elif formatter == "ndjson":
        from ostack.cli import ndjson

        ndjson.emit_one({name: _plain(value) for name, value in pairs}, out)
    elif formatter == "yaml":
        import yaml

        for name, value in pairs:  # one mapping per field keeps the fields in their order
            yaml.safe_dump({name: _plain(value)}, stream=out, default_flow_style=False)
    else:
        raise ValueError(f"unknown output format {formatter!r}; choose from {SHOW_FORMATS}")
