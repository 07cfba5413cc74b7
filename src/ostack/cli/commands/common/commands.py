"""`command list` and `module list`: what this ostack offers, as the official client lists it."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ostack.cli.command import Lister, ShowOne
from ostack.cli.declare import Option, add_options


def command_groups() -> dict[str, list[str]]:
    """Entry-point group -> command names: the built-in ones, then plugins'."""
    from ostack.cli import plugins
    from ostack.cli.commands import COMMANDS

    groups: dict[str, list[str]] = {"openstack.cli": ["command list", "complete", "help",
                                                      "module list"]}
    for name, (_, _, group) in COMMANDS.items():
        if name not in groups["openstack.cli"]:
            groups.setdefault(group, []).append(name)
    for name in plugins.commands():
        groups.setdefault(plugins.GROUP, []).append(name)
    from ostack.cli import osc_plugins  # python-openstackclient's plugins, for their versions

    for group, names in osc_plugins.command_groups().items():
        groups.setdefault(group, []).extend(n for n in names if n not in groups[group])
    return {group: sorted(names) for group, names in sorted(groups.items())}


class ListCommand(Lister):
    """List recognized commands by group."""

    name = "command list"
    auth_required = False

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (Option(
            "--group", metavar="<group-keyword>",
            help="show commands of the groups whose name contains this keyword "
                 "(compute, image, identity ...)"),))

    def take_action(self, args: Any):
        rows = []
        for group, names in command_groups().items():
            if args.group and args.group not in group:
                continue
            rows.append((group, "\n".join(names) if args.formatter == "table" else names))
        return ("Command Group", "Commands"), rows


class ListModule(ShowOne):
    """List module versions."""

    name = "module list"
    auth_required = False

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (Option("--all", action="store_true",
                                    help="show all modules that have version information"),))

    def take_action(self, args: Any) -> dict[str, Any]:
        from importlib import metadata

        import ostack
        from ostack.cli import osc_plugins

        owners = metadata.packages_distributions()
        data: dict[str, Any] = {"ostack": ostack.__version__}
        # The official client has every plugin module loaded by now; ostack names them.
        for loaded in [*osc_plugins.module_names(), *sys.modules]:
            top = loaded.split(".")[0]
            if top.startswith("_") or top in data:
                continue
            if args.all or top.endswith("client") or top in ("openstack", "ostack"):
                try:
                    data[top] = metadata.version(owners[top][0])
                except (KeyError, IndexError, metadata.PackageNotFoundError):
                    continue
        return {k: data[k] for k in sorted(data)}
