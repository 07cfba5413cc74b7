"""Timestamps in the formats each OpenStack API writes them."""

from __future__ import annotations

import time
from datetime import UTC, datetime


def now() -> float:
    """Seconds since the epoch (the one clock every module reads)."""
    return time.time()


def iso_z(ts: float) -> str:
    """`2015-08-27T09:49:58Z`: Nova and Glance resource times."""
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_micro(ts: float) -> str:
    """`2013-09-23T13:37:00.880302`: Nova's launched_at and keypair created_at (no zone)."""
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


def iso_token(ts: float) -> str:
    """`2015-11-07T02:58:43.000000Z`: Keystone token times (whole seconds, as fernet tokens)."""
    return datetime.fromtimestamp(int(ts), UTC).strftime("%Y-%m-%dT%H:%M:%S.000000Z")


def parse_iso(text: str) -> float:
    """Parse an ISO 8601 time (`Z`, offset or naive meaning UTC); ValueError when malformed."""
    value = text.strip()
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()
