"""What the raw-HTTP tests of Nova's proxy and service APIs share besides their fixtures
(tests/e2e/conftest.py)."""

from __future__ import annotations

from typing import Any


def ok(reply: Any, status: int = 200) -> Any:
    """The JSON body of a reply that must have `status`."""
    assert reply.status == status, reply.body
    return reply.json
