"""Commands that make several independent changes (`volume set`, `volume type unset` ...):
each change is tried, a failing one is reported and the others still run, and the command
fails at the end when any did, as the official client's `set` and `unset` commands do."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable

from ostack import exceptions

#: (whether the user asked for it, what to print before the error, the change itself)
Step = tuple[object, str, Callable[[], object]]


def attempt(steps: Iterable[Step]) -> int:
    """Run each wanted step; print `<message>: <error>` on stderr for each that fails.
    Returns how many failed."""
    failed = 0
    for wanted, message, step in steps:
        if not wanted:
            continue
        try:
            step()
        except exceptions.OstackError as exc:
            sys.stderr.write(f"{message}: {exc}\n")
            failed += 1
    return failed
