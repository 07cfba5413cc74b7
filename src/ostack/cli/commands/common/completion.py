"""`complete`: shell completion for ostack's commands and options (bash, zsh, fish).

The data is a tree of words: for every prefix of a command name, the words that may follow;
for every whole command, its options. `--shell none` prints just that data, as the official
client does; the shell scripts read the same tree.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Any

from ostack.cli.command import Command
from ostack.cli.declare import Option, add_options


def completion_tree(prog: str = "ostack") -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(prefix -> next words, command -> options), prefixes joined by '_' ('' is the root)."""
    from ostack.cli.commands.common.commands import command_groups

    words: dict[str, set[str]] = {"": set()}
    options: dict[str, list[str]] = {}
    from ostack.cli.commands import COMMANDS

    for names in command_groups().values():
        for name in names:
            parts = name.split()
            for depth in range(len(parts)):
                words.setdefault("_".join(parts[:depth]), set()).add(parts[depth])
            options["_".join(parts)] = _options_of(COMMANDS.get(name), f"{prog} {name}")
    return {k: sorted(v) for k, v in words.items()}, options


def _options_of(entry: tuple[str, str, str] | None, prog: str) -> list[str]:
    if entry is None:
        return ["-h", "--help"]
    module, _, attr = entry[0].partition(":")
    cls = getattr(importlib.import_module(module), attr)
    parser = cls(None, None, prog).get_parser(prog)
    out: list[str] = []
    for action in parser._actions:  # argparse offers no public list of an parser's options
        out.extend(s for s in action.option_strings if s not in out)
    return out


def _variable(key: str) -> str:
    return "cmds" + ("_" + key.replace("-", "_") if key else "")


def bash(prog: str) -> str:
    words, options = completion_tree(prog)
    fn = "_" + prog.replace("-", "_")
    lines = [f"{fn}()", "{", "  local cur words", "  COMPREPLY=()",
             '  cur="${COMP_WORDS[COMP_CWORD]}"', ""]
    for key in sorted(set(words) | set(options)):
        values = words.get(key) or options.get(key) or []
        lines.append(f"  local {_variable(key)}='{' '.join(values)}'")
    lines += [
        "",
        '  local key="" i word next candidates="$cmds"',
        "  for ((i = 1; i < COMP_CWORD; i++)); do",
        '    word="${COMP_WORDS[i]}"',
        '    [[ "$word" == -* ]] && break',
        '    next="cmds${key:+_$key}_${word//-/_}"',
        '    [[ -z "${!next+x}" ]] && break',
        '    key="${key:+${key}_}${word//-/_}"',
        '    candidates="${!next}"',
        "  done",
        '  if [[ "$candidates" == -* && "$cur" != -* ]]; then',
        '    COMPREPLY=( $(compgen -f -- "$cur") )',
        "  else",
        '    COMPREPLY=( $(compgen -W "$candidates" -- "$cur") )',
        "  fi",
        "  return 0",
        "}",
        f"complete -F {fn} {prog}",
    ]
    return "\n".join(lines) + "\n"


def zsh(prog: str) -> str:
    """Zsh runs the bash function through bashcompinit."""
    return ("autoload -U +X compinit && compinit\n"
            "autoload -U +X bashcompinit && bashcompinit\n" + bash(prog))


def fish(prog: str) -> str:
    words, options = completion_tree(prog)
    lines = [f"# fish completion for {prog}", f"complete -c {prog} -f"]
    for key, nexts in sorted(words.items()):
        condition = _fish_condition(prog, key)
        for word in nexts:
            lines.append(f"complete -c {prog} -n '{condition}' -a '{word}'")
    for key, opts in sorted(options.items()):
        condition = _fish_condition(prog, key)
        for opt in opts:
            if opt.startswith("--"):
                lines.append(f"complete -c {prog} -n '{condition}' -l '{opt[2:]}'")
            elif opt.startswith("-") and len(opt) == 2:
                lines.append(f"complete -c {prog} -n '{condition}' -s '{opt[1]}'")
    return "\n".join(lines) + "\n"


def _fish_condition(prog: str, key: str) -> str:
    """True when the words typed so far are exactly the command prefix `key`."""
    typed = key.replace("_", " ") if key else ""
    if not typed:
        return "test (count (commandline -opc)) -eq 1"
    count = len(typed.split()) + 1
    return (f"test (count (commandline -opc)) -ge {count}; and "
            f"string match -q -- '{prog} {typed}*' (commandline -p)")


SHELLS = {"bash": bash, "zsh": zsh, "fish": fish}


class Complete(Command):
    """Print a shell completion script (bash by default; zsh and fish too)."""

    name = "complete"
    auth_required = False

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "live_shell", nargs="?", choices=["bash", "fish", "zsh"], metavar="<shell>",
            help="print ostack's live completion script for this shell (commands, options, "
            "and resource names from the name cache; see ostack.cli.completion)")
        add_options(parser, (
            Option("--name", metavar="<command_name>", default="ostack",
                   help="command name to complete (default: ostack)"),
            Option("--shell", metavar="<shell>", default="bash",
                   choices=["bash", "fish", "none", "zsh"],
                   help="shell to write the script for; none prints the data only"),
        ))

    def take_action(self, args: Any) -> int:
        if args.live_shell:
            from ostack.cli import completion

            sys.stdout.write(completion.script(args.live_shell, args.name))
            return 0
        if args.shell == "none":
            words, options = completion_tree(args.name)
            for key in sorted(set(words) | set(options)):
                values = words.get(key) or options.get(key) or []
                sys.stdout.write(f"  {_variable(key)}='{' '.join(values)}'\n")
            return 0
        sys.stdout.write(SHELLS[args.shell](args.name))
        return 0
