"""The `ostack` command: the `openstack` CLI's grammar, global options and output, fast.

Start-up is kept small on purpose: this module imports only argparse; a command's module, the
SDK and the transport load when the command runs, and only what it needs.
"""

from __future__ import annotations

import os
import sys

from ostack import __version__
from ostack.cli.commands import COMMANDS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ostack.cli.clientmanager import ClientManager

#: Global options that take a value (everything else that starts with '-' is a flag).
_VALUE_OPTIONS = {
    "--os-cloud", "--os-region-name", "--os-cacert", "--os-cert", "--os-key",
    "--os-default-domain", "--os-interface", "--os-auth-type", "--os-auth-url",
    "--os-username", "--os-user-id", "--os-password", "--os-project-name", "--os-project-id",
    "--os-user-domain-name", "--os-user-domain-id", "--os-project-domain-name",
    "--os-project-domain-id", "--os-domain-name", "--os-domain-id", "--os-system-scope",
    "--os-token", "--os-endpoint", "--os-application-credential-id",
    "--os-application-credential-name", "--os-application-credential-secret",
    "--os-passcode", "--os-auth-methods", "--os-identity-provider", "--os-protocol",
    "--os-client-id", "--os-client-secret", "--os-openid-scope", "--os-access-token-endpoint",
    "--os-discovery-endpoint", "--os-access-token-type", "--os-access-token",
    "--os-device-authorization-endpoint", "--os-code-challenge-method",
    "--os-identity-api-version", "--os-compute-api-version", "--os-image-api-version",
    "--os-network-api-version", "--os-volume-api-version", "--log-file", "--timeout",
}
_ENV = {
    "--os-cloud": "OS_CLOUD",
}


def build_global_parser():
    """The parser of the options that come before the command, as `openstack` has them."""
    import argparse

    from ostack.cli.command import HelpFormatter

    parser = argparse.ArgumentParser(
        prog="ostack", add_help=False, allow_abbrev=False, formatter_class=HelpFormatter,
        description="ostack: the OpenStack command-line client, fast.",
        usage="ostack [--os-cloud NAME] [options] <command> [<args>]",
    )
    parser.add_argument("--version", action="store_true", help="show the version and exit")
    parser.add_argument("-h", "--help", action="store_true", help="show this help and exit")
    parser.add_argument("--debug", action="store_true",
                        help="log every request and response (secrets redacted); show tracebacks")
    parser.add_argument("-v", "--verbose", action="count", default=1, dest="verbose_level",
                        help="more output (accepted for compatibility with openstack)")
    parser.add_argument("-q", "--quiet", action="store_const", const=0, dest="verbose_level",
                        help="only errors (accepted for compatibility with openstack)")
    parser.add_argument("--log-file", help="write the debug log to this file")
    parser.add_argument("--no-cache", action="store_true",
                        help="do not read or write the token cache")
    parser.add_argument("--timing", action="store_true",
                        help="print each HTTP request with the time it took, then the total")
    verify = parser.add_mutually_exclusive_group()
    verify.add_argument("--insecure", action="store_const", const=True, dest="insecure",
                        help="do not verify the server's TLS certificate")
    verify.add_argument("--verify", action="store_const", const=False, dest="insecure",
                        help="verify the server's TLS certificate (the default)")
    parser.add_argument("--timeout", type=float, help="seconds to wait for each HTTP answer")
    parser.add_argument("--all-clouds", action="store_true",
                        help="run a list or show command against every cloud of clouds.yaml "
                        "(also: --os-cloud a,b and --os-region-name R1,R2); one merged output")
    parser.add_argument("--dry-run", action="store_true",
                        help="print the requests that would change something (as --debug curl "
                        "lines) and send none of them; reads still go out")
    for option in sorted(_VALUE_OPTIONS - {"--log-file", "--timeout"}):
        dest = option.lstrip("-").replace("-", "_")
        default = os.environ.get(_ENV[option]) if option in _ENV else None
        secret = option in ("--os-password", "--os-token", "--os-application-credential-secret",
                            "--os-passcode", "--os-client-secret", "--os-access-token")
        env_name = dest.upper()
        parser.add_argument(option, dest=dest, default=default,
                            metavar="<secret>" if secret else f"<{dest[3:].replace('_', '-')}>",
                            help=f"overrides {env_name} and clouds.yaml")
    return parser


def default_options():
    """What `build_global_parser().parse_known_args([])` gives, without building the parser.

    Most runs pass no global option; declaring the parser's 40 options costs more than the
    rest of the argument parsing. tests/unit/test_cli_parsing.py keeps the two equal.
    """
    import argparse

    options = argparse.Namespace(
        version=False, help=False, debug=False, verbose_level=1, log_file=None, no_cache=False,
        timing=False, insecure=None, timeout=None, dry_run=False, all_clouds=False,
    )
    for option in _VALUE_OPTIONS - {"--log-file", "--timeout"}:
        default = os.environ.get(_ENV[option]) if option in _ENV else None
        setattr(options, option.lstrip("-").replace("-", "_"), default)
    return options


def split_argv(argv: list[str]) -> tuple[list[str], list[str]]:
    """Global options, then the command and its arguments."""
    index = 0
    while index < len(argv):
        token = argv[index]
        if not token.startswith("-") or token == "-":
            break
        if "=" not in token and token in _VALUE_OPTIONS:
            index += 1
        index += 1
    return argv[:index], argv[index:]


#: Global flags the official client also takes after the command (`server list --debug`).
_LATE_FLAGS = frozenset({"--debug", "--timing", "--no-cache", "--insecure", "--verify",
                         "--dry-run", "--all-clouds"})
#: Commands with a `--dry-run` of their own (the global one is not taken from their line).
_OWN_DRY_RUN = frozenset({"project cleanup"})


def late_globals(command_args: list[str]) -> tuple[list[str], list[str]]:
    """The command's own arguments, and the global options given after the command (the
    official client's global parser reads the whole line, so `server list --debug` and
    `server list --os-cloud x` work there). Only options no command declares are taken; `--`
    ends the search."""
    if not any(t in _LATE_FLAGS or t.startswith("--os-") for t in command_args):
        return command_args, []
    own: list[str] = []
    late: list[str] = []
    index = 0
    while index < len(command_args):
        token = command_args[index]
        if token == "--":
            own += command_args[index:]
            break
        option = token.split("=", 1)[0]
        if token in _LATE_FLAGS or (option in _VALUE_OPTIONS and option.startswith("--os-")):
            takes_value = option in _VALUE_OPTIONS and "=" not in token
            late += command_args[index:index + 2] if takes_value else [token]
            index += 2 if takes_value else 1
            continue
        own.append(token)
        index += 1
    return own, late


#: The most words a command name has ("image metadef resource type association create").
_MAX_WORDS = 6


def find_command(words: list[str]) -> tuple[str | None, list[str]]:
    """The longest command name at the start of `words`, and the words after it."""
    for length in range(min(_MAX_WORDS, len(words)), 0, -1):
        name = " ".join(words[:length])
        if name in COMMANDS:
            return name, words[length:]
    return None, words


def find_abbreviation(words: list[str]) -> tuple[str | None, list[str]]:
    """The one command whose words the typed words begin, as cliff finds them (`server li`
    is `server list`): the longest run of words before the first option that abbreviates
    exactly one command of as many words; else None."""
    typed = []
    for word in words[:_MAX_WORDS]:
        if word.startswith("-"):
            break
        typed.append(word)
    for length in range(len(typed), 0, -1):
        head = typed[:length]
        found = [name for name in COMMANDS if _abbreviates(head, name.split())]
        if len(found) == 1:
            return found[0], words[length:]
    return None, words


def _abbreviates(typed: list[str], parts: list[str]) -> bool:
    if len(parts) != len(typed):
        return False
    return all(part.startswith(word) for word, part in zip(typed, parts, strict=True))


def print_matches(word: str) -> bool:
    """`ostack help serv` (or `ostack serv --help`): the commands whose names begin with the
    word, built in or from plugins, as the official client lists them; False if none do."""
    from ostack.cli import osc_plugins, plugins

    names = [*COMMANDS, *plugins.commands(), *osc_plugins.command_names()]
    found = sorted({name for name in names if name.startswith(word)})
    if found:
        sys.stdout.write(f'Command "{word}" matches:\n' + "".join(f"  {n}\n" for n in found))
    return bool(found)


def print_help(parser) -> None:
    out = [parser.format_help(), "\nCommands:\n"]
    width = max(len(n) for n in COMMANDS) + 2
    for name in sorted(COMMANDS):
        out.append(f"  {name.ljust(width)}{COMMANDS[name][1]}\n")
    from ostack.cli import osc_plugins

    out += osc_plugins.help_lines(width)
    out.append("\nRun 'ostack help <command>' for a command's options, 'ostack help <word>' "
               "for the commands that begin with it.\n")
    sys.stdout.write("".join(out))


def _setup_logging(options) -> None:
    if not (options.debug or options.log_file):
        return
    from ostack.logs import enable_logging

    enable_logging(debug=True, path=options.log_file, format_template="%(message)s",
                   format_stream=True)


def _suggest(words: list[str]) -> str:
    import difflib

    typed = " ".join(words[:2])
    close = difflib.get_close_matches(typed, list(COMMANDS), n=3, cutoff=0.5)
    if not close and words:
        close = [n for n in COMMANDS if n.split()[0] == words[0]][:6]
    return f"; did you mean: {', '.join(close)}?" if close else ""


def run(argv: list[str]) -> int:
    if argv[:2] == ["complete", "--cword"]:  # the shell completion's call back: no cloud
        from ostack.cli import completion

        return completion.serve(argv[2:])
    global_args, rest = split_argv(argv)
    if global_args == ["--version"] and not rest:
        sys.stdout.write(f"ostack {__version__}\n")
        return 0
    if global_args:
        options, unknown = build_global_parser().parse_known_args(global_args)
        if unknown:
            from ostack.cli import osc_plugins  # a plugin's option (--os-dns-api-version)?

            code = osc_plugins.run(argv)
            if code is not None:
                return code
            sys.stderr.write(f"ostack: unknown option {unknown[0]}; see 'ostack --help'\n")
            return 2
    else:
        options = default_options()
    if options.version:
        sys.stdout.write(f"ostack {__version__}\n")
        return 0
    asked_help = rest[:1] == ["help"]
    if asked_help:
        if len(rest) == 1:
            print_help(build_global_parser())
            return 0
        rest = [*rest[1:], "--help"]
    if options.help or not rest:
        print_help(build_global_parser())
        return 0 if options.help else 2
    name, command_args = find_command(rest)
    if name is None:
        from ostack.cli import plugins

        found = plugins.find(rest)
        if found is None:
            from ostack.cli import osc_plugins  # python-openstackclient's plugins

            code = osc_plugins.run([*global_args, *rest])
            if code is not None:
                return code
            name, command_args = find_abbreviation(rest)
            if name is None:
                if {"-h", "--help"} & set(rest) and print_matches(rest[0]):
                    return 0
                typed = [word for word in rest if word not in ("-h", "--help")]
                sys.stderr.write(
                    f"ostack: '{' '.join(typed[:3])}' is not an ostack command{_suggest(typed)}; "
                    "see 'ostack --help'\n"
                )
                return 1 if asked_help else 2  # as the official client's exit codes
            target = COMMANDS[name][0]
        else:
            name, target, command_args = found
    else:
        target = COMMANDS[name][0]
    command_args, late = late_globals(command_args)
    if name in _OWN_DRY_RUN and "--dry-run" in late:
        late.remove("--dry-run")
        command_args.append("--dry-run")
    if late:
        options, unknown = build_global_parser().parse_known_args([*global_args, *late])
    _setup_logging(options)
    return dispatch(name, target, command_args, options)


def dispatch(name: str, target: str, command_args: list[str], options) -> int:
    import importlib

    from ostack.cli.clientmanager import ClientManager

    module, _, attr = target.partition(":")
    cls = getattr(importlib.import_module(module), attr)
    if getattr(options, "all_clouds", False) or "," in (options.os_cloud or "") + (
            options.os_region_name or os.environ.get("OS_REGION_NAME", "")):
        from ostack.cli import multicloud  # several clouds or regions at once

        return multicloud.dispatch(name, cls, command_args, options, sys.modules[__name__])
    manager = ClientManager(options)
    command = cls(sys.modules[__name__], manager, f"ostack {name}")
    parser = command.get_parser(f"ostack {name}")
    args = parser.parse_args(command_args)
    args.debug = options.debug
    try:
        if getattr(options, "dry_run", False):
            from ostack.cli import dry_run

            if command.auth_required:
                return dry_run.run(command, args, manager)
            refused = dry_run.local(name)
            if refused is not None:
                return refused
        return command.run(args)
    except ValueError as exc:
        _note_changes_made(exc, manager)
        raise
    finally:
        if options.timing and manager._connection is not None:
            _print_timing(manager._connection.session.http.timings)


def _note_changes_made(exc: ValueError, manager: ClientManager) -> None:
    """A -c naming no column of what a command printed after it changed something: the error
    says the change was made (so that nobody runs the command again), with its request."""
    from ostack.cli import output

    if not isinstance(exc, output.ColumnError) or manager._connection is None:
        return
    from ostack.cli.dry_run import is_read

    changes = [f"{method} {url.split('?', 1)[0]}: {status}" for method, url, status, _ in
               manager._connection.session.http.timings
               if status < 400 and not is_read(method, url)]
    if changes:
        exc.args = (f"{exc.args[0]}. The change itself was made ({'; '.join(changes[-3:])}): "
                    f"only printing it failed, do not run the command again",)


def _print_timing(timings: list[tuple[str, str, int, float]]) -> None:
    """`--timing`: each request with its status and seconds, then the total (on stderr)."""
    lines = [f"{method} {url} {status} {seconds:.3f}s" for method, url, status, seconds in timings]
    total = sum(t[3] for t in timings)
    lines.append(f"HTTP requests: {len(timings)}, total {total:.3f}s")
    sys.stderr.write("\n".join(lines) + "\n")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `ostack` console script (`argv` None: the process's own arguments,
    and the process ends here, see `_end_process`)."""
    console = argv is None
    if console:
        # A run allocates tens of thousands of objects (modules, classes) that live until
        # the end; the cycle collector would walk them again and again for nothing. A high
        # threshold rather than none: long commands (waits, transfers) still collect.
        import gc

        gc.set_threshold(100_000, 50, 100)
    argv = sys.argv[1:] if argv is None else argv
    _tolerate_encoding()
    debug = "--debug" in argv[: (split_argv(argv)[0].__len__())]
    try:
        code = run(argv)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        code = 130
    except BrokenPipeError:
        code = 0
    except Exception as exc:  # every failure ends as one clear line, unless --debug
        if debug:
            import traceback

            traceback.print_exc()
        sys.stderr.write(_describe(exc) + "\n")
        code = 1
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    if console:
        _end_process(code)
    return code


def _tolerate_encoding() -> None:
    """Text the terminal's encoding cannot show (a name in Greek on an ASCII terminal) is
    written as '?', not an error: strict streams become 'replace'."""
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):
                pass


def _end_process(code: int) -> None:
    """Exit now, without the interpreter's teardown of every module (about 10 ms, a sixth of a
    warm `server list`), when nothing depends on it: atexit functions run (logging's flush of
    `--log-file`), the standard streams are flushed, and no other thread is running. Under a
    profiler or a tracer (cProfile, coverage), the normal exit."""
    if sys.gettrace() is not None or sys.getprofile() is not None:
        return
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return
    import atexit

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def _describe(exc: Exception) -> str:
    from ostack import exceptions

    if isinstance(exc, exceptions.OstackError):
        return f"Error: {exc}"
    from ostack.cli import output

    if isinstance(exc, output.ColumnError):
        return f"Error: {exc}"
    import argparse

    if isinstance(exc, argparse.ArgumentTypeError | ValueError | TypeError) and str(exc):
        return f"Error: {exc} (run with --debug for details)"
    return f"Error: unexpected {type(exc).__name__}: {exc} (run with --debug for the traceback)"


if __name__ == "__main__":
    sys.exit(main())
