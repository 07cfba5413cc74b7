"""The official client's plugins (python-octaviaclient, python-designateclient ...) in ostack.

A plugin declares itself as python-openstackclient expects: the entry-point group
`openstack.cli.extension` names a module with `API_NAME`, `API_VERSION_OPTION`,
`DEFAULT_API_VERSION`, `API_VERSIONS`, `make_client(instance)` and `build_option_parser(parser)`;
its commands are entry points of `openstack.<API_NAME>.v<major>` (and of
`openstack.<API_NAME>.v<major>.<extension>` for each name in `API_EXTENSIONS`), named with
underscores for spaces. Commands of the plain `openstack.extension` group are found as well.

Nothing here runs for a built-in command: `ostack.cli.app` comes here only for a command it
does not know, an option it does not know, `--help`, `command list` and `module list`. The
plugin modules are imported here (they bring osc-lib); cliff, keystoneauth1 and the plugin's
command classes only when a plugin command runs (`ostack.cli.plugin_command`).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from types import ModuleType

GROUP = "openstack.cli.extension"
#: Commands of python-openstackclient's "naive" extension group.
EXTENSION_GROUP = "openstack.extension"


@dataclass
class PluginModule:
    """One `openstack.cli.extension` plugin, imported."""

    entry_point: str
    module: ModuleType

    @property
    def api_name(self) -> str:
        return str(getattr(self.module, "API_NAME", self.entry_point))

    @property
    def version_option(self) -> str:
        """The dest of the plugin's version option (`os_dns_api_version`)."""
        return str(getattr(self.module, "API_VERSION_OPTION", f"os_{self.api_name}_api_version"))

    def version(self, options: argparse.Namespace, cloud_versions: dict[str, str]) -> str | None:
        """The API version asked for, as the official client picks it: the option (whose
        default the plugin takes from its environment variable), then clouds.yaml's
        `<name>_api_version`, then the plugin's DEFAULT_API_VERSION."""
        given = getattr(options, self.version_option, None)
        if given not in (None, ""):
            return str(given)
        key = self.version_option.replace("os_", "", 1)
        name = key[: -len("_api_version")] if key.endswith("_api_version") else key
        for candidate in (name.replace("_", "-"), name):
            if candidate in cloud_versions:
                return str(cloud_versions[candidate])
        default = getattr(self.module, "DEFAULT_API_VERSION", None)
        return None if default is None else str(default)

    def groups(self, version: str | None) -> list[str]:
        """The entry-point groups of its commands for that version."""
        if not version:
            return []
        major = version.replace(".", "_").split("_")[0]
        group = f"openstack.{self.api_name.replace('-', '_')}.v{major}"
        extensions = getattr(self.module, "API_EXTENSIONS", None) or ()
        return [group, *(f"{group}.{ext}" for ext in extensions)]


@dataclass
class Plugins:
    """The installed plugin modules, the versions chosen, and the commands they give."""

    modules: list[PluginModule]
    versions: dict[str, str] = field(default_factory=dict)
    #: Entry-point group -> {command name: "module:Class"}.
    groups: dict[str, dict[str, str]] = field(default_factory=dict)

    def commands(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for found in self.groups.values():
            for name, target in found.items():
                out.setdefault(name, target)
        return out

    def find(self, words: list[str]) -> tuple[str, str, list[str]] | None:
        """The longest plugin command at the start of `words`: (name, target, the rest)."""
        found = self.commands()
        for length in range(min(8, len(words)), 0, -1):
            name = " ".join(words[:length])
            if name in found:
                return name, found[name], words[length:]
        return None


def installed() -> dict[str, str]:
    """`openstack.cli.extension` entry point name -> module (read from the cached entry-point
    list: no import, no scan of the installed packages unless they changed)."""
    from ostack import entrypoints

    return {name: value.partition(":")[0] for name, value in entrypoints.group(GROUP).items()}


def load_modules() -> list[PluginModule]:
    """Import each plugin module; one that fails is reported on stderr and left out, as the
    official client does."""
    import importlib

    out: list[PluginModule] = []
    for name, module_name in sorted(installed().items()):
        try:
            module = importlib.import_module(module_name)
        except Exception as exc:  # a broken plugin must not break the other commands
            sys.stderr.write(f"WARNING: Failed to import plugin {GROUP}:{name}: {exc}.\n")
            continue
        out.append(PluginModule(name, module))
    return out


def add_options(parser: argparse.ArgumentParser, modules: list[PluginModule]) -> None:
    """Let each plugin add its global options (its `--os-<api>-api-version`)."""
    for plugin in modules:
        build = getattr(plugin.module, "build_option_parser", None)
        if build is None:
            continue
        try:
            build(parser)
        except Exception as exc:  # e.g. an option another plugin declared already
            sys.stderr.write(f"WARNING: plugin {plugin.entry_point} adds no options: {exc}.\n")


def resolve(modules: list[PluginModule], options: argparse.Namespace,
            cloud_versions: dict[str, str]) -> Plugins:
    """Versions and command groups for the options given."""
    from ostack import entrypoints

    plugins = Plugins(modules)
    for plugin in modules:
        version = plugin.version(options, cloud_versions)
        if version is None:
            continue
        plugins.versions[plugin.api_name] = version
        for group in plugin.groups(version):
            found = entrypoints.group(group)
            if found:
                plugins.groups[group] = {n.replace("_", " "): t for n, t in found.items()}
    extension = entrypoints.group(EXTENSION_GROUP)
    if extension:
        plugins.groups[EXTENSION_GROUP] = {n.replace("_", " "): t for n, t in extension.items()}
    return plugins


def cloud_versions(options: argparse.Namespace) -> dict[str, str]:
    """`<name>_api_version` keys of the selected cloud; {} when no cloud is configured (a
    command that needs no cloud, such as the seed's `runit echo`, runs anyway)."""
    from ostack import exceptions
    from ostack.cli.clientmanager import ClientManager

    try:
        return dict(ClientManager(options).config.api_versions)
    except exceptions.OstackError:
        return {}


def discover(options: argparse.Namespace | None = None) -> Plugins:
    """The plugins with the versions chosen by `options` (the defaults when None)."""
    modules = load_modules()
    if options is None:
        import argparse

        from ostack.cli.app import default_options

        options = default_options()
        parser = argparse.ArgumentParser(add_help=False)
        add_options(parser, modules)
        for key, value in vars(parser.parse_known_args([])[0]).items():
            setattr(options, key, value)
    return resolve(modules, options, cloud_versions(options) if modules else {})


# ---------------------------------------------------------------------------------------------
# The command line


def _takes_value(parser: argparse.ArgumentParser, token: str) -> bool:
    action = parser._option_string_actions.get(token)
    return action is not None and action.nargs != 0


def _split(parser: argparse.ArgumentParser, argv: list[str]) -> tuple[list[str], list[str]]:
    """Global options (the plugins' included), then the command and its arguments."""
    index = 0
    while index < len(argv):
        token = argv[index]
        if not token.startswith("-") or token == "-":
            break
        if "=" not in token and _takes_value(parser, token):
            index += 1
        index += 1
    return argv[:index], argv[index:]


def _plugin_options(modules: list[PluginModule], parser: argparse.ArgumentParser,
                    words: list[str]) -> tuple[list[str], list[str]]:
    """Take the plugins' own global options out of the command's words (the official client
    accepts them after the command too); `--` ends the search."""
    dests = {p.version_option for p in modules}
    strings = {s for s, a in parser._option_string_actions.items() if a.dest in dests}
    own: list[str] = []
    taken: list[str] = []
    index = 0
    while index < len(words):
        token = words[index]
        if token == "--":
            own += words[index:]
            break
        option = token.split("=", 1)[0]
        if option in strings:
            width = 1 if "=" in token else 2
            taken += words[index:index + width]
            index += width
            continue
        own.append(token)
        index += 1
    return own, taken


def run(argv: list[str]) -> int | None:
    """Run `argv` if it names a plugin command (or uses a plugin's global option); None when
    it does not, for the caller to report the unknown command or option."""
    if not installed():
        return None
    from ostack.cli import app

    modules = load_modules()
    parser = app.build_global_parser()
    # osc-lib's global flag for commands marked beta (`validate_os_beta_command_enabled`).
    parser.add_argument("--os-beta-command", action="store_true",
                        help="enable beta commands which are subject to change")
    add_options(parser, modules)
    global_args, rest = _split(parser, argv)
    rest, version_args = _plugin_options(modules, parser, rest)
    options, unknown = parser.parse_known_args([*global_args, *version_args])
    if unknown:
        return None
    plugins = resolve(modules, options, cloud_versions(options))
    found = plugins.find(rest)
    if found is None:
        name, command_args = app.find_command(rest)
        if name is None:  # neither a plugin's nor a built-in command
            return None
        target = app.COMMANDS[name][0]
    else:
        name, target, command_args = found
    command_args, late = app.late_globals(command_args)
    if late:
        options, _ = parser.parse_known_args([*global_args, *version_args, *late])
    app._setup_logging(options)
    if found is None:
        return app.dispatch(name, target, command_args, options)
    from ostack.cli import plugin_command

    return plugin_command.run(name, target, command_args, options, plugins)


def help_lines(width: int) -> list[str]:
    """`ostack --help`: the plugin commands, each with its description."""
    plugins = discover()
    commands = plugins.commands()
    if not commands:
        return []
    import argparse

    from ostack.cli.plugin_command import describe

    parser = argparse.ArgumentParser(add_help=False)
    add_options(parser, plugins.modules)
    out = ["\nOptions from plugins:\n"] if parser._actions else []
    for action in parser._actions:
        names = ", ".join(action.option_strings)
        out.append(f"  {names} {action.metavar or ''}\n        {action.help or ''}\n")
    width = max(width, max(len(n) for n in commands) + 2)
    out.append("\nCommands from plugins:\n")
    for name in sorted(commands):
        out.append(f"  {name.ljust(width)}{describe(commands[name])}\n")
    return out


def command_groups() -> dict[str, list[str]]:
    """`command list`: entry-point group -> command names, for the versions in use."""
    return {group: sorted(found) for group, found in discover().groups.items()}


def module_names() -> list[str]:
    """`module list`: the top-level packages of the installed plugin modules."""
    return sorted({module.split(".")[0] for module in installed().values()})


def command_names() -> list[str]:
    """Every plugin command's name (none, and nothing imported, when no plugin is installed)."""
    return list(discover().commands()) if installed() else []
