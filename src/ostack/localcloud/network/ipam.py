"""IP address management as Neutron does it, without SQL: CIDR and gateway checks, default
allocation pools, pool validation, picking the next free address (or the SLAAC address of a
MAC) from a subnet's pools, and the prefix arithmetic of subnet pools (compacted prefix sets,
what is left of them once their subnets are taken out)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Any

from .exceptions import NeutronError, bad_request, invalid_input

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

SLAAC_MODES = ("slaac", "dhcpv6-stateless")
IPV6_MODES = ("slaac", "dhcpv6-stateful", "dhcpv6-stateless")


def parse_cidr(text: Any) -> Network:
    """A subnet CIDR; 400 as Neutron's validator words it when invalid or with host bits."""
    if not isinstance(text, str) or "/" not in text:
        raise bad_request(f"Invalid input for cidr. Reason: '{text}' is not a valid IP subnet.")
    try:
        network = ipaddress.ip_network(text, strict=False)
    except ValueError:
        raise bad_request(
            f"Invalid input for cidr. Reason: '{text}' is not a valid IP subnet.") from None
    if ipaddress.ip_interface(text).ip != network.network_address:
        raise bad_request(f"Invalid input for cidr. Reason: '{text}' isn't a recognized IP "
                          f"subnet cidr, '{network}' is recommended.")
    return network


def parse_address(text: Any, attribute: str = "ip_address") -> Address:
    """One IP address; 400 when malformed."""
    if not isinstance(text, str):
        raise bad_request(f"Invalid input for {attribute}. Reason: '{text}' is not a valid "
                          f"IP address.")
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        raise bad_request(f"Invalid input for {attribute}. Reason: '{text}' is not a valid "
                          f"IP address.") from None


def first_host(network: Network) -> Address:
    return network.network_address + 1


def last_host(network: Network) -> Address:
    """The last usable address: IPv4 keeps its broadcast address out, IPv6 has none."""
    if network.version == 4 and network.prefixlen < 31:
        return network.broadcast_address - 1
    return network.broadcast_address


def default_gateway(network: Network) -> str | None:
    if network.num_addresses < 2:
        return None
    return str(first_host(network))


def default_pools(network: Network, gateway: str | None) -> list[dict[str, str]]:
    """The whole range of usable addresses, minus the gateway (split around it)."""
    start, end = first_host(network), last_host(network)
    if network.version == 4 and network.prefixlen >= 31:
        start, end = network.network_address, network.broadcast_address
    if start > end:
        return []
    gw = ipaddress.ip_address(gateway) if gateway else None
    if gw is None or not start <= gw <= end:
        return [{"start": str(start), "end": str(end)}]
    pools = []
    if gw > start:
        pools.append({"start": str(start), "end": str(gw - 1)})
    if gw < end:
        pools.append({"start": str(gw + 1), "end": str(end)})
    return pools


def validate_gateway(network: Network, gateway: str) -> None:
    """The gateway must be an address of the subnet's version, not its network or broadcast
    address."""
    address = parse_address(gateway, "gateway_ip")
    if address.version != network.version:
        raise bad_request(f"Invalid input for operation: gateway_ip {gateway} does not match "
                          f"the subnet IP version {network.version}.", "InvalidInput")
    if address in network and (address == network.network_address or (
            network.version == 4 and network.prefixlen < 31
            and address == network.broadcast_address)):
        raise bad_request(f"Invalid input for operation: Gateway is not valid on subnet: "
                          f"{gateway} is the network or broadcast address of {network}.",
                          "InvalidInput")


def validate_pools(network: Network, pools: Any, gateway: str | None) -> list[dict[str, str]]:
    """`allocation_pools` given by the user: well-formed, inside the CIDR, not overlapping one
    another nor holding the gateway (Neutron's 400 and 409 errors)."""
    if not isinstance(pools, list):
        raise bad_request(f"Invalid input for allocation_pools. Reason: Invalid data format "
                          f"for IP pool: '{pools}'.")
    ranges: list[tuple[Address, Address]] = []
    for pool in pools:
        if not isinstance(pool, dict) or set(pool) != {"start", "end"}:
            raise bad_request(f"Invalid input for allocation_pools. Reason: Invalid data "
                              f"format for IP pool: '{pool}'.")
        start = parse_address(pool["start"], "allocation_pools")
        end = parse_address(pool["end"], "allocation_pools")
        text = f"{pool['start']}-{pool['end']}"
        if start.version != network.version or end.version != network.version or start > end:
            raise NeutronError(f"The allocation pool {text} is not valid.",
                               "InvalidAllocationPool", 400)
        if start not in network or end not in network or start == network.network_address or (
                network.version == 4 and network.prefixlen < 31
                and end == network.broadcast_address):
            raise NeutronError(f"The allocation pool {text} spans beyond the subnet cidr "
                               f"{network}.", "OutOfBoundsAllocationPool", 400)
        ranges.append((start, end))
    ordered = sorted(ranges)
    for (s1, e1), (s2, e2) in zip(ordered, ordered[1:], strict=False):
        if s2 <= e1:
            raise NeutronError(
                f"Found overlapping allocation pools: {s1}-{e1} and {s2}-{e2}",
                "OverlappingAllocationPools", 409)
    if gateway:
        gw = ipaddress.ip_address(gateway)
        for start, end in ranges:
            if start <= gw <= end:
                raise NeutronError(f"Gateway ip {gateway} conflicts with allocation pool "
                                   f"{start}-{end}", "GatewayConflictWithAllocationPools", 409)
    return [{"start": str(s), "end": str(e)} for s, e in ranges]


def in_pools(address: Address, pools: Iterable[dict[str, str]]) -> bool:
    return any(ipaddress.ip_address(p["start"]) <= address <= ipaddress.ip_address(p["end"])
               for p in pools)


def next_free(pools: list[dict[str, str]], used: set[str]) -> str | None:
    """The lowest address of the pools that is not in `used`, or None when all are taken."""
    taken = {ipaddress.ip_address(u) for u in used}
    for pool in pools:
        address = ipaddress.ip_address(pool["start"])
        end = ipaddress.ip_address(pool["end"])
        while address <= end:
            if address not in taken:
                return str(address)
            address += 1
    return None


def eui64(network: Network, mac: str) -> str:
    """The SLAAC address of `mac` in an IPv6 /64 (RFC 4291 modified EUI-64)."""
    octets = [int(part, 16) for part in mac.split(":")]
    octets[0] ^= 0x02
    interface = octets[:3] + [0xFF, 0xFE] + octets[3:]
    suffix = int.from_bytes(bytes(interface), "big")
    return str(ipaddress.IPv6Address(int(network.network_address) | suffix))


def validate_cidr_version(network: Network, ip_version: int) -> None:
    if network.version != ip_version:
        raise invalid_input(f"Cidr {network} does not match the ip_version {ip_version}.")


# ------------------------------------------------------------------ prefix sets (subnet pools)
def compact(prefixes: Iterable[Network]) -> list[Network]:
    """A set of prefixes as Neutron keeps a pool's: overlapping and adjacent prefixes merged,
    in address order (IPv4 before IPv6)."""
    networks = list(prefixes)
    return [merged for version in (4, 6) for merged in ipaddress.collapse_addresses(
        [n for n in networks if n.version == version])]  # type: ignore[misc]


def without(prefixes: Iterable[Network], removed: Iterable[Network]) -> list[Network]:
    """The address space of `prefixes` less that of `removed`, compacted."""
    remaining = compact(prefixes)
    for cut in removed:
        kept: list[Network] = []
        for network in remaining:
            if network.version != cut.version or not network.overlaps(cut):
                kept.append(network)
            elif not network.subnet_of(cut):  # type: ignore[arg-type]
                kept.extend(network.address_exclude(cut))  # type: ignore[arg-type]
        remaining = kept
    return compact(remaining)


def covers(prefixes: Iterable[Network], wanted: Iterable[Network]) -> bool:
    """Whether every address of `wanted` is in `prefixes`."""
    return not without(wanted, prefixes)


def overlapping(first: Iterable[Network], second: Iterable[Network]) -> bool:
    """Whether the two prefix sets share an address."""
    others = list(second)
    return any(a.version == b.version and a.overlaps(b) for a in first for b in others)


def free_blocks(prefixes: Iterable[Network], taken: Iterable[Network]) -> list[Network]:
    """What a pool still has, smallest blocks first (Neutron allocates from the block that
    fits most tightly, the lowest of equal blocks)."""
    return sorted(without(prefixes, taken), key=lambda network: -network.prefixlen)
