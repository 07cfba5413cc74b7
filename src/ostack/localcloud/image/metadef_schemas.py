"""The JSON schemas of Glance's metadata definitions (`/v2/schemas/metadefs/*`) and the check
of request bodies against them, with jsonschema's wording behind Glance's "Provided object does
not match schema '<name>': ..."."""

from __future__ import annotations

import copy
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest, NotFound
from ..routing import GET, RouteTable
from ..service import authenticate, json_response

PROPERTY_TYPES = ["array", "boolean", "integer", "number", "object", "string", None]

DEFINITIONS: dict[str, Any] = {
    "positiveInteger": {"type": "integer", "minimum": 0},
    "positiveIntegerDefault0": {"allOf": [{"$ref": "#/definitions/positiveInteger"},
                                          {"default": 0}]},
    "stringArray": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
}

# What one property definition may hold (a namespace's or an object's property).
PROPERTY_FIELDS: dict[str, Any] = {
    "name": {"type": "string", "maxLength": 80},
    "title": {"type": "string"},
    "description": {"type": "string"},
    "operators": {"type": "array", "items": {"type": "string"}},
    "type": {"type": "string", "enum": PROPERTY_TYPES},
    "required": {"$ref": "#/definitions/stringArray"},
    "minimum": {"type": "number"},
    "maximum": {"type": "number"},
    "maxLength": {"$ref": "#/definitions/positiveInteger"},
    "minLength": {"$ref": "#/definitions/positiveIntegerDefault0"},
    "pattern": {"type": "string", "format": "regex"},
    "enum": {"type": "array"},
    "readonly": {"type": "boolean"},
    "default": {},
    "items": {"type": "object", "properties": {"type": {"type": "string",
                                                        "enum": PROPERTY_TYPES},
                                               "enum": {"type": "array"}}},
    "maxItems": {"$ref": "#/definitions/positiveInteger"},
    "minItems": {"$ref": "#/definitions/positiveIntegerDefault0"},
    "uniqueItems": {"type": "boolean", "default": False},
    "additionalItems": {"type": "boolean"},
}
NAMESPACE_DEFINITIONS: dict[str, Any] = {**DEFINITIONS, "property": {
    "type": "object", "additionalProperties": {
        "type": "object", "required": ["title", "type"], "properties": PROPERTY_FIELDS}}}


def _times(what: str) -> dict[str, Any]:
    return {
        "created_at": {"type": "string", "readOnly": True, "format": "date-time",
                       "description": f"Date and time of {what} creation"},
        "updated_at": {"type": "string", "readOnly": True, "format": "date-time",
                       "description": f"Date and time of the last {what} modification"},
    }


_LINK = {"readOnly": True, "type": "string"}

NAMESPACE_FIELDS: dict[str, Any] = {
    "namespace": {"type": "string", "maxLength": 80,
                  "description": "The unique namespace text."},
    "display_name": {"type": "string", "maxLength": 80,
                     "description": "The user friendly name for the namespace. Used by UI "
                                    "if available."},
    "description": {"type": "string", "maxLength": 500,
                    "description": "Provides a user friendly description of the namespace."},
    "visibility": {"type": "string", "enum": ["public", "private"],
                   "description": "Scope of namespace accessibility."},
    "protected": {"type": "boolean", "description": "If true, namespace will not be deletable."},
    "owner": {"type": "string", "maxLength": 255, "description": "Owner of the namespace."},
    **_times("namespace"),
    "schema": _LINK, "self": _LINK,
    "resource_type_associations": {"type": "array", "items": {"type": "object", "properties": {
        "name": {"type": "string"}, "prefix": {"type": "string"},
        "properties_target": {"type": "string"}}}},
    "properties": {"$ref": "#/definitions/property"},
    "objects": {"type": "array", "items": {"type": "object", "properties": {
        "name": {"type": "string"}, "description": {"type": "string"},
        "required": {"$ref": "#/definitions/stringArray"},
        "properties": {"$ref": "#/definitions/property"}}}},
    "tags": {"type": "array", "items": {"type": "object", "properties": {
        "name": {"type": "string"}}}},
}

OBJECT_FIELDS: dict[str, Any] = {
    "name": {"type": "string", "maxLength": 80},
    "description": {"type": "string"},
    "required": {"$ref": "#/definitions/stringArray"},
    "properties": {"$ref": "#/definitions/property"},
    "schema": _LINK, "self": _LINK,
    **_times("object"),
}

ASSOCIATION_FIELDS: dict[str, Any] = {
    "name": {"type": "string", "maxLength": 80,
             "description": "Resource type names should be aligned with Heat resource types "
                            "whenever possible: https://docs.openstack.org/heat/latest/"
                            "template_guide/openstack.html"},
    "prefix": {"type": "string", "maxLength": 80,
               "description": "Specifies the prefix to use for the given resource type. Any "
                              "properties in the namespace should be prefixed with this "
                              "prefix when being applied to the specified resource type. "
                              "Must include prefix separator (e.g. a colon :)."},
    "properties_target": {"type": "string", "maxLength": 80,
                          "description": "Some resource types allow more than one key / value "
                                         "pair per instance.  For example, Cinder allows user "
                                         "and image metadata on volumes. Only the image "
                                         "properties metadata is evaluated by Nova (scheduling "
                                         "or drivers). This property allows a namespace "
                                         "target to remove the ambiguity."},
    **_times("resource type association"),
}

TAG_FIELDS: dict[str, Any] = {"name": {"type": "string", "maxLength": 80}, **_times("tag")}


def _schema(name: str, properties: dict[str, Any], required: list[str] | None = None,
            definitions: dict[str, Any] | None = None) -> dict[str, Any]:
    """A Glance `Schema.raw()`: no additional properties at the top."""
    raw: dict[str, Any] = {"name": name, "properties": copy.deepcopy(properties),
                           "additionalProperties": False}
    if definitions:
        raw["definitions"] = copy.deepcopy(definitions)
    if required:
        raw["required"] = list(required)
    return raw


def namespace_schema() -> dict[str, Any]:
    return _schema("namespace", NAMESPACE_FIELDS, ["namespace"], NAMESPACE_DEFINITIONS)


def object_schema() -> dict[str, Any]:
    return _schema("object", OBJECT_FIELDS, ["name"], NAMESPACE_DEFINITIONS)


def property_schema(require_name: bool = True) -> dict[str, Any]:
    required = ["type", "title"] + (["name"] if require_name else [])
    definitions = {**DEFINITIONS, "stringArray": {**DEFINITIONS["stringArray"], "minItems": 1}}
    return _schema("property", PROPERTY_FIELDS, required, definitions)


def association_schema() -> dict[str, Any]:
    return _schema("resource_type_association", ASSOCIATION_FIELDS, ["name"])


def tag_schema() -> dict[str, Any]:
    return _schema("tag", TAG_FIELDS, ["name"])


def tags_schema() -> dict[str, Any]:
    """The body of `POST .../tags` (several tags at once)."""
    return _schema("tags", {"tags": {"type": "array", "items": {
        "type": "object", "properties": {"name": {"type": "string"}},
        "required": ["name"], "additionalProperties": False}}})


def _collection(name: str, item: dict[str, Any], by_name: bool = False) -> dict[str, Any]:
    """A Glance `CollectionSchema.raw()` (`DictCollectionSchema` when `by_name`)."""
    item = copy.deepcopy(item)
    definitions = item.pop("definitions", None)
    container = ({"type": "object", "additionalProperties": item} if by_name
                 else {"type": "array", "items": item})
    raw: dict[str, Any] = {
        "name": name,
        "properties": {name: container, "first": {"type": "string"},
                       "next": {"type": "string"}, "schema": {"type": "string"}},
        "links": [{"rel": "first", "href": "{first}"}, {"rel": "next", "href": "{next}"},
                  {"rel": "describedby", "href": "{schema}"}],
    }
    if definitions:
        raw["definitions"] = definitions
    return raw


def _properties_collection() -> dict[str, Any]:
    item = property_schema()
    item["required"].remove("name")
    return _collection("properties", item, by_name=True)


SCHEMAS = {
    "namespace": namespace_schema,
    "namespaces": lambda: _collection("namespaces", namespace_schema()),
    "resource_type": association_schema,
    "resource_types": lambda: _collection("resource_type_associations",
                                          association_schema()),
    "property": property_schema,
    "properties": _properties_collection,
    "object": object_schema,
    "objects": lambda: _collection("objects", object_schema()),
    "tag": tag_schema,
    "tags": lambda: _collection("tags", tag_schema()),
}


async def show_schema(request: Request) -> Response:
    """GET /v2/schemas/metadefs/{name}."""
    authenticate(request)
    make = SCHEMAS.get(request.path_params["name"])
    if make is None:
        raise NotFound("The resource could not be found.")
    return json_response(make())


# ------------------------------------------------------------------ validation
_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,),
    "array": (list,), "object": (dict,), "null": (type(None),)}


def _is(value: Any, kind: str) -> bool:
    if kind in ("integer", "number") and isinstance(value, bool):
        return False
    if kind == "integer" and isinstance(value, float):
        return value.is_integer()
    return isinstance(value, _TYPES.get(kind, (object,)))


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target[part]
        schema = target
    return schema


def problem(value: Any, schema: dict[str, Any], root: dict[str, Any]) -> str | None:
    """jsonschema's message for the first way `value` breaks `schema`, or None."""
    schema = _resolve(schema, root)
    for part in schema.get("allOf", []):
        found = problem(value, part, root)
        if found:
            return found
    kinds = schema.get("type")
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else kinds
        if not any(_is(value, k) for k in kinds):
            return f"{value!r} is not of type {', '.join(repr(k) for k in kinds)}"
    if "enum" in schema and value not in schema["enum"]:
        return f"{value!r} is not one of {schema['enum']!r}"
    if isinstance(value, str) and len(value) > schema.get("maxLength", len(value)):
        return f"{value!r} is too long"
    if (isinstance(value, int | float) and not isinstance(value, bool)
            and "minimum" in schema and value < schema["minimum"]):
        return f"{value!r} is less than the minimum of {schema['minimum']!r}"
    if isinstance(value, list):
        return _array_problem(value, schema, root)
    if isinstance(value, dict):
        return _object_problem(value, schema, root)
    return None


def _array_problem(value: list[Any], schema: dict[str, Any],
                   root: dict[str, Any]) -> str | None:
    if "minItems" in schema and len(value) < schema["minItems"]:
        return f"{value!r} should be non-empty" if schema["minItems"] == 1 else \
            f"{value!r} is too short"
    if schema.get("uniqueItems"):
        seen: list[Any] = []
        for item in value:
            if item in seen:
                return f"{value!r} has non-unique elements"
            seen.append(item)
    if "items" in schema:
        for item in value:
            found = problem(item, schema["items"], root)
            if found:
                return found
    return None


def _object_problem(value: dict[str, Any], schema: dict[str, Any],
                    root: dict[str, Any]) -> str | None:
    for name in schema.get("required", []):
        if name not in value:
            return f"{name!r} is a required property"
    known = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    unexpected = [k for k in value if k not in known]
    if extra is False and unexpected:
        verb = "was" if len(unexpected) == 1 else "were"
        return ("Additional properties are not allowed "
                f"({', '.join(repr(k) for k in unexpected)} {verb} unexpected)")
    for key, item in value.items():
        if key in known:
            found = problem(item, known[key], root)
        elif isinstance(extra, dict):
            found = problem(item, extra, root)
        else:
            found = None
        if found:
            return found
    return None


def check(body: Any, schema: dict[str, Any]) -> None:
    """400 unless `body` matches the schema (Glance's wording)."""
    found = problem(body, {**schema, "type": "object"}, schema)
    if found:
        raise BadRequest(f"Provided object does not match schema '{schema['name']}': {found}")


ROUTES: RouteTable = (
    ("/v2/schemas/metadefs/{name}", show_schema, GET),
)
