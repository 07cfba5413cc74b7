"""Base classes of CLI commands, in cliff's vocabulary: Command, Lister and ShowOne."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Mapping, Sequence

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ostack.cli.clientmanager import ClientManager


_COLUMNS: int | None = None


def terminal_columns() -> int:
    """The terminal's width as `shutil.get_terminal_size()` gives it (COLUMNS, then the
    terminal of stdout, then 80), asked once per process.

    argparse asks shutil for it in every HelpFormatter, and it makes one for each argument a
    parser declares: shutil (with bz2, lzma and zlib) would load on every run for that alone.
    """
    global _COLUMNS
    if _COLUMNS is None:
        import os
        import sys

        try:
            columns = int(os.environ["COLUMNS"])
        except (KeyError, ValueError):
            columns = 0
        if columns <= 0:
            try:
                columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
            except (AttributeError, ValueError, OSError):
                columns = 0
        _COLUMNS = columns or 80
    return _COLUMNS


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, with the terminal width asked once (see `terminal_columns`)."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        if width is None:
            width = terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)


class RawDescriptionHelpFormatter(HelpFormatter, argparse.RawDescriptionHelpFormatter):
    """The commands' formatter: the description as written, options as argparse lays them."""


class Command:
    """A command: declares its arguments and acts on them.

    `auth_required = False` commands run without a cloud (e.g. `localcloud start`).
    """

    name = ""
    auth_required = True

    def __init__(self, app: Any, client_manager: ClientManager, prog: str) -> None:
        self.app = app
        self.client_manager = client_manager
        self.prog = prog

    @property
    def conn(self):
        return self.client_manager.connection

    def get_parser(self, prog: str) -> argparse.ArgumentParser:
        parser = argparse.ArgumentParser(
            prog=prog, description=_description(self.__doc__),
            formatter_class=RawDescriptionHelpFormatter,
        )
        self.add_arguments(parser)
        return parser

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """Declare the command's own arguments."""

    def take_action(self, args: argparse.Namespace) -> Any:
        raise NotImplementedError

    def run(self, args: argparse.Namespace) -> int:
        result = self.take_action(args)
        return int(result or 0)


class Lister(Command):
    """A command that prints rows: take_action returns (columns, rows)."""

    def get_parser(self, prog: str) -> argparse.ArgumentParser:
        from ostack.cli import output

        parser = super().get_parser(prog)
        output.add_list_arguments(parser)
        return parser

    def run(self, args: argparse.Namespace) -> int:
        from ostack.cli import output

        columns, rows = self.take_action(args)
        output.emit_list(args, columns, rows)
        return 0


class ShowOne(Command):
    """A command that prints one object: take_action returns a mapping or (name, value) pairs."""

    def get_parser(self, prog: str) -> argparse.ArgumentParser:
        from ostack.cli import output

        parser = super().get_parser(prog)
        output.add_show_arguments(parser)
        return parser

    def run(self, args: argparse.Namespace) -> int:
        from ostack.cli import output

        data = self.take_action(args)
        if data is None:
            return 0
        output.emit_show(args, data)
        return 0


def parse_properties(values: Sequence[str] | None, option: str = "--property") -> dict[str, str]:
    """`key=value` pairs given with a repeatable option, with an error naming the bad one."""
    out: dict[str, str] = {}
    for item in values or []:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise argparse.ArgumentTypeError(f"{option} {item!r} must be in the form key=value")
        out[key] = value
    return out


def sorted_fields(data: Mapping[str, Any], drop: Iterable[str] = ()) -> dict[str, Any]:
    """Fields in alphabetical order, as `openstack ... show` prints them."""
    skip = set(drop)
    return {k: data[k] for k in sorted(data) if k not in skip}


def _description(doc: str | None) -> str:
    """A docstring as help text: its first line, then the rest without its indentation."""
    first, _, rest = (doc or "").strip().partition("\n")
    lines = rest.splitlines()
    indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    cut = min(indents, default=0)  # textwrap.dedent, without importing textwrap for every run
    return (first + "\n" + "\n".join(line[cut:] for line in lines)).strip()
