"""Tests of how the CLI cuts its argv: global options, then the command name, then its args."""

from __future__ import annotations

import pytest

from ostack.cli import app
from ostack.cli.commands import COMMANDS

# -- split_argv -------------------------------------------------------------------------------

@pytest.mark.parametrize("argv,globals_,rest", [
    ([], [], []),
    (["server", "list"], [], ["server", "list"]),
    (["--os-cloud", "dev", "server", "list"], ["--os-cloud", "dev"], ["server", "list"]),
    (["--os-cloud=dev", "server", "list"], ["--os-cloud=dev"], ["server", "list"]),
    (["--debug", "--os-cloud", "dev", "-v", "token", "issue"],
     ["--debug", "--os-cloud", "dev", "-v"], ["token", "issue"]),
    # A value that looks like an option is still a value.
    (["--os-password", "-secret-", "server", "list"], ["--os-password", "-secret-"],
     ["server", "list"]),
    # A value that looks like a command is still a value.
    (["--os-region-name", "server", "server", "list"], ["--os-region-name", "server"],
     ["server", "list"]),
    # Options after the command belong to the command.
    (["server", "list", "--os-cloud", "dev", "--long"], [],
     ["server", "list", "--os-cloud", "dev", "--long"]),
    (["--insecure", "--timeout", "5", "flavor", "list"], ["--insecure", "--timeout", "5"],
     ["flavor", "list"]),
    (["--log-file", "/tmp/x.log", "image", "show", "cirros"], ["--log-file", "/tmp/x.log"],
     ["image", "show", "cirros"]),
    (["-q", "--no-cache", "--timing", "catalog", "list"], ["-q", "--no-cache", "--timing"],
     ["catalog", "list"]),
    (["--os-cloud"], ["--os-cloud"], []),  # a missing value: argparse will say so
    (["--debug"], ["--debug"], []),
    (["-", "x"], [], ["-", "x"]),
    (["help", "server", "list"], [], ["help", "server", "list"]),
    (["--version"], ["--version"], []),
])
def test_split_argv(argv: list[str], globals_: list[str], rest: list[str]) -> None:
    assert app.split_argv(argv) == (globals_, rest)


@pytest.mark.parametrize("args,own,late", [
    (["--long"], ["--long"], []),
    (["--long", "--debug"], ["--long"], ["--debug"]),
    (["x", "--os-cloud", "other", "--timing"], ["x"], ["--os-cloud", "other", "--timing"]),
    (["x", "--os-region-name=R2"], ["x"], ["--os-region-name=R2"]),
    # options of commands that merely start with --os- stay the command's
    (["img", "--os-distro", "ubuntu"], ["img", "--os-distro", "ubuntu"], []),
    (["--", "--debug"], ["--", "--debug"], []),
])
def test_late_globals(args: list[str], own: list[str], late: list[str]) -> None:
    """Global options after the command are the global parser's, as in the official client."""
    assert app.late_globals(args) == (own, late)


def test_no_command_declares_a_late_global_option() -> None:
    """A global option taken after the command must not be one a command declares."""
    import importlib

    late = app._LATE_FLAGS | {o for o in app._VALUE_OPTIONS if o.startswith("--os-")}
    clashes = []
    for name, (target, _, _) in COMMANDS.items():
        module, _, attr = target.partition(":")
        cls = getattr(importlib.import_module(module), attr)
        parser = cls(app, None, name).get_parser(name)
        clashes += [(name, o) for a in parser._actions for o in a.option_strings if o in late
                    and not (o == "--dry-run" and name in app._OWN_DRY_RUN)]
    assert clashes == []


@pytest.mark.parametrize("option", sorted(app._VALUE_OPTIONS))
def test_every_value_option_takes_its_value(option: str) -> None:
    assert app.split_argv([option, "value", "server", "list"]) == (
        [option, "value"], ["server", "list"])
    assert app.split_argv([f"{option}=value", "server", "list"]) == (
        [f"{option}=value"], ["server", "list"])


def test_value_options_match_the_parser() -> None:
    """split_argv's list of options with a value is the parser's, so neither can drift."""
    parser = app.build_global_parser()
    takes_value = {
        option
        for action in parser._actions
        for option in action.option_strings
        if action.nargs != 0 and option.startswith("--")
    }
    assert takes_value == app._VALUE_OPTIONS


def test_split_argv_output_parses() -> None:
    argv = ["--os-cloud", "dev", "--os-region-name", "R2", "--insecure", "--os-compute-api-version",
            "2.79", "-v", "-v", "server", "list", "--long"]
    globals_, rest = app.split_argv(argv)
    options, unknown = app.build_global_parser().parse_known_args(globals_)
    assert unknown == []
    assert options.os_cloud == "dev"
    assert options.os_region_name == "R2"
    assert options.insecure is True
    assert options.os_compute_api_version == "2.79"
    assert options.verbose_level == 3
    assert rest == ["server", "list", "--long"]


# -- find_command -----------------------------------------------------------------------------

@pytest.mark.parametrize("words,name,args", [
    (["server", "list"], "server list", []),
    (["server", "show", "vm1", "-f", "json"], "server show", ["vm1", "-f", "json"]),
    (["token", "issue", "-c", "id"], "token issue", ["-c", "id"]),
    (["localcloud", "start"], "localcloud start", []),
])
def test_find_command(words: list[str], name: str, args: list[str]) -> None:
    assert app.find_command(words) == (name, args)


@pytest.mark.parametrize("words", [
    [], ["server"], ["servers", "list"], ["list", "server"], ["Server", "List"], ["serverlist"],
])
def test_unknown_commands(words: list[str]) -> None:
    assert app.find_command(words) == (None, words)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_found_with_its_arguments(name: str) -> None:
    words = name.split()
    assert app.find_command([*words, "arg", "--opt"]) == (name, ["arg", "--opt"])
    assert app.find_command(words) == (name, [])


def test_longest_name_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    table = {
        "server": ("m:A", "one word"),
        "server list": ("m:B", "two words"),
        "server list all": ("m:C", "three words"),
    }
    monkeypatch.setattr(app, "COMMANDS", table)
    assert app.find_command(["server", "list", "all", "x"]) == ("server list all", ["x"])
    assert app.find_command(["server", "list", "x"]) == ("server list", ["x"])
    assert app.find_command(["server", "x"]) == ("server", ["x"])


def test_command_table_targets_are_module_colon_class() -> None:
    for name, (target, help_, _group) in COMMANDS.items():
        module, sep, attr = target.partition(":")
        assert sep and module.startswith("ostack.cli.commands.") and attr, name
        assert help_, name


@pytest.mark.parametrize("os_cloud", [None, "devstack"])
def test_default_options_match_the_parser(monkeypatch: pytest.MonkeyPatch,
                                          os_cloud: str | None) -> None:
    """Runs without global options skip the parser: its defaults must be the same."""
    if os_cloud is None:
        monkeypatch.delenv("OS_CLOUD", raising=False)
    else:
        monkeypatch.setenv("OS_CLOUD", os_cloud)
    parsed, unknown = app.build_global_parser().parse_known_args([])
    assert unknown == []
    assert vars(app.default_options()) == vars(parsed)
