"""`ostack.enable_logging()`, openstacksdk's helper with its arguments: what a ported script
calls to see its requests, secrets redacted, into a stream or a 0600 file."""

from __future__ import annotations

import io
import logging
import stat

import pytest
from tests.support.sdk import connect

import ostack


@pytest.fixture(autouse=True)
def restored_logger():
    """The `ostack` logger as it was before the test (its handlers and level)."""
    logger = logging.getLogger("ostack")
    handlers, level = list(logger.handlers), logger.level
    yield
    for added in set(logger.handlers) - set(handlers):
        added.close()
    logger.handlers[:] = handlers
    logger.setLevel(level)


def test_http_debug_into_a_stream_and_a_file(localcloud, tmp_path) -> None:
    stream, path = io.StringIO(), tmp_path / "sdk.log"
    conn, close = connect("sync", localcloud, cache=False)
    try:
        ostack.enable_logging(http_debug=True, stream=stream, path=str(path))
        assert [f.name for f in conn.compute.flavors()]
    finally:
        close()
    shown = stream.getvalue()
    assert "REQ: curl -g -i -X GET" in shown and "/flavors/detail" in shown
    assert '"password": "***"' in shown  # the authentication request, its password redacted
    assert localcloud.password("admin") not in shown
    written = path.read_text()
    assert " DEBUG: ostack.http REQ: curl" in written  # the file gets format_template
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_without_debug_only_information_and_above(localcloud) -> None:
    stream = io.StringIO()
    ostack.enable_logging(stream=stream)
    assert logging.getLogger("ostack").level == logging.INFO
    conn, close = connect("sync", localcloud, cache=False)
    try:
        list(conn.compute.flavors())
    finally:
        close()
    assert "REQ: curl" not in stream.getvalue()
