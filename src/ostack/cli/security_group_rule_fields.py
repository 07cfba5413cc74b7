"""What `security group rule` and `default security group rule` commands share: the rule
grammar of `create` (`--protocol`, `--dst-port 22` / `8000:8080`, `--icmp-type`/`--icmp-code`,
`--ingress`/`--egress`, `--ethertype`, `--remote-ip` ...) turned into a rule's attributes, and
the `Port Range` and `IP Range` columns, as the official client words and checks them."""

from __future__ import annotations

import argparse

from ostack import exceptions
from ostack.cli.declare import Option

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

ICMP = ("icmp", "icmpv6", "ipv6-icmp", "1", "58")
IPV6_NUMBERS = ("icmpv6", "41", "43", "44", "58", "59", "60")


def port_range(text: str) -> tuple[int, int]:
    """`22` -> (22, 22), `8000:8080` -> (8000, 8080); the low end may not exceed the high."""
    parts = text.split(":")
    try:
        if len(parts) == 1:
            return int(parts[0]), int(parts[0])
        if len(parts) == 2:
            low, high = int(parts[0]), int(parts[1])
            if low > high:
                raise argparse.ArgumentTypeError(
                    f"Invalid range, {parts[0]} is not less than {parts[1]}")
            return low, high
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid range value: {text!r}") from None
    raise argparse.ArgumentTypeError(f"Invalid range, too many values: {text}")


def ipvx(text: str) -> str:
    return {"ipv4": "IPv4", "ipv6": "IPv6"}.get(text.lower(), text)


def is_icmp(protocol: str | None) -> bool:
    return protocol in ICMP


def is_ipv6(protocol: str | None) -> bool:
    return protocol is not None and (protocol.startswith("ipv6-") or protocol in IPV6_NUMBERS)


def rule_options(default: bool = False) -> tuple[Option, ...]:
    """The options of a rule's create, after the positional group (none for a default rule)."""
    what = "default security group rule" if default else "security group rule"
    ident = "ID" if default else "name or ID"
    return (
        Option("--remote-ip", metavar="<ip-address>", group="remote",
               help="remote IP address block (may use CIDR notation; default for IPv4 rule: "
                    "0.0.0.0/0, default for IPv6 rule: ::/0)"),
        Option("--remote-group", metavar="<group>", group="remote",
               help=f"remote security group ({ident})"),
        Option("--remote-address-group", metavar="<group>", group="remote",
               help=f"remote address group ({ident})"),
        Option("--dst-port", metavar="<port-range>", type=port_range,
               help="destination port, may be a single port or a starting and ending port "
                    "range: 137:139; required for IP protocols TCP and UDP; ignored for ICMP "
                    "IP protocols"),
        Option("--protocol", metavar="<protocol>", type=str.lower,
               help="IP protocol (ah, dccp, egp, esp, gre, icmp, igmp, ipv6-encap, "
                    "ipv6-frag, ipv6-icmp, ipv6-nonxt, ipv6-opts, ipv6-route, ospf, pgm, "
                    "rsvp, sctp, tcp, udp, udplite, vrrp and integer representations "
                    "[0-255] or any; default: any (all protocols))"),
        Option("--description", metavar="<description>", help=f"set {what} description"),
        Option("--icmp-type", metavar="<icmp-type>", type=int,
               help="ICMP type for ICMP IP protocols"),
        Option("--icmp-code", metavar="<icmp-code>", type=int,
               help="ICMP code for ICMP IP protocols"),
        Option("--ingress", action="store_true", group="direction",
               help="rule applies to incoming network traffic (default)"),
        Option("--egress", action="store_true", group="direction",
               help="rule applies to outgoing network traffic"),
        Option("--ethertype", metavar="<ethertype>", choices=["IPv4", "IPv6"], type=ipvx,
               help="ethertype of network traffic (IPv4, IPv6; default: based on IP "
                    "protocol)"),
    )


def rule_attrs(args: argparse.Namespace) -> dict[str, Any]:
    """Protocol, direction, ethertype and port range of a new rule, checked as the official
    client checks them (the remote is the caller's: it resolves names)."""
    protocol = None if args.protocol in (None, "any") else args.protocol
    attrs: dict[str, Any] = {"protocol": protocol}
    if args.description is not None:
        attrs["description"] = args.description
    attrs["direction"] = "egress" if args.egress else "ingress"
    if args.ethertype is not None:
        attrs["ethertype"] = args.ethertype
    else:
        attrs["ethertype"] = "IPv6" if is_ipv6(protocol) else "IPv4"
    if args.dst_port and (args.icmp_type or args.icmp_code):
        raise exceptions.OstackError(
            "Argument --dst-port not allowed with arguments --icmp-type and --icmp-code")
    if args.icmp_type is None and args.icmp_code is not None:
        raise exceptions.OstackError("Argument --icmp-type required with argument --icmp-code")
    icmp = is_icmp(protocol)
    if not icmp and (args.icmp_type or args.icmp_code):
        raise exceptions.OstackError(
            "ICMP IP protocol required with arguments --icmp-type and --icmp-code")
    if args.dst_port and not icmp:
        attrs["port_range_min"], attrs["port_range_max"] = args.dst_port
    if args.icmp_type is not None and args.icmp_type >= 0:
        attrs["port_range_min"] = args.icmp_type
    if args.icmp_code is not None and args.icmp_code >= 0:
        attrs["port_range_max"] = args.icmp_code
    return attrs


def default_remote_ip(attrs: dict[str, Any]) -> None:
    """With no remote given, the whole address family of the rule's ethertype."""
    attrs["remote_ip_prefix"] = "0.0.0.0/0" if attrs["ethertype"] == "IPv4" else "::/0"


def format_port_range(rule: Any) -> str:
    """`22:22`, `8000:8080`, `type=8:code=0` (ICMP), or '' (any port)."""
    low, high = rule.port_range_min, rule.port_range_max
    if is_icmp(rule.protocol):
        text = f"type={low}" if low else ""
        return text + (f":code={high}" if high else "")
    if low or high:
        low_text = str(high if low is None else low)
        high_text = str(low if high is None else high)
        return f"{low_text}:{high_text}"
    return ""


def remote_ip_prefix(rule: Any) -> str | None:
    """The rule's remote prefix; the whole family of its ethertype when it has none."""
    prefix = rule.remote_ip_prefix
    if prefix is None:
        return {"IPv4": "0.0.0.0/0", "IPv6": "::/0"}.get(rule.ether_type)
    return prefix
