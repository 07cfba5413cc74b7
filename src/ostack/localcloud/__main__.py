"""`python -m ostack.localcloud serve [--host] [--port] [--state-dir] [--build-delay]
[--delete-delay] [--token-expiration]`: run the local cloud in the foreground."""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import socket
import sys
import time
from collections.abc import Callable
from typing import Any

from . import state


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m ostack.localcloud",
                                     description="A local OpenStack-compatible cloud.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve in the foreground")
    serve.add_argument("--host", default="127.0.0.1",
                       help="loopback address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=0, help="port (0 picks a free one)")
    serve.add_argument("--state-dir", default=None,
                       help="state folder (default $OSTACK_LOCALCLOUD_DIR or "
                            "$XDG_STATE_HOME/ostack/localcloud)")
    serve.add_argument("--build-delay", type=float, default=1.0,
                       help="seconds a new server stays BUILD (default 1.0)")
    serve.add_argument("--delete-delay", type=float, default=0.5,
                       help="seconds a deleted server takes to disappear (default 0.5)")
    serve.add_argument("--task-delay", type=float, default=0.5,
                       help="seconds other background work takes (volumes, images, actions)")
    serve.add_argument("--token-expiration", type=int, default=3600,
                       help="token lifetime in seconds (default 3600)")
    return parser.parse_args(argv)


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY on accepted connections only when the
    # listening socket says so; without it, Nagle's algorithm and delayed ACKs stall every
    # reused keep-alive connection by about 40 ms.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.setblocking(False)
    return sock


def _listening_server(uvicorn: Any) -> type:
    """uvicorn's Server, calling back once it listens (to write run.json then)."""

    class ListeningServer(uvicorn.Server):
        def __init__(self, config: Any, on_started: Callable[[], None],
                     on_stopped: Callable[[], None]) -> None:
            super().__init__(config)
            self._on_started = on_started
            self._on_stopped = on_stopped

        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets=sockets)
            if not self.should_exit:
                self._on_started()

        async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
            # Clean up here: uvicorn re-raises SIGTERM once run() ends, which would skip a
            # `finally` around it.
            await super().shutdown(sockets=sockets)
            self._on_stopped()

    return ListeningServer


def serve(args: argparse.Namespace) -> int:
    """Bind, prepare the state folder, serve until SIGTERM/SIGINT; run.json while serving."""
    try:
        if not ipaddress.ip_address(args.host).is_loopback:
            raise ValueError
    except ValueError:
        print(f"localcloud: refusing to bind {args.host!r}: only loopback addresses "
              f"(127.0.0.1, ::1) are allowed", file=sys.stderr)
        return 2
    import uvicorn

    from .app import Settings, create_app

    folder = state.ensure_state_dir(state.state_dir(args.state_dir)).resolve()
    try:
        sock = _bind(args.host, args.port)
    except OSError as exc:
        print(f"localcloud: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    port = sock.getsockname()[1]
    url_host = f"[{args.host}]" if ":" in args.host else args.host
    base_url = f"http://{url_host}:{port}"
    settings = Settings(state_dir=folder, host=args.host, port=port,
                        build_delay=args.build_delay, delete_delay=args.delete_delay,
                        task_delay=args.task_delay, token_expiration=args.token_expiration)
    app = create_app(settings, base_url)
    run_file = folder / state.RUN_FILE

    def started() -> None:
        app.cloud.started_at = time.time()
        run = {"pid": os.getpid(), "url": base_url, "port": port,
               "started_at": app.cloud.started_at}
        state.write_private(run_file, json.dumps(run) + "\n")
        print(f"localcloud: serving {base_url} (state folder {folder})", file=sys.stderr,
              flush=True)

    def stopped() -> None:
        current = state.read_run(folder)
        if current is not None and current.get("pid") == os.getpid():
            run_file.unlink(missing_ok=True)
        app.cloud.store.close()
        print("localcloud: stopped", file=sys.stderr, flush=True)

    # Idle keep-alive connections stay open well past the official client's 5 s `--wait` poll:
    # uvicorn's default of 5 s races it, and a poll sent as the server closes gets a reset.
    config = uvicorn.Config(app, lifespan="on", log_level="warning", access_log=False,
                            timeout_graceful_shutdown=2, timeout_keep_alive=75)
    server = _listening_server(uvicorn)(config, started, stopped)
    server.run(sockets=[sock])
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.command == "serve":
        return serve(args)
    return 2


if __name__ == "__main__":
    sys.exit(main())
