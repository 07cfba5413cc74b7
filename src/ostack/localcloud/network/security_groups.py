"""Security groups (`/v2.0/security-groups`, a `default` group per project made on first
use) and their rules (`/v2.0/security-group-rules`), checked as Neutron checks them."""

from __future__ import annotations

import ipaddress
from typing import Any

from ..routing import RouteTable
from .exceptions import bad_request
from .http import Collection

# IANA protocol numbers of the names Neutron accepts.
PROTOCOLS = {"ah": 51, "dccp": 33, "egp": 8, "esp": 50, "gre": 47, "hopopt": 0, "icmp": 1,
             "igmp": 2, "ipip": 4, "ipv6-encap": 41, "ipv6-frag": 44, "ipv6-icmp": 58,
             "icmpv6": 58, "ipv6-nonxt": 59, "ipv6-opts": 60, "ipv6-route": 43, "ospf": 89,
             "pgm": 113, "rsvp": 46, "sctp": 132, "tcp": 6, "udp": 17, "udplite": 136,
             "vrrp": 112}
PORT_PROTOCOLS = {6, 17, 33, 132, 136}
ICMP_PROTOCOLS = {1, 58}
IPV6_ONLY = {"ipv6-icmp", "icmpv6", "ipv6-encap", "ipv6-frag", "ipv6-nonxt", "ipv6-opts",
             "ipv6-route"}


def _protocol(value: Any) -> tuple[str | None, int | None]:
    """The protocol as stored (name or number as text) and its number; None for any."""
    if value is None or (isinstance(value, str) and value.lower() in ("", "any")):
        return None, None
    if isinstance(value, str) and value.lower() in PROTOCOLS:
        return value.lower(), PROTOCOLS[value.lower()]
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.isdigit():
        number = int(value)
    if number is None or not 0 <= number <= 255:
        names = sorted(set(PROTOCOLS) - {"icmpv6"}) + ["any"]
        raise bad_request(f"Security group rule protocol {value} not supported. Only protocol "
                          f"values {names} and integer representations [0 to 255] are "
                          f"supported.", "SecurityGroupRuleInvalidProtocol")
    return str(number), number


def check_rule(attrs: dict[str, Any], create: bool) -> dict[str, Any]:
    """Ethertype, protocol, port range and remote of a new rule (Neutron's 400s)."""
    if not create:
        return attrs
    if attrs.get("remote_address_group_id") and (
            attrs.get("remote_ip_prefix") or attrs.get("remote_group_id")):
        raise bad_request("Only remote_ip_prefix or remote_group_id or remote_address_group_id "
                          "may be provided.", "SecurityGroupRemoteGroupAndRemoteIpPrefix")
    ethertype = attrs.get("ethertype", "IPv4")
    normal = {"ipv4": "IPv4", "ipv6": "IPv6"}.get(str(ethertype).lower())
    if normal is None:
        raise bad_request(f"Security group rule for ethertype '{ethertype}' not supported. "
                          f"Allowed values are ['IPv4', 'IPv6'].",
                          "SecurityGroupRuleInvalidEtherType")
    attrs["ethertype"] = normal
    protocol, number = _protocol(attrs.get("protocol"))
    attrs["protocol"] = protocol
    if protocol in IPV6_ONLY and normal == "IPv4":
        raise bad_request(f"Invalid ethertype {normal} for protocol {protocol}.",
                          "SecurityGroupEthertypeConflictWithProtocol")
    low, high = attrs.get("port_range_min"), attrs.get("port_range_max")
    if low is not None or high is not None:
        if number is None:
            raise bad_request("Must also specify protocol if port range is given.",
                              "SecurityGroupProtocolRequiredWithPorts")
        if number in PORT_PROTOCOLS:
            if low is None or high is None or low > high:
                raise bad_request("For TCP/UDP protocols, port_range_min must be <= "
                                  "port_range_max", "SecurityGroupInvalidPortRange")
            for port in (low, high):
                if not 1 <= port <= 65535:
                    raise bad_request(f"Invalid value for port {port}",
                                      "SecurityGroupInvalidPortValue")
        elif number in ICMP_PROTOCOLS:
            for name, value, part in (("port_range_min", low, "type"),
                                      ("port_range_max", high, "code")):
                if value is not None and not 0 <= value <= 255:
                    raise bad_request(f"Invalid value for ICMP {part} ({name}) {value}. It "
                                      f"must be 0 to 255.", "SecurityGroupInvalidIcmpValue")
            if low is None and high is not None:
                raise bad_request(f"ICMP code (port-range-max) {high} is provided but ICMP "
                                  f"type (port-range-min) is missing.",
                                  "SecurityGroupMissingIcmpType")
        else:
            raise bad_request(f"Invalid protocol {protocol} for port range, only supported for "
                              f"TCP, UDP, UDPLITE, SCTP and DCCP.",
                              "SecurityGroupInvalidProtoForPortRange")
    prefix = attrs.get("remote_ip_prefix")
    if prefix is not None:
        if attrs.get("remote_group_id"):
            raise bad_request("Only remote_ip_prefix or remote_group_id may be provided.",
                              "SecurityGroupRemoteGroupAndRemoteIpPrefix")
        network = ipaddress.ip_network(prefix, strict=False)
        if f"IPv{network.version}" != normal:
            raise bad_request(f"Conflicting value ethertype {normal} for CIDR {prefix}",
                              "SecurityGroupRuleParameterConflict")
        attrs["remote_ip_prefix"] = str(network)
    return attrs


SECURITY_GROUPS = Collection(
    kind="security_group", path="security-groups", key="security_groups",
    state=lambda backend: backend.security_groups,
)

SECURITY_GROUP_RULES = Collection(
    kind="security_group_rule", path="security-group-rules", key="security_group_rules",
    check=check_rule, taggable=False,
    state=lambda backend: backend.security_group_rules,
)

ROUTES: RouteTable = (*SECURITY_GROUPS.routes(), *SECURITY_GROUP_RULES.routes())
