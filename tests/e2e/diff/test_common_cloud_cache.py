"""`cloud cache delete`: exits 0 and prints nothing, as the official client. Where the
official client clears openstacksdk's keyring cache, ostack deletes the cloud's token cache
entry (token, catalog, version documents) and its name cache; other clouds' stay."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.official


def _entries(differ) -> set[str]:
    folder = differ.cloud.cache_dir / "ostack" / "auth"
    return {p.name for p in folder.glob("*.json")} if folder.is_dir() else set()


def test_cloud_cache_delete(differ):
    for cloud in ("local", "local-demo"):
        done = differ.run("ostack", ["--os-cloud", cloud, "token", "issue"])
        assert done.code == 0, done.describe()
    both = _entries(differ)
    assert len(both) >= 2
    mine, official = differ.pair(["cloud", "cache", "delete"], fmt=None)
    assert mine.stdout == official.stdout == ""
    left = _entries(differ)
    assert len(both - left) == 1, "the selected cloud's entry went, the demo one stayed"
    again = differ.run("ostack", ["token", "issue"])
    assert again.code == 0 and _entries(differ) == both


def test_cloud_cache_delete_needs_no_credentials(differ):
    # It never authenticates: a wrong password changes nothing.
    mine, official = differ.pair(["--os-password", "wrong", "cloud", "cache", "delete"],
                                 fmt=None)
    assert mine.stderr == official.stderr == ""


def test_cloud_cache_delete_unknown_cloud(differ):
    mine, official = differ.pair(["--os-cloud", "no-such-cloud", "cloud", "cache", "delete"],
                                 fmt=None, code=1)
    assert "no-such-cloud" in mine.stderr and "no-such-cloud" in official.stderr
