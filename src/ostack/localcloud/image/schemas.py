"""Glance's JSON schemas (`/v2/schemas/image`, `/images`, `/member`, `/members`) and the checks
of request bodies against them, with Glance's wording ("Provided object does not match schema
'image': ...")."""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest
from ..routing import GET, RouteTable
from ..service import authenticate, json_response

UUID_PATTERN = ("^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}"
                "-([0-9a-fA-F]){12}$")
CONTAINER_FORMATS = [None, "ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed"]
DISK_FORMATS = [None, "ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso",
                "ploop"]
VISIBILITIES = ["community", "public", "private", "shared"]
STATUSES = ["queued", "saving", "active", "killed", "deleted", "uploading", "importing",
            "pending_delete", "deactivated"]
MEMBER_STATUSES = ["pending", "accepted", "rejected"]
MAX_PROPERTY_VALUE = 65535   # the database column's size


def _ro(kind: Any, description: str, **extra: Any) -> dict[str, Any]:
    return {"type": kind, "readOnly": True, "description": description, **extra}


def _prop(kind: Any, description: str, **extra: Any) -> dict[str, Any]:
    return {"type": kind, "description": description, **extra}


# The image's base properties, as Glance's schema describes them.
IMAGE_PROPERTIES: dict[str, dict[str, Any]] = {
    "id": _prop("string", "An identifier for the image", pattern=UUID_PATTERN),
    "name": _prop(["null", "string"], "Descriptive name for the image", maxLength=255),
    "status": _ro("string", "Status of the image", enum=STATUSES),
    "visibility": _prop("string", "Scope of image accessibility", enum=VISIBILITIES),
    "protected": _prop("boolean", "If true, image will not be deletable."),
    "os_hidden": _prop("boolean",
                       "If true, image will not appear in default image list response."),
    "checksum": _ro(["null", "string"], "md5 hash of image contents.", maxLength=32),
    "os_hash_algo": _ro(["null", "string"], "Algorithm to calculate the os_hash_value",
                        maxLength=64),
    "os_hash_value": _ro(["null", "string"], "Hexdigest of the image contents using the "
                         "algorithm specified by the os_hash_algo", maxLength=128),
    "owner": _prop(["null", "string"], "Owner of the image", maxLength=255),
    "size": _ro(["null", "integer"], "Size of image file in bytes"),
    "virtual_size": _ro(["null", "integer"], "Virtual size of image in bytes"),
    "container_format": _prop(["null", "string"], "Format of the container",
                              enum=CONTAINER_FORMATS),
    "disk_format": _prop(["null", "string"], "Format of the disk", enum=DISK_FORMATS),
    "created_at": _ro("string", "Date and time of image registration"),
    "updated_at": _ro("string", "Date and time of the last image modification"),
    "tags": _prop("array", "List of strings related to the image",
                  items={"type": "string", "maxLength": 255}),
    "direct_url": _ro("string", "URL to access the image file kept in external store"),
    "min_ram": _prop("integer", "Amount of ram (in MB) required to boot image."),
    "min_disk": _prop("integer", "Amount of disk space (in GB) required to boot image."),
    "self": _ro("string", "An image self url"),
    "file": _ro("string", "An image file url"),
    "stores": _ro("string", "Store in which image data resides.  Only present when the "
                  "operator has enabled multiple stores.  May be a comma-separated list of "
                  "store identifiers."),
    "schema": _ro("string", "An image schema url"),
    "locations": _prop("array", "A set of URLs to access the image file kept in external "
                       "store", items={"type": "object", "properties": {
                           "url": {"type": "string", "maxLength": 255},
                           "metadata": {"type": "object"}},
                           "required": ["url", "metadata"]}),
}

# Well-known extra properties the schema documents (not base properties).
EXTRA_PROPERTIES: dict[str, dict[str, Any]] = {
    "kernel_id": {"type": ["null", "string"], "pattern": UUID_PATTERN, "is_base": False,
                  "description": "ID of image stored in Glance that should be used as the "
                                 "kernel when booting an AMI-style image."},
    "ramdisk_id": {"type": ["null", "string"], "pattern": UUID_PATTERN, "is_base": False,
                   "description": "ID of image stored in Glance that should be used as the "
                                  "ramdisk when booting an AMI-style image."},
    "instance_uuid": {"type": "string", "is_base": False,
                      "description": "Metadata which can be used to record which instance "
                                     "this image is associated with. (Informational only, "
                                     "does not create an instance snapshot.)"},
    "architecture": {"type": "string", "is_base": False,
                     "description": "Operating system architecture"},
    "os_distro": {"type": "string", "is_base": False,
                  "description": "Common name of operating system distribution"},
    "os_version": {"type": "string", "is_base": False,
                   "description": "Operating system version as specified by the distributor"},
}

IMAGE_LINKS = [{"rel": "self", "href": "{self}"}, {"rel": "enclosure", "href": "{file}"},
               {"rel": "describedby", "href": "{schema}"}]
COLLECTION_LINKS = [{"rel": "first", "href": "{first}"}, {"rel": "next", "href": "{next}"},
                    {"rel": "describedby", "href": "{schema}"}]

MEMBER_PROPERTIES: dict[str, dict[str, Any]] = {
    "member_id": _prop("string", "An identifier for the image member (tenantId)"),
    "image_id": _prop("string", "An identifier for the image", pattern=UUID_PATTERN),
    "created_at": _prop("string", "Date and time of image member creation"),
    "updated_at": _prop("string", "Date and time of last modification of image member"),
    "status": _prop("string", "The status of this image member", enum=MEMBER_STATUSES),
    "schema": {"type": "string", "readOnly": True},
}


def image_schema() -> dict[str, Any]:
    return {"name": "image", "properties": {**IMAGE_PROPERTIES, **EXTRA_PROPERTIES},
            "additionalProperties": {"type": "string"}, "links": IMAGE_LINKS}


def images_schema() -> dict[str, Any]:
    return {"name": "images", "properties": {
        "images": {"type": "array", "items": image_schema()},
        "schema": {"type": "string"}, "first": {"type": "string"},
        "next": {"type": "string"}}, "links": COLLECTION_LINKS}


def member_schema() -> dict[str, Any]:
    return {"name": "member", "properties": MEMBER_PROPERTIES}


def members_schema() -> dict[str, Any]:
    return {"name": "members", "properties": {
        "members": {"type": "array", "items": member_schema()},
        "schema": {"type": "string"}}, "links": [{"rel": "describedby", "href": "{schema}"}]}


async def show_image_schema(request: Request) -> Response:
    """GET /v2/schemas/image."""
    authenticate(request)
    return json_response(image_schema())


async def show_images_schema(request: Request) -> Response:
    """GET /v2/schemas/images."""
    authenticate(request)
    return json_response(images_schema())


async def show_member_schema(request: Request) -> Response:
    """GET /v2/schemas/member."""
    authenticate(request)
    return json_response(member_schema())


async def show_members_schema(request: Request) -> Response:
    """GET /v2/schemas/members."""
    authenticate(request)
    return json_response(members_schema())


# ------------------------------------------------------------------ validation
_TYPES = {"string": str, "integer": int, "boolean": bool, "array": list, "object": dict,
          "null": type(None)}


def _is(value: Any, kind: str) -> bool:
    if kind == "integer" and isinstance(value, bool):
        return False
    return isinstance(value, _TYPES[kind])


def _problem(value: Any, schema: dict[str, Any]) -> str | None:
    """jsonschema's message for the first way `value` breaks `schema` (a flat subset)."""
    kinds = schema.get("type")
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else kinds
        if not any(_is(value, k) for k in kinds):
            return f"{value!r} is not of type {', '.join(repr(k) for k in kinds)}"
    if "enum" in schema and value not in schema["enum"]:
        return f"{value!r} is not one of {schema['enum']!r}"
    if isinstance(value, str):
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            return f"{value!r} is too long"
        if "pattern" in schema and not re.search(schema["pattern"], value):
            return f"{value!r} does not match {schema['pattern']!r}"
    if isinstance(value, list) and "items" in schema:
        for item in value:
            problem = _problem(item, schema["items"])
            if problem:
                return problem
    return None


def check_image(image: dict[str, Any]) -> None:
    """400 unless the image (base and extra properties) matches Glance's image schema."""
    for key, value in image.items():
        schema = IMAGE_PROPERTIES.get(key) or EXTRA_PROPERTIES.get(key) or {
            "type": "string", "maxLength": MAX_PROPERTY_VALUE}
        problem = _problem(value, schema)
        if problem:
            raise BadRequest(f"Provided object does not match schema 'image': {problem}")


def check_member(body: dict[str, Any]) -> None:
    for key, value in body.items():
        schema = MEMBER_PROPERTIES.get(key)
        if schema is None:
            raise BadRequest("Provided object does not match schema 'member': Additional "
                             f"properties are not allowed ({key!r} was unexpected)")
        problem = _problem(value, schema)
        if problem:
            raise BadRequest(f"Provided object does not match schema 'member': {problem}")


ROUTES: RouteTable = (
    ("/v2/schemas/image", show_image_schema, GET),
    ("/v2/schemas/images", show_images_schema, GET),
    ("/v2/schemas/member", show_member_schema, GET),
    ("/v2/schemas/members", show_members_schema, GET),
)
