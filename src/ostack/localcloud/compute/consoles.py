"""Remote consoles: `POST /v2.1/servers/{id}/remote-consoles` (2.6; `webmks` from 2.8) and
the older `os-getVNCConsole`, `os-getSPICEConsole`, `os-getRDPConsole` and
`os-getSerialConsole` actions (up to 2.5) answer a console proxy URL with a fresh token;
`GET /v2.1/os-console-auth-tokens/{token}` (admin) tells what the token connects to (any
console type from 2.31, RDP only before). No proxy listens: the URL is what a client shows."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

from ..errors import ApiError, BadRequest, Conflict, NotFound
from ..policy import Context, require_admin
from ..routing import GET, POST, RouteTable
from ..service import base_url, json_response, read_json
from . import hosts, states, validation
from .http import backend, caller
from .server_actions import EXTRA_ACTIONS
from .server_views import find_server
from .versions import microversion

Row = dict[str, Any]

#: console type -> (protocol, proxy port, URL template, hypervisor port)
CONSOLE_TYPES = {
    "novnc": ("vnc", 6080, "http://{host}:{port}/vnc_lite.html?path=%3Ftoken%3D{token}", 5900),
    "xvpvnc": ("vnc", 6081, "http://{host}:{port}/console?token={token}", 5900),
    "spice-html5": ("spice", 6082, "http://{host}:{port}/spice_auto.html?token={token}", 5901),
    "rdp-html5": ("rdp", 6083, "http://{host}:{port}/?token={token}", 3389),
    "serial": ("serial", 6083, "ws://{host}:{port}/?token={token}", 10000),
    "webmks": ("mks", 6090, "http://{host}:{port}/?token={token}", 902),
}

#: the legacy actions (up to 2.5): action -> the protocol it serves
LEGACY_ACTIONS = {"os-getVNCConsole": "vnc", "os-getSPICEConsole": "spice",
                  "os-getRDPConsole": "rdp", "os-getSerialConsole": "serial"}


def console_url(request: Request, ctx: Context, row: Row, protocol: str,
                console_type: str) -> str:
    """A console URL with a new token; 409 when the server has no host yet, 400 when the type
    does not fit the protocol."""
    if row["host"] is None or row["vm_state"] == states.BUILDING:
        raise Conflict(f"Instance {row['id']} is not ready")
    if row["task_state"] in ("deleting", "migrating"):
        raise Conflict(f"Cannot 'get_{protocol}_console' instance {row['id']} while it is in "
                       f"task_state {row['task_state']}")
    spec = CONSOLE_TYPES.get(console_type)
    if spec is None or spec[0] != protocol:
        raise BadRequest(f"Invalid console type {console_type}")
    _, proxy_port, template, port = spec
    token = backend(request).consoles.issue(row["id"], console_type,
                                            hosts.HOST_IPS.get(row["host"], "127.0.0.1"),
                                            port + (row["seq"] % 100 if port == 5900 else 0))
    proxy_host = urlsplit(base_url(request)).hostname or "127.0.0.1"
    return template.format(host=proxy_host, port=proxy_port, token=token)


async def create_console(request: Request) -> Response:
    """POST /servers/{id}/remote-consoles (2.6)."""
    mv = microversion(request)
    if mv < (2, 6):
        raise NotFound("The resource could not be found.")
    ctx = caller(request, "os_compute_api:os-remote-consoles")
    row = find_server(request, ctx, request.path_params["server_id"])
    body = await read_json(request)
    protocols = ["vnc", "spice", "rdp", "serial"] + (["mks"] if mv >= (2, 8) else [])
    types = ["novnc", "xvpvnc", "rdp-html5", "spice-html5", "serial"] + (
        ["webmks"] if mv >= (2, 8) else [])
    data = validation.body_of(body, "remote_console", {
        "type": "object", "properties": {
            "protocol": {"type": "string", "enum": protocols},
            "type": {"type": "string", "enum": types}},
        "required": ["protocol", "type"], "additionalProperties": False})
    url = console_url(request, ctx, row, data["protocol"], data["type"])
    return json_response({"remote_console": {"protocol": data["protocol"],
                                             "type": data["type"], "url": url}})


def _legacy(action: str) -> Any:
    protocol = LEGACY_ACTIONS[action]

    async def handle(request: Request, ctx: Context, row: Row, args: Any) -> Response:
        if microversion(request) >= (2, 6):
            raise NotFound("The resource could not be found.")
        validation.validate({"type": "object", "properties": {"type": {"type": "string"}},
                             "required": ["type"], "additionalProperties": False},
                            args, [action])
        url = console_url(request, ctx, row, protocol, args["type"])
        return json_response({"console": {"type": args["type"], "url": url}})
    return handle


async def show_console_token(request: Request) -> Response:
    """GET /os-console-auth-tokens/{token} (admin)."""
    ctx = caller(request, "os_compute_api:os-console-auth-tokens")
    require_admin(ctx, "os_compute_api:os-console-auth-tokens")
    token = request.path_params["token"]
    found = backend(request).consoles.check(token)
    if found is None:
        raise NotFound("Token not found")
    mv = microversion(request)
    if mv < (2, 31) and found["console_type"] != "rdp-html5":
        raise ApiError("The requested console type details are not accessible", status=401)
    return json_response({"console": {
        "instance_uuid": found["server_id"], "host": found["host"], "port": found["port"],
        "internal_access_path": None}})


EXTRA_ACTIONS.update({action: _legacy(action) for action in LEGACY_ACTIONS})

ROUTES: RouteTable = (
    ("/servers/{server_id}/remote-consoles", create_console, POST),
    ("/os-console-auth-tokens/{token}", show_console_token, GET),
)
