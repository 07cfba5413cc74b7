"""Server actions that move a server between compute hosts, each recorded as a migration
(`migration_state.py`) whose status follows the server's task steps:

- `resize` and `migrate` (cold): pre-migrating, migrating, post-migrating, finished
  (VERIFY_RESIZE); then `confirmResize` (confirming, confirmed) or `revertResize` (reverting,
  reverted);
- `os-migrateLive`: queued, preparing, running, post-migrating, completed (most of the task
  delay is spent running, so it can be force-completed or aborted, see `migrations.py`);
- `evacuate` (admin, the source host's compute service must be down): accepted,
  pre-migrating, done; from 2.95 the server arrives stopped.
"""

from __future__ import annotations

import secrets
import string
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest, Conflict, NotFound
from ..policy import Context
from ..service import empty_response, json_response
from . import hosts, states, validation
from .http import backend
from .server_actions import (
    EXTRA_ACTIONS,
    admin_only,
    begin,
    check_state,
    null_body,
    steps_of,
)
from .versions import microversion

Row = dict[str, Any]

RESIZE_EVENTS = ["conductor_migrate_server", "compute_prep_resize", "compute_resize_instance",
                 "compute_finish_resize"]


def _other_hosts(request: Request, row: Row) -> list[str]:
    compute = backend(request)
    enabled = compute.services.enabled_compute_hosts()
    return [h for h in hosts.COMPUTE_HOSTS if h != row["host"] and h in enabled]


def _is_compute_host(request: Request, host: str) -> bool:
    services = backend(request).services.list()
    return any(s["host"] == host and s["binary"] == "nova-compute" for s in services)


def _known_host(request: Request, host: str) -> None:
    """Migrations to an unknown host: 400 (evacuate says 404, see there)."""
    if not _is_compute_host(request, host):
        raise BadRequest(f"Compute host {host} could not be found.")


# ------------------------------------------------------------------- resize, cold migrate
async def _resize(request: Request, ctx: Context, row: Row, args: Any) -> Response:
    validation.validate({"type": "object", "properties": {
        "flavorRef": validation.FLAVOR_REF,
        "OS-DCF:diskConfig": {"type": "string", "enum": ["AUTO", "MANUAL"]}},
        "required": ["flavorRef"], "additionalProperties": False}, args, ["resize"])
    check_state("resize", row)
    compute = backend(request)
    flavor_id = str(args["flavorRef"]).rstrip("/").rsplit("/", 1)[-1]
    flavor = compute.flavors.get(flavor_id)
    if flavor is None or not compute.flavors.visible(flavor, ctx.project_id, ctx.is_admin):
        raise BadRequest("Invalid flavorRef provided.")
    old = row["flavor"]
    if flavor["id"] == old["id"]:
        raise BadRequest("When resizing, instances must change flavor!")
    if row["image_id"] and flavor["disk"] < old["disk"]:
        raise BadRequest("Resizing to a smaller disk flavor is not allowed.")
    compute.quotas.check_resize(row["project_id"], old, flavor)
    new_flavor = {k: flavor[k] for k in ("id", "name", "ram", "vcpus", "disk", "ephemeral",
                                         "swap", "extra_specs")}
    return _move(request, ctx, row, "resize", new_flavor, None,
                 disk_config=args.get("OS-DCF:diskConfig"))


def _move(request: Request, ctx: Context, row: Row, action: str, flavor: Row,
          host: str | None, disk_config: str | None = None) -> Response:
    """Resize or cold-migrate: to VERIFY_RESIZE on another host (the same if none other)."""
    if host is None:
        others = _other_hosts(request, row)
        if action == "migrate" and not others:
            raise BadRequest("No valid host was found. No valid host found for cold migrate")
        host = others[0] if others else row["host"]
    migration = backend(request).migrations.create(
        row, ctx.user_id, "resize" if action == "resize" else "migration", "pre-migrating",
        host, flavor["id"])
    mid = migration["id"]
    stopped = row["power_state"] != states.RUNNING
    walk = steps_of(
        {"task_state": "resize_migrating", "migration": {"id": mid, "status": "migrating"}},
        {"task_state": "resize_migrated", "migration": {"id": mid, "status": "post-migrating"}},
        {"task_state": "resize_finish", "host": host},
        {"task_state": None, "vm_state": states.RESIZED, "flavor": flavor,
         "power_state": states.SHUTDOWN if stopped else states.RUNNING,
         "migration": {"id": mid, "status": "finished"}})
    changes: Row = {"task_state": "resize_prep",
                    "old_flavor": {"flavor": row["flavor"], "host": row["host"],
                                   "vm_state": row["vm_state"]}}
    if disk_config is not None:  # a resize may change the disk config (OS-DCF)
        changes["disk_config"] = disk_config
    begin(request, ctx, row, action, RESIZE_EVENTS, walk, changes)
    return empty_response(202)


def _resized(request: Request, row: Row, action: str) -> int | None:
    """The id of the finished migration a confirm or revert ends (400 if not resized)."""
    if row["vm_state"] != states.RESIZED or not row["old_flavor"]:
        raise BadRequest("Instance has not been resized.")
    check_state(action, row)
    migration = backend(request).migrations.latest(row["id"], ("finished",))
    return migration["id"] if migration else None


async def _confirm_resize(request: Request, ctx: Context, row: Row, args: Any) -> Response:
    null_body("confirmResize", args)
    mid = _resized(request, row, "confirmResize")
    back = row["old_flavor"].get("vm_state", states.ACTIVE)
    final: Row = {"task_state": None, "vm_state": back, "old_flavor": None}
    now: Row = {}
    if mid is not None:
        backend(request).migrations.set_status(mid, "confirming")
        final["migration"] = {"id": mid, "status": "confirmed"}
    begin(request, ctx, row, "confirmResize", ["compute_confirm_resize"], steps_of(final), now)
    return empty_response(204)


async def _revert_resize(request: Request, ctx: Context, row: Row, args: Any) -> Response:
    null_body("revertResize", args)
    mid = _resized(request, row, "revertResize")
    old = row["old_flavor"]
    back = old.get("vm_state", states.ACTIVE)
    final: Row = {"task_state": None, "vm_state": back, "flavor": old["flavor"],
                  "host": old.get("host") or row["host"], "old_flavor": None,
                  "power_state": states.RUNNING if back == states.ACTIVE else states.SHUTDOWN}
    if mid is not None:
        backend(request).migrations.set_status(mid, "reverting")
        final["migration"] = {"id": mid, "status": "reverted"}
    begin(request, ctx, row, "revertResize",
          ["compute_revert_resize", "compute_finish_revert_resize"], steps_of(final),
          {"task_state": "resize_reverting"})
    return empty_response(202)


async def _migrate(request: Request, ctx: Context, row: Row, args: Any) -> Response:
    admin_only(ctx, "os_compute_api:os-migrate-server:migrate")
    mv = microversion(request)
    host = None
    if args is not None:
        properties = {"host": {"type": ["string", "null"], "minLength": 1, "maxLength": 255}} \
            if mv >= (2, 56) else {}
        validation.validate({"type": "object", "properties": properties,
                             "additionalProperties": False}, args, ["migrate"])
        host = args.get("host")
        if host is not None:
            _known_host(request, host)
            if host == row["host"]:
                raise BadRequest("The target host can't be the same one.")
    check_state("migrate", row)
    return _move(request, ctx, row, "migrate", row["flavor"], host)


# ------------------------------------------------------------------- live migration
def _live_schema(mv: tuple[int, int]) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "host": {"type": ["string", "null"], "minLength": 1, "maxLength": 255}}
    required = ["block_migration", "host"]
    if mv < (2, 25):
        properties["block_migration"] = validation.BOOLEAN
        properties["disk_over_commit"] = validation.BOOLEAN
        required.append("disk_over_commit")
    else:
        properties["block_migration"] = {"anyOf": [validation.BOOLEAN,
                                                   {"type": "string", "enum": ["auto"]}]}
    if (2, 30) <= mv < (2, 68):
        properties["force"] = validation.BOOLEAN
    return {"type": "object", "properties": properties, "required": required,
            "additionalProperties": False}


async def _live_migrate(request: Request, ctx: Context, row: Row, args: Any) -> Response:
    admin_only(ctx, "os_compute_api:os-migrate-server:migrate_live")
    validation.validate(_live_schema(microversion(request)), args, ["os-migrateLive"])
    check_state("os-migrateLive", row)
    host = args.get("host")
    if host is None:
        others = _other_hosts(request, row)
        if not others:
            raise BadRequest("No valid host was found.")
        host = others[0]
    else:
        _known_host(request, host)
        if host == row["host"]:
            raise BadRequest(f"Unable to migrate instance ({row['id']}) to current host "
                             f"({host}).")
    migration = backend(request).migrations.create(row, ctx.user_id, "live-migration",
                                                   "queued", host)
    mid = migration["id"]
    walk = [
        {"share": 0.02, "migration": {"id": mid, "status": "preparing"}},
        {"share": 0.03, "migration": {"id": mid, "status": "running"}},
        {"share": 0.85, "migration": {"id": mid, "status": "post-migrating"}, "host": host},
        {"share": 0.1, "task_state": None, "migration": {"id": mid, "status": "completed"}},
    ]
    begin(request, ctx, row, "live-migration",
          ["conductor_live_migrate_instance", "compute_live_migration"], walk,
          {"task_state": "migrating"})
    return empty_response(202)


# ------------------------------------------------------------------- evacuate
def _evacuate_schema(mv: tuple[int, int]) -> dict[str, Any]:
    properties: dict[str, Any] = {"host": validation.HOSTNAME,
                                  "adminPass": validation.ADMIN_PASSWORD}
    required: list[str] = []
    if mv < (2, 14):
        properties["onSharedStorage"] = validation.BOOLEAN
        required.append("onSharedStorage")
    if (2, 29) <= mv < (2, 68):
        properties["force"] = validation.BOOLEAN
    return {"type": "object", "properties": properties, "required": required,
            "additionalProperties": False}


async def _evacuate(request: Request, ctx: Context, row: Row, args: Any) -> Response:
    """Rebuild a server of a failed compute host on another host (admin)."""
    admin_only(ctx, "os_compute_api:os-evacuate")
    mv = microversion(request)
    validation.validate(_evacuate_schema(mv), args, ["evacuate"])
    host = args.get("host")
    if host is not None:
        if not _is_compute_host(request, host):
            raise NotFound(f"Compute host {host} not found.")
        if host == row["host"]:
            raise BadRequest("The target host can't be the same one.")
    if row["vm_state"] not in (states.ACTIVE, states.STOPPED, states.ERROR):
        raise Conflict(f"Cannot 'evacuate' instance {row['id']} while it is in vm_state "
                         f"{row['vm_state']}")
    compute = backend(request)
    source = next((s for s in compute.services.list()
                   if s["host"] == row["host"] and s["binary"] == "nova-compute"), None)
    if source is not None and not source["forced_down"]:
        raise BadRequest(f"Compute service of {row['host']} is still in use.")
    if host is None:
        others = _other_hosts(request, row)
        if not others:
            raise BadRequest("No valid host was found.")
        host = others[0]
    stopped = row["vm_state"] == states.STOPPED or mv >= (2, 95)
    migration = compute.migrations.create(row, ctx.user_id, "evacuation", "accepted", host)
    mid = migration["id"]
    walk = steps_of(
        {"task_state": "rebuild_block_device_mapping", "host": host,
         "migration": {"id": mid, "status": "pre-migrating"}},
        {"task_state": "rebuild_spawning"},
        {"task_state": None, "vm_state": states.STOPPED if stopped else states.ACTIVE,
         "power_state": states.SHUTDOWN if stopped else states.RUNNING,
         "migration": {"id": mid, "status": "done"}})
    begin(request, ctx, row, "evacuate", ["conductor_rebuild_server",
                                          "compute_rebuild_instance"], walk,
          {"task_state": "rebuilding"})
    if mv < (2, 14):
        password = args.get("adminPass") or "".join(
            secrets.choice(string.ascii_letters + string.digits) for _ in range(12))
        return json_response({"adminPass": password})
    return empty_response(200)


EXTRA_ACTIONS.update({
    "resize": _resize,
    "confirmResize": _confirm_resize,
    "revertResize": _revert_resize,
    "migrate": _migrate,
    "os-migrateLive": _live_migrate,
    "evacuate": _evacuate,
})
