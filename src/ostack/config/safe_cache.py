"""The parsed-clouds.yaml cache, with no secret in it.

Loading the YAML parser costs more than the CLI's request, so a clouds.yaml's parsed content is
kept under the user's cache folder, keyed by the file's path, size and modification time. The
cached copy holds every value except the secrets (passwords, tokens, secrets): in their place
it keeps where the value sits in the file (its first and last character) and how it is quoted.
A hit reads the file (it is read anyway, to check the stamp) and takes each secret from that
spot, which costs a string slice instead of a parse. A secret written in a form that cannot be
read back that way (a block scalar, a multi-line value, a number, a merge key) makes the file
uncacheable: it is parsed every time, and nothing is cached for it.

Entries of files that no longer exist, and entries in an older format (which held plaintext),
are removed whenever an entry is written.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ostack import private_files

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

#: The format of an entry; entries of any other format are removed.
VERSION = 2
#: What a secret's value is replaced by in the cached structure.
MARKER = "<secret: read from the file>"
_SECRET_NAMES = frozenset({
    "password", "token", "secret", "passcode", "access_token", "client_secret",
    "application_credential_secret", "auth_token", "refresh_token", "id_token",
})


def is_secret_key(key: Any) -> bool:
    """Whether a clouds.yaml key holds a secret (by name, as openstacksdk's own list does)."""
    if not isinstance(key, str):
        return False
    name = key.lower().replace("-", "_")
    return (name in _SECRET_NAMES or name.endswith("password") or name.endswith("_secret")
            or name.endswith("_token"))


def cache_dir(env: dict[str, str] | None) -> Path:
    return private_files.cache_root(env) / "config"


def read_yaml(path: Path, text: str, stamp: list[Any], env: dict[str, str] | None,
              parse: Callable[[Path, str], tuple[Any, Any]]) -> dict[str, Any]:
    """The parsed document at `path` (whose content is `text`), from the cache when its stamp
    matches; `parse(path, text)` gives (data, root node) on a miss."""
    from ostack.digest import sha256_hex

    entry_path = cache_dir(env) / f"{sha256_hex(stamp[0])}.json"
    entry = private_files.read_json(entry_path)
    if entry and entry.get("version") == VERSION and entry.get("stamp") == stamp:
        data = _restore(entry, text)
        if data is not None:
            return data
    data, node = parse(path, text)
    stored = _strip(data, node, text)
    if stored is None:  # a secret that cannot be read back cheaply: cache nothing
        try:
            entry_path.unlink()
        except OSError:
            pass
    else:
        private_files.write_json(entry_path, {"version": VERSION, "stamp": stamp, **stored})
    prune(env)
    return data


def prune(env: dict[str, str] | None) -> int:
    """Remove the entries of files that no longer exist, and those of older formats."""
    removed = 0
    folder = cache_dir(env)
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    for name in names:
        if not name.endswith(".json") or name.startswith(".tmp-"):
            continue
        entry_path = folder / name
        entry = private_files.read_json(entry_path)
        stamp = (entry or {}).get("stamp")
        keep = (entry is not None and entry.get("version") == VERSION
                and isinstance(stamp, list) and stamp and isinstance(stamp[0], str)
                and os.path.isfile(stamp[0]))
        if not keep:
            try:
                entry_path.unlink()
                removed += 1
            except OSError:
                pass
    return removed


# -- writing: the structure with markers, and where each secret sits --------------------------

def _strip(data: Any, node: Any, text: str) -> dict[str, Any] | None:
    """{"data": structure with markers, "secrets": [[keys, start, end, style, unit]]}, or None
    when a secret cannot be located exactly."""
    secrets: list[list[Any]] = []
    stripped = _walk(data, node, [], secrets, text)
    if stripped is _FAIL or _has_secret(stripped):
        return None
    return {"data": stripped, "secrets": secrets}


_FAIL = object()


def _walk(data: Any, node: Any, keys: list[Any], secrets: list[list[Any]], text: str) -> Any:
    if isinstance(data, list):
        values = getattr(node, "value", None)
        if not isinstance(values, list) or len(values) != len(data):
            return data if not _has_secret(data) else _FAIL
        out_list = []
        for index, (item, child) in enumerate(zip(data, values, strict=True)):
            value = _walk(item, child, [*keys, index], secrets, text)
            if value is _FAIL:
                return _FAIL
            out_list.append(value)
        return out_list
    if not isinstance(data, dict):
        return data
    children: dict[Any, Any] = {}
    for pair in getattr(node, "value", None) or []:
        if not isinstance(pair, tuple) or len(pair) != 2:
            return _FAIL
        key_node, value_node = pair
        if getattr(key_node, "tag", "").endswith(":merge"):
            continue  # merged keys are checked below (_has_secret) and refused if secret
        children[getattr(key_node, "value", None)] = value_node
    out: dict[Any, Any] = {}
    for key, value in data.items():
        child = children.get(key) if isinstance(key, str) else None
        if is_secret_key(key) and value is not None and not isinstance(value, dict | list):
            where = _locate(value, child, text)
            if where is None:
                return _FAIL
            secrets.append([[*keys, key], *where])
            out[key] = MARKER
        elif child is None:
            out[key] = value
        else:
            walked = _walk(value, child, [*keys, key], secrets, text)
            if walked is _FAIL:
                return _FAIL
            out[key] = walked
    return out


def _locate(value: Any, node: Any, text: str) -> list[Any] | None:
    """[start, end, style, unit] of a secret's scalar, checked to read back as `value`."""
    if node is None or not isinstance(value, str):
        return None
    start = getattr(getattr(node, "start_mark", None), "index", None)
    end = getattr(getattr(node, "end_mark", None), "index", None)
    style = getattr(node, "style", None) or ""
    if not isinstance(start, int) or not isinstance(end, int) or style not in ("", "'", '"'):
        return None
    for unit in ("char", "byte"):
        if _read(text, start, end, style, unit) == value:
            return [start, end, style, unit]
    return None


def _has_secret(data: Any) -> bool:
    if isinstance(data, dict):
        return any((is_secret_key(k) and v not in (None, MARKER)
                    and not isinstance(v, dict | list)) or _has_secret(v)
                   for k, v in data.items())
    if isinstance(data, list):
        return any(_has_secret(v) for v in data)
    return False


# -- reading: the secrets back from the file ---------------------------------------------------

def _restore(entry: dict[str, Any], text: str) -> dict[str, Any] | None:
    data = entry.get("data")
    secrets = entry.get("secrets")
    if not isinstance(data, dict) or not isinstance(secrets, list):
        return None
    for secret in secrets:
        try:
            keys, start, end, style, unit = secret
        except (TypeError, ValueError):
            return None
        value = _read(text, start, end, style, unit)
        if value is None or not _put(data, keys, value):
            return None
    return data


def _put(data: Any, keys: Any, value: str) -> bool:
    if not isinstance(keys, list) or not keys:
        return False
    target = data
    for key in keys[:-1]:
        try:
            target = target[key]
        except (KeyError, IndexError, TypeError):
            return False
    if not isinstance(target, dict) or target.get(keys[-1]) != MARKER:
        return False
    target[keys[-1]] = value
    return True


def _read(text: str, start: Any, end: Any, style: Any, unit: Any) -> str | None:
    """The scalar at [start, end) of the file, unquoted; None when it is not a one-line
    plain, single-quoted or double-quoted (JSON-compatible escapes) scalar."""
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
        return None
    if unit == "byte":
        raw = text.encode("utf-8")[start:end]
        try:
            piece = raw.decode("utf-8")
        except UnicodeDecodeError:
            return None
    elif unit == "char":
        piece = text[start:end]
    else:
        return None
    if "\n" in piece or "\r" in piece:
        return None
    if style == "":
        return piece
    if len(piece) < 2 or piece[0] != style or piece[-1] != style:
        return None
    inner = piece[1:-1]
    if style == "'":
        return inner.replace("''", "'")
    if style == '"':
        try:
            value = json.loads(piece)
        except ValueError:
            return None
        return value if isinstance(value, str) else None
    return None
