"""`ostack dashboard`: serve the dashboard on 127.0.0.1 with uvicorn (the local cloud's ASGI
server), on a free port unless one is given, and print its URL."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path


def default_cloud(env: dict[str, str]) -> str | None:
    """The cloud the CLI would use: OS_CLOUD, else the local cloud while it runs."""
    if env.get("OS_CLOUD"):
        return env["OS_CLOUD"]
    from ostack.config import files

    folder: Path = files.localcloud_dir(env)
    if (folder / "run.json").is_file() and (folder / "clouds.yaml").is_file():
        return "local"
    return None


def serve(port: int = 0, cloud: str | None = None, host: str = "127.0.0.1") -> int:
    """Bind, print the URL, serve until SIGINT/SIGTERM."""
    import uvicorn

    from ostack.dashboard.app import Settings, create_app

    env = dict(os.environ)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sys.stderr.write(f"dashboard: cannot listen on {host}:{port}: {exc}\n")
        return 1
    sock.listen(128)
    sock.setblocking(False)
    app = create_app(Settings(cloud=cloud or default_cloud(env), env=env))
    url = f"http://{host}:{sock.getsockname()[1]}/"
    sys.stdout.write(f"ostack dashboard: {url}\n")
    sys.stdout.flush()
    config = uvicorn.Config(app, lifespan="on", log_level="warning", access_log=False,
                            timeout_graceful_shutdown=2)
    uvicorn.Server(config).run(sockets=[sock])
    return 0
