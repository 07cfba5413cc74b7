"""docs/coverage.md is generated from the command index and the differential tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_coverage_doc_is_current() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "coverage.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
