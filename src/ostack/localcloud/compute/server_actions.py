"""`POST /v2.1/servers/{id}/action`: Nova's server actions with the real state machine.

Each action checks the server's state (409 with Nova's message otherwise) and its lock (409 for
non-admins), records an instance action, and walks the task states in the background over the
task delay (see `states.py`): e.g. `os-stop` is task_state `powering-off`, then vm_state
`stopped`. Snapshots (createImage, createBackup, shelve) are images in the image service.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import BadRequest, Conflict, Forbidden
from ..interfaces import Images
from ..policy import Context
from ..routing import POST, RouteTable
from ..service import empty_response, json_response, peers_of, read_json
from . import hosts, network, states, validation
from .http import api_url, backend, caller
from .server_create import check_user_data
from .server_views import COLLECTIONS, Extras, find_server, request_id, server_view
from .versions import Microversion, microversion

Row = dict[str, Any]
Handler = Callable[[Request, Context, Row, Any], Awaitable[Response]]

# Actions a locked server refuses to a non-admin.
LOCK_CHECKED = {"reboot", "os-stop", "os-start", "pause", "unpause", "suspend", "resume",
                "shelve", "shelveOffload", "unshelve", "rebuild", "resize", "confirmResize",
                "revertResize", "changePassword", "rescue", "unrescue", "migrate",
                "os-migrateLive", "trigger_crash_dump", "forceDelete", "restore"}


def _password() -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(12))


def check_state(action: str, row: Row) -> None:
    message = states.refusal(action, row)
    if message is not None:
        raise Conflict(message)


def steps_of(*steps: Row) -> list[Row]:
    """Steps taking an equal share of the task delay."""
    walk = [dict(step) for step in steps]
    for step in walk:
        step["share"] = 1 / len(walk)
    return walk


def begin(request: Request, ctx: Context, row: Row, action: str, events: list[str],
           walk: list[Row], now_changes: Row | None = None) -> Row:
    return backend(request).start_task(
        row["id"], walk, now_changes or {},
        (action, row["project_id"], ctx.user_id, request_id(request), events))


def _simple(action: str, tasks: list[str], final: Row, event: str) -> Handler:
    """An action that walks `tasks` and ends in `final` (stop, start, pause ...)."""
    async def handle(request: Request, ctx: Context, row: Row, args: Any) -> Response:
        null_body(action, args)
        check_state(action.removeprefix("os-"), row)
        walk = steps_of(*({"task_state": t} for t in tasks), {"task_state": None, **final})
        begin(request, ctx, row, action.removeprefix("os-"), [event], walk,
               {"task_state": tasks[0]})
        return empty_response(202)
    return handle


def null_body(action: str, args: Any) -> None:
    if args is not None and args != {}:
        raise BadRequest(f"Invalid input for field/attribute {action}. Value: {args!r}. "
                         f"{args!r} is not of type 'null'")


# ------------------------------------------------------------------- reboot, lock
async def _reboot(request: Request, ctx: Context, row: Row, args: Any) -> Response:
    validation.validate({"type": "object", "properties": {"type": {
        "type": "string", "enum": ["HARD", "Hard", "hard", "SOFT", "Soft", "soft"]}},
        "required": ["type"], "additionalProperties": False}, args, ["reboot"])
    hard = args["type"].upper() == "HARD"
    check_state("reboot_hard" if hard else "reboot", row)
    tasks = list(states.HARD_REBOOT_TASKS if hard else states.REBOOT_TASKS)
    walk = steps_of(*({"task_state": t} for t in tasks),
                 {"task_state": None, "vm_state": states.ACTIVE,
                  "power_state": states.RUNNING})
    begin(request, ctx, row, "reboot", ["compute_reboot_instance"], walk,
           {"task_state": tasks[0]})
    return empty_response(202)


async def _lock(request: Request, ctx: Context, row: Row, args: Any) -> Response:
    mv = microversion(request)
    reason = None
    if args is not None:
        properties = {"locked_reason": {"type": "string", "minLength": 1, "maxLength": 255}} \
            if mv >= (2, 73) else {}
        validation.validate({"type": "object", "properties": properties,
                             "additionalProperties": False}, args, ["lock"])
        reason = args.get("locked_reason")
    # 1: locked by the owner, 2: locked by an administrator (only one may unlock it then).
    by_admin = ctx.is_admin and ctx.project_id != row["project_id"]
    begin(request, ctx, row, "lock", [], [],
           {"locked": 2 if by_admin else 1, "locked_reason": reason})
    return empty_response(202)


async def _unlock(request: Request, ctx: Context, row: Row, args: Any) -> Response:
    null_body("unlock", args)
    if row["locked"] == 2 and not ctx.is_admin:
        raise Forbidden("Policy doesn't allow os_compute_api:os-lock-server:unlock:"
                        "unlock_override to be performed.")
    begin(request, ctx, row, "unlock", [], [], {"locked": 0, "locked_reason": None})
    return empty_response(202)


# ------------------------------------------------------------------- shelve
def _shelved_image(request: Request, ctx: Context, row: Row) -> str | None:
    image = peers_of(request).need(Images).create_server_image(
        row["project_id"], dict(row), f"{row['name']}-shelved", {}, "snapshot")
    return image["id"]


async def _shelve(request: Request, ctx: Context, row: Row, args: Any) -> Response:
    null_body("shelve", args)
    check_state("shelve", row)
    image_id = _shelved_image(request, ctx, row) if row["image_id"] else None
    walk = steps_of({"task_state": "shelving_image_pending_upload"},
                 {"task_state": "shelving_image_uploading"},
                 {"task_state": None, "vm_state": states.SHELVED,
                  "power_state": states.SHUTDOWN},
                 {"task_state": "shelving_offloading"},
                 {"task_state": None, "vm_state": states.SHELVED_OFFLOADED,
                  "power_state": states.SHUTDOWN, "host": None})
    begin(request, ctx, row, "shelve", ["compute_shelve_instance",
                                         "compute_shelve_offload_instance"], walk,
           {"task_state": "shelving", "shelved_image_id": image_id})
    return empty_response(202)


async def _shelve_offload(request: Request, ctx: Context, row: Row, args: Any) -> Response:
    null_body("shelveOffload", args)
    check_state("shelveOffload", row)
    walk = steps_of({"task_state": None, "vm_state": states.SHELVED_OFFLOADED,
                  "power_state": states.SHUTDOWN, "host": None})
    begin(request, ctx, row, "shelveOffload", ["compute_shelve_offload_instance"], walk,
           {"task_state": "shelving_offloading"})
    return empty_response(202)


async def _unshelve(request: Request, ctx: Context, row: Row, args: Any) -> Response:
    mv = microversion(request)
    host = None
    if args is not None:
        properties: dict[str, Any] = {}
        if mv >= (2, 77):
            properties["availability_zone"] = {"type": ["string", "null"]} \
                if mv >= (2, 91) else {"type": "string"}
        if mv >= (2, 91):
            properties["host"] = validation.HOSTNAME
        validation.validate({"type": "object", "properties": properties,
                             "additionalProperties": False}, args, ["unshelve"])
        az = args.get("availability_zone")
        if az not in (None, hosts.DEFAULT_AZ):
            raise BadRequest("The requested availability zone is not available")
        host = args.get("host")
        if host is not None:
            if not ctx.is_admin:
                raise Forbidden("Policy doesn't allow os_compute_api:os-shelve:unshelve_to_host"
                                " to be performed.")
            if host not in hosts.COMPUTE_HOSTS:
                raise BadRequest(f"Compute host {host} could not be found.")
            if row["vm_state"] != states.SHELVED_OFFLOADED:
                raise Conflict(f"The unshelve action failed: instance {row['id']} is not "
                               f"shelved offloaded, it cannot be unshelved to a host.")
    check_state("unshelve", row)
    placed = host or row["host"] or backend(request).scheduler.place(1, None, None, [], [])[0]
    image_id = row["shelved_image_id"]
    if image_id:
        peers_of(request).need(Images).delete_image(image_id)
    walk = steps_of({"task_state": "spawning", "host": placed},
                 {"task_state": None, "vm_state": states.ACTIVE,
                  "power_state": states.RUNNING, "shelved_image_id": None})
    begin(request, ctx, row, "unshelve", ["compute_unshelve_instance"], walk,
           {"task_state": "unshelving"})
    return empty_response(202)


# ------------------------------------------------------------------- rebuild
def _rebuild_schema(mv: Microversion) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "imageRef": {"type": "string", "minLength": 1},
        "name": validation.NAME, "adminPass": validation.ADMIN_PASSWORD,
        "metadata": validation.METADATA, "preserve_ephemeral": {"type": "boolean"},
        "OS-DCF:diskConfig": {"type": "string", "enum": ["AUTO", "MANUAL"]},
        "accessIPv4": validation.ACCESS_IPV4, "accessIPv6": validation.ACCESS_IPV6,
    }
    if mv < (2, 57):
        properties["personality"] = {"type": "array", "items": {"type": "object"}}
    if mv >= (2, 19):
        properties["description"] = validation.DESCRIPTION
    if mv >= (2, 54):
        properties["key_name"] = {"type": ["string", "null"], "minLength": 1,
                                  "maxLength": 255}
    if mv >= (2, 57):
        properties["user_data"] = {"type": ["string", "null"], "maxLength": 65535}
    if mv >= (2, 63):
        properties["trusted_image_certificates"] = {
            "type": ["array", "null"], "minItems": 1, "maxItems": 50, "uniqueItems": True,
            "items": {"type": "string", "minLength": 1}}
    if mv >= (2, 90):
        properties["hostname"] = dict(validation.HOSTNAME,
                                      maxLength=255 if mv >= (2, 94) else 63)
    return {"type": "object", "properties": properties, "required": ["imageRef"],
            "additionalProperties": False}


async def _rebuild(request: Request, ctx: Context, row: Row, args: Any) -> Response:
    mv = microversion(request)
    validation.validate(_rebuild_schema(mv), args, ["rebuild"])
    check_state("rebuild", row)
    peers = peers_of(request)
    image_id = args["imageRef"].rstrip("/").rsplit("/", 1)[-1]
    image = peers.need(Images).get_image(image_id)
    if image is None or not peers.need(Images).visible(image, ctx.project_id, ctx.is_admin):
        raise BadRequest(f"Image {image_id} could not be found.")
    if image["status"] != "active":
        raise BadRequest(f"Image {image_id} is not active.")
    if not row["image_id"] and image_id != row["image_id"] and mv < (2, 93):
        raise BadRequest("Unable to rebuild with a different image for a volume-backed "
                         "server.")
    changes: Row = {"task_state": "rebuilding", "image_id": image_id}
    simple = {"name": "name", "description": "description", "accessIPv4": "access_ipv4",
              "accessIPv6": "access_ipv6", "OS-DCF:diskConfig": "disk_config",
              "hostname": "hostname", "trusted_image_certificates":
              "trusted_image_certificates"}
    changes.update({column: args[key] for key, column in simple.items() if key in args})
    if "metadata" in args:
        limit = backend(request).quotas.limit(row["project_id"], "metadata_items")
        if 0 <= limit < len(args["metadata"]):
            raise Forbidden(f"Maximum number of metadata items exceeds {limit}")
        changes["metadata"] = args["metadata"]
    if "key_name" in args:
        key_name = args["key_name"]
        if key_name is not None and backend(request).keypairs.get(ctx.user_id,
                                                                 key_name) is None:
            raise BadRequest("Invalid key_name provided.")
        changes["key_name"] = key_name
    if "user_data" in args:
        if args["user_data"]:
            check_user_data(args["user_data"])
        changes["user_data"] = args["user_data"]
    stopped = row["vm_state"] == states.STOPPED
    walk = steps_of({"task_state": "rebuild_block_device_mapping"},
                 {"task_state": "rebuild_spawning"},
                 {"task_state": None,
                  "vm_state": states.STOPPED if stopped else states.ACTIVE,
                  "power_state": states.SHUTDOWN if stopped else states.RUNNING,
                  "launched_at": True})
    updated = begin(request, ctx, row, "rebuild", ["compute_rebuild_instance"], walk,
                     changes)
    view = server_view(request, updated, ctx, basic=mv < (2, 75),
                       extras=Extras(request, [updated], groups=True))
    if mv < (2, 75):  # Nova's short rebuild answer: plain addresses, key_name and user_data
        view["addresses"] = {net: [{"version": a["version"], "addr": a["addr"]} for a in items]
                             for net, items in view["addresses"].items()}
        if mv >= (2, 54):
            view["key_name"] = updated["key_name"]
    if mv >= (2, 57):  # the rebuild answer carries user_data, in the full view too
        view["user_data"] = updated["user_data"]
    view.pop("OS-EXT-SRV-ATTR:user_data", None)  # never in a rebuild answer
    if mv < (2, 75) and mv >= (2, 71):
        view["server_groups"] = Extras(request, [updated], groups=True).groups.get(
            updated["id"], [])  # type: ignore[union-attr]
    view["adminPass"] = args.get("adminPass") or _password()
    return json_response({"server": view}, status=202)


# ------------------------------------------------------------------- images
def _image_schema(name: str, backup: bool) -> dict[str, Any]:
    properties: dict[str, Any] = {"name": validation.NAME, "metadata": validation.METADATA}
    required = ["name"]
    if backup:
        properties.update(backup_type={"type": "string"},
                          rotation=validation.NON_NEGATIVE_INTEGER)
        required += ["backup_type", "rotation"]
    return {"type": "object", "properties": properties, "required": required,
            "additionalProperties": False}


def _image_answer(request: Request, image_id: str | None) -> Response:
    if image_id is None:
        return empty_response(202)
    if microversion(request) >= (2, 45):
        return json_response({"image_id": image_id}, status=202)
    location = f"{api_url(request).removesuffix('/compute/v2.1')}/image/v2/images/{image_id}"
    return empty_response(202, headers={"Location": location})


async def _create_image(request: Request, ctx: Context, row: Row, args: Any) -> Response:
    validation.validate(_image_schema("createImage", False), args, ["createImage"])
    check_state("createImage", row)
    limit = backend(request).quotas.limit(row["project_id"], "metadata_items")
    metadata = args.get("metadata") or {}
    if 0 <= limit < len(metadata) + len(row["metadata"]):
        raise Forbidden(f"Maximum number of metadata items exceeds {limit}")
    image = peers_of(request).need(Images).create_server_image(
        row["project_id"], dict(row), args["name"], metadata, "snapshot")
    walk = steps_of({"task_state": "image_pending_upload"}, {"task_state": "image_uploading"},
                 {"task_state": None})
    begin(request, ctx, row, "createImage", ["compute_snapshot_instance"], walk,
           {"task_state": "image_snapshot"})
    return _image_answer(request, image["id"])


async def _create_backup(request: Request, ctx: Context, row: Row, args: Any) -> Response:
    validation.validate(_image_schema("createBackup", True), args, ["createBackup"])
    check_state("createBackup", row)
    rotation = int(args["rotation"])
    image_service = peers_of(request).need(Images)
    image_id = None
    if rotation > 0:
        image = image_service.create_server_image(
            row["project_id"], dict(row), args["name"], args.get("metadata") or {}, "backup",
            backup_type=args["backup_type"])
        image_id = image["id"]
    image_service.rotate_backups(row["project_id"], row["id"], args["backup_type"], rotation)
    walk = steps_of({"task_state": "image_pending_upload"}, {"task_state": "image_uploading"},
                 {"task_state": None})
    begin(request, ctx, row, "createBackup", ["compute_backup_instance"], walk,
           {"task_state": "image_backup"})
    return _image_answer(request, image_id)


# ------------------------------------------------------------------- the rest
async def _change_password(request: Request, ctx: Context, row: Row, args: Any) -> Response:
    validation.validate({"type": "object", "properties": {"adminPass": {"type": "string"}},
                         "required": ["adminPass"], "additionalProperties": False},
                        args, ["changePassword"])
    check_state("changePassword", row)
    walk = steps_of({"task_state": None})
    begin(request, ctx, row, "changePassword", ["compute_set_admin_password"], walk,
           {"task_state": "updating_password"})
    return empty_response(202)


async def _security_group(request: Request, ctx: Context, row: Row, args: Any,
                          add: bool) -> Response:
    action = "addSecurityGroup" if add else "removeSecurityGroup"
    validation.validate({"type": "object", "properties": {"name": {
        "type": "string", "minLength": 1, "maxLength": 255}}, "required": ["name"],
        "additionalProperties": False}, args, [action])
    peers = peers_of(request)
    change = network.add_security_group if add else network.remove_security_group
    names = change(peers, row["project_id"], row, args["name"])
    if names is not None:
        backend(request).update_server(row["id"], {"security_groups": names})
    return empty_response(202)


async def _add_security_group(request: Request, ctx: Context, row: Row, args: Any) -> Response:
    return await _security_group(request, ctx, row, args, add=True)


async def _remove_security_group(request: Request, ctx: Context, row: Row,
                                 args: Any) -> Response:
    return await _security_group(request, ctx, row, args, add=False)


def console_log(row: Row) -> list[str]:
    """A plausible boot log of the server."""
    started = timestamps.iso_z(row["launched_at"] or row["created_at"])
    return [
        f"[    0.000000] Linux version 5.15.0-cirros (builder@localcloud) {started}",
        "[    0.000000] Command line: LABEL=cirros-rootfs ro console=tty1 console=ttyS0",
        "[    1.020000] Freeing unused kernel image memory: 1968K",
        "Starting network: udhcpc: started, v1.36.1",
        "checking http://169.254.169.254/2009-04-04/instance-id",
        f"successful after 1/20 tries: up 3.10. iid={row['id']}",
        "=== cirros: current=0.6.2 uptime=4.25 ===",
        "  ____               ____  ____",
        " / __/ __ ____ ____ / __ \\/ __/",
        "/ /__ / // __// __// /_/ /\\ \\ ",
        "\\___//_//_/  /_/   \\____/___/ ",
        "   http://cirros-cloud.net",
        "",
        "login as 'cirros' user. default password: 'gocubsgo'. use 'sudo' for root.",
        f"{row['hostname']} login: ",
    ]


async def _console_output(request: Request, ctx: Context, row: Row, args: Any) -> Response:
    validation.validate({"type": ["object", "null"], "properties": {"length": {
        "type": ["integer", "string", "null"], "pattern": "^-?[0-9]+$"}},
        "additionalProperties": False}, args, ["os-getConsoleOutput"])
    check_state("os-getConsoleOutput", row)
    lines = console_log(row)
    length = (args or {}).get("length")
    if length is not None and int(length) >= 0:
        lines = lines[-int(length):] if int(length) else []
    return json_response({"output": "\n".join(lines)})


async def _rescue(request: Request, ctx: Context, row: Row, args: Any) -> Response:
    validation.validate({"type": ["object", "null"], "properties": {
        "adminPass": {"type": "string"}, "rescue_image_ref": validation.UUID},
        "additionalProperties": False}, args, ["rescue"])
    check_state("rescue", row)
    walk = steps_of({"task_state": None, "vm_state": states.RESCUED,
                  "power_state": states.RUNNING})
    begin(request, ctx, row, "rescue", ["compute_rescue_instance"], walk,
           {"task_state": "rescuing"})
    return json_response({"adminPass": (args or {}).get("adminPass") or _password()})


async def _unrescue(request: Request, ctx: Context, row: Row, args: Any) -> Response:
    null_body("unrescue", args)
    check_state("unrescue", row)
    walk = steps_of({"task_state": None, "vm_state": states.ACTIVE,
                  "power_state": states.RUNNING})
    begin(request, ctx, row, "unrescue", ["compute_unrescue_instance"], walk,
           {"task_state": "unrescuing"})
    return empty_response(202)


def admin_only(ctx: Context, rule: str) -> None:
    if not ctx.is_admin:
        raise Forbidden(f"Policy doesn't allow {rule} to be performed.")


async def _reset_state(request: Request, ctx: Context, row: Row, args: Any) -> Response:
    admin_only(ctx, "os_compute_api:os-admin-actions:reset_state")
    validation.validate({"type": "object", "properties": {"state": {
        "type": "string", "enum": ["active", "error"]}}, "required": ["state"],
        "additionalProperties": False}, args, ["os-resetState"])
    backend(request).start_task(row["id"], [], {
        "vm_state": args["state"], "task_state": None, "due_at": None, "pending": None})
    return empty_response(202)


async def _crash_dump(request: Request, ctx: Context, row: Row, args: Any) -> Response:
    if microversion(request) < (2, 17):
        raise BadRequest("There is no such action: trigger_crash_dump")
    null_body("trigger_crash_dump", args)
    check_state("trigger_crash_dump", row)
    begin(request, ctx, row, "trigger_crash_dump", ["compute_trigger_crash_dump"], [])
    return empty_response(202)


ACTIONS: dict[str, Handler] = {
    "reboot": _reboot,
    "os-stop": _simple("os-stop", ["powering-off"],
                       {"vm_state": states.STOPPED, "power_state": states.SHUTDOWN},
                       "compute_stop_instance"),
    "os-start": _simple("os-start", ["powering-on"],
                        {"vm_state": states.ACTIVE, "power_state": states.RUNNING},
                        "compute_start_instance"),
    "pause": _simple("pause", ["pausing"],
                     {"vm_state": states.PAUSED_VM, "power_state": states.PAUSED},
                     "compute_pause_instance"),
    "unpause": _simple("unpause", ["unpausing"],
                       {"vm_state": states.ACTIVE, "power_state": states.RUNNING},
                       "compute_unpause_instance"),
    "suspend": _simple("suspend", ["suspending"],
                       {"vm_state": states.SUSPENDED_VM, "power_state": states.SHUTDOWN},
                       "compute_suspend_instance"),
    "resume": _simple("resume", ["resuming"],
                      {"vm_state": states.ACTIVE, "power_state": states.RUNNING},
                      "compute_resume_instance"),
    "lock": _lock,
    "unlock": _unlock,
    "shelve": _shelve,
    "shelveOffload": _shelve_offload,
    "unshelve": _unshelve,
    "rebuild": _rebuild,
    "createImage": _create_image,
    "createBackup": _create_backup,
    "changePassword": _change_password,
    "addSecurityGroup": _add_security_group,
    "removeSecurityGroup": _remove_security_group,
    "os-getConsoleOutput": _console_output,
    "rescue": _rescue,
    "unrescue": _unrescue,
    "os-resetState": _reset_state,
    "trigger_crash_dump": _crash_dump,
}

# Other modules' actions register here at import time (server_moves: resize, migrate,
# live-migrate, evacuate; server_recovery: restore, forceDelete; multinic, consoles ...).
EXTRA_ACTIONS: dict[str, Handler] = {}


async def server_action(request: Request) -> Response:
    """POST /servers/{server_id}/action: one action named by the body's only key."""
    ctx = caller(request, "os_compute_api:servers:action")
    body = await read_json(request)
    if len(body) != 1:
        raise BadRequest("Invalid action request: exactly one action is expected.")
    action, args = next(iter(body.items()))
    handler = ACTIONS.get(action) or EXTRA_ACTIONS.get(action)
    if handler is None:
        raise BadRequest(f"There is no such action: {action}")
    row = find_server(request, ctx, request.path_params["server_id"])
    if row["task_state"] == "deleting":
        raise Conflict(f"Cannot '{action}' instance {row['id']} while it is in task_state "
                       f"deleting")
    if action in LOCK_CHECKED and row["locked"] and not ctx.is_admin:
        raise Conflict(f"Instance {row['id']} is locked")
    request.scope["compute_action"] = action
    return await handler(request, ctx, row, args)


ROUTES: RouteTable = [(f"{base}/{{server_id}}/action", server_action, POST)
                      for base in COLLECTIONS]
