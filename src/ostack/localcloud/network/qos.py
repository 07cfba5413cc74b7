"""`/v2.0/qos/policies` (the collection, its tags), the rules of a policy
(`/v2.0/qos/policies/{id}/<type>_rules`) and `/v2.0/qos/rule-types`; the state is
`qos_state.py`."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..routing import DELETE, GET, POST, PUT, RouteRow, RouteTable
from ..service import empty_response, json_response, read_json
from . import attributes
from .exceptions import NeutronError, bad_request
from .http import backend, caller, fields_of, only_fields
from .qos_state import RULE_TYPES, QosPolicyState
from .record_collection import RecordCollection


def _policies(cloud: Any) -> QosPolicyState:
    return QosPolicyState(cloud.store)


POLICIES = RecordCollection(kind="policy", path="qos/policies", key="policies",
                            state=_policies)

#: The parameters each rule type's driver (Open vSwitch) supports, for `rule-types/{type}`.
PARAMETERS = {
    "bandwidth_limit": (("max_kbps", "range", {"start": 0, "end": 2147483647}),
                        ("max_burst_kbps", "range", {"start": 0, "end": 2147483647}),
                        ("direction", "choices", ["egress", "ingress"])),
    "dscp_marking": (("dscp_mark", "choices", [0, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28,
                                               30, 32, 34, 36, 38, 40, 46, 48, 56]),),
    "minimum_bandwidth": (("min_kbps", "range", {"start": 0, "end": 2147483647}),
                          ("direction", "choices", ["egress", "ingress"])),
    "minimum_packet_rate": (("min_kpps", "range", {"start": 0, "end": 2147483647}),
                            ("direction", "choices", ["egress", "ingress", "any"])),
}


def _rule_body(kind: str, body: Any, create: bool) -> dict[str, Any]:
    if not isinstance(body, dict) or kind not in body:
        raise bad_request(f"Unable to find '{kind}' in request body")
    return attributes.parse_body(kind, body[kind], True, None, create)


def _rule_handlers(rule_type: str) -> list[RouteRow]:
    kind = f"{rule_type}_rule"
    base = f"/qos/policies/{{policy_id}}/{kind}s"

    async def index(request: Request) -> Response:
        found = _policies(backend(request)).rules(caller(request),
                                                  request.path_params["policy_id"], rule_type)
        return json_response({f"{kind}s": only_fields(found, request)})

    async def create(request: Request) -> Response:
        who = caller(request)
        attrs = _rule_body(kind, await read_json(request), True)
        rule = _policies(backend(request)).create_rule(
            who, request.path_params["policy_id"], rule_type, attrs)
        return json_response({kind: rule}, status=201)

    async def show(request: Request) -> Response:
        rule = _policies(backend(request)).rule(
            caller(request), request.path_params["policy_id"], rule_type,
            request.path_params["id"])
        fields = fields_of(request)
        return json_response({kind: {k: v for k, v in rule.items()
                                     if not fields or k in fields}})

    async def update(request: Request) -> Response:
        who = caller(request)
        attrs = _rule_body(kind, await read_json(request), False)
        rule = _policies(backend(request)).update_rule(
            who, request.path_params["policy_id"], rule_type, request.path_params["id"], attrs)
        return json_response({kind: rule})

    async def delete(request: Request) -> Response:
        _policies(backend(request)).delete_rule(
            caller(request), request.path_params["policy_id"], rule_type,
            request.path_params["id"])
        return empty_response(204)

    return [(base, index, GET), (base, create, POST), (f"{base}/{{id}}", show, GET),
            (f"{base}/{{id}}", update, PUT), (f"{base}/{{id}}", delete, DELETE)]


async def list_rule_types(request: Request) -> Response:
    """GET /v2.0/qos/rule-types (`all_supported`, `all_rules`: the same set here)."""
    caller(request)
    return json_response({"rule_types": only_fields([{"type": t} for t in RULE_TYPES],
                                                     request)})


async def show_rule_type(request: Request) -> Response:
    """GET /v2.0/qos/rule-types/{type}: the drivers that support it and their parameters."""
    caller(request)
    rule_type = request.path_params["type"]
    if rule_type not in RULE_TYPES:
        raise NeutronError(f"QoS rule type {rule_type} is not supported.", "HTTPNotFound",
                           404)
    parameters = [{"parameter_name": name, "parameter_type": kind, "parameter_values": values}
                  for name, kind, values in PARAMETERS[rule_type]]
    return json_response({"rule_type": {"type": rule_type, "drivers": [
        {"name": "openvswitch", "supported_parameters": parameters}]}})


ROUTES: RouteTable = (
    ("/qos/rule-types", list_rule_types, GET),
    ("/qos/rule-types/{type}", show_rule_type, GET),
    *POLICIES.routes(),
    *[row for rule_type in RULE_TYPES for row in _rule_handlers(rule_type)],
)
