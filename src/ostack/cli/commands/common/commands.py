"""`command list`: the built-in commands and those of installed plugins."""

from __future__ import annotations

from typing import Any

from ostack.cli.command import Lister


class ListCommand(Lister):
    """List the commands ostack knows, grouped by their first word."""

    name = "command list"

    auth_required = False

    def take_action(self, args: Any):
        from ostack.cli import plugins
        from ostack.cli.commands import COMMANDS

        groups: dict[str, list[str]] = {}
        for name in sorted(COMMANDS):
            groups.setdefault("ostack.cli", []).append(name)
        for name in sorted(plugins.commands()):
            groups.setdefault(plugins.GROUP + " (plugins)", []).append(name)
        return ("Command Group", "Commands"), [(g, names) for g, names in groups.items()]
