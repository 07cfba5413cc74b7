"""`ostack complete`: the bash script really completes commands and options in bash."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest


def _script(shell: str) -> str:
    done = subprocess.run([sys.executable, "-m", "ostack.cli.app", "complete", "--shell", shell],
                          capture_output=True, text=True, check=True)
    return done.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
@pytest.mark.parametrize("typed,expected", [
    (["fl"], {"flavor", "floating"}),
    (["flavor", "l"], {"list"}),
    (["flavor", "list", "--lo"], {"--long"}),
    (["flavor", "create", "x", "--pri"], {"--private", "--print-empty"}),
    (["server", "lis"], {"list"}),
])
def test_bash_completes(tmp_path, typed: list[str], expected: set[str]) -> None:
    script = tmp_path / "ostack.bash"
    script.write_text(_script("bash"))
    words = " ".join(["ostack", *typed])
    probe = (f'source {script}; COMP_WORDS=({words}); COMP_CWORD={len(typed)}; _ostack; '
             'printf "%s\\n" "${COMPREPLY[@]}"')
    done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, check=True)
    assert set(done.stdout.split()) == expected


def test_zsh_and_fish_scripts() -> None:
    assert "bashcompinit" in _script("zsh")
    fish = _script("fish")
    assert "complete -c ostack -n 'test (count (commandline -opc)) -eq 1' -a 'flavor'" in fish
    assert "-l 'long'" in fish


def test_none_prints_the_data_only() -> None:
    data = _script("none")
    assert "cmds_flavor='create delete list set show unset'" in data
