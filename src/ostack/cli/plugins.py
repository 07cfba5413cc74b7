"""Commands from other packages, declared as entry points in the group `ostack.cli`.

An entry point's name is the command with underscores for spaces (`server_backup_create`) and
its value is a Command class (`package.module:Class`), as python-openstackclient plugins do
with their `openstack.<api>.v<N>` groups. Entry points are only read when a command is not
built in, so plugins cost nothing to the built-in commands.
"""

from __future__ import annotations

GROUP = "ostack.cli"


def commands() -> dict[str, str]:
    """Plugin command name -> "module:Class"."""
    from ostack import entrypoints

    return {name.replace("_", " "): value for name, value in entrypoints.group(GROUP).items()}


def find(words: list[str]) -> tuple[str, str, list[str]] | None:
    found = commands()
    for length in (6, 5, 4, 3, 2, 1):
        name = " ".join(words[:length])
        if len(words) >= length and name in found:
            return name, found[name], words[length:]
    return None
