"""`os-migrate_volume` (admin): move a volume to another volume back end. This cloud has one
back end, so a migration is refused the way Cinder refuses it: an unknown destination or the
volume's own host (400 "Invalid host"), a volume that is busy or has snapshots (400)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest
from ..policy import Context
from . import http
from .common import invalid_volume
from .services import FLEET

_VOLUME_HOSTS = tuple(where for name, where in FLEET if name == "cinder-volume")


def _backend_of(host: str) -> str:
    return host.partition("#")[0]


async def migrate_volume(request: Request, ctx: Context, volume: dict[str, Any], args: Any,
                         ) -> Response:
    http.check_admin(ctx, "volume_extension:volume_admin_actions:migrate_volume")
    if not isinstance(args, dict):
        raise http.invalid("os-migrate_volume", args, f"{args!r} is not of type 'object'")
    http.no_extra(args, ("host", "cluster", "force_host_copy", "lock_volume"),
                  "os-migrate_volume")
    host, cluster = args.get("host"), args.get("cluster")
    if cluster is not None and http.mv(request) < (3, 16):
        raise http.invalid("os-migrate_volume", args,
                           "Additional properties are not allowed ('cluster' was unexpected)")
    if bool(host) == bool(cluster):
        raise BadRequest("Invalid input received: Only one of host or cluster must be "
                         "specified.")
    for flag in ("force_host_copy", "lock_volume"):
        if flag in args and not isinstance(args[flag], bool) and str(args[flag]).lower() not in (
                "true", "false", "0", "1", "yes", "no", "on", "off"):
            raise http.invalid("os-migrate_volume", args,
                               f"{args[flag]!r} is not a valid boolean value")
    if volume["status"] not in ("available", "in-use"):
        raise invalid_volume("Volume status must be available/in-use.")
    if volume.get("migration_status") not in (None, "", "success", "error"):
        raise invalid_volume("Volume is already part of an active migration.")
    snapshots = http.backend(request).store.column(
        "SELECT id FROM snapshots WHERE volume_id = ?", (volume["id"],))
    if snapshots:
        raise invalid_volume("Volume must not have snapshots.")
    destination = None if cluster is not None else _backend_of(str(host))
    if destination not in _VOLUME_HOSTS:
        raise BadRequest(f"Invalid host: No available service named '{cluster or host}'")
    # Every volume lives on the one back end there is.
    raise BadRequest("Invalid host: Destination host must be different than the current "
                     "host.")
