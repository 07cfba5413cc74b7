"""Server consoles: the console log, remote console URLs (remote-consoles from 2.6, the
`os-get*Console` actions before) and the connection a console token leads to."""

from __future__ import annotations

from typing import Any

from ostack.proxy import Call, Flow, operation, resource_id
from ostack.resource import Field, Resource
from ostack.transport.microversions import at_least

#: Console type -> protocol (remote-consoles, 2.6+).
CONSOLE_PROTOCOLS = {
    "novnc": "vnc", "xvpvnc": "vnc", "spice-html5": "spice", "spice-direct": "spice",
    "rdp-html5": "rdp", "serial": "serial", "webmks": "mks",
}
#: Console type -> the server action that gave its URL before 2.6.
CONSOLE_ACTIONS = {
    "novnc": "os-getVNCConsole", "xvpvnc": "os-getVNCConsole",
    "spice-html5": "os-getSPICEConsole", "spice-direct": "os-getSPICEConsole",
    "rdp-html5": "os-getRDPConsole", "serial": "os-getSerialConsole",
}


class ServerRemoteConsole(Resource):
    resource_key = "remote_console"
    singular = "server_remote_console"
    base_path = "/servers/{server_id}/remote-consoles"
    service_type = "compute"
    allow_create = True
    allow_fetch = allow_list = False
    status_attribute = None

    protocol = Field()
    type = Field()
    url = Field()
    server_id = Field()


class ConsoleAuthToken(Resource):
    """What a console token connects to (os-console-auth-tokens, admin)."""

    resource_key = "console"
    singular = "console_auth_token"
    base_path = "/os-console-auth-tokens"
    service_type = "compute"
    allow_list = False
    status_attribute = None

    instance_uuid = Field()
    host = Field()
    port = Field()
    tls_port = Field(min_microversion="2.31")
    internal_access_path = Field()


class ConsoleActions:
    """Console output, console URLs and token validation."""

    @operation
    def get_server_console_output(self, server: Any, length: int | None = None) -> Flow:
        """`{"output": "..."}`: the server's console log (its last `length` lines)."""
        args: dict[str, Any] = {} if length is None else {"length": length}
        resp = yield Call("POST", f"/servers/{resource_id(server)}/action",
                          json={"os-getConsoleOutput": args})
        return resp.json() if resp.content else {}

    @operation
    def create_server_remote_console(self, server: Any, **attrs: Any) -> Flow:
        """A remote console (`type=`, `protocol=`, the protocol guessed from the type)."""
        sid = resource_id(server)
        attrs = {k: v for k, v in attrs.items() if v is not None}
        if attrs.get("type") and not attrs.get("protocol"):
            attrs["protocol"] = CONSOLE_PROTOCOLS.get(attrs["type"])
        created = yield from self.create_flow(ServerRemoteConsole, attrs, {"server_id": sid})
        if not created.raw.get("server_id"):
            created.raw["server_id"] = sid
        return created

    @operation
    def get_server_console_url(self, server: Any, console_type: str) -> Flow:
        """`{"type", "url"}` of a console, through the pre-2.6 server actions."""
        action = CONSOLE_ACTIONS.get(console_type)
        if not action:
            raise ValueError(f"Unsupported console type {console_type}")
        resp = yield Call("POST", f"/servers/{resource_id(server)}/action",
                          json={action: {"type": console_type}})
        return (resp.json() or {}).get("console")

    @operation
    def create_console(self, server: Any, console_type: str,
                       console_protocol: str | None = None) -> Flow:
        """A console URL as a dict: a remote console from 2.6, else the older action."""
        if at_least(self._microversion, "2.6"):
            for kind, version in (("webmks", "2.8"), ("spice-direct", "2.99")):
                if console_type == kind and not at_least(self._microversion, version):
                    raise ValueError(f"Console type {kind} is not supported on server side")
            console = yield from self.sub("create_server_remote_console", server,
                                          type=console_type, protocol=console_protocol)
            return console.to_dict()
        return (yield from self.sub("get_server_console_url", server, console_type))

    @operation
    def validate_console_auth_token(self, console_token: str) -> Flow:
        """The connection behind a console token (NotFound when unknown or expired)."""
        return (yield from self.get_flow(ConsoleAuthToken, console_token))
