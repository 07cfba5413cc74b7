"""`/v2.1/os-quota-class-sets/{class}` (admin): the limits of a quota class; the `default`
class gives every project its default quotas (what `os-quota-sets/{id}/defaults` shows).
Network quotas are shown before 2.50, the injected file quotas before 2.57, server groups
from 2.50."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..policy import require_admin
from ..routing import GET, PUT, RouteTable
from ..service import json_response, read_json
from . import validation
from .http import backend, caller
from .quotas import INJECTED, LEGACY_NETWORK
from .versions import Microversion, microversion

CLASS_NAME = {"type": "string", "minLength": 1, "maxLength": 255,
              "pattern": "^[a-zA-Z0-9-_]*$"}


def resources(mv: Microversion) -> list[str]:
    """The quota names a quota class set has at `mv`."""
    names = ["cores", "instances", "key_pairs", "metadata_items", "ram"]
    if mv >= (2, 50):
        names += ["server_groups", "server_group_members"]
    else:
        names += list(LEGACY_NETWORK)
    if mv < (2, 57):
        names += list(INJECTED)
    return sorted(names)


def _limits(request: Request, class_name: str) -> dict[str, int]:
    limits = backend(request).quota_classes.get(class_name)
    limits.update({k: v for k, v in LEGACY_NETWORK.items() if k not in limits})
    return {name: limits[name] for name in resources(microversion(request))}


def _class_name(request: Request, rule: str) -> str:
    action = f"os_compute_api:os-quota-class-sets:{rule}"
    require_admin(caller(request, action), action)
    class_name = request.path_params["class_name"]
    validation.validate(CLASS_NAME, class_name, ["id"])
    return class_name


async def show_quota_class(request: Request) -> Response:
    """GET /os-quota-class-sets/{class}."""
    class_name = _class_name(request, "show")
    return json_response({"quota_class_set": {"id": class_name,
                                              **_limits(request, class_name)}})


async def update_quota_class(request: Request) -> Response:
    """PUT /os-quota-class-sets/{class}: new limits (-1: unlimited); the answer has no id."""
    class_name = _class_name(request, "update")
    mv = microversion(request)
    body = await read_json(request)
    value = {"type": ["integer", "string"], "pattern": "^-?[0-9]+$", "minimum": -1,
             "maximum": 2147483647}
    properties: dict[str, Any] = {name: value for name in resources(mv)}
    if mv < (2, 50):
        properties["networks"] = value
    data = validation.body_of(body, "quota_class_set", {
        "type": "object", "properties": properties, "additionalProperties": False})
    # The nova-network quotas are kept and shown back, as Nova keeps them; `networks` is no
    # quota of a class and is dropped.
    changes = {k: int(v) for k, v in data.items() if k != "networks"}
    backend(request).quota_classes.set(class_name, changes)
    return json_response({"quota_class_set": _limits(request, class_name)})

ROUTES: RouteTable = (
    ("/os-quota-class-sets/{class_name}", show_quota_class, GET),
    ("/os-quota-class-sets/{class_name}", update_quota_class, PUT),
)
