"""Running a client with a pseudo-terminal: to see what it draws on stderr (a progress bar
is drawn on a terminal only), or to answer its prompts on stdin."""

from __future__ import annotations

import contextlib
import os
import pty
import subprocess
import threading
from collections.abc import Sequence


def drawn(command: Sequence[str], env: dict[str, str], timeout: float) -> tuple[int, str]:
    """Run `command` with stderr on a pseudo-terminal (stdout and stdin elsewhere); its exit
    code and what it drew on the terminal."""
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen(list(command), env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=slave)
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the terminal's other side is closed
                break
            if not data:
                break
            chunks.append(data)
        code = proc.wait(timeout=timeout)
    finally:
        os.close(master)
    return code, b"".join(chunks).decode("utf-8", "replace")


def answered(command: Sequence[str], env: dict[str, str], timeout: float, *,
             interval: float = 0.5, typing: bool = True) -> subprocess.CompletedProcess[str]:
    """Run `command` with a pseudo-terminal as stdin on which Enter is typed every `interval`
    seconds while it runs (an empty password, whenever one is asked for; nothing unless
    `typing`); its stdout and stderr as text."""
    master, slave = pty.openpty()
    done = threading.Event()

    def type_enter() -> None:
        while not done.wait(interval):
            with contextlib.suppress(OSError):
                os.write(master, b"\n")

    if typing:
        threading.Thread(target=type_enter, daemon=True).start()
    try:
        return subprocess.run(list(command), env=env, stdin=slave, capture_output=True,
                              text=True, timeout=timeout, start_new_session=True)
    finally:
        done.set()
        os.close(slave)
        os.close(master)
