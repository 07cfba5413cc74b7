"""What `router` commands share: how a router is shown (its gateway info as JSON, extra
routes as `destination=..., gateway=...`), the `--route` and `--fixed-ip` options, and the
external gateway body built from `--external-gateway`, `--fixed-ip`, SNAT and QoS options."""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from typing import Any

from ostack import exceptions
from ostack.cli import lookups
from ostack.cli.columns import AdminStateColumn, FormattableColumn, ListColumn, format_dict
from ostack.cli.declare import MultiKeyValueAction, Option
from ostack.cli.generic import ShowFields

MULTIHOMING = "external-gateway-multihoming"


class RouterInfoColumn(FormattableColumn):
    """A mapping or list printed as JSON in a table (`external_gateway_info`)."""

    def human_readable(self) -> str:
        try:
            return json.dumps(self.value)
        except (TypeError, KeyError):
            return ""


class RoutesColumn(FormattableColumn):
    """Extra routes: one `destination='...', gateway='...'` line each in a table."""

    def human_readable(self) -> str:
        return "\n".join(format_dict({("gateway" if k == "nexthop" else k): v
                                      for k, v in route.items()})
                         for route in self.value or [])


class RouterFields(ShowFields):
    show_source = "dict"
    show_rename = {"is_ha": "ha", "is_distributed": "distributed",
                   "is_admin_state_up": "admin_state_up"}
    show_formatters = {"is_admin_state_up": AdminStateColumn,
                       "external_gateway_info": RouterInfoColumn,
                       "availability_zones": ListColumn, "availability_zone_hints": ListColumn,
                       "routes": RoutesColumn, "tags": ListColumn,
                       "interfaces_info": RouterInfoColumn}

    def show(self, resource: Any) -> dict[str, Any]:
        hidden = {"links", "location", "tenant_id"}
        for name in ("is_ha", "is_distributed", "evpn_vni"):
            if getattr(resource, name, None) is None:
                hidden.add(name)
        self.show_hidden = tuple(hidden)
        return super().show(resource)


def multihoming(service: Any) -> bool:
    return service.find_extension(MULTIHOMING) is not None


def gateway_attrs(command: Any, args: argparse.Namespace) -> dict[str, Any]:
    """`external_gateway_info` (or, with multihoming, `external_gateways`) from
    --external-gateway, --fixed-ip, --enable/--disable-snat and --qos-policy."""
    if not args.external_gateways:
        return {}
    conn, service = command.conn, command.service
    gateways: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
    first = ""
    for name in args.external_gateways:
        network = service.find_network(name, ignore_missing=False)
        first = first or network.id
        info: dict[str, Any] = {"network_id": network.id}
        if getattr(args, "disable_snat", False):
            info["enable_snat"] = False
        if getattr(args, "enable_snat", False):
            info["enable_snat"] = True
        if getattr(args, "qos_policy", None):
            info["qos_policy_id"] = lookups.find_id(conn, "network.qos_policy", args.qos_policy)
        if getattr(args, "no_qos_policy", False):
            info["qos_policy_id"] = None
        gateways[network.id].append(info)
    several = multihoming(service)
    for spec in getattr(args, "fixed_ips", None) or []:
        spec = dict(spec)
        net_id = first
        if spec.get("subnet"):
            subnet = service.find_subnet(spec.pop("subnet"), ignore_missing=False)
            spec["subnet_id"] = subnet.id
            net_id = subnet.network_id
        if spec.get("ip-address"):
            spec["ip_address"] = spec.pop("ip-address")
        if "subnet_id" in spec and net_id not in gateways:
            raise exceptions.OstackError(
                f"Subnet {spec['subnet_id']} does not belong to any of the networks provided "
                "for --external-gateway.")
        for info in gateways[net_id]:
            if "external_fixed_ips" not in info:
                info["external_fixed_ips"] = [spec]
                break
        else:
            gateways[net_id][0]["external_fixed_ips"].append(spec)
    if several:
        return {"external_gateways": [i for infos in gateways.values() for i in infos]}
    return {"external_gateway_info": gateways[first][0]}


def routes_body(routes: list[dict[str, str]] | None) -> list[dict[str, str]]:
    """`--route destination=...,gateway=...` as Neutron's `{"destination", "nexthop"}`."""
    return [{"destination": r["destination"], "nexthop": r["gateway"]} for r in routes or []]


def route_option(help: str, default: Any = None) -> Option:
    return Option("--route", metavar="destination=<subnet>,gateway=<ip-address>",
                  action=MultiKeyValueAction, dest="routes", default=default,
                  required_keys=("destination", "gateway"), help=help)


def fixed_ip_option(help: str) -> Option:
    return Option("--fixed-ip", metavar="subnet=<subnet>,ip-address=<ip-address>",
                  action=MultiKeyValueAction, default=None,
                  optional_keys=("subnet", "ip-address"), dest="fixed_ips", help=help)


GATEWAY_FIXED_IP = ("desired IP and/or subnet (name or ID) on external gateway: "
                    "subnet=<subnet>,ip-address=<ip-address> (repeatable)")
