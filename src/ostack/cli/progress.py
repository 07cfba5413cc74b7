"""Waiting and transfers on a terminal: a one-line status while waiting, a bar while copying.

On a terminal, stderr shows one line that is rewritten in place; elsewhere nothing is drawn,
so piped output stays clean. A wait that ends in an error status raises with the resource's
own fault message (the SDK's `ResourceFailure`).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

DEFAULT_TIMEOUT = 3600.0


def _tty() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def status_line(label: str) -> Callable[[Any], None] | None:
    """A callback that rewrites one stderr line with the resource's status and progress."""
    if not _tty():
        return None

    def show(resource: Any) -> None:
        status = getattr(resource, "status", None) or resource.get("status")
        progress = resource.get("progress")
        extra = f" {progress}%" if isinstance(progress, int) and progress else ""
        sys.stderr.write(f"\r{label} {resource.id}: {status}{extra}\033[K")
        sys.stderr.flush()

    return show


def _end_line() -> None:
    if _tty():
        sys.stderr.write("\n")


def wait_for(service: Any, resource: Any, status: str | tuple[str, ...],
             timeout: float | None = None,
             interval: float = 2.0) -> Any:
    """Wait for `status` (or any of several) with a one-line display; the resource as it
    ended."""
    label = type(resource).label()
    try:
        return service.wait_for_status(
            resource, status, interval=interval, wait=timeout or DEFAULT_TIMEOUT,
            callback=status_line(label))
    finally:
        _end_line()


def wait_after_create(service: Any, created: Any, status: str | tuple[str, ...],
                      timeout: float | None = None, interval: float = 2.0) -> Any:
    """`wait_for` the resource a command just created: when the wait fails (an error status,
    the deadline, errors that outlasted it) the error still names the new resource's ID, so
    that the user does not create it again."""
    from ostack import exceptions

    try:
        return wait_for(service, created, status, timeout, interval)
    except exceptions.OstackError as exc:
        label = type(created).label()
        wanted = status if isinstance(status, str) else " or ".join(status)
        raise exceptions.OstackError(
            f"{label} {created.id} was created, but waiting for it to become {wanted} "
            f"failed: {exc}") from None


def wait_for_delete(service: Any, resource: Any, timeout: float | None = None,
                    interval: float = 2.0) -> None:
    label = type(resource).label()
    try:
        service.wait_for_delete(resource, interval=interval, wait=timeout or DEFAULT_TIMEOUT,
                                callback=status_line(label))
    finally:
        _end_line()


class Bar:
    """A progress bar for a transfer of `total` bytes (unknown total: bytes and speed only)."""

    def __init__(self, total: int | None, label: str = "", stream: Any = None) -> None:
        self.total = total
        self.label = label
        self.done = 0
        self.stream = stream or sys.stderr
        self.start = time.monotonic()
        self._last = 0.0

    def update(self, count: int) -> None:
        self.done += count
        now = time.monotonic()
        if now - self._last < 0.1 and (self.total is None or self.done < self.total):
            return
        self._last = now
        rate = self.done / max(now - self.start, 1e-6)
        if self.total:
            share = min(1.0, self.done / self.total)
            filled = int(share * 30)
            text = f"[{'=' * filled}{' ' * (30 - filled)}] {share * 100:5.1f}%"
        else:
            text = f"{self.done} bytes"
        self.stream.write(f"\r{self.label}{text} {rate / 1048576:.1f} MiB/s\033[K")
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")
        self.stream.flush()


def track(chunks: Iterable[bytes], total: int | None, label: str = "",
          enabled: bool = True) -> Iterator[bytes]:
    """Pass chunks through, drawing a bar on stderr when enabled."""
    if not enabled:
        yield from chunks
        return
    bar = Bar(total, label)
    try:
        for chunk in chunks:
            bar.update(len(chunk))
            yield chunk
    finally:
        bar.close()


def transfer_bar(total: int | None, label: str = "", enabled: bool = True) -> Bar | None:
    """A bar for a transfer of `total` bytes when enabled and stderr is a terminal (else None:
    piped or redirected output stays clean); feed it with `bar.update(n)`."""
    return Bar(total, label) if enabled and _tty() else None
