"""The parsed-clouds.yaml cache holds no secret; the log file and debug bodies leak none.

Each test has its own HOME and cache folder in tmp_path; the cache files are read as bytes and
searched for the secret, and a hit is told from a parse by editing the cached structure.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from ostack import private_files
from ostack.config import files, safe_cache
from ostack.transport import redaction

SECRET = "pa55-Wörd'x\"y"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"HOME": str(tmp_path / "home"), "XDG_CACHE_HOME": str(tmp_path / "cache")}


def entries(env: dict[str, str]) -> list[Path]:
    folder = safe_cache.cache_dir(env)
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def no_secret_cached(env: dict[str, str], *secrets: str) -> None:
    for entry in entries(env):
        raw = entry.read_bytes()
        for secret in secrets:
            assert secret.encode() not in raw, entry
            assert json.dumps(secret).encode() not in raw, entry


CLOUDS = """\
# a comment with ünïcode before the secrets (byte and character offsets differ)
clouds:
  plain:
    auth: {auth_url: 'http://k/v3', username: u, password: plainpass1, project_name: p}
  single:
    auth:
      auth_url: http://k/v3
      password: 'it''s single'
      application_credential_secret: 'appsecret9'
  double:
    auth:
      password: "dq \\"esc\\" \\\\ \\u00e9"
      token: "tok-123"
    region_name: RegionOne
"""


def test_cache_holds_markers_and_hits_restore_secrets(tmp_path: Path, env) -> None:
    path = tmp_path / "clouds.yaml"
    path.write_text(CLOUDS, encoding="utf-8")
    first = files.read_document(path, env)
    assert first["clouds"]["plain"]["auth"]["password"] == "plainpass1"
    assert first["clouds"]["single"]["auth"]["password"] == "it's single"
    assert first["clouds"]["double"]["auth"]["password"] == 'dq "esc" \\ é'
    [entry] = entries(env)
    no_secret_cached(env, "plainpass1", "it's single", "it''s single", "appsecret9", "tok-123",
                     'dq "esc"', "dq \\\"esc")
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    # A hit: a changed non-secret value in the entry shows, and every secret comes back.
    cached = json.loads(entry.read_text())
    cached["data"]["clouds"]["double"]["region_name"] = "FromCache"
    entry.write_text(json.dumps(cached))
    second = files.read_document(path, env)
    assert second["clouds"]["double"]["region_name"] == "FromCache"
    for name in ("plain", "single", "double"):
        assert second["clouds"][name]["auth"] == {
            **first["clouds"][name]["auth"]}, name


@pytest.mark.parametrize("document", [
    "clouds:\n  c:\n    auth:\n      password: |\n        block secret\n",
    "clouds:\n  c:\n    auth:\n      password: 'multi\n        line secret'\n",
    "clouds:\n  c:\n    auth:\n      password: 123456789\n",
])
def test_unlocatable_secret_is_not_cached(tmp_path: Path, env, document: str) -> None:
    path = tmp_path / "clouds.yaml"
    path.write_text(document)
    data = files.read_document(path, env)
    assert data["clouds"]["c"]["auth"]["password"]
    assert entries(env) == []
    assert files.read_document(path, env) == data  # parsed again, same answer


def test_merged_and_aliased_secrets_are_read_from_their_anchor(tmp_path: Path, env) -> None:
    path = tmp_path / "clouds.yaml"
    path.write_text("base: &b {password: mergedsecret}\nclouds:\n  c:\n    auth:\n"
                    "      <<: *b\n  d:\n    auth: {password: &p 'anchored', token: *p}\n")
    first = files.read_document(path, env)
    no_secret_cached(env, "mergedsecret", "anchored")
    assert files.read_document(path, env) == first
    assert first["clouds"]["c"]["auth"]["password"] == "mergedsecret"
    assert first["clouds"]["d"]["auth"]["token"] == "anchored"


def test_changed_file_is_parsed_again(tmp_path: Path, env) -> None:
    path = tmp_path / "clouds.yaml"
    path.write_text("clouds: {c: {auth: {password: first}}}\n")
    assert files.read_document(path, env)["clouds"]["c"]["auth"]["password"] == "first"
    path.write_text("clouds: {c: {auth: {password: second-longer}}}\n")
    assert files.read_document(path, env)["clouds"]["c"]["auth"]["password"] == "second-longer"


def test_prune_removes_deleted_files_and_old_plaintext_entries(tmp_path: Path, env) -> None:
    gone = tmp_path / "gone.yaml"
    gone.write_text("clouds: {c: {auth: {password: gonesecret}}}\n")
    files.read_document(gone, env)
    folder = safe_cache.cache_dir(env)
    old = folder / ("0" * 64 + ".json")  # the previous format: parsed data, plaintext
    private_files.write_json(old, {"stamp": [str(gone), 1, 1],
                                   "data": {"clouds": {"c": {"auth": {"password": "oldplain"}}}}})
    gone.unlink()
    kept = tmp_path / "clouds.yaml"
    kept.write_text("clouds: {k: {auth: {password: keptsecret}}}\n")
    files.read_document(kept, env)
    assert len(entries(env)) == 1
    assert b"keptsecret" not in entries(env)[0].read_bytes()
    assert not old.exists()


def test_unreadable_and_non_utf8_clouds_yaml_name_the_file(tmp_path: Path, env) -> None:
    from ostack.exceptions import ConfigError

    path = tmp_path / "clouds.yaml"
    path.write_bytes(b"clouds:\n  c: {auth: {password: \xff\xfe}}\n")
    with pytest.raises(ConfigError, match=str(path)):
        files.read_document(path, env)
    path.write_text("clouds: [oops\n")
    with pytest.raises(ConfigError, match=f"{path} is not valid YAML"):
        files.read_document(path, env)


def test_log_file_is_created_private(tmp_path: Path) -> None:
    path = tmp_path / "debug.log"
    with private_files.open_log(str(path)) as fh:
        fh.write("x\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    loose = tmp_path / "loose.log"
    loose.write_text("")
    os.chmod(loose, 0o644)
    private_files.open_log(str(loose)).close()
    assert stat.S_IMODE(loose.stat().st_mode) == 0o600


def test_debug_body_shows_user_data_and_personality_as_size_and_hash() -> None:
    user_data = "I2Nsb3VkLWNvbmZpZwpwYXNzd29yZDogaHVudGVyMgo="
    body = json.dumps({"server": {
        "name": "vm", "user_data": user_data,
        "personality": [{"path": "/etc/motd", "contents": "c2VjcmV0IGZpbGU="}],
    }}).encode()
    line = redaction.redact_body(body)
    assert user_data not in line and "c2VjcmV0IGZpbGU=" not in line
    assert redaction.describe_blob(user_data) in line
    assert f"<{len(user_data)} bytes, sha256 " in line
    assert '"/etc/motd"' in line and '"vm"' in line
    rebuild = json.dumps({"rebuild": {"imageRef": "x", "user_data": "abcd"}}).encode()
    assert "abcd" not in redaction.redact_body(rebuild).replace(
        redaction.describe_blob("abcd"), "")
