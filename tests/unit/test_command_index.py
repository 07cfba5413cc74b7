"""The lazy command index is generated from the command modules and must be current."""

from __future__ import annotations

import importlib

from ostack.cli import index
from ostack.cli.command import Command
from ostack.cli.commands import COMMANDS


def test_index_is_current() -> None:
    fresh = index.render(index.build())
    assert index.path().read_text() == fresh, (
        "src/ostack/cli/commands/__init__.py is out of date: "
        "run .venv/bin/python -m ostack.cli.index --write"
    )


def test_every_target_is_a_command_with_its_name() -> None:
    for name, (target, help_, group) in COMMANDS.items():
        module, _, attr = target.partition(":")
        cls = getattr(importlib.import_module(module), attr)
        assert issubclass(cls, Command), name
        assert cls.name == name
        assert help_, f"{name} has no one-line help (the class docstring)"
        assert group.startswith(("openstack.", "ostack.")), name


def test_every_command_builds_its_parser() -> None:
    """Each command's options are declared consistently (no argparse conflict)."""
    for name, (target, _, _) in COMMANDS.items():
        module, _, attr = target.partition(":")
        cls = getattr(importlib.import_module(module), attr)
        parser = cls(None, None, f"ostack {name}").get_parser(f"ostack {name}")
        assert parser.prog == f"ostack {name}"
