"""Output options checked before any request is sent.

A listing declared with its columns (`ResourceList.columns_for`) knows them before it asks the
cloud; a `-c` that names none of them fails at once, with the same ColumnError the printing
would raise after the request (an unknown `--sort-column` is only a warning, as in cliff). A
listing whose columns depend on the answer (`server list`) is checked against every column it
can show. A create or show whose fields are declared is checked the same way
(`generic.ShowFields.known_headers`).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence


def check_columns(args: argparse.Namespace, headers: Sequence[str]) -> None:
    """Raise output.ColumnError when -c names none of the fields `headers` (of one object,
    or the columns of a listing)."""
    wanted = getattr(args, "columns", None) or []
    if not wanted or getattr(args, "formatter", None) == "ndjson":
        return  # (ndjson's -c names fields of the API body)
    from ostack.cli import output

    output._selected_indexes(headers, wanted, warn=False)
