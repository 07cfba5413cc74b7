"""Encryption specs of a volume type (admin): `/types/{type_id}/encryption` show (`{}` when
none), create, update, delete, and one spec item. The local cloud records them; its volumes
are not really encrypted."""

from __future__ import annotations

import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import timestamps
from ..errors import BadRequest, NotFound
from ..routing import DELETE, GET, POST, PUT, RouteTable
from ..service import empty_response, json_response
from . import http

KIND = "encryption"
FIELDS = ("provider", "cipher", "key_size", "control_location")
LOCATIONS = ("front-end", "back-end")


def _type_id(request: Request, write: bool) -> str:
    ctx = http.caller(request)
    http.check_admin(ctx, "volume_extension:volume_type_encryption")
    type_id = request.path_params["type_id"]
    volume_type = http.backend(request).get_type(type_id)
    if volume_type is None or volume_type["id"] != type_id:
        raise NotFound(f"Volume type {type_id} could not be found.")
    if write and http.backend(request).store.scalar(
            "SELECT 1 FROM volumes WHERE volume_type_id = ?", (type_id,)):
        raise BadRequest(f"Cannot change the encryption of volume type {type_id}: volumes of "
                         f"that type exist.")
    return type_id


def _fields(body: dict[str, Any], creating: bool) -> dict[str, Any]:
    unknown = set(body) - set(FIELDS)
    if unknown:
        raise BadRequest(f"Invalid input received: unexpected fields {sorted(unknown)}")
    if creating and not body.get("provider"):
        raise BadRequest("Invalid input received: provider must be specified.")
    if "control_location" in body and body["control_location"] not in LOCATIONS:
        raise BadRequest(f"Invalid input received: control_location must be one of "
                         f"{list(LOCATIONS)}")
    key_size = body.get("key_size")
    if key_size is not None and (isinstance(key_size, bool) or not isinstance(key_size, int)
                                 or key_size < 0):
        raise BadRequest("Invalid input received: key_size must be a non-negative integer.")
    values = dict(body)
    if creating:
        values.setdefault("control_location", "front-end")
        values.setdefault("cipher", None)
        values.setdefault("key_size", None)
    return values


def _public(spec: dict[str, Any]) -> dict[str, Any]:
    return {"volume_type_id": spec["id"], "encryption_id": spec["encryption_id"],
            **{k: spec.get(k) for k in FIELDS}}


async def show_encryption(request: Request) -> Response:
    """GET: the specs with their times, or `{}` for an unencrypted type."""
    type_id = _type_id(request, write=False)
    spec = http.backend(request).records.get(KIND, type_id)
    if spec is None:
        return json_response({})
    return json_response({**_public(spec), "deleted": False,
                          "created_at": timestamps.iso_micro(spec["created_at"]),
                          "updated_at": spec.get("updated_at"), "deleted_at": None})


async def show_encryption_item(request: Request) -> Response:
    type_id = _type_id(request, write=False)
    spec = http.backend(request).records.get(KIND, type_id)
    key = request.path_params["key"]
    if spec is None or key not in FIELDS:
        raise NotFound(f"Volume type encryption for type {type_id} does not exist.")
    value = spec.get(key)
    return json_response({key: None if value is None else str(value)
                          if key != "key_size" else value})


async def create_encryption(request: Request) -> Response:
    type_id = _type_id(request, write=True)
    records = http.backend(request).records
    if records.get(KIND, type_id) is not None:
        raise BadRequest(f"Volume type encryption for type {type_id} already exists.")
    values = _fields(await http.body_of(request, "encryption"), creating=True)
    spec = records.create(KIND, {**values, "encryption_id": str(uuid.uuid4())},
                          record_id=type_id)
    return json_response({"encryption": _public(spec)})


async def update_encryption(request: Request) -> Response:
    type_id = _type_id(request, write=True)
    records = http.backend(request).records
    spec = records.get(KIND, type_id)
    if spec is None or spec["encryption_id"] != request.path_params["key"]:
        raise NotFound(f"Volume type encryption for type {type_id} does not exist.")
    values = _fields(await http.body_of(request, "encryption"), creating=False)
    spec.update(values, updated_at=timestamps.iso_micro(timestamps.now()))
    records.save(KIND, spec)
    return json_response({"encryption": values})


async def delete_encryption(request: Request) -> Response:
    type_id = _type_id(request, write=True)
    records = http.backend(request).records
    spec = records.get(KIND, type_id)
    if spec is None or spec["encryption_id"] != request.path_params["key"]:
        raise NotFound(f"Volume type encryption for type {type_id} does not exist.")
    records.delete(KIND, type_id)
    return empty_response(202)


ROUTES: RouteTable = (
    ("/types/{type_id}/encryption", show_encryption, GET),
    ("/types/{type_id}/encryption", create_encryption, POST),
    ("/types/{type_id}/encryption/{key}", show_encryption_item, GET),
    ("/types/{type_id}/encryption/{key}", update_encryption, PUT),
    ("/types/{type_id}/encryption/{key}", delete_encryption, DELETE),
)
