"""Run a python-openstackclient plugin's command (a cliff/osc-lib class) unchanged.

The class is made as cliff makes it (`cls(app, app_args, cmd_name=...)`), its own parser is
used (`get_parser`), and cliff's `run` calls `take_action`, the hooks and the output step.
Only the output formatters are ostack's: where cliff would load its formatter plugins, the
command gets ostack's table, csv, json, value, yaml and shell formats with the same options
(`-f`, `-c`, `--sort-column`, `--noindent`, `--max-width` ...), so a plugin's output is
printed exactly as ostack prints its own. cliff, osc-lib and keystoneauth1 are imported here,
and this module only when a plugin command runs.
"""

from __future__ import annotations

import argparse
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TextIO

    from ostack.cli.osc_plugins import Plugins

#: cliff's formatter namespaces -> ostack's formats.
_LIST_NAMESPACE = "cliff.formatter.list"


def _load(target: str) -> Any:
    import importlib

    module, _, attr = target.partition(":")
    obj = importlib.import_module(module)
    for part in attr.split("."):
        obj = getattr(obj, part)
    return obj


def describe(target: str) -> str:
    """A command's one-line description, as the official client's help shows it."""
    try:
        cls = _load(target)
    except Exception:  # a plugin command that does not import: listed, undescribed
        return ""
    text = getattr(cls, "_description", "") or (cls.__doc__ or "")
    return str(text).strip().split("\n", 1)[0]


# ---------------------------------------------------------------------------------------------
# Formatters: objects shaped like cliff's formatter plugins, printing with ostack.output


class _Formatter:
    """One output format, for one kind of command (lists or single objects)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def add_argument_group(self, parser: argparse.ArgumentParser) -> None:
        from ostack.cli import output

        if self.name == "csv":
            group = parser.add_argument_group("CSV Formatter")
            group.add_argument("--quote", dest="quote_mode", choices=output.QUOTE_MODES,
                               default="nonnumeric",
                               help="which fields to quote, defaults to nonnumeric")
        elif self.name == "json":
            output._add_json_options(parser)
        elif self.name == "table":
            output._add_table_options(parser)
        elif self.name == "shell":
            group = parser.add_argument_group(
                "shell formatter", 'a format a UNIX shell can parse (variable="value")')
            group.add_argument("--variable", dest="variables", action="append", default=[],
                               metavar="VARIABLE", help=argparse.SUPPRESS)
            group.add_argument("--prefix", dest="prefix", default="",
                               help="a prefix for all variable names")

    @staticmethod
    def _plain_args(parsed_args: argparse.Namespace) -> argparse.Namespace:
        """cliff has chosen the columns and sorted the rows already."""
        args = argparse.Namespace(**vars(parsed_args))
        args.columns = []
        args.sort_columns = []
        return args

    def emit_list(self, column_names: Any, data: Any, stdout: TextIO,
                  parsed_args: argparse.Namespace) -> None:
        from ostack.cli import output

        output.emit_list(self._plain_args(parsed_args), column_names, data, stream=stdout)

    def emit_one(self, column_names: Any, data: Any, stdout: TextIO,
                 parsed_args: argparse.Namespace) -> None:
        from ostack.cli import output

        pairs = list(zip(column_names, data, strict=False))
        output.emit_show(self._plain_args(parsed_args), pairs, stream=stdout)


class _Extension:
    def __init__(self, name: str) -> None:
        self.name = name
        self.obj = _Formatter(name)


class _Formatters:
    """What cliff's DisplayCommandBase uses of its stevedore ExtensionManager."""

    def __init__(self, namespace: str) -> None:
        from ostack.cli import output

        names = output.LIST_FORMATS if namespace == _LIST_NAMESPACE else output.SHOW_FORMATS
        self._extensions = {name: _Extension(name) for name in names}

    def names(self) -> list[str]:
        return list(self._extensions)

    def __iter__(self):
        return iter(self._extensions.values())

    def __getitem__(self, name: str) -> _Extension:
        return self._extensions[name]

    def __contains__(self, name: str) -> bool:
        return name in self._extensions


# ---------------------------------------------------------------------------------------------
# The application object commands see as `self.app`


class _CommandManager:
    """cliff commands read `app.command_manager.namespace` to find their hooks."""

    namespace = "openstack.cli"


class PluginApp:
    """What osc-lib commands use of OpenStackShell: the client manager, options, streams."""

    def __init__(self, options: argparse.Namespace, client_manager: Any,
                 api_version: dict[str, str]) -> None:
        import logging

        self.options = options
        self.client_manager = client_manager
        self.api_version = api_version
        self.command_manager = _CommandManager()
        self.stdin = sys.stdin
        self.stdout = sys.stdout
        self.stderr = sys.stderr
        self.log = logging.getLogger("ostack.plugins")
        self.LOG = self.log
        self.timing_data: list[Any] = []
        self.interactive_mode = False


def _debug_logging(options: argparse.Namespace) -> None:
    """`--debug`: keystoneauth1's request log and the plugins' own, where ostack's goes."""
    if not (options.debug or options.log_file):
        return
    import logging

    handlers = logging.getLogger("ostack").handlers
    for name in ("keystoneauth", "osc_lib", "cliff", "stevedore", ""):
        logger = logging.getLogger(name)
        if name == "":
            logger.setLevel(logging.DEBUG)
            for handler in handlers:
                if handler not in logger.handlers:
                    logger.addHandler(handler)
    logging.getLogger("ostack").propagate = False


def make(cls: type, app: PluginApp, options: argparse.Namespace, name: str) -> Any:
    """The plugin's command made as cliff makes it, with ostack's formatters."""
    command = cls.__new__(cls)
    namespace = getattr(command, "formatter_namespace", None)
    if isinstance(namespace, str) and hasattr(command, "_load_formatter_plugins"):
        command._load_formatter_plugins = lambda: _Formatters(namespace)
    command.__init__(app, options, cmd_name=name)
    return command


def run(name: str, target: str, command_args: list[str], options: argparse.Namespace,
        plugins: Plugins) -> int:
    """Make, parse and run one plugin command; errors become one line on stderr (exit 1)."""
    from ostack.cli.clientmanager import ClientManager
    from ostack.cli.plugin_manager import PluginClientManager

    _debug_logging(options)
    cls = _load(target)
    if getattr(options, "all_clouds", False) or "," in (options.os_cloud or "") + (
            options.os_region_name or os.environ.get("OS_REGION_NAME", "")):
        from ostack.cli import plugin_many  # one list or show across clouds and regions

        return plugin_many.run(name, cls, command_args, options, plugins)
    manager = PluginClientManager(ClientManager(options), plugins.versions, plugins.modules)
    command = make(cls, PluginApp(options, manager, plugins.versions), options, name)
    parser = command.get_parser(f"ostack {name}")
    parsed = parser.parse_args(command_args)
    manager._auth_required = bool(getattr(command, "auth_required", True))
    dry = bool(getattr(options, "dry_run", False))
    if dry and not manager._auth_required:
        from ostack.cli import dry_run

        refused = dry_run.local(name)
        if refused is not None:
            return refused
        dry = False
    try:
        if dry:
            from ostack.cli import dry_run

            manager.writes = dry_run.guard(manager._manager.connection.session.http)
        if manager._auth_required:
            manager.setup_auth()
            if getattr(command, "required_scope", False):
                manager.validate_scope()
        code = int(command.run(parsed) or 0)
        return dry_run.finish(manager.writes, code) if dry else code
    except Exception as exc:
        if dry:
            dry_run.finish(manager.writes, 1)
        return _fail(exc, options)
    except BaseException as exc:
        from ostack.cli import dry_run

        if isinstance(exc, dry_run.Stopped):
            return dry_run.stopped(exc)
        raise
    finally:
        if options.timing:
            _print_timing(manager)


def _print_timing(manager: Any) -> None:
    """--timing: ostack's own requests (the token), then the plugin's, as for built-ins."""
    from ostack.cli import app

    connection = manager._manager._connection
    own = list(connection.session.http.timings) if connection is not None else []
    if not (own or manager.timings):
        return  # no request at all (a command that needs no cloud), as for built-ins
    app._print_timing([*own, *manager.timings])


def _fail(exc: Exception, options: argparse.Namespace) -> int:
    """One clear line for a plugin's failure (the traceback too with --debug); ostack's own
    errors go on to `ostack.cli.app`, which describes them the same way as for built-ins."""
    from ostack import exceptions
    from ostack.cli import output
    from ostack.cli.plugin_manager import MissingService

    if isinstance(exc, exceptions.OstackError | output.ColumnError):
        raise exc
    if options.debug:
        import traceback

        traceback.print_exc()
    if isinstance(exc, MissingService):
        sys.stderr.write(f"ostack: {exc}\n")
    else:
        sys.stderr.write(f"{exc or type(exc).__name__}\n")
    return 1
