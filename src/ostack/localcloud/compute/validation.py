"""Request body validation the way Nova does it: a JSON schema per request (and microversion),
checked before anything else, answering `400 Invalid input for field/attribute <name>. Value:
<value>. <reason>` as Nova's jsonschema validator words it.

A small subset of JSON Schema, enough for Nova's request schemas (and cheap to import):
type, enum, properties, required, additionalProperties, patternProperties, items, minItems,
maxItems, uniqueItems, minLength, maxLength, pattern, minimum, maximum, anyOf, format uuid.
"""

from __future__ import annotations

import re
import uuid
from functools import lru_cache
from typing import Any

from ..errors import BadRequest

Schema = dict[str, Any]

# Reusable pieces of Nova's schemas (nova.api.validation.parameter_types).
NAME = {"type": "string", "minLength": 1, "maxLength": 255,
        "pattern": r"^(?![\s])[^\x00-\x1f\x7f]*(?<![\s])$"}
DESCRIPTION = {"type": ["string", "null"], "minLength": 0, "maxLength": 255,
               "pattern": r"^[^\x00-\x1f\x7f]*$"}
BOOLEAN = {"type": ["boolean", "string"],
           "enum": [True, "True", "TRUE", "true", "1", "ON", "On", "on", "YES", "Yes", "yes",
                    "y", "t", False, "False", "FALSE", "false", "0", "OFF", "Off", "off",
                    "NO", "No", "no", "n", "f"]}
UUID = {"type": "string", "format": "uuid"}
POSITIVE_INTEGER = {"type": ["integer", "string"], "pattern": "^[0-9]*$", "minimum": 1,
                    "minLength": 1}
NON_NEGATIVE_INTEGER = {"type": ["integer", "string"], "pattern": "^[0-9]*$", "minimum": 0,
                        "minLength": 1}
METADATA = {"type": "object", "patternProperties": {
    r"^[a-zA-Z0-9-_:. ]{1,255}$": {"type": "string", "maxLength": 255}},
    "additionalProperties": False}
TAG = {"type": "string", "minLength": 1, "maxLength": 60, "pattern": r"^[^,/]*$"}
TAGS = {"type": "array", "items": TAG, "maxItems": 50}
HOSTNAME = {"type": "string", "minLength": 1, "maxLength": 255, "pattern": r"^[a-zA-Z0-9-._]*$"}


def is_uuid(value: Any) -> bool:
    """oslo's is_uuid_like (what Nova checks ids with): a UUID with or without dashes,
    braces or a `urn:uuid:` prefix, in any case."""
    if not isinstance(value, str):
        return False
    bare = value.lower()
    for part in ("urn:", "uuid:", "{", "}", "-"):
        bare = bare.replace(part, "")
    try:
        return str(uuid.UUID(value)).replace("-", "") == bare
    except ValueError:
        return False


def server_hostname(minor: int) -> dict[str, Any]:
    """A server's `hostname` (create and update, from 2.90): 63 characters before 2.94."""
    return dict(HOSTNAME, maxLength=255 if minor >= 94 else 63)
ADMIN_PASSWORD = {"type": "string"}
IMAGE_REF = {"anyOf": [UUID, {"type": "string", "maxLength": 0}]}
FLAVOR_REF = {"type": ["string", "integer"], "minLength": 1}
ACCESS_IPV4 = {"type": "string", "format": "ipv4"}
ACCESS_IPV6 = {"type": "string", "format": "ipv6"}

TRUE_VALUES = {True, "True", "TRUE", "true", "1", "ON", "On", "on", "YES", "Yes", "yes", "y",
               "t"}

_TYPES = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "null": lambda v: v is None,
}


def as_bool(value: Any) -> bool:
    """A validated BOOLEAN value as a Python bool."""
    return value in TRUE_VALUES


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _is_ip(value: str, version: int) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address(value).version == version
    except ValueError:
        return False


def _format_ok(fmt: str, value: Any) -> bool:
    if not isinstance(value, str):
        return True
    if fmt == "uuid":
        try:
            uuid.UUID(value)
        except ValueError:
            return False
        return True
    if fmt == "ipv4":
        return _is_ip(value, 4)
    if fmt == "ipv6":
        return _is_ip(value, 6)
    return True


def _fail(path: list[str], value: Any, reason: str) -> BadRequest:
    name = "/".join(path) if path else "body"
    return BadRequest(f"Invalid input for field/attribute {name}. Value: {_show(value)}. "
                      f"{reason}")


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, (dict, list)) else str(value)
    return text if len(text) <= 300 else text[:297] + "..."


def _type_names(kind: str | list[str]) -> str:
    kinds = [kind] if isinstance(kind, str) else kind
    return ", ".join(repr(k) for k in kinds)


def validate(schema: Schema, value: Any, path: list[str] | None = None) -> None:
    """Raise Nova's 400 for the first way `value` breaks `schema`."""
    path = path or []
    if "anyOf" in schema:
        for option in schema["anyOf"]:
            try:
                validate(option, value, path)
            except BadRequest:
                continue
            break
        else:
            raise _fail(path, value, f"{_show(value)} is not valid under any of the given "
                                     f"schemas")
    kind = schema.get("type")
    if kind is not None:
        kinds = [kind] if isinstance(kind, str) else kind
        if not any(_TYPES[k](value) for k in kinds):
            raise _fail(path, value, f"{_show(value)} is not of type {_type_names(kind)}")
    if "enum" in schema and value not in schema["enum"]:
        raise _fail(path, value, f"{_show(value)} is not one of {schema['enum']}")
    if isinstance(value, str):
        _check_string(schema, value, path)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        _check_number(schema, value, path)
    elif isinstance(value, str) and ("minimum" in schema or "maximum" in schema) and \
            value.isdigit():
        _check_number(schema, int(value), path)
    if isinstance(value, dict):
        _check_object(schema, value, path)
    if isinstance(value, list):
        _check_array(schema, value, path)


def _check_string(schema: Schema, value: str, path: list[str]) -> None:
    if "minLength" in schema and len(value) < schema["minLength"]:
        raise _fail(path, value, f"{_show(value)} is too short")
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        raise _fail(path, value, f"{_show(value)} is too long")
    if "pattern" in schema and not _compiled(schema["pattern"]).search(value):
        raise _fail(path, value, f"{_show(value)} does not match '{schema['pattern']}'")
    if "format" in schema and not _format_ok(schema["format"], value):
        raise _fail(path, value, f"{_show(value)} is not a '{schema['format']}'")


def _check_number(schema: Schema, value: float, path: list[str]) -> None:
    if "minimum" in schema and value < schema["minimum"]:
        raise _fail(path, value, f"{value} is less than the minimum of {schema['minimum']}")
    if "maximum" in schema and value > schema["maximum"]:
        raise _fail(path, value, f"{value} is greater than the maximum of {schema['maximum']}")


def _check_object(schema: Schema, value: dict[str, Any], path: list[str]) -> None:
    for name in schema.get("required", ()):
        if name not in value:
            raise _fail(path, value, f"'{name}' is a required property")
    properties = schema.get("properties", {})
    patterns = schema.get("patternProperties", {})
    extra = []
    for name, item in value.items():
        if name in properties:
            validate(properties[name], item, path + [name])
            continue
        matched = False
        for pattern, sub in patterns.items():
            if _compiled(pattern).search(name):
                validate(sub, item, path + [name])
                matched = True
        if not matched:
            extra.append(name)
    if extra and schema.get("additionalProperties") is False:
        if patterns and not properties:
            raise _fail(path, value, f"Additional properties are not allowed "
                                     f"({', '.join(repr(e) for e in sorted(extra))} "
                                     f"{'was' if len(extra) == 1 else 'were'} unexpected)")
        raise _fail(path, value, f"Additional properties are not allowed "
                                 f"({', '.join(repr(e) for e in sorted(extra))} "
                                 f"{'was' if len(extra) == 1 else 'were'} unexpected)")
    if "minProperties" in schema and len(value) < schema["minProperties"]:
        raise _fail(path, value, f"{_show(value)} does not have enough properties")
    if "maxProperties" in schema and len(value) > schema["maxProperties"]:
        raise _fail(path, value, f"{_show(value)} has too many properties")


def _check_array(schema: Schema, value: list[Any], path: list[str]) -> None:
    if "minItems" in schema and len(value) < schema["minItems"]:
        raise _fail(path, value, f"{_show(value)} is too short")
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        raise _fail(path, value, f"{_show(value)} is too long")
    if schema.get("uniqueItems"):
        seen: list[Any] = []
        for item in value:
            if item in seen:
                raise _fail(path, value, f"{_show(value)} has non-unique elements")
            seen.append(item)
    items = schema.get("items")
    if items is not None:
        for item in value:
            validate(items, item, path)


def body_of(body: dict[str, Any], key: str, schema: Schema) -> Any:
    """`body[key]` validated against `schema` (the key is required)."""
    validate({"type": "object", "properties": {key: schema}, "required": [key]}, body)
    return body[key]
