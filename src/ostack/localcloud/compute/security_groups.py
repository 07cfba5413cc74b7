"""Nova's security group proxy: `/v2.1/os-security-groups` (+ `/{id}`),
`/os-security-group-rules` (+ `/{id}`) and `/servers/{id}/os-security-groups`, over the
network service's security groups as Nova's neutron driver shows them: ingress rules only,
`from_port`/`to_port` for Neutron's port range, `ip_range` or the remote `group`; Nova's own
checks on rules (tcp, udp and icmp only) before Neutron's. The collections answer 404 from
2.36 on; the server's listing is not versioned."""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import unquote

from starlette.requests import Request
from starlette.responses import Response

from ..errors import ApiError, BadRequest
from ..interfaces import Caller, Networking
from ..routing import DELETE, GET, POST, PUT, RouteTable
from ..service import empty_response, json_response, read_json
from .http import MAX_LIMIT, caller, int_param
from .neutron_proxy import Record, as_user, neutron, require_proxy
from .server_views import find_server
from .validation import is_uuid

POLICY = "os_compute_api:os-security-groups"


# ------------------------------------------------------------------- Neutron -> Nova
def parse_cidr(cidr: Any) -> str:
    """Nova's cidr of a rule: `0.0.0.0/0` when none; 400 unless an address with a prefix."""
    if not cidr:
        return "0.0.0.0/0"
    text = unquote(cidr) if isinstance(cidr, str) else ""
    address, _, prefix = text.partition("/")
    try:
        if not prefix:
            raise ValueError(text)
        return str(ipaddress.ip_interface(f"{address}/{prefix}"))
    except ValueError:
        raise BadRequest(f"{cidr} is not a valid IP network.") from None


def nova_rule(rule: Record) -> Record:
    """A Neutron rule as Nova's driver converts it."""
    protocol = rule.get("protocol")
    low, high = rule.get("port_range_min"), rule.get("port_range_max")
    if protocol and low is None and high is None:
        low, high = (1, 65535) if str(protocol).upper() in ("TCP", "UDP") else (-1, -1)
    return {"id": rule["id"], "parent_group_id": rule["security_group_id"],
            "protocol": protocol, "from_port": low, "to_port": high,
            "group_id": rule.get("remote_group_id"),
            "cidr": rule.get("remote_ip_prefix") or "0.0.0.0/0"}


def rule_view(rule: Record, sources: dict[str, Record]) -> Record | None:
    """A Nova rule as the API shows it; None when its remote group is gone or not visible
    (Nova leaves such rules out)."""
    view: Record = {"id": rule["id"], "parent_group_id": rule["parent_group_id"],
                    "ip_protocol": rule["protocol"], "from_port": rule["from_port"],
                    "to_port": rule["to_port"], "group": {}, "ip_range": {}}
    if rule["group_id"]:
        source = sources.get(rule["group_id"])
        if source is None:
            return None
        view["group"] = {"name": source["name"], "tenant_id": source["project_id"]}
    else:
        view["ip_range"] = {"cidr": rule["cidr"]}
    return view


def _ingress(group: Record) -> list[Record]:
    return [nova_rule(r) for r in group.get("security_group_rules", [])
            if r["direction"] == "ingress"]


def group_views(api: Networking, who: Caller, groups: list[Record]) -> list[Record]:
    """Neutron groups as Nova shows them (one look-up for every remote group)."""
    remote = sorted({r["group_id"] for g in groups for r in _ingress(g) if r["group_id"]})
    sources: dict[str, Record] = {}
    if remote:
        marks = ",".join("?" * len(remote))
        sources = {g["id"]: g for g in api.records("security_group", who, f"id IN ({marks})",
                                                   tuple(remote))}
    views = []
    for group in groups:
        rules = [rule_view(r, sources) for r in _ingress(group)]
        views.append({"id": group["id"], "description": group["description"],
                      "name": group["name"], "tenant_id": group["project_id"],
                      "rules": [r for r in rules if r is not None]})
    return views


def _sorted(views: list[Record]) -> list[Record]:
    return sorted(views, key=lambda g: (g["tenant_id"], g["name"]))


# ------------------------------------------------------------------- shared checks
def neutron_failure(err: ApiError, statuses: dict[int, int]) -> ApiError:
    """A Neutron error as Nova answers it: `statuses` maps Neutron's status to Nova's; any
    other stays a 4xx."""
    status = statuses.get(err.status, err.status if 400 <= err.status < 500 else 400)
    return ApiError(err.message, status=status)


def get_group(api: Networking, who: Caller, group_id: Any) -> Record:
    """A group the caller may see: 400 for an id that is no UUID, 404 with Neutron's
    message otherwise."""
    if not is_uuid(group_id):
        raise BadRequest("Security group id should be uuid")
    try:
        return api.record("security_group", who, group_id)
    except ApiError as err:
        raise neutron_failure(err, {}) from None


def from_body(body: dict[str, Any], key: str) -> Any:
    if not body:
        raise BadRequest("The request body can't be empty")
    value = body.get(key)
    if value is None:
        raise BadRequest(f"Missing parameter {key}")
    if not isinstance(value, dict):
        raise BadRequest(f"Invalid input for field/attribute {key}. Value: {value!r}. "
                         f"{value!r} is not of type 'object'")
    return value


def _property(value: Any, name: str) -> str:
    """Nova's check of a group's name or description: a string of at most 255."""
    if not isinstance(value, str):
        raise BadRequest(f"{name} is not a string or unicode")
    if len(value) > 255:
        raise BadRequest(f"{name} has {len(value)} characters, more than 255.")
    return value


def _context(request: Request, rule: str) -> tuple[Networking, Caller]:
    ctx = caller(request, f"{POLICY}:{rule}")
    require_proxy(request)
    return neutron(request), as_user(ctx)


# ------------------------------------------------------------------- groups
async def list_security_groups(request: Request) -> Response:
    """GET /os-security-groups: the project's groups (every project's for an admin asking
    `all_tenants`), `offset` and `limit` applied, sorted by project and name."""
    ctx = caller(request, f"{POLICY}:get")
    require_proxy(request)
    api, who = neutron(request), as_user(ctx)
    if ctx.is_admin and "all_tenants" in request.query_params:
        groups = api.records("security_group", who)
    else:
        groups = api.records("security_group", who, "project_id = ?", (ctx.project_id,))
    offset = int_param(request, "offset") or 0
    limit = min(int_param(request, "limit") or MAX_LIMIT, MAX_LIMIT)
    views = group_views(api, who, groups[offset:offset + limit])
    return json_response({"security_groups": _sorted(views)})


async def show_security_group(request: Request) -> Response:
    api, who = _context(request, "show")
    group = get_group(api, who, request.path_params["group_id"])
    return json_response({"security_group": group_views(api, who, [group])[0]})


async def create_security_group(request: Request) -> Response:
    """POST /os-security-groups: a group in the caller's project (403 when Neutron refuses
    it for quota or the `default` name)."""
    api, who = _context(request, "create")
    data = from_body(await read_json(request), "security_group")
    name = _property(data.get("name"), "name")
    description = _property(data.get("description"), "description")
    try:
        group = api.create_security_group(who, {"name": name, "description": description})
    except ApiError as err:
        raise neutron_failure(err, {409: 403}) from None
    return json_response({"security_group": group_views(api, who, [group])[0]})


async def update_security_group(request: Request) -> Response:
    api, who = _context(request, "update")
    group = get_group(api, who, request.path_params["group_id"])
    data = from_body(await read_json(request), "security_group")
    name = _property(data.get("name"), "name")
    description = _property(data.get("description"), "description")
    try:
        group = api.update_security_group(who, group["id"],
                                          {"name": name, "description": description})
    except ApiError as err:
        raise neutron_failure(err, {409: 400}) from None
    return json_response({"security_group": group_views(api, who, [group])[0]})


async def delete_security_group(request: Request) -> Response:
    """DELETE /os-security-groups/{id}: 400 while a port uses it or for `default`."""
    api, who = _context(request, "delete")
    group = get_group(api, who, request.path_params["group_id"])
    try:
        api.delete_security_group(who, group["id"])
    except ApiError as err:
        raise neutron_failure(err, {409: 400}) from None
    return empty_response(202)


async def list_server_security_groups(request: Request) -> Response:
    """GET /servers/{id}/os-security-groups: the groups of the server's ports, in full."""
    ctx = caller(request, f"{POLICY}:list")
    row = find_server(request, ctx, request.path_params["server_id"])
    api, who = neutron(request), as_user(ctx)
    ports = api.interfaces(row["id"])
    ids = sorted({g for port in ports for g in port.get("security_groups", [])})
    visible: dict[str, Record] = {}
    if ids:
        marks = ",".join("?" * len(ids))
        visible = {g["id"]: g for g in api.records("security_group", who,
                                                   f"id IN ({marks})", tuple(ids))}
    groups = [visible[g] for port in ports for g in port.get("security_groups", [])
              if g in visible]
    return json_response({"security_groups": _sorted(group_views(api, who, groups))})


# ------------------------------------------------------------------- rules
def _ports(protocol: str, low: Any, high: Any) -> tuple[int, int]:
    try:
        return int(low), int(high)
    except (TypeError, ValueError):
        if protocol.upper() == "ICMP":
            reason = "Type and Code must be integers for ICMP protocol type"
        else:
            reason = "To and From ports must be integers"
        raise BadRequest(f"Invalid input received: {reason}") from None


def new_ingress_rule(protocol: Any, low: Any, high: Any, group_id: str | None = None,
                     cidr: str | None = None) -> Record | None:
    """Nova's rule from the request (its `_new_ingress_rule`): ports required with a cidr,
    everything open for a remote group without ports; None when a cidr rule lacks them."""
    values: Record = {}
    if group_id:
        values["group_id"] = group_id
        upper = str(protocol).upper() if protocol else ""
        if upper == "ICMP" and low is None and high is None:
            low, high = -1, -1
        elif upper in ("TCP", "UDP") and low is None and high is None:
            low, high = 1, 65535
    elif cidr:
        values["cidr"] = cidr
    if protocol and low is not None and high is not None:
        protocol = str(protocol)
        low, high = _ports(protocol, low, high)
        upper = protocol.upper()
        if upper not in ("TCP", "UDP", "ICMP"):
            raise BadRequest(f"Invalid IP protocol {protocol}.")
        if upper in ("TCP", "UDP") and low > high:
            raise BadRequest(f"Invalid port range {low}:{high}. Former value cannot be "
                             f"greater than the later")
        if upper in ("TCP", "UDP") and (low < 1 or high > 65535):
            raise BadRequest(f"Invalid port range {low}:{high}. Valid {upper} ports should be "
                             f"between 1-65535")
        if upper == "ICMP" and not (-1 <= low <= 255 and -1 <= high <= 255):
            raise BadRequest(f"Invalid port range {low}:{high}. For ICMP, the type:code must "
                             f"be valid")
        values.update(protocol=protocol, from_port=low, to_port=high)
    elif cidr:
        return None
    return values


def _exists(group: Record, new: Record) -> bool:
    keys = ("group_id", "cidr", "from_port", "to_port", "protocol")
    return any(all(rule.get(k) == new.get(k) for k in keys) for rule in _ingress(group))


def neutron_rule(rule: Record) -> Record:
    """The Neutron rule Nova asks for: ingress, IPv4 unless the cidr is IPv6."""
    cidr = rule.get("cidr")
    attrs: Record = {
        "direction": "ingress", "security_group_id": rule["parent_group_id"],
        "protocol": str(rule["protocol"]).lower() if rule.get("protocol") else None,
        "ethertype": "IPv6" if cidr and ipaddress.ip_interface(cidr).version == 6 else "IPv4",
        "remote_ip_prefix": cidr, "remote_group_id": rule.get("group_id")}
    if rule.get("from_port", -1) != -1:
        attrs["port_range_min"] = rule["from_port"]
    if rule.get("to_port", -1) != -1:
        attrs["port_range_max"] = rule["to_port"]
    return attrs


async def create_security_group_rule(request: Request) -> Response:
    """POST /os-security-group-rules: an ingress rule from a cidr (ports required) or from
    the members of another group."""
    api, who = _context(request, "rule:create")
    data = from_body(await read_json(request), "security_group_rule")
    parent = get_group(api, who, data.get("parent_group_id"))
    protocol, low, high = data.get("ip_protocol"), data.get("from_port"), data.get("to_port")
    sources: dict[str, Record] = {}
    group_id = data.get("group_id")
    if group_id is not None:
        source = get_group(api, who, group_id)
        sources[source["id"]] = source
        new = new_ingress_rule(protocol, low, high, group_id=group_id)
    else:
        new = new_ingress_rule(protocol, low, high, cidr=parse_cidr(data.get("cidr")))
    if new is None:
        raise BadRequest("Not enough parameters to build a valid rule.")
    new["parent_group_id"] = parent["id"]
    if "cidr" in new:
        network = ipaddress.ip_interface(new["cidr"])
        if str(network.ip) not in ("0.0.0.0", "::") and network.network.prefixlen == 0:
            raise BadRequest(f"Bad prefix for network in cidr {new['cidr']}")
    if _exists(parent, new):
        raise BadRequest(f"This rule already exists in group {parent['id']}")
    try:
        created = api.create_security_group_rule(who, neutron_rule(new))
    except ApiError as err:
        raise neutron_failure(err, {409: 403}) from None
    view = rule_view(nova_rule(created), sources)
    return json_response({"security_group_rule": view})


async def delete_security_group_rule(request: Request) -> Response:
    api, who = _context(request, "rule:delete")
    rule_id = request.path_params["rule_id"]
    if not is_uuid(rule_id):
        raise BadRequest("Security group id should be uuid")
    try:
        rule = api.record("security_group_rule", who, rule_id)
    except ApiError as err:
        raise neutron_failure(err, {}) from None
    get_group(api, who, rule["security_group_id"])
    try:
        api.delete_security_group_rule(who, rule_id)
    except ApiError as err:
        raise neutron_failure(err, {409: 409}) from None
    return empty_response(202)

ROUTES: RouteTable = (
    ("/os-security-groups", list_security_groups, GET),
    ("/os-security-groups", create_security_group, POST),
    ("/os-security-groups/{group_id}", show_security_group, GET),
    ("/os-security-groups/{group_id}", update_security_group, PUT),
    ("/os-security-groups/{group_id}", delete_security_group, DELETE),
    ("/os-security-group-rules", create_security_group_rule, POST),
    ("/os-security-group-rules/{rule_id}", delete_security_group_rule, DELETE),
    ("/servers/{server_id}/os-security-groups", list_server_security_groups, GET),
)
