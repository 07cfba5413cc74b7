"""`localcloud serve|start|stop|status`: the local cloud, loaded by module path only.

The client never imports the local cloud's code at module level; these commands reach it
through importlib so the two sides stay apart (see docs/contracts.md).
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

from ostack.cli.command import Command, ShowOne

CONTROL = "ostack.localcloud.control"


def _control() -> Any:
    try:
        return importlib.import_module(CONTROL)
    except ImportError as exc:
        from ostack.exceptions import OstackError

        raise OstackError(
            f"the local cloud is not installed ({exc.name} is missing): "
            "pip install 'ostack[localcloud]'"
        ) from None


def _common(parser) -> None:
    parser.add_argument("--state-dir", metavar="<dir>",
                        help="state folder (default $OSTACK_LOCALCLOUD_DIR or "
                             "~/.local/state/ostack/localcloud)")


def _server_options(parser) -> None:
    _common(parser)
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: any free)")
    parser.add_argument("--build-delay", type=float, metavar="<seconds>",
                        help="time a server spends in BUILD")
    parser.add_argument("--delete-delay", type=float, metavar="<seconds>",
                        help="time a deletion takes")
    parser.add_argument("--task-delay", type=float, metavar="<seconds>",
                        help="time other background work takes (volumes, images, actions)")
    parser.add_argument("--token-expiration", type=int, metavar="<seconds>",
                        help="lifetime of issued tokens")


def _server_kwargs(args: Any) -> dict[str, Any]:
    out = {"port": args.port}
    for key in ("build_delay", "delete_delay", "task_delay", "token_expiration"):
        value = getattr(args, key)
        if value is not None:
            out[key] = value
    return out


class Serve(Command):
    """Run the local cloud in the foreground (Ctrl-C stops it)."""

    name = "localcloud serve"

    auth_required = False

    def add_arguments(self, parser) -> None:
        _server_options(parser)

    def take_action(self, args: Any) -> int:
        import os

        argv = [sys.executable, "-m", "ostack.localcloud", "serve", "--port", str(args.port)]
        if args.state_dir:
            argv += ["--state-dir", args.state_dir]
        for key, value in _server_kwargs(args).items():
            if key != "port":
                argv += ["--" + key.replace("_", "-"), str(value)]
        sys.stdout.flush()
        os.execv(sys.executable, argv)
        return 0


class Start(ShowOne):
    """Start the local cloud in the background; `--os-cloud local` then reaches it."""

    name = "localcloud start"

    auth_required = False

    def add_arguments(self, parser) -> None:
        _server_options(parser)

    def take_action(self, args: Any) -> dict[str, Any]:
        info = _control().start(state_dir=args.state_dir, **_server_kwargs(args))
        return _shown(info)


class Stop(Command):
    """Stop the background local cloud."""

    name = "localcloud stop"

    auth_required = False

    def add_arguments(self, parser) -> None:
        _common(parser)

    def take_action(self, args: Any) -> int:
        stopped = _control().stop(state_dir=args.state_dir)
        sys.stdout.write("stopped\n" if stopped else "not running\n")
        return 0


class Status(ShowOne):
    """Show whether the local cloud runs, and where."""

    name = "localcloud status"

    auth_required = False

    def add_arguments(self, parser) -> None:
        _common(parser)

    def take_action(self, args: Any) -> dict[str, Any]:
        info = _control().status(state_dir=args.state_dir)
        if not info:
            from ostack.exceptions import OstackError

            raise OstackError("the local cloud is not running; start it with "
                              "'ostack localcloud start'")
        return _shown(info)


def _shown(info: dict[str, Any]) -> dict[str, Any]:
    return {k: info[k] for k in sorted(info) if not isinstance(info[k], dict | list)}
