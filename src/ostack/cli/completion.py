"""Live shell completion: `ostack complete bash|zsh|fish` prints a script; the script asks
`ostack complete --cword N -- <words>` for the candidates of the word being typed.

The call back is the fast path of `ostack.cli.app.run` (no argparse, no cloud):
- command words come from the command index (`ostack.cli.commands.COMMANDS`), no imports;
- a command's options, and what its positionals and options name (`<server>`, `--network
  <network>`), come from its parser, built once and kept in `$XDG_CACHE_HOME/ostack/
  completion/specs.json` (rebuilt when the command's module or ostack's version changes);
- resource names and IDs come from the CLI's name cache (ostack.cli.name_cache), which every
  unfiltered `... list` fills; `names/clouds.json` maps `--os-cloud`/`OS_CLOUD` to its file.
No HTTP request is made. When a kind was last listed more than `FRESH` seconds ago (or never),
the cached names are served as they are and one `ostack <noun> list` runs in the background
(at most once a minute per kind) to refresh the cache for the next TAB.
"""

from __future__ import annotations

import os
import sys
import time

from ostack.cli.commands import COMMANDS
from ostack.private_files import cache_root, read_json, write_json

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: Seconds a listing in the name cache counts as fresh.
FRESH = 600.0
#: Seconds between two background refreshes of one kind.
REFRESH_EVERY = 60.0
SHELLS = ("bash", "zsh", "fish")


# --------------------------------------------------------------------------------------------
# Scripts


def script(shell: str, prog: str = "ostack") -> str:
    """The completion script of a shell, calling `prog complete --cword` for candidates."""
    fn = "_" + prog.replace("-", "_")
    if shell == "bash":
        return (
            f"# bash completion for {prog}: source <({prog} complete bash)\n"
            f"{fn}()\n{{\n"
            "  local IFS=$'\\n'\n"
            f'  COMPREPLY=( $(command {prog} complete --cword "$COMP_CWORD" -- '
            '"${COMP_WORDS[@]}" 2>/dev/null) )\n'
            "  return 0\n}\n"
            f"complete -o default -F {fn} {prog}\n"
        )
    if shell == "zsh":
        return (
            f"#compdef {prog}\n"
            f"# zsh completion for {prog}: source <({prog} complete zsh)\n"
            f"{fn}() {{\n"
            "  local -a candidates\n"
            f'  candidates=("${{(@f)$(command {prog} complete --cword $((CURRENT - 1)) -- '
            '"${words[@]}" 2>/dev/null)}")\n'
            "  compadd -- ${candidates:#}\n"
            "}\n"
            f"compdef {fn} {prog}\n"
        )
    if shell == "fish":
        return (
            f"# fish completion for {prog}: {prog} complete fish | source\n"
            f"function __{fn.lstrip('_')}_complete\n"
            "    set -l words (commandline -opc) (commandline -ct)\n"
            f"    command {prog} complete --cword (math (count $words) - 1) -- $words "
            "2>/dev/null\n"
            "end\n"
            f"complete -c {prog} -f -a '(__{fn.lstrip('_')}_complete)'\n"
        )
    raise ValueError(f"no completion for shell {shell!r}; choose from {', '.join(SHELLS)}")


# --------------------------------------------------------------------------------------------
# The call back


def serve(argv: list[str]) -> int:
    """`ostack complete --cword N -- WORD...` (argv after `--cword`): one candidate a line."""
    try:
        cword = int(argv[0])
    except (IndexError, ValueError):
        sys.stderr.write("usage: ostack complete --cword N -- WORD...\n")
        return 2
    words = argv[2:] if argv[1:2] == ["--"] else argv[1:]
    found = candidates(words, cword)
    sys.stdout.write("".join(c + "\n" for c in found))
    return 0


def candidates(words: list[str], cword: int, env: dict[str, str] | None = None) -> list[str]:
    """The completions of `words[cword]` (words[0] is the program's name)."""
    from ostack.cli.app import _VALUE_OPTIONS

    env = os.environ if env is None else env
    cur = words[cword] if cword < len(words) else ""
    before = words[1:cword]
    cloud = env.get("OS_CLOUD", "")
    index = 0
    while index < len(before) and before[index].startswith("-"):
        option = before[index]
        if option.startswith("--os-cloud="):
            cloud = option.partition("=")[2]
        if option in _VALUE_OPTIONS:
            if index + 1 == len(before):  # the value of a global option is being typed
                return _match(_clouds() if option == "--os-cloud" else [], cur)
            if option == "--os-cloud":
                cloud = before[index + 1]
            index += 1
        index += 1
    rest = before[index:]
    if not rest:
        if cur.startswith("-"):
            return _match(sorted(_VALUE_OPTIONS | _GLOBAL_FLAGS), cur)
        return _match(_next_words([]), cur)
    typed = []
    for word in rest:
        if word.startswith("-"):
            break
        typed.append(word)
    name = None
    for length in range(len(typed), 0, -1):
        if " ".join(typed[:length]) in COMMANDS:
            name = " ".join(typed[:length])
            break
    if name is None:
        return [] if len(typed) < len(rest) else _match(_next_words(typed), cur)
    args = rest[len(name.split()):]
    spec = command_spec(name)
    if cur.startswith("-"):
        return _match(spec["options"], cur)
    out: list[str] = []
    if not args:
        out += _next_words(name.split())
    if args and args[-1] in spec["values"]:
        noun, kind = spec["values"][args[-1]]
        out += _names(noun, kind, cloud)
        return _match(out, cur)
    position = _position(args, spec["values"])
    positionals = spec["positionals"]
    if positionals:
        noun, kind, repeats = positionals[min(position, len(positionals) - 1)]
        if position < len(positionals) or repeats:
            out += _names(noun, kind, cloud)
    return _match(out, cur)


_GLOBAL_FLAGS = frozenset({"--version", "-h", "--help", "--debug", "-v", "--verbose", "-q",
                           "--quiet", "--no-cache", "--timing", "--insecure", "--verify",
                           "--dry-run"})


def _match(values: list[str], cur: str) -> list[str]:
    return sorted({v for v in values if v.startswith(cur)})


def _next_words(typed: list[str]) -> list[str]:
    """The words that may follow `typed` in a command's name."""
    depth = len(typed)
    out = set()
    for name in COMMANDS:
        parts = name.split()
        if len(parts) > depth and parts[:depth] == typed:
            out.add(parts[depth])
    return sorted(out)


def _position(args: list[str], values: dict[str, Any]) -> int:
    """How many positional arguments precede the word being typed."""
    count = 0
    skip = False
    for word in args:
        if skip:
            skip = False
        elif word.startswith("-"):
            skip = word in values
        else:
            count += 1
    return count


# --------------------------------------------------------------------------------------------
# Command specs (options and what arguments name), cached per command


def _specs_path():
    return cache_root() / "completion" / "specs.json"


def command_spec(name: str) -> dict[str, Any]:
    """{"options": [...], "values": {option: [noun, kind]}, "positionals": [[noun, kind,
    repeats]]} of a command, from the cache when its module has not changed."""
    import ostack

    target = COMMANDS[name][0]
    module = target.partition(":")[0]
    source = os.path.join(os.path.dirname(ostack.__file__), *module.split(".")[1:]) + ".py"
    try:
        stamp = f"{ostack.__version__}:{os.stat(source).st_mtime_ns}"
    except OSError:
        stamp = ostack.__version__
    path = _specs_path()
    specs = read_json(path) or {}
    spec = specs.get(name)
    if spec is None or spec.get("stamp") != stamp:
        spec = build_spec(name)
        spec["stamp"] = stamp
        specs[name] = spec
        try:
            write_json(path, specs)
        except OSError:
            pass
    return spec


def _noun(metavar: str | None) -> str:
    """`<security-group>` -> "security group" (the noun of its list command)."""
    text = (metavar or "").strip("<>[] ").lower()
    return text.replace("-", " ").replace("_", " ")


def build_spec(name: str) -> dict[str, Any]:
    """Read a command's parser (imports its module: the slow path, once per change)."""
    import argparse
    import importlib

    target = COMMANDS[name][0]
    module, _, attr = target.partition(":")
    cls = getattr(importlib.import_module(module), attr)
    command = cls(None, None, f"ostack {name}")
    parser = command.get_parser(f"ostack {name}")
    lookups: dict[str, str] = {}
    for option in _declared(command):
        if option.lookup:
            for flag in option.flags:
                lookups[flag] = option.lookup
    kind = _positional_kind(cls)
    options: list[str] = []
    values: dict[str, list[Any]] = {}
    positionals: list[list[Any]] = []
    for action in parser._actions:  # argparse has no public list of a parser's arguments
        if action.option_strings:
            options += [s for s in action.option_strings if s not in options]
            if action.nargs != 0:
                for flag in action.option_strings:
                    values[flag] = [_noun(action.metavar or action.dest), lookups.get(flag)]
        elif action.nargs != argparse.SUPPRESS:
            first = not positionals
            positionals.append([_noun(action.metavar or action.dest),
                                (kind if first else None) or lookups.get(action.dest),
                                action.nargs in ("+", "*", argparse.REMAINDER)])
    return {"options": options, "values": values, "positionals": positionals}


def _declared(command: Any) -> tuple[Any, ...]:
    try:
        return tuple(command.arguments())
    except Exception:  # noqa: BLE001 - a command whose options need a cloud: none known
        return ()


def _positional_kind(cls: Any) -> str | None:
    """The resource a generic show/set/delete command's first positional names."""
    from ostack.cli import generic

    if issubclass(cls, generic.ResourceCommand) and not issubclass(
            cls, (generic.ResourceList, generic.ResourceCreate)):
        return cls.resource or None
    return None


# --------------------------------------------------------------------------------------------
# Names from the name cache


def _clouds() -> list[str]:
    return sorted(k for k in (read_json(cache_root() / "names" / "clouds.json") or {}) if k)


def _names(noun: str, kind: str | None, cloud: str) -> list[str]:
    """Names and IDs of the resources a noun (or a known kind) names, from the cache."""
    key = (read_json(cache_root() / "names" / "clouds.json") or {}).get(cloud)
    data = read_json(cache_root() / "names" / f"{key}.json") if key else None
    names = (data or {}).get("names", {})
    if kind is None:
        kind = next((k for k in names if k.partition(".")[2].replace("_", " ") == noun), None)
    if kind is None and f"{noun} list" not in COMMANDS:
        return []
    listed = (data or {}).get("listed", {}).get(kind or "", 0)
    if time.time() - float(listed) > FRESH:
        _refresh(noun, kind, cloud, key)
    known = names.get(kind or "", {})
    return [*known, *(n for n in known.values() if n)]


def _refresh(noun: str, kind: str | None, cloud: str, key: str | None) -> None:
    """Run `ostack <noun> list` in the background (its listing fills the name cache)."""
    command = f"{noun} list"
    if command not in COMMANDS:
        if not kind:
            return
        command = kind.partition(".")[2].replace("_", " ") + " list"
        if command not in COMMANDS:
            return
    marker = cache_root() / "completion" / f"refresh-{key or cloud or 'default'}-{command}"
    try:
        if time.time() - os.stat(marker).st_mtime < REFRESH_EVERY:
            return
    except OSError:
        pass
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
        import subprocess

        argv = [sys.executable, "-m", "ostack.cli.app"]
        if cloud:
            argv += ["--os-cloud", cloud]
        subprocess.Popen(
            [*argv, *command.split(), "-f", "value"], stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
    except OSError:
        pass
