"""What `openstack` users type to find their way: `help <word>` and `<word> --help` list the
commands that begin with the word, and a command's words may be abbreviated while only one
command matches (`server li` is `server list`), as cliff does."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.official


@pytest.mark.parametrize("argv", [
    ["help", "server"], ["server", "--help"], ["help", "serv"], ["volume", "backup", "-h"],
    ["help", "image", "member"],
])
def test_help_lists_the_commands_a_word_begins(differ, argv):
    mine, official = differ.pair(argv, fmt=None)
    assert mine.stdout == official.stdout
    assert mine.stdout.startswith(f'Command "{argv[1] if argv[0] == "help" else argv[0]}"')
    assert "server list" in mine.stdout or argv[1:2] != ["server"]


def test_help_of_no_command_fails_on_both(differ):
    mine, official = differ.pair(["help", "nosuchthing"], fmt=None, code=None)
    assert mine.code != 0 and official.code != 0
    assert "nosuchthing" in mine.stderr and "Traceback" not in mine.stderr


@pytest.mark.parametrize("argv", [["server", "li"], ["fla", "lis"], ["flavor", "sh", "m1.tiny"]])
def test_abbreviated_command_words(differ, argv):
    differ.same(*argv)


def test_ambiguous_abbreviation_is_refused_by_both(differ):
    mine, official = differ.pair(["server", "l"], fmt=None, code=2)
    assert "server list" in mine.stderr and "server lock" in mine.stderr
