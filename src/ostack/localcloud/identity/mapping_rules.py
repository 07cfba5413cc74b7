"""Federation mapping rules: Keystone's checks of their structure (a 400 listing what is wrong,
one message a line, as its schema validation words it) and their evaluation (remote
attributes of a federated user in, the local user and groups out).

A rule is `{"local": [...], "remote": [...]}`. A remote condition names an attribute
(`type`) and, optionally, one of `any_one_of`, `not_any_of` (both may be regular expressions
with `regex`), `whitelist` or `blacklist`. A local object is a `user`, a `group` (by id, or by
name with its domain), `groups` (names), `group_ids`, a `domain` or `projects`; `{0}` in a
local value is the value of the rule's first remote condition without a test.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import BadRequest

_TESTS = ("any_one_of", "not_any_of", "whitelist", "blacklist")
_LOCAL_KEYS = ("user", "group", "groups", "group_ids", "domain", "projects")


def validate(mapping: dict[str, Any]) -> None:
    """Keystone's 400 for a mapping whose rules do not follow the mapping schema."""
    problems: list[str] = []
    rules = mapping.get("rules")
    if "rules" not in mapping:
        problems.append("'rules' is a required property")
    elif not isinstance(rules, list):
        problems.append(f"{rules!r} is not of type 'array'")
    elif not rules:
        problems.append("[] is too short")
    else:
        for rule in rules:
            problems.extend(_rule_problems(rule))
    version = mapping.get("schema_version")
    if version is not None and not isinstance(version, str):
        problems.append(f"{version!r} is not of type 'string'")
    # Other top-level keys (openstacksdk sends the `id` again) are ignored, as Keystone does.
    if problems:
        raise BadRequest("\n".join(problems) + "\n")


def _rule_problems(rule: Any) -> list[str]:
    if not isinstance(rule, dict):
        return [f"{rule!r} is not of type 'object'"]
    problems = [f"'{key}' is a required property" for key in ("local", "remote")
                if key not in rule]
    extra = [k for k in rule if k not in ("local", "remote")]
    if extra:
        problems.append(f"Additional properties are not allowed ({', '.join(map(repr, extra))} "
                        f"{'was' if len(extra) == 1 else 'were'} unexpected)")
    local, remote = rule.get("local", []), rule.get("remote", [])
    if not isinstance(local, list):
        problems.append(f"{local!r} is not of type 'array'")
    else:
        for item in local:
            if not isinstance(item, dict):
                problems.append(f"{item!r} is not of type 'object'")
            elif any(k not in _LOCAL_KEYS for k in item):
                problems.append(f"{item!r} is not valid under any of the given schemas")
    if not isinstance(remote, list):
        problems.append(f"{remote!r} is not of type 'array'")
    elif "remote" in rule and not remote:
        problems.append("[] is too short")
    else:
        for item in remote:
            if not _remote_valid(item):
                problems.append(f"{item!r} is not valid under any of the given schemas")
    return problems


def _remote_valid(item: Any) -> bool:
    if not isinstance(item, dict) or not isinstance(item.get("type"), str):
        return False
    tests = [k for k in item if k in _TESTS]
    if len(tests) > 1 or any(k not in ("type", "regex", *_TESTS) for k in item):
        return False
    if "regex" in item and (not isinstance(item["regex"], bool)
                            or tests not in (["any_one_of"], ["not_any_of"])):
        return False
    return all(isinstance(item[k], list) for k in tests)


# ------------------------------------------------------------------- evaluation
def _values(assertion: dict[str, Any], name: str) -> list[str]:
    value = assertion.get(name)
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [part for part in str(value).split(";") if part]


def _matches(condition: dict[str, Any], values: list[str]) -> list[str] | None:
    """The values a remote condition passes on (None when the rule does not apply)."""
    if not values:
        return None
    regex = condition.get("regex", False)

    def hit(candidate: str, pattern: str) -> bool:
        return re.search(pattern, candidate) is not None if regex else candidate == pattern

    if "any_one_of" in condition:
        ok = any(hit(v, p) for v in values for p in condition["any_one_of"])
        return values if ok else None
    if "not_any_of" in condition:
        ok = not any(hit(v, p) for v in values for p in condition["not_any_of"])
        return values if ok else None
    if "whitelist" in condition:
        kept = [v for v in values if v in condition["whitelist"]]
        return kept or None
    if "blacklist" in condition:
        kept = [v for v in values if v not in condition["blacklist"]]
        return kept or None
    return values


def _fill(value: Any, direct: list[list[str]]) -> Any:
    """`{0}`, `{1}` ... in a local value, from the direct (untested) remote values."""
    if isinstance(value, str):
        def sub(match: re.Match[str]) -> str:
            index = int(match.group(1))
            return ";".join(direct[index]) if index < len(direct) else match.group(0)
        return re.sub(r"\{(\d+)\}", sub, value)
    if isinstance(value, dict):
        return {k: _fill(v, direct) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, direct) for v in value]
    return value


def evaluate(rules: list[dict[str, Any]], assertion: dict[str, Any]) -> dict[str, Any]:
    """What the rules make of a federated user's attributes: `user` (name, id, domain, type),
    `group_ids`, `group_names` ([{"name", "domain"}]) and `projects`; every rule whose
    remote conditions all hold contributes."""
    result: dict[str, Any] = {"user": None, "group_ids": [], "group_names": [], "projects": []}
    for rule in rules:
        direct: list[list[str]] = []
        applies = True
        for condition in rule["remote"]:
            passed = _matches(condition, _values(assertion, condition["type"]))
            if passed is None:
                applies = False
                break
            if not any(k in condition for k in _TESTS) or "whitelist" in condition \
                    or "blacklist" in condition:
                direct.append(passed)
        if not applies:
            continue
        for local in _fill(rule["local"], direct):
            if "user" in local:
                result["user"] = {**(result["user"] or {}), **local["user"]}
            if "group" in local:
                group = local["group"]
                if "id" in group:
                    result["group_ids"].append(group["id"])
                else:
                    result["group_names"].append(group)
            if "group_ids" in local:
                result["group_ids"].extend(
                    g for g in str(local["group_ids"]).split(";") if g)
            if "groups" in local:
                names = local["groups"]
                names = names if isinstance(names, list) else str(names).split(";")
                result["group_names"].extend(
                    {"name": n, "domain": local.get("domain")} for n in names if n)
            if "projects" in local:
                result["projects"].extend(local["projects"])
    return result
