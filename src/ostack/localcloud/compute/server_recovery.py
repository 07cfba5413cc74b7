"""Deferred delete (Nova's `reclaim_instance_interval`): with an interval above 0, DELETE
/servers/{id} soft-deletes a server (status SOFT_DELETED, ports and volumes kept, no longer
counted in quotas) and the cloud reclaims it when the interval is over; until then the
`restore` action brings it back and `forceDelete` deletes it at once. With the interval at 0
(Nova's default) DELETE deletes and `restore` is refused (409: not soft-deleted)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import Conflict
from ..policy import Context
from ..service import empty_response, peers_of
from . import network, server_actions, states, volume
from .http import backend
from .server_views import request_id

if TYPE_CHECKING:
    from ..declare import Peers

Row = dict[str, Any]


def soft_delete(request: Request, ctx: Context, row: Row) -> bool:
    """Soft-delete the server when the cloud defers deletes and the server may be
    (launched, no task under way); False when it must be deleted at once."""
    compute = backend(request)
    interval = compute.reclaim_instance_interval
    if interval <= 0 or row["vm_state"] == states.SOFT_DELETED or row["task_state"] \
            or not row["launched_at"]:
        return False
    reclaim_at = timestamps.now() + interval
    compute.start_task(row["id"], [], {
        "vm_state": states.SOFT_DELETED, "task_state": None, "power_state": states.SHUTDOWN,
        "delete_at": reclaim_at, "due_at": None, "pending": None},
        ("delete", row["project_id"], ctx.user_id, request_id(request),
         ["compute_soft_delete_instance"]))
    compute.wake_at(reclaim_at)
    return True


def release_and_delete(request: Request, ctx: Context, row: Row) -> None:
    """Delete now: release ports and volumes, then the server goes after the delete delay
    (a soft-deleted one too)."""
    peers = peers_of(request)
    compute = backend(request)
    network.release(peers, row["id"])
    volume.release(peers, row["id"])
    if row.get("delete_at") is not None:
        compute.update_server(row["id"], {"delete_at": None})
    compute.delete_server(row["id"], ctx.project_id or row["project_id"], ctx.user_id,
                          request_id(request))


def reclaim(peers: Peers, server_ids: list[str]) -> None:
    """The background reclaim of soft-deleted servers: release what they held (the compute
    backend has already removed them)."""
    for server_id in server_ids:
        network.release(peers, server_id)
        volume.release(peers, server_id)


async def _restore(request: Request, ctx: Context, row: Row, args: Any) -> Response:
    server_actions.null_body("restore", args)
    if row["vm_state"] != states.SOFT_DELETED:
        raise Conflict(f"Cannot 'restore' instance {row['id']} while it is in vm_state "
                       f"{row['vm_state']}")
    compute = backend(request)
    compute.quotas.check_instances(row["project_id"], row["flavor"], 1, 1)
    walk = server_actions.steps_of({"task_state": None, "vm_state": states.ACTIVE,
                                "power_state": states.RUNNING})
    server_actions.begin(request, ctx, row, "restore", ["compute_restore_instance"], walk,
                         {"task_state": "restoring", "delete_at": None})
    return empty_response(202)


async def _force_delete(request: Request, ctx: Context, row: Row, args: Any) -> Response:
    """Delete at once, in any vm_state and task_state (a soft-deleted server too)."""
    server_actions.null_body("forceDelete", args)
    release_and_delete(request, ctx, row)
    return empty_response(202)


server_actions.EXTRA_ACTIONS.update({"restore": _restore, "forceDelete": _force_delete})
