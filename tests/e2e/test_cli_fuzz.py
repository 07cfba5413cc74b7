"""Fuzz the CLI's arguments and its configuration (clouds.yaml, `OS_*`) with Hypothesis.

Whatever the line, `ostack` must end cleanly: no traceback, an error on stderr whenever it
fails, a non-zero exit code whenever it printed an error, and never an "unexpected" internal
error. Commands are real ones from the command index, run in-process through
`ostack.cli.app.main(argv)` against a local cloud of this module's own (fuzzed creates and
deletes never touch the session's cloud), in a scratch working folder.

Bounded and repeatable: derandomized, no example database, `OSTACK_CLI_FUZZ_EXAMPLES` examples
per test (default 200: the three tests take about 20 s together on a quiet machine).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.support.localcloud import LocalCloud, start_localcloud

from ostack.cli import app
from ostack.cli.commands import COMMANDS

EXAMPLES = int(os.environ.get("OSTACK_CLI_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

#: Commands left out, and why: they start or stop processes, or open a shell.
EXCLUDED_PREFIXES = (
    "localcloud",  # starts and stops clouds (this module's own included)
    "dashboard",  # serves a web page until interrupted
    "server ssh",  # runs ssh
)
#: Options never drawn: --wait polls until a deadline (minutes on a fuzzed server).
EXCLUDED_OPTIONS = frozenset({"--wait", "--debug"})
NAMES = sorted(n for n in COMMANDS if not n.startswith(EXCLUDED_PREFIXES))

TEXT = st.one_of(
    st.sampled_from(["fuzz", "fuzz-1", "x"]),
    st.sampled_from(["", "0", "-1", "1", "2.79", "latest", "none", "true", "x" * 300, "a=b",
                     "key=value", "🙂", "nét", "--", "-", "=", "%s", "{}", "[]", "null",
                     "00000000-0000-0000-0000-000000000000", "admin", "demo", "public",
                     "private", "m1.tiny", "RegionOne", "/etc/hostname", ":", "a:b"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
)


@pytest.fixture(scope="module")
def fuzz_cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCloud]:
    base = tmp_path_factory.mktemp("cli-fuzz")
    cloud = start_localcloud(base / "state", cache_dir=base / "cache", build_delay=0.0,
                             delete_delay=0.0, task_delay=0.0)
    try:
        yield cloud
    finally:
        cloud.stop()


@contextlib.contextmanager
def environment(env: dict[str, str], cwd: Path) -> Iterator[None]:
    """`os.environ`, the working folder and stdin as a user's shell would give them; restored
    afterwards, with the logging handlers `--log-file` adds."""
    saved_env, saved_cwd, saved_stdin = dict(os.environ), os.getcwd(), sys.stdin
    logger = logging.getLogger("ostack")
    handlers, level = list(logger.handlers), logger.level
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    sys.stdin = io.StringIO("")  # not a terminal: prompts must not wait
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved_env)
        os.chdir(saved_cwd)
        sys.stdin = saved_stdin
        for handler in logger.handlers[:]:
            if handler not in handlers:
                logger.removeHandler(handler)
                with contextlib.suppress(Exception):
                    handler.close()
        logger.setLevel(level)


def run(argv: list[str]) -> tuple[int, str, str]:
    """`ostack argv` in-process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = app.main(argv)
        except SystemExit as exc:  # argparse's usage errors and --help
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return code, out.getvalue(), err.getvalue()


def check(argv: list[str], code: int, out: str, err: str) -> None:
    where = f"ostack {' '.join(argv)!r}: exit {code}\nstdout: {out[-800:]}\nstderr: {err[-800:]}"
    assert "Traceback (most recent call last)" not in err + out, where
    assert "Error: unexpected" not in err, where
    if code != 0:
        assert err.strip(), f"failed without a word on stderr: {where}"
    if err.lstrip().startswith(("Error", "error", "ostack: error", "usage:")):
        assert code != 0, f"an error, yet exit code 0: {where}"


def parser_of(name: str) -> argparse.ArgumentParser:
    import importlib

    module, _, attr = COMMANDS[name][0].partition(":")
    cls = getattr(importlib.import_module(module), attr)
    return cls(app, None, f"ostack {name}").get_parser(f"ostack {name}")


def value_for(draw: Any, action: argparse.Action) -> str:
    if action.choices and draw(st.integers(0, 3)):
        return str(draw(st.sampled_from(list(action.choices))))
    return draw(TEXT)


def option_tokens(draw: Any, parser: argparse.ArgumentParser) -> list[str]:
    """The command's required options and a few others, with values of their kind (or not),
    then its positionals: lines that mostly get past the parser and reach the command."""
    actions = [a for a in parser._actions
               if a.option_strings and not set(a.option_strings) & EXCLUDED_OPTIONS
               and "-h" not in a.option_strings]
    chosen = [a for a in actions if a.required]
    if actions:
        chosen += draw(st.lists(st.sampled_from(actions), max_size=3))
    tokens: list[str] = []
    for action in chosen:
        option = draw(st.sampled_from(action.option_strings))
        tokens += [option] if action.nargs == 0 else [option, value_for(draw, action)]
    for action in (a for a in parser._actions if not a.option_strings):
        if action.nargs == "?" and draw(st.booleans()):
            continue
        count = draw(st.integers(1, 2)) if action.nargs in ("*", "+") else (
            action.nargs if isinstance(action.nargs, int) else 1)
        tokens += [value_for(draw, action) for _ in range(count)]
    return tokens


@st.composite
def command_lines(draw: Any) -> list[str]:
    name = draw(st.sampled_from(NAMES))
    parser = parser_of(name)
    tokens = option_tokens(draw, parser)
    if draw(st.integers(0, 4)) == 0:
        tokens += draw(st.lists(TEXT, min_size=1, max_size=2))  # strays
    if draw(st.integers(0, 9)) == 0:
        tokens.append(draw(st.sampled_from(["--no-such-option", "-Z", "--os-cloud"])))
    if draw(st.integers(0, 4)) == 0:
        tokens = draw(st.permutations(tokens))
    good_or_bad = st.one_of(st.sampled_from(["2.1", "2.96", "latest", "public", "admin",
                                             "RegionOne", "30"]), TEXT)
    prefix = draw(st.sampled_from([
        [], [], [], [], [], ["--os-compute-api-version", draw(good_or_bad)],
        ["--os-interface", draw(good_or_bad)], ["--os-region-name", draw(good_or_bad)],
        ["--timeout", draw(good_or_bad)], ["--no-cache"],
    ]))
    return [*prefix, *name.split(), *tokens]


@FUZZ
@given(argv=command_lines())
def test_fuzz_command_lines(fuzz_cloud: LocalCloud, tmp_path: Path, argv: list[str]) -> None:
    env = fuzz_cloud.environ(HOME=str(tmp_path), XDG_CACHE_HOME=str(fuzz_cloud.cache_dir))
    with environment(env, tmp_path):
        code, out, err = run(argv)
    check(argv, code, out, err)


@FUZZ
@given(argv=command_lines())
def test_fuzz_command_lines_without_a_cloud(tmp_path: Path, argv: list[str]) -> None:
    """No cloud configured at all: every command that needs one says so, and fails."""
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path),
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
           "OSTACK_LOCALCLOUD_DIR": str(tmp_path / "no-cloud")}
    with environment(env, tmp_path):
        code, out, err = run(argv)
    check(argv, code, out, err)


# -- clouds.yaml and OS_* ---------------------------------------------------------------------

SECRET = "pw-Zq8-fuzz-secret"
VALUES = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=True),
                   TEXT, st.lists(TEXT, max_size=2),
                   st.dictionaries(TEXT, TEXT, max_size=2))
CLOUD_KEYS = ["auth_type", "region_name", "interface", "verify", "insecure", "cacert",
              "identity_api_version", "compute_api_version", "api_timeout", "token_cache",
              "cert", "key", "volume_api_version", "image_endpoint_override"]
AUTH_KEYS = ["auth_url", "username", "user_id", "password", "project_name", "project_id",
             "user_domain_name", "project_domain_name", "token", "system_scope",
             "application_credential_id", "application_credential_secret", "domain_name"]


@st.composite
def configurations(draw: Any, url: str) -> tuple[Any, dict[str, str]]:
    """A clouds.yaml document (mostly a good one, bent in places) and OS_* variables."""
    auth: dict[str, Any] = {"auth_url": f"{url}/identity", "username": "admin",
                            "password": SECRET, "project_name": "admin",
                            "user_domain_name": "Default", "project_domain_name": "Default"}
    cloud: dict[str, Any] = {"auth": auth, "region_name": "RegionOne"}
    for key in draw(st.lists(st.sampled_from(AUTH_KEYS), max_size=3)):
        auth[key] = draw(st.one_of(VALUES, st.sampled_from(
            [f"{url}/nowhere", "not a url", "", "someone-else"])))
    for key in draw(st.lists(st.sampled_from(CLOUD_KEYS), max_size=3)):
        cloud[key] = draw(VALUES)
    shape = draw(st.integers(0, 9))
    document: Any = {"clouds": {"fz": cloud}}
    if shape == 0:
        document = draw(VALUES)  # not a mapping at all
    elif shape == 1:
        document = {"clouds": draw(VALUES)}
    elif shape == 2:
        document = {"clouds": {"fz": draw(VALUES)}}
    env: dict[str, str] = {}
    for key in draw(st.lists(st.sampled_from(AUTH_KEYS + CLOUD_KEYS), max_size=3)):
        value = draw(TEXT)
        if "\x00" not in value:
            env["OS_" + key.upper()] = value
    return document, env


@FUZZ
@given(data=st.data())
def test_fuzz_configuration(fuzz_cloud: LocalCloud, tmp_path: Path, data: Any) -> None:
    import yaml

    document, variables = data.draw(configurations(fuzz_cloud.url))
    clouds = tmp_path / "clouds.yaml"
    raw = data.draw(st.sampled_from(["yaml", "yaml", "yaml", "broken", "binary"]))
    if raw == "broken":
        clouds.write_text("clouds:\n  fz: {auth: [\n")
    elif raw == "binary":
        clouds.write_bytes(b"clouds:\n  fz: \xff\xfe\x00\n")
    else:
        clouds.write_text(yaml.safe_dump(document, allow_unicode=True))
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path),
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "OS_CLIENT_CONFIG_FILE": str(clouds),
           "OSTACK_LOCALCLOUD_DIR": str(tmp_path / "no-cloud"), **variables}
    argv = ["--os-cloud", "fz", *data.draw(st.sampled_from(
        [["flavor", "list"], ["token", "issue"], ["configuration", "show"]]))]
    with environment(env, tmp_path):
        code, out, err = run(argv)
    check(argv, code, out, err)
    assert SECRET not in err + out, (argv, err, out)  # `configuration show` masks it too
