"""Run the local cloud in the background: `start()`, `stop()`, `status()`.

`start()` spawns `python -m ostack.localcloud serve` detached, its output in
`<state folder>/server.log`, and returns `run.json` once the cloud answers. The CLI's
`ostack localcloud start|stop|status` call these by module path.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from . import state

START_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0
_OPTIONS = ("host", "build_delay", "delete_delay", "task_delay", "token_expiration")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _is_localcloud(pid: int) -> bool:
    """Whether `pid` runs the local cloud (guards against a recycled pid in a stale run.json)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return _alive(pid)  # no /proc: trust the pid
    return any(b"ostack.localcloud" in part for part in cmdline)


def _answers(url: str, timeout: float = 1.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_localcloud/requests", timeout=timeout) as reply:
            return reply.status == 200
    except OSError:
        return False


def status(state_dir: str | os.PathLike[str] | None = None) -> dict[str, Any] | None:
    """run.json's content when the cloud of this state folder is running and answers, else
    None (a stale run.json is removed)."""
    folder = state.state_dir(state_dir)
    run = state.read_run(folder)
    if run is None:
        return None
    pid = run["pid"]
    if not (_alive(pid) and _is_localcloud(pid)):
        (folder / state.RUN_FILE).unlink(missing_ok=True)
        return None
    if not _answers(str(run.get("url", ""))):
        return None
    return dict(run, state_dir=str(folder))


def start(state_dir: str | os.PathLike[str] | None = None, port: int = 0,
          **opts: Any) -> dict[str, Any]:
    """Start the cloud in the background (or find it running); return run.json's content.

    `opts`: host, build_delay, delete_delay, task_delay, token_expiration (the `serve`
    options).
    Raises RuntimeError, with the end of server.log, when it does not come up.
    """
    unknown = set(opts) - set(_OPTIONS)
    if unknown:
        raise TypeError(f"unknown local cloud options: {', '.join(sorted(unknown))}")
    folder = state.ensure_state_dir(state.state_dir(state_dir)).resolve()
    running = status(folder)
    if running is not None:
        return running
    (folder / state.RUN_FILE).unlink(missing_ok=True)
    command = [sys.executable, "-m", "ostack.localcloud", "serve", "--port", str(port),
               "--state-dir", str(folder)]
    for name in _OPTIONS:
        if opts.get(name) is not None:
            command += [f"--{name.replace('_', '-')}", str(opts[name])]
    log_path = folder / state.LOG_FILE
    log_fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.fchmod(log_fd, 0o600)  # a log left by an older version may be readable by others
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=log_fd, stderr=log_fd,
            start_new_session=True, close_fds=True,
        )
    finally:
        os.close(log_fd)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        run = state.read_run(folder)
        if run is not None and run["pid"] == process.pid and _answers(run["url"], 0.5):
            return dict(run, state_dir=str(folder))
        if process.poll() is not None:
            break
        time.sleep(0.01)
    if process.poll() is None:
        process.terminate()
    tail = log_path.read_text(errors="replace")[-2000:] if log_path.exists() else ""
    raise RuntimeError(f"the local cloud did not start (state folder {folder}); "
                       f"server.log ends with:\n{tail}")


def stop(state_dir: str | os.PathLike[str] | None = None) -> bool:
    """SIGTERM the recorded server and wait for it to exit; True when one was stopped."""
    folder = state.state_dir(state_dir)
    run = state.read_run(folder)
    if run is None:
        return False
    pid = run["pid"]
    stopped = False
    if _alive(pid) and _is_localcloud(pid):
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        while _alive(pid) and time.monotonic() < deadline:
            _reap(pid)
            time.sleep(0.02)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
        stopped = True
    (folder / state.RUN_FILE).unlink(missing_ok=True)
    return stopped


def _reap(pid: int) -> None:
    """Collect the exit status when the server is our child (else it stays a zombie)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def main() -> None:  # pragma: no cover - a manual helper
    """`python -m ostack.localcloud.control start|stop|status [state_dir]`."""
    action = sys.argv[1] if len(sys.argv) > 1 else "status"
    folder = sys.argv[2] if len(sys.argv) > 2 else None
    result: Any = {"start": start, "stop": stop, "status": status}[action](folder)
    print(json.dumps(result))


if __name__ == "__main__":  # pragma: no cover
    main()
