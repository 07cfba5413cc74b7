"""`/v2.0/security-groups-default-statefulness`: the `stateful` value new security groups get
when their request leaves it out, system-wide (no project) or for one project. Administrators
write the settings; a project reads its own and the system-wide one; one setting per project
and one system-wide."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..routing import DELETE, GET, POST, PUT, RouteTable
from ..service import empty_response, json_response, read_json
from ..store import dumps, loads
from . import attributes
from .attributes import Attr
from .exceptions import NeutronError, bad_request, conflict, policy_denied
from .http import backend, caller, listing
from .resources import Caller, new_id

KIND = "security_group_default_statefulness"
SETTING = {
    "project_id": Attr(attributes.or_none(attributes.string(255)), put=False),
    "tenant_id": Attr(attributes.or_none(attributes.string(255)), put=False),
    "stateful": Attr(attributes.boolean, required=True),
}
attributes.ATTRIBUTES[KIND] = SETTING


def _not_found(ident: str) -> NeutronError:
    return NeutronError(f"Security group default statefulness {ident} could not be found.",
                        "SecurityGroupDefaultStatefulnessNotFound", 404)


def _settings(request: Request, who: Caller) -> list[dict[str, Any]]:
    rows = backend(request).store.column(
        "SELECT data FROM security_group_default_statefulness ORDER BY seq")
    found = [loads(r) for r in rows]
    if who.is_admin:
        return found
    return [s for s in found if s["project_id"] in (None, who.project_id)]


def _one(request: Request, who: Caller) -> dict[str, Any]:
    ident = request.path_params["id"]
    for setting in _settings(request, who):
        if setting["id"] == ident:
            return setting
    raise _not_found(ident)


async def _attrs(request: Request, who: Caller, create: bool) -> dict[str, Any]:
    body = await read_json(request)
    if KIND not in body:
        raise bad_request(f"Unable to find '{KIND}' in request body")
    item = body[KIND]
    if not isinstance(item, dict):
        raise bad_request("Body contains invalid data")
    unknown = [k for k in item if k not in SETTING]
    if unknown:
        raise bad_request(f"Unrecognized attribute(s) '{', '.join(sorted(unknown))}'")
    attrs = {}
    for name, value in item.items():
        spec = SETTING[name]
        if not create and not spec.put:
            raise bad_request(f"Cannot update read-only attribute {name}")
        attrs[name] = spec.check(name, value)
    if create and "stateful" not in attrs:
        raise bad_request("Failed to parse request. Required attribute 'stateful' not "
                          "specified")
    if not who.is_admin:
        action = "create" if create else "update"
        raise policy_denied(f"rule:{action}_{KIND}")
    tenant = attrs.pop("tenant_id", None)
    if create:
        attrs.setdefault("project_id", tenant)
    return attrs


async def list_settings(request: Request) -> Response:
    who = caller(request)
    return listing(request, KIND, "security-groups-default-statefulness",
                   "security_groups_default_statefulness", _settings(request, who), who)


async def show_setting(request: Request) -> Response:
    who = caller(request)
    return json_response({KIND: _one(request, who)})


async def create_setting(request: Request) -> Response:
    who = caller(request)
    attrs = await _attrs(request, who, True)
    setting = {"id": new_id(), "project_id": attrs.get("project_id"),
               "stateful": attrs["stateful"], "revision_number": 0}
    store = backend(request).store
    with store.transaction() as db:
        if db.execute("SELECT 1 FROM security_group_default_statefulness WHERE project_id ="
                      " ?", (setting["project_id"] or "",)).fetchone():
            scope = setting["project_id"] or "the system"
            raise conflict(f"A default statefulness setting for {scope} already exists.",
                           "SecurityGroupDefaultStatefulnessExists")
        db.execute("INSERT INTO security_group_default_statefulness (id, project_id, data)"
                   " VALUES (?, ?, ?)", (setting["id"], setting["project_id"] or "",
                                         dumps(setting)))
    return json_response({KIND: setting}, status=201)


async def update_setting(request: Request) -> Response:
    who = caller(request)
    setting = _one(request, who)
    attrs = await _attrs(request, who, False)
    setting.update(attrs)
    setting["revision_number"] += 1
    backend(request).store.execute(
        "UPDATE security_group_default_statefulness SET data = ? WHERE id = ?",
        (dumps(setting), setting["id"]))
    return json_response({KIND: setting})


async def delete_setting(request: Request) -> Response:
    who = caller(request)
    setting = _one(request, who)
    if not who.is_admin:
        raise policy_denied(f"rule:delete_{KIND}")
    backend(request).store.execute(
        "DELETE FROM security_group_default_statefulness WHERE id = ?", (setting["id"],))
    return empty_response(204)


BASE = "/security-groups-default-statefulness"
ROUTES: RouteTable = (
    (BASE, list_settings, GET), (BASE, create_setting, POST),
    (f"{BASE}/{{id}}", show_setting, GET), (f"{BASE}/{{id}}", update_setting, PUT),
    (f"{BASE}/{{id}}", delete_setting, DELETE),
)
