"""A plugin's list or show command against several clouds and regions at once.

`ostack.cli.multicloud` runs ostack's own `Lister` and `ShowOne` commands per target; a
plugin's cliff `Lister` or `ShowOne` is wrapped here as one of those (`wrap`): each target gets
its own PluginClientManager (its own keystoneauth1 session and plugin clients) over the
target's ClientManager, the plugin's own parser and `take_action` run unchanged, and the rows
merge with `Cloud` and `Region` first as for built-in commands. Other plugin commands (those
that may change something) are refused by multicloud's own rule (exit 2, naming the option).
Imported only for a plugin command with several targets.
"""

from __future__ import annotations

import sys

from ostack.cli import multicloud
from ostack.cli.command import Lister, ShowOne
from ostack.cli.plugin_command import PluginApp, make
from ostack.cli.plugin_manager import PluginClientManager

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Any

    from ostack.cli.osc_plugins import Plugins


def wrap(cls: type, name: str, plugins: Plugins) -> type | None:
    """An ostack Lister/ShowOne class running the plugin's command, or None for a plugin
    command that is neither."""
    from cliff.lister import Lister as CliffLister
    from cliff.show import ShowOne as CliffShowOne

    if issubclass(cls, CliffLister):
        base: type = Lister
    elif issubclass(cls, CliffShowOne):
        base = ShowOne
    else:
        return None

    class Wrapped(base):  # type: ignore[misc, valid-type]
        __doc__ = cls.__doc__
        auth_required = bool(getattr(cls, "auth_required", True))

        def __init__(self, app: Any, client_manager: Any, prog: str) -> None:
            super().__init__(app, client_manager, prog)
            self.plugin_manager = PluginClientManager(client_manager, plugins.versions,
                                                      plugins.modules)
            self.plugin_manager._auth_required = self.auth_required
            self.command = make(cls, PluginApp(client_manager.options, self.plugin_manager,
                                               plugins.versions),
                                client_manager.options, name)

        def get_parser(self, prog: str) -> argparse.ArgumentParser:
            return self.command.get_parser(prog)

        def take_action(self, args: argparse.Namespace) -> Any:
            if self.auth_required:
                self.plugin_manager.setup_auth()
            columns, data = self.command.take_action(args)
            if base is Lister:
                return list(columns), [list(row) for row in data]
            return list(zip(columns, data, strict=False))

    Wrapped.__name__ = cls.__name__
    return Wrapped


def run(name: str, cls: type, command_args: list[str], options: argparse.Namespace,
        plugins: Plugins) -> int:
    from ostack.cli import app

    wrapped = wrap(cls, name, plugins)
    if wrapped is None:
        option = multicloud.option_named(options)
        sys.stderr.write(f"ostack: {option} runs list and show commands only; '{name}' is "
                         "neither: run it against one cloud and region at a time\n")
        return 2
    return multicloud.dispatch(name, wrapped, command_args, options, app)
