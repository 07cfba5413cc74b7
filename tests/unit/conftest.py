"""Fixtures shared by the unit tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.support.config_home import Home


@pytest.fixture
def h(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Home:
    """A fake user in tmp_path, with the working folder changed to its own."""
    home = Home(tmp_path)
    monkeypatch.chdir(home.cwd)
    return home
