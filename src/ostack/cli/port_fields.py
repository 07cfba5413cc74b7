"""What `port` commands share: the fields `port show` prints, and the parsing of the
official client's irregular port options (`--binding-profile` as key=value or JSON,
`--extra-dhcp-option` values with commas, `--fixed-ip` and `--allowed-address` pairs,
`--hint` aliases)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ostack import exceptions
from ostack.cli import lookups
from ostack.cli.columns import AdminStateColumn, DictColumn, ListColumn, ListDictColumn
from ostack.cli.declare import Column, MultiKeyValueAction


class JSONKeyValueAction(argparse.Action):
    """`--binding-profile`: a JSON object or one `key=value`, merged into a dict."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        found = getattr(namespace, self.dest, None)
        if found is None:
            found = {}
            setattr(namespace, self.dest, found)
        try:
            found.update(json.loads(values))
        except ValueError as exc:
            if "=" not in values:
                raise argparse.ArgumentError(
                    self, f"Expected '<key>=<value>' or JSON data for option {option_string}, "
                          f"but encountered JSON parsing error: {exc}") from None
            key, _, value = values.partition("=")
            found[key] = value


class CommaValuesAction(MultiKeyValueAction):
    """`key1=a,b,key2=c`: a part without `=` continues the previous value
    (`--extra-dhcp-option`)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        found = getattr(namespace, self.dest, None)
        if found is None:
            found = []
            setattr(namespace, self.dest, found)
        params: dict[str, str] = {}
        key = ""
        for part in values.split(","):
            if "=" in part:
                key, _, value = part.partition("=")
                if not key:
                    raise argparse.ArgumentError(
                        self, f"A key must be specified before '=': {part}")
                params[key] = value
            elif key in params:
                params[key] = f"{params[key]},{part}"
            else:
                raise argparse.ArgumentError(self, f"A key=value pair is required: {part}")
        self.check(list(params))
        found.append(params)


FIELDS = (
    ("admin_state_up", "is_admin_state_up", AdminStateColumn),
    ("allowed_address_pairs", "allowed_address_pairs", ListDictColumn),
    ("binding_host_id", "binding_host_id", None),
    ("binding_profile", "binding_profile", DictColumn),
    ("binding_vif_details", "binding_vif_details", DictColumn),
    ("binding_vif_type", "binding_vif_type", None),
    ("binding_vnic_type", "binding_vnic_type", None),
    ("created_at", "created_at", None), ("data_plane_status", "data_plane_status", None),
    ("description", "description", None), ("device_id", "device_id", None),
    ("device_owner", "device_owner", None), ("device_profile", "device_profile", None),
    ("dns_assignment", "dns_assignment", ListDictColumn), ("dns_domain", "dns_domain", None),
    ("dns_name", "dns_name", None), ("extra_dhcp_opts", "extra_dhcp_opts", ListDictColumn),
    ("fixed_ips", "fixed_ips", ListDictColumn),
    ("hardware_offload_type", "hardware_offload_type", None),
    ("hints", lambda port: port.get("hints", ""), None), ("id", "id", None),
    ("ip_allocation", "ip_allocation", None), ("mac_address", "mac_address", None),
    ("name", "name", None), ("network_id", "network_id", None),
    ("numa_affinity_policy", "numa_affinity_policy", None),
    ("port_security_enabled", "is_port_security_enabled", None),
    ("project_id", "project_id", None),
    ("propagate_uplink_status", "propagate_uplink_status", None),
    ("pvlan_type", "pvlan_type", None), ("pvlan_community", "pvlan_community", None),
    ("resource_request", "resource_request", None),
    ("revision_number", "revision_number", None),
    ("qos_network_policy_id", "qos_network_policy_id", None),
    ("qos_policy_id", "qos_policy_id", None),
    ("security_group_ids", "security_group_ids", ListColumn), ("status", "status", None),
    ("tags", "tags", ListColumn), ("trunk_details", "trunk_details", None),
    ("trusted", "trusted", None), ("updated_at", "updated_at", None),
)
SHOW = tuple(Column(header, source, formatter) for header, source, formatter in FIELDS)


class SubPortColumn(ListDictColumn):
    """A port's trunk subports (from `trunk_details`)."""

    def __init__(self, value: Any) -> None:
        super().__init__(value.get("sub_ports") if isinstance(value, dict) else value)


def fixed_ips(conn: Any, specs: list[dict[str, str]] | None) -> list[dict[str, str]]:
    """`--fixed-ip` values as Neutron takes them (`subnet_id`, `ip_address`)."""
    out = []
    for spec in specs or []:
        ip: dict[str, str] = {}
        for key, value in spec.items():
            if key == "subnet":
                if value:
                    ip["subnet_id"] = lookups.find_id(conn, "network.subnet", value)
                else:
                    ip[key] = value
            elif key == "ip-address":
                ip["ip_address"] = value
            else:
                ip[key] = value
        out.append(ip)
    return out


def address_pairs(pairs: list[dict[str, str]]) -> list[dict[str, str]]:
    out = []
    for pair in pairs:
        item = {"ip_address": pair["ip-address"]}
        if "mac-address" in pair:
            item["mac_address"] = pair["mac-address"]
        out.append(item)
    return out


def dhcp_options(options: list[dict[str, str]]) -> list[dict[str, str]]:
    out = []
    for option in options:
        item = {"opt_name": option["name"]}
        if "value" in option:
            item["opt_value"] = option["value"]
        if "ip-version" in option:
            item["ip_version"] = option["ip-version"]
        out.append(item)
    return out


HINTS = ({}, {"ovs-tx-steering": "thread"}, {"ovs-tx-steering": "hash"},
          {"openvswitch": {"other_config": {"tx-steering": "thread"}}},
          {"openvswitch": {"other_config": {"tx-steering": "hash"}}})


def port_hints(service: Any, hints: dict[str, Any]) -> dict[str, Any]:
    """`--hint`s checked and expanded, after checking the extensions they need."""
    if hints not in HINTS:
        raise exceptions.OstackError("Invalid value to --hints, see --help for valid values.")
    if "ovs-tx-steering" in hints:
        hints = {"openvswitch": {"other_config": {"tx-steering": hints["ovs-tx-steering"]}}}
    needed = ["port-hints"]
    if "tx-steering" in hints.get("openvswitch", {}).get("other_config", {}):
        needed.append("port-hint-ovs-tx-steering")
    for alias in needed:
        try:
            service.find_extension(alias, ignore_missing=False)
        except exceptions.OstackError as exc:
            raise exceptions.OstackError(f"Not supported by Network API: {exc}") from None
    return hints
