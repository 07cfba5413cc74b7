"""Managing what a back end holds outside Cinder: `POST /manageable_volumes` (3.8, admin)
adopts a back-end volume by reference, `os-unmanage` (admin) lets a volume or snapshot go
without deleting its data. The one LVM back end here holds nothing unmanaged, so an adopted
reference is never found: the volume goes `managing`, then `error_managing`, as Cinder's
volume manager leaves it."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest, NotFound
from ..policy import Context
from ..routing import POST, RouteTable
from ..service import empty_response, json_response
from . import http
from .common import DEFAULT_AZ, invalid_volume
from .services import FLEET
from .volumes import view

_VOLUME_HOSTS = tuple(where for name, where in FLEET if name == "cinder-volume")
_FIELDS = ("host", "cluster", "ref", "name", "description", "volume_type",
           "availability_zone", "metadata", "bootable")


async def manage_volume(request: Request) -> Response:
    """POST /v3/{project_id}/manageable_volumes: 202 with the adopted volume (`managing`)."""
    ctx = http.caller(request)
    http.check_admin(ctx, "volume_extension:volume_manage")
    if http.mv(request) < (3, 8):
        raise NotFound("The resource could not be found.")
    body = await http.body_of(request, "volume")
    http.no_extra(body, _FIELDS, "volume")
    if not isinstance(body.get("ref"), dict) or not body["ref"]:
        raise http.invalid("volume", body, "'ref' is a required property")
    host, cluster = body.get("host"), body.get("cluster")
    if bool(host) == bool(cluster):
        raise BadRequest("Invalid input received: One and only one of host or cluster must "
                         "be set.")
    if cluster:
        raise NotFound(f"Cluster {cluster} could not be found.")
    if str(host).partition("#")[0] not in _VOLUME_HOSTS:
        raise NotFound(f"Service {host} could not be found.")
    backend = http.backend(request)
    spec: dict[str, Any] = {
        "size": 0, "name": http.string(body.get("name"), "name"),
        "description": http.string(body.get("description"), "description"),
        "metadata": http.metadata(body.get("metadata")),
        "availability_zone": http.string(body.get("availability_zone"), "availability_zone"),
    }
    if spec["availability_zone"] not in (None, DEFAULT_AZ):
        raise BadRequest(f"Invalid input received: Availability zone "
                         f"'{spec['availability_zone']}' is invalid.")
    type_name = http.string(body.get("volume_type"), "volume_type")
    if type_name:
        volume_type = backend.get_type(type_name)
        if volume_type is None:
            raise NotFound(f"Volume type with name {type_name} could not be found.")
        spec["volume_type"] = volume_type
    project_id = http.project_of(ctx)
    volume = backend.create_volume(project_id, ctx.user_id, spec, status="managing")
    if body.get("bootable") is not None:
        backend.update_volume(volume["id"], {
            "bootable": http.bool_value(body["bootable"], "bootable")})
    volume = backend.transition(volume["id"], "managing", "error_managing")
    return json_response({"volume": view(request, ctx, volume)}, status=202)


async def unmanage_volume(request: Request, ctx: Context, volume: dict[str, Any], args: Any,
                          ) -> Response:
    """`os-unmanage` (admin): the volume leaves Cinder (its data stays on the back end)."""
    http.check_admin(ctx, "volume_extension:volume_unmanage")
    if volume["attachments"] or volume["status"] not in (
            "available", "error", "error_restoring", "error_extending", "error_managing"):
        raise invalid_volume(f"Volume {volume['id']} status must be available or error, but "
                             f"current status is: {volume['status']}.")
    http.backend(request).delete_volume(volume)
    return empty_response(202)


ROUTES: RouteTable = (
    ("/manageable_volumes", manage_volume, POST),
)
