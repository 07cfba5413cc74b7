"""Output options checked before any request is sent.

A listing declared with its columns (`ResourceList.columns_for`) knows them before it asks the
cloud; a `-c` or `--sort-column` that names none of them fails at once, with the same
ColumnError the printing would raise after the request. A listing whose columns depend on the
answer (`server list`) is checked against every column it can show. A create or show whose
fields are declared is checked the same way (`generic.ShowFields.known_headers`).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence


def check_list_columns(args: argparse.Namespace, headers: Sequence[str]) -> None:
    """Raise output.ColumnError for a -c / --sort-column name not among `headers`."""
    wanted = getattr(args, "columns", None) or []
    sort_columns = getattr(args, "sort_columns", None) or []
    if not (wanted or sort_columns) or getattr(args, "formatter", None) == "ndjson":
        return  # (ndjson's -c names fields of the API body, not columns)
    from ostack.cli import output

    for name in sort_columns:
        output._column_index(headers, name, "--sort-column")
    output._selected_indexes(headers, wanted, warn=False)


def check_show_columns(args: argparse.Namespace, headers: Sequence[str]) -> None:
    """Raise output.ColumnError when -c names none of the fields `headers` of one object."""
    wanted = getattr(args, "columns", None) or []
    if not wanted or getattr(args, "formatter", None) == "ndjson":
        return  # (ndjson's -c names fields of the API body)
    from ostack.cli import output

    output._selected_indexes(headers, wanted, warn=False)
