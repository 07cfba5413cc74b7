"""Tests of the token cache on disk: where it lives, its permissions, and its failure modes."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from ostack.auth.token_cache import TokenCache, cache_dir

ENTRY = {"token": "gAAAA", "body": {"token": {"expires_at": "2030-01-01T00:00:00Z"}},
         "discovery": {"http://nova/v2.1": {"max_microversion": "2.96"}}}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A umask that lets everything through, so that the modes seen are the code's own."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def test_cache_dir_from_xdg_cache_home(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path / "home")}
    assert cache_dir(env) == tmp_path / "xdg" / "ostack" / "auth"


def test_cache_dir_under_the_env_home(tmp_path: Path) -> None:
    assert cache_dir({"HOME": str(tmp_path)}) == tmp_path / ".cache" / "ostack" / "auth"


def test_cache_dir_reads_os_environ_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "ostack" / "auth"
    assert TokenCache("k").path == tmp_path / "ostack" / "auth" / "k.json"


def test_round_trip(tmp_path: Path) -> None:
    cache = TokenCache("abc123", tmp_path / "auth")
    assert cache.path == tmp_path / "auth" / "abc123.json"
    assert cache.load() is None
    cache.save(ENTRY)
    assert cache.load() == ENTRY
    assert json.loads(cache.path.read_text()) == ENTRY
    assert TokenCache("other", tmp_path / "auth").load() is None


def test_modes_with_an_open_umask(tmp_path: Path, open_umask: None) -> None:
    folder = tmp_path / "a" / "b" / "auth"
    TokenCache("k", folder).save(ENTRY)
    assert mode(folder) == 0o700
    assert mode(folder / "k.json") == 0o600


def test_existing_open_folder_is_closed(tmp_path: Path, open_umask: None) -> None:
    folder = tmp_path / "auth"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    TokenCache("k", folder).save(ENTRY)
    assert mode(folder) == 0o700


def test_readable_old_file_is_replaced_by_a_private_one(tmp_path: Path, open_umask: None) -> None:
    folder = tmp_path / "auth"
    folder.mkdir()
    old = folder / "k.json"
    old.write_text(json.dumps({"old": True}))
    old.chmod(0o644)
    cache = TokenCache("k", folder)
    cache.save(ENTRY)
    assert mode(cache.path) == 0o600
    assert cache.load() == ENTRY


def test_save_overwrites_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    cache = TokenCache("k", tmp_path)
    cache.save({"n": 1})
    cache.save({"n": 2})
    assert cache.load() == {"n": 2}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k.json"]


@pytest.mark.parametrize("content", ["", "{not json", "[1, 2]", '"text"', "null", "\xff"])
def test_unreadable_content_is_a_miss(tmp_path: Path, content: str) -> None:
    cache = TokenCache("k", tmp_path)
    cache.path.write_text(content, encoding="latin-1")
    assert cache.load() is None


def test_path_that_is_a_folder_is_a_miss(tmp_path: Path) -> None:
    cache = TokenCache("k", tmp_path)
    cache.path.mkdir()
    assert cache.load() is None


def test_save_where_nothing_can_be_written_does_not_fail(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = TokenCache("k", blocker / "auth")
    cache.save(ENTRY)  # must not raise: a cache only costs speed
    assert cache.load() is None


def test_unserialisable_data_leaves_no_partial_file(tmp_path: Path) -> None:
    cache = TokenCache("k", tmp_path)
    cache.save({"n": 1})
    try:
        cache.save({"bad": object()})
    except TypeError:
        pass  # a programming error may surface; what matters is the file on disk
    assert cache.load() == {"n": 1}  # the old entry survives: writes are atomic
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k.json"]


def test_discard(tmp_path: Path) -> None:
    cache = TokenCache("k", tmp_path)
    cache.save(ENTRY)
    cache.discard()
    assert not cache.path.exists()
    assert cache.load() is None
    cache.discard()  # a second time is no error
