"""`ostack dashboard`: the web console (the `dashboard` extra), loaded only when it runs."""

from __future__ import annotations

from typing import Any

from ostack.cli.command import Command


class Dashboard(Command):
    """Serve the web dashboard on 127.0.0.1 and print its URL (Ctrl-C stops it)."""

    name = "dashboard"

    auth_required = False

    def add_arguments(self, parser) -> None:
        parser.add_argument("--port", type=int, default=0,
                            help="port on 127.0.0.1 (default: any free port)")
        parser.add_argument("--cloud", metavar="<name>",
                            help="the clouds.yaml cloud preselected at login (default: "
                                 "--os-cloud / OS_CLOUD, else the local cloud when it runs)")

    def take_action(self, args: Any) -> int:
        try:
            from ostack.dashboard.server import serve
        except ImportError as exc:
            from ostack.exceptions import OstackError

            raise OstackError(f"the dashboard is not installed ({exc.name} is missing): "
                              "pip install 'ostack[dashboard]'") from None
        cloud = args.cloud or getattr(self.client_manager.options, "os_cloud", None)
        return serve(port=args.port, cloud=cloud)
