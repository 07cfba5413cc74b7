"""What the fuzz test (tests/e2e/test_fuzz.py) draws requests from: the OpenAPI specs in
`shared/openapi/` of every service (their operations, by microversion) and Hypothesis
strategies made from their schemas (valid values, then mutated ones)."""

from __future__ import annotations

import base64
import json
import re
import urllib.parse
import uuid
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"

#: service -> (spec file, prefix of the local cloud, microversion header name, microversions)
SERVICES: dict[str, tuple[str, str, str | None, list[str]]] = {
    "identity": ("identity/v3.14.yaml", "/identity", None, [""]),
    "image": ("image/v2.16.yaml", "/image", None, [""]),
    "network": ("network/v2.yaml", "/network", None, [""]),
    "block-storage": ("block-storage/v3.70.yaml", "/volume", "volume",
                      ["3.0", "3.70"]),
    "compute": ("compute/v2.96.yaml", "/compute", "compute",
                ["2.1", "2.37", "2.57", "2.96"]),
    "object-store": ("object-store/v1.yaml", "/object-store", None, [""]),
}
METHODS = ("get", "head", "post", "put", "patch", "delete")
#: Deletions last, so the other operations meet real resources.
METHOD_ORDER = {"get": 0, "head": 0, "post": 1, "put": 2, "patch": 2, "delete": 3}

WRONG_VALUES = [None, 0, -1, 1.5, True, "x", "", "a" * 300, [], {}, [1], {"a": 1},
                2 ** 70, "\u2603"]


# ------------------------------------------------------------------ specs
@cache
def load_spec(service: str) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(SHARED / "openapi" / SERVICES[service][0]) as handle:
        return yaml.load(handle, Loader=loader)


def resolve(node: Any, root: dict[str, Any], depth: int = 0) -> Any:
    """Inline local `$ref`s (bounded: the specs have a few recursive schemas)."""
    if depth > 30:
        return {}
    if isinstance(node, dict):
        if "$ref" in node:
            target: Any = root
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target[part]
            return resolve(target, root, depth + 1)
        return {k: resolve(v, root, depth + 1) for k, v in node.items()
                if k not in ("description", "summary", "examples", "example")}
    if isinstance(node, list):
        return [resolve(v, root, depth + 1) for v in node]
    return node


def version(text: str) -> tuple[int, int]:
    major, _, minor = text.partition(".")
    return int(major), int(minor or 0)


def in_range(node: Any, mv: str) -> bool:
    info = node.get("x-openstack") if isinstance(node, dict) else None
    if not mv or not isinstance(info, dict):
        return True
    low, high = info.get("min-ver"), info.get("max-ver")
    return not ((low and version(mv) < version(low)) or (high and version(mv) > version(high)))


class Operation:
    """One method on one path of a spec, with its parameters and request bodies resolved."""

    def __init__(self, service: str, path: str, method: str, op: dict[str, Any],
                 shared_params: list[Any]) -> None:
        root = load_spec(service)
        self.service, self.path, self.method = service, path, method
        self.info = op.get("x-openstack") or {}
        params = [resolve(p, root) for p in shared_params + op.get("parameters", [])]
        self.query = [p for p in params if p.get("in") == "query"]
        self.headers = [p for p in params if p.get("in") == "header"]
        self.path_params = re.findall(r"{([^}]+)}", path)
        content = (op.get("requestBody") or {}).get("content") or {}
        self.bodies = [(ct, resolve(c.get("schema") or {}, root)) for ct, c in content.items()]

    @property
    def name(self) -> str:
        return f"{self.method.upper()} {self.path}"


def operations(service: str) -> list[Operation]:
    spec = load_spec(service)
    found = []
    for path, item in spec["paths"].items():
        for method in METHODS:
            if isinstance(item.get(method), dict):
                found.append(Operation(service, path, method, item[method],
                                       item.get("parameters", [])))
    found.sort(key=lambda o: (METHOD_ORDER[o.method], o.path))
    return found


# ------------------------------------------------------------------ schema -> strategy
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
HEADER_TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7e), max_size=40)
SMALL_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 2 ** 40) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=6)


def _string(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    fmt = schema.get("format")
    if fmt == "uuid":
        return st.uuids().map(str) | st.uuids().map(lambda u: u.hex)
    if fmt == "date-time":
        return st.datetimes().map(lambda d: d.isoformat(timespec="seconds") + "Z") | TEXT
    if fmt in ("ipv4", "ip"):
        return st.ip_addresses(v=4).map(str)
    if fmt == "ipv6":
        return st.ip_addresses(v=6).map(str)
    if fmt == "uri":
        return TEXT.map(lambda t: "http://example.com/" + urllib.parse.quote(t))
    if fmt == "base64":
        return st.binary(max_size=40).map(lambda b: base64.b64encode(b).decode())
    if fmt == "regex":
        return st.sampled_from(["^a", "foo.*", ".*", "[", "(", "a{1,", "\\"])
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        try:
            re.compile(pattern)
            return st.from_regex(pattern, fullmatch=True).filter(lambda s: len(s) < 400)
        except (re.error, TypeError):
            pass
    low = int(schema.get("minLength", 0))
    high = int(schema.get("maxLength", low + 16))
    texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)),
                    min_size=low, max_size=min(high, low + 16))
    if high > low + 16 and high < 100_000:
        # one past the limit: over-long names are a classic 500
        texts = texts | st.just("n" * (high + 1))
    return texts


def _number(schema: dict[str, Any], integer: bool) -> st.SearchStrategy[Any]:
    low, high = schema.get("minimum"), schema.get("maximum")
    if isinstance(schema.get("exclusiveMinimum"), (int, float)) and not isinstance(
            schema.get("exclusiveMinimum"), bool):
        low = schema["exclusiveMinimum"] + (1 if integer else 1e-6)
    if isinstance(schema.get("exclusiveMaximum"), (int, float)) and not isinstance(
            schema.get("exclusiveMaximum"), bool):
        high = schema["exclusiveMaximum"] - (1 if integer else 1e-6)
    if integer:
        low = int(low) if low is not None else -(2 ** 40)
        high = int(high) if high is not None else 2 ** 40
        values = st.integers(low, max(low, high))
        return values | st.sampled_from([low, max(low, high)])
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


#: Ids seen in the cloud's listings so far: fields named like ids draw from them too, so
#: bodies refer to real servers, networks, images ... and reach past the 404.
POOL: list[str] = []
ID_NAME = re.compile(r"(^id$|_id$|Ref$|_ref$|^uuid$|^(network|port|image|flavor|volume|"
                     r"snapshot|server|subnet|router|project|user|group|role|domain|region|"
                     r"service|endpoint|tenant|parent|member)s?$)", re.IGNORECASE)
POOLED = st.integers(0, 10 ** 6).map(
    lambda i: POOL[i % len(POOL)] if POOL else str(uuid.UUID(int=i)))


def schema_strategy(schema: Any, mv: str, depth: int = 0,
                    name: str = "") -> st.SearchStrategy[Any]:
    """Values valid for `schema` at microversion `mv` (best effort: the specs are loose);
    a string field named like an id (`name`) also draws ids that exist."""
    strategy = _schema_strategy(schema, mv, depth)
    if name and ID_NAME.search(name) and isinstance(schema, dict) and (
            schema.get("type") in ("string", ["string", "null"], None)
            or schema.get("format") == "uuid"):
        return POOLED | POOLED | strategy
    return strategy


def _schema_strategy(schema: Any, mv: str, depth: int) -> st.SearchStrategy[Any]:
    if not isinstance(schema, dict) or depth > 8:
        return SMALL_JSON if depth <= 8 else st.none()
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema and schema["enum"]:
        return st.sampled_from(list(schema["enum"]))
    for key in ("oneOf", "anyOf"):
        if key in schema:
            variants = [v for v in schema[key] if in_range(v, mv)] or schema[key]
            rest = {k: v for k, v in schema.items() if k != key}
            return st.one_of([schema_strategy({**rest, **v} if isinstance(v, dict) else v,
                                              mv, depth + 1) for v in variants])
    if "allOf" in schema:
        merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        for part in schema["allOf"]:
            if isinstance(part, dict):
                props = {**merged.get("properties", {}), **part.get("properties", {})}
                required = list(merged.get("required", [])) + list(part.get("required", []))
                merged = {**merged, **part, "properties": props, "required": required}
        return schema_strategy(merged, mv, depth + 1)
    kind = schema.get("type")
    if kind is None:
        kind = ("object" if "properties" in schema else
                "array" if "items" in schema else None)
    if isinstance(kind, list):
        return st.one_of([schema_strategy({**schema, "type": k}, mv, depth) for k in kind])
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return _number(schema, True)
    if kind == "number":
        return _number(schema, False)
    if kind == "string":
        return _string(schema)
    if kind == "array":
        low = int(schema.get("minItems", 0))
        high = min(int(schema.get("maxItems", low + 3)), low + 3)
        items = schema_strategy(schema.get("items", {}), mv, depth + 1)
        if schema.get("uniqueItems"):
            return st.lists(items, min_size=low, max_size=high,
                            unique_by=lambda v: json.dumps(v, sort_keys=True))
        return st.lists(items, min_size=low, max_size=high)
    if kind == "object":
        props = {name: prop for name, prop in (schema.get("properties") or {}).items()
                 if in_range(prop, mv)}
        required = [name for name in schema.get("required", []) if name in props]
        if not props:
            extra = schema.get("additionalProperties")
            values = (schema_strategy(extra, mv, depth + 1) if isinstance(extra, dict)
                      else SMALL_JSON)
            return st.dictionaries(TEXT.filter(bool), values, max_size=3)
        return st.fixed_dictionaries(
            {name: schema_strategy(props[name], mv, depth + 1, name) for name in required},
            optional={name: schema_strategy(prop, mv, depth + 1, name)
                      for name, prop in props.items() if name not in required})
    return SMALL_JSON


def mutate(data: st.DataObject, value: Any, depth: int = 0) -> Any:
    """A near-valid value: one wrong type, missing key or unknown key somewhere inside."""
    if isinstance(value, dict) and value and depth < 4:
        key = data.draw(st.sampled_from(sorted(value)))
        how = data.draw(st.sampled_from(["descend", "descend", "wrong", "drop", "extra"]))
        out = dict(value)
        if how == "descend":
            out[key] = mutate(data, value[key], depth + 1)
        elif how == "wrong":
            out[key] = data.draw(st.sampled_from(WRONG_VALUES))
        elif how == "drop":
            del out[key]
        else:
            out[data.draw(st.sampled_from(["zzz_unknown", "id", "", "__proto__"]))] = \
                data.draw(st.sampled_from(WRONG_VALUES))
        return out
    if isinstance(value, list) and value and depth < 4:
        out_list = list(value)
        index = data.draw(st.integers(0, len(value) - 1))
        out_list[index] = mutate(data, value[index], depth + 1)
        return out_list
    return data.draw(st.sampled_from(WRONG_VALUES))
