"""Neutron's attribute maps: for each resource, which attributes a request may set on create
(POST) and update (PUT), how each is checked and converted, which ones only an admin may set
or see. `parse_body` turns a request body into clean attributes or Neutron's 400."""

from __future__ import annotations

import ipaddress
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .exceptions import bad_request, policy_denied

Check = Callable[[str, Any], Any]
MAC = re.compile(r"^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$")
TRUE = ("1", "t", "true", "on", "y", "yes")
FALSE = ("0", "f", "false", "off", "n", "no")


def invalid(name: str, reason: str) -> Exception:
    return bad_request(f"Invalid input for {name}. Reason: {reason}.")


# ------------------------------------------------------------------ checks
def string(max_len: int = 255) -> Check:
    def check(name: str, value: Any) -> str:
        if not isinstance(value, str):
            raise invalid(name, f"'{value}' is not a valid string")
        if len(value) > max_len:
            raise invalid(name, f"'{value}' exceeds maximum length of {max_len}")
        return value
    return check


def boolean(name: str, value: Any) -> bool:
    """Neutron's convert_to_boolean: booleans, 0/1 and the usual strings."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in TRUE + FALSE:
        return value.strip().lower() in TRUE
    raise invalid(name, f"'{value}' cannot be converted to boolean")


def an_uuid(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise invalid(name, f"'{value}' is not a valid UUID")
    try:
        uuid.UUID(value)
    except ValueError:
        raise invalid(name, f"'{value}' is not a valid UUID") from None
    return value


def not_blank(name: str, value: Any) -> str:
    """A name that may not be blank (a subnet pool's)."""
    text = string(255)(name, value)
    if not text.strip():
        raise invalid(name, f"'{value}' Blank strings are not permitted")
    return text


def non_negative(name: str, value: Any) -> int:
    """Neutron's non_negative validator with convert_to_int."""
    number = integer()(name, value)
    if number < 0:
        raise invalid(name, f"'{value}' should be non-negative")
    return number


def prefix(name: str, value: Any) -> str:
    """One prefix of a subnet pool: a CIDR (host bits are dropped when the pool's prefixes
    are compacted)."""
    if isinstance(value, str) and "/" in value and value.strip() == value:
        try:
            ipaddress.ip_network(value, strict=False)
            return value
        except ValueError:
            pass
    raise invalid(name, f"'{value}' is not a valid IP subnet")


def none_as_empty(check: Check) -> Check:
    """Neutron's convert_none_to_empty_list: `null` clears the list."""
    def wrapped(name: str, value: Any) -> Any:
        return [] if value is None else check(name, value)
    return wrapped


def or_none(check: Check) -> Check:
    def wrapped(name: str, value: Any) -> Any:
        return None if value is None else check(name, value)
    return wrapped


def integer(low: int | None = None, high: int | None = None) -> Check:
    def check(name: str, value: Any) -> int:
        if isinstance(value, bool):
            raise invalid(name, f"'{value}' is not an integer")
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise invalid(name, f"'{value}' is not an integer") from None
        if isinstance(value, float) and value != number:
            raise invalid(name, f"'{value}' is not an integer")
        if low is not None and number < low:
            raise invalid(name, f"'{number}' is too small - must be at least '{low}'")
        if high is not None and number > high:
            raise invalid(name, f"'{number}' is too large - must be no larger than '{high}'")
        return number
    return check


def values(*allowed: Any) -> Check:
    def check(name: str, value: Any) -> Any:
        if value not in allowed:
            raise invalid(name, f"'{value}' is not in {list(allowed)}")
        return value
    return check


def ip_version(name: str, value: Any) -> int:
    number = integer()(name, value)
    if number not in (4, 6):
        raise invalid(name, f"'{number}' is not in [4, 6]")
    return number


def ip_address(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise invalid(name, f"'{value}' is not a valid IP address")
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        raise invalid(name, f"'{value}' is not a valid IP address") from None


def cidr_text(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise invalid(name, f"'{value}' is not a valid IP subnet")
    try:
        ipaddress.ip_network(value, strict=False)
    except ValueError:
        raise invalid(name, f"'{value}' is not a valid IP subnet") from None
    return value


def ip_or_cidr(name: str, value: Any) -> str:
    if isinstance(value, str):
        try:
            if "/" in value:
                return str(ipaddress.ip_network(value, strict=False))
            return str(ipaddress.ip_address(value))
        except ValueError:
            pass
    raise invalid(name, f"'{value}' is neither a valid IP address, nor is it a valid IP subnet")


def mac_address(name: str, value: Any) -> str:
    if not isinstance(value, str) or not MAC.match(value):
        raise invalid(name, f"'{value}' is not a valid MAC address")
    mac = value.lower().replace("-", ":")
    if mac == "00:00:00:00:00:00" or int(mac[:2], 16) & 1:
        raise invalid(name, f"'{value}' is not a valid MAC address")
    return mac


def dictionary(name: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise invalid(name, f"'{value}' is not a dictionary")
    return value


def list_of(check: Check, max_items: int | None = None, unique: bool = False) -> Check:
    def wrapped(name: str, value: Any) -> list[Any]:
        if not isinstance(value, list):
            raise invalid(name, f"'{value}' is not a list")
        if max_items is not None and len(value) > max_items:
            raise invalid(name, f"'{value}' exceeds maximum length of {max_items}")
        items = [check(name, item) for item in value]
        if unique:
            seen = set()
            for item in items:
                key = repr(item)
                if key in seen:
                    raise invalid(name, f"Duplicate items in the list: '{item}'")
                seen.add(key)
        return items
    return wrapped


def dict_with(keys: dict[str, Check], required: tuple[str, ...] = ()) -> Check:
    """A dict with only the given keys, each checked."""
    def check(name: str, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise invalid(name, f"'{value}' is not a dictionary")
        unknown = sorted(set(value) - set(keys))
        if unknown:
            raise invalid(name, f"Unrecognized attribute(s) '{', '.join(unknown)}'")
        for key in required:
            if key not in value:
                raise invalid(name, f"Validation of dictionary's keys failed. Expected keys: "
                                    f"{set(required)} Provided keys: {set(value)}")
        return {key: keys[key](name, item) for key, item in value.items()}
    return check


def fixed_ip(name: str, value: Any) -> dict[str, Any]:
    entry = dict_with({"subnet_id": an_uuid, "ip_address": ip_address,
                       "ip_address_substr": string()})(name, value)
    entry.pop("ip_address_substr", None)
    if not entry:
        raise invalid(name, f"'{value}' must have a subnet_id or an ip_address")
    return entry


def nameservers(name: str, value: Any) -> list[str]:
    servers = list_of(ip_address, 5)(name, value)
    for index, server in enumerate(servers):
        if server in servers[:index]:
            raise invalid(name, f"Duplicate nameserver '{server}'")
    return servers


def host_route(name: str, value: Any) -> dict[str, str]:
    return dict_with({"destination": cidr_text, "nexthop": ip_address},
                     ("destination", "nexthop"))(name, value)


def address_pair(name: str, value: Any) -> dict[str, str]:
    pair = dict_with({"ip_address": ip_or_cidr, "mac_address": mac_address},
                     ("ip_address",))(name, value)
    return pair


def address_pairs(name: str, value: Any) -> list[dict[str, str]]:
    pairs = list_of(address_pair, 10)(name, value)
    seen = set()
    for pair in pairs:
        key = (pair["ip_address"], pair.get("mac_address"))
        if key in seen:
            raise invalid(name, "Duplicate address detected")
        seen.add(key)
    return pairs


def dhcp_opt(name: str, value: Any) -> dict[str, Any]:
    opt = dict_with({"opt_name": string(64), "opt_value": or_none(string(255)),
                     "ip_version": ip_version}, ("opt_name", "opt_value"))(name, value)
    opt.setdefault("ip_version", 4)
    return opt


def gateway_info(name: str, value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    info = dict_with({"network_id": an_uuid, "enable_snat": boolean,
                      "external_fixed_ips": list_of(fixed_ip)})(name, value)
    if info and "network_id" not in info:
        raise invalid(name, f"Validation of dictionary's keys failed. Expected keys: "
                            f"{{'network_id'}} Provided keys: {set(info)}")
    return info


def tags(name: str, value: Any) -> list[str]:
    return list_of(tag)(name, value)


def tag(name: str, value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise invalid(name, f"'{value}' is not a valid string")
    if len(value) > 255:
        raise invalid(name, f"'{value}' exceeds maximum length of 255")
    if "," in value:
        raise invalid(name, f"'{value}' contains ','")
    return value


def description(name: str, value: Any) -> str:
    return string(255)(name, value)


# ------------------------------------------------------------------ attribute maps
@dataclass(frozen=True)
class Attr:
    check: Check
    post: bool = True
    put: bool = True
    required: bool = False
    admin: bool = False     # only an admin may set it (policy)
    hidden: bool = False    # only an admin sees it


NAME = Attr(string(255))
DESCRIPTION = Attr(description)
PROJECT = Attr(string(255), put=False)

NETWORK = {
    "name": NAME, "description": DESCRIPTION, "project_id": PROJECT, "tenant_id": PROJECT,
    "admin_state_up": Attr(boolean), "shared": Attr(boolean, admin=True),
    "router:external": Attr(boolean, admin=True), "mtu": Attr(integer(68, 9000)),
    "port_security_enabled": Attr(boolean),
    "availability_zone_hints": Attr(list_of(string(255)), put=False),
    "provider:network_type": Attr(values("flat", "vlan", "vxlan", "geneve", "gre", "local"),
                                  put=False, admin=True, hidden=True),
    "provider:physical_network": Attr(or_none(string(64)), put=False, admin=True,
                                      hidden=True),
    "provider:segmentation_id": Attr(or_none(integer(1, 16777215)), put=False, admin=True,
                                     hidden=True),
    "dns_domain": Attr(string(255)), "qos_policy_id": Attr(or_none(an_uuid)),
    "is_default": Attr(boolean, admin=True),
}
SUBNET = {
    "name": NAME, "description": DESCRIPTION, "project_id": PROJECT, "tenant_id": PROJECT,
    "network_id": Attr(an_uuid, put=False, required=True),
    "ip_version": Attr(ip_version, put=False, required=True),
    "cidr": Attr(cidr_text, put=False),
    "gateway_ip": Attr(or_none(ip_address)),
    "allocation_pools": Attr(list_of(dict_with({"start": ip_address, "end": ip_address},
                                               ("start", "end")))),
    "dns_nameservers": Attr(nameservers), "host_routes": Attr(list_of(host_route, 20)),
    "enable_dhcp": Attr(boolean),
    "ipv6_ra_mode": Attr(or_none(values("slaac", "dhcpv6-stateful", "dhcpv6-stateless")),
                         put=False),
    "ipv6_address_mode": Attr(or_none(values("slaac", "dhcpv6-stateful",
                                             "dhcpv6-stateless")), put=False),
    "service_types": Attr(list_of(string(255))), "dns_publish_fixed_ip": Attr(boolean),
    "subnetpool_id": Attr(or_none(an_uuid), put=False),
    "segment_id": Attr(or_none(an_uuid)),
    "use_default_subnetpool": Attr(boolean, put=False),
    "prefixlen": Attr(non_negative, put=False),
}
SUBNETPOOL = {
    "name": Attr(not_blank, required=True), "description": DESCRIPTION, "project_id": PROJECT,
    "tenant_id": PROJECT,
    "prefixes": Attr(list_of(prefix, unique=True), required=True),
    "default_quota": Attr(non_negative), "default_prefixlen": Attr(non_negative),
    "min_prefixlen": Attr(non_negative), "max_prefixlen": Attr(non_negative),
    "ip_version": Attr(ip_version, post=False, put=False),
    # admin-only when set (policy checked by subnetpools.py), `shared` never updated
    "is_default": Attr(boolean), "shared": Attr(boolean, put=False),
    "address_scope_id": Attr(or_none(an_uuid)),
}
PORT = {
    "name": NAME, "description": DESCRIPTION, "project_id": PROJECT, "tenant_id": PROJECT,
    "network_id": Attr(an_uuid, put=False, required=True),
    "admin_state_up": Attr(boolean), "mac_address": Attr(mac_address),
    "fixed_ips": Attr(list_of(fixed_ip)),
    "device_id": Attr(string(255)), "device_owner": Attr(string(255)),
    "security_groups": Attr(list_of(an_uuid)),
    "allowed_address_pairs": Attr(address_pairs),
    "port_security_enabled": Attr(boolean),
    "extra_dhcp_opts": Attr(list_of(dhcp_opt)),
    "binding:host_id": Attr(string(255), admin=True, hidden=True),
    "binding:profile": Attr(dictionary, admin=True, hidden=True),
    "binding:vnic_type": Attr(values("normal", "direct", "macvtap", "baremetal",
                                     "direct-physical", "virtio-forwarder", "smart-nic",
                                     "vdpa", "accelerator-direct",
                                     "accelerator-direct-physical", "remote-managed")),
    "binding:vif_type": Attr(string(), post=False, put=False, hidden=True),
    "binding:vif_details": Attr(dictionary, post=False, put=False, hidden=True),
    "dns_name": Attr(string(255)), "qos_policy_id": Attr(or_none(an_uuid)),
}
ROUTER = {
    "name": NAME, "description": DESCRIPTION, "project_id": PROJECT, "tenant_id": PROJECT,
    "admin_state_up": Attr(boolean),
    "external_gateway_info": Attr(or_none(gateway_info)),
    "routes": Attr(none_as_empty(list_of(host_route)), post=False),
    "distributed": Attr(boolean, admin=True, hidden=True),
    "ha": Attr(boolean, admin=True, hidden=True),
    "availability_zone_hints": Attr(list_of(string(255)), put=False),
    "flavor_id": Attr(or_none(an_uuid), put=False),
}
FLOATINGIP = {
    "description": DESCRIPTION, "project_id": PROJECT, "tenant_id": PROJECT,
    "floating_network_id": Attr(an_uuid, put=False, required=True),
    "floating_ip_address": Attr(or_none(ip_address), put=False, admin=True),
    "subnet_id": Attr(or_none(an_uuid), put=False),
    "port_id": Attr(or_none(an_uuid)), "fixed_ip_address": Attr(or_none(ip_address)),
    "dns_name": Attr(string(255), put=False), "dns_domain": Attr(string(255), put=False),
    "qos_policy_id": Attr(or_none(an_uuid)),
}
SECURITY_GROUP = {
    "name": NAME, "description": DESCRIPTION, "project_id": PROJECT, "tenant_id": PROJECT,
    "stateful": Attr(boolean),
}
SECURITY_GROUP_RULE = {
    "description": DESCRIPTION, "project_id": PROJECT, "tenant_id": PROJECT,
    "security_group_id": Attr(an_uuid, put=False, required=True),
    "direction": Attr(values("ingress", "egress"), put=False, required=True),
    "ethertype": Attr(string(), put=False), "protocol": Attr(lambda n, v: v, put=False),
    "port_range_min": Attr(or_none(integer()), put=False),
    "port_range_max": Attr(or_none(integer()), put=False),
    "remote_ip_prefix": Attr(or_none(cidr_text), put=False),
    # Neutron does not check its form: an id that names no group is a 404 at the lookup
    "remote_group_id": Attr(or_none(string(255)), put=False),
    "remote_address_group_id": Attr(or_none(an_uuid), put=False),
}

TAGS = Attr(tags, put=False)  # the tag-creation extension: tags given at creation
for _attributes in (NETWORK, SUBNET, SUBNETPOOL, PORT, ROUTER, FLOATINGIP, SECURITY_GROUP):
    _attributes["tags"] = TAGS

ATTRIBUTES = {"network": NETWORK, "subnet": SUBNET, "subnetpool": SUBNETPOOL, "port": PORT,
              "router": ROUTER, "floatingip": FLOATINGIP, "security_group": SECURITY_GROUP,
              "security_group_rule": SECURITY_GROUP_RULE}


def parse_body(kind: str, item: Any, is_admin: bool, project_id: str | None,
               create: bool) -> dict[str, Any]:
    """One resource's attributes from a request: unknown and read-only attributes refused,
    each value checked, admin-only ones refused to others (403), `tenant_id` folded into
    `project_id`."""
    if not isinstance(item, dict):
        raise bad_request("Body contains invalid data")
    attributes = ATTRIBUTES[kind]
    unknown = [name for name in item if name not in attributes and name not in READ_ONLY]
    if unknown:
        raise bad_request(f"Unrecognized attribute(s) '{', '.join(sorted(unknown))}'")
    clean: dict[str, Any] = {}
    denied = []
    for name, value in item.items():
        spec = attributes.get(name)
        if spec is None or not (spec.post if create else spec.put):
            if create:
                raise bad_request(f"Attribute '{name}' not allowed in POST")
            raise bad_request(f"Cannot update read-only attribute {name}")
        clean[name] = spec.check(name, value)
        if spec.admin and not is_admin:
            denied.append(name)
    if create:
        missing = [name for name, spec in attributes.items() if spec.required and name not in
                   clean]
        if missing:
            raise bad_request(f"Failed to parse request. Required attribute '{missing[0]}' not "
                              f"specified")
    tenant = clean.pop("tenant_id", None)
    if tenant is not None:
        if clean.get("project_id", tenant) != tenant:
            raise bad_request("Both project_id and tenant_id were specified with different "
                              "values")
        clean["project_id"] = tenant
    if clean.get("project_id") is not None and not is_admin and (
            clean["project_id"] != project_id):
        raise bad_request("Specifying 'project_id' or 'tenant_id' other than the authenticated "
                          "project in request requires admin privileges")
    if denied:
        raise denied_by_policy(("create_" if create else "update_") + kind, denied)
    return clean


def denied_by_policy(action: str, names: list[str]) -> Exception:
    """Neutron's 403 for attributes of `action` that the caller's role may not set."""
    rules = " and ".join([f"rule:{action}"] + [f"rule:{action}:{n}" for n in names])
    return policy_denied(f"({rules})")


# Attributes that exist but that no request may set.
READ_ONLY = ("id", "status", "created_at", "updated_at", "revision_number", "tags",
             "subnets", "availability_zones", "security_group_rules", "router_id",
             "ipv4_address_scope", "ipv6_address_scope", "l2_adjacency", "ip_allocation",
             "port_details", "belongs_to_default_sg", "port_forwardings", "shared",
             "dns_assignment")


def hidden_attributes(kind: str) -> tuple[str, ...]:
    """The attributes only an admin sees."""
    return tuple(name for name, spec in ATTRIBUTES[kind].items() if spec.hidden)
