"""Fixtures that start real OpenStack services for the integration tests."""

from __future__ import annotations

import contextlib
import time

import pytest

from tests.support.keystone import KeystoneError, KeystoneServer, run_keystone


@pytest.fixture(scope="session")
def keystone(tmp_path_factory: pytest.TempPathFactory) -> KeystoneServer:
    """A real Keystone on 127.0.0.1 for the whole session; fails (never skips) if it can't run."""
    stack = contextlib.ExitStack()
    started = time.monotonic()
    try:
        server = stack.enter_context(run_keystone(tmp_path_factory.mktemp("keystone")))
    except KeystoneError as exc:
        stack.close()
        pytest.fail(f"real Keystone could not be started:\n{exc}", pytrace=False)
    print(f"\nkeystone ready at {server.url} in {time.monotonic() - started:.1f} s")
    with stack:
        yield server
