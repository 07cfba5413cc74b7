"""`port create|delete|list|set|show|unset`, as the official client prints them, with its
irregular grammar: `--fixed-ip subnet=...,ip-address=...`, `--allowed-address`,
`--binding-profile` (key=value or JSON), `--security-group` / `--no-security-group`."""

from __future__ import annotations

import argparse
from typing import Any

from ostack import exceptions
from ostack.cli import extra_properties, lookups, tags
from ostack.cli.columns import ListColumn, ListDictColumn
from ostack.cli.declare import (
    Arg,
    Column,
    MultiKeyValueAction,
    Option,
    marker_pagination,
    on_off,
    project_options,
)
from ostack.cli.generic import (
    ResourceCreate,
    ResourceDelete,
    ResourceList,
    ResourceSet,
    ResourceShow,
)
from ostack.cli.port_fields import (
    SHOW,
    CommaValuesAction,
    JSONKeyValueAction,
    SubPortColumn,
    address_pairs,
    dhcp_options,
    fixed_ips,
    port_hints,
)

RESOURCE = "network.port"


VNIC_TYPES = ("accelerator-direct", "accelerator-direct-physical", "direct", "direct-physical",
              "macvtap", "normal", "baremetal", "virtio-forwarder", "smart-nic", "vdpa",
              "remote-managed")


def _updatable(create: bool) -> tuple[Option, ...]:
    """The options `port create` and `port set` share."""
    return (
        Option("--description", metavar="<description>", help="description of this port"),
        Option("--device", metavar="<device-id>", help="port device ID"),
        Option("--mac-address", metavar="<mac-address>",
               help="MAC address of this port" + ("" if create else " (admin only)")),
        Option("--device-owner", metavar="<device-owner>",
               help="device owner of this port (the entity that uses the port, for example "
                    "network:dhcp)"),
        Option("--vnic-type", metavar="<vnic-type>", choices=VNIC_TYPES,
               help="VNIC type for this port (" + " | ".join(VNIC_TYPES) + ") (default: "
                    "normal)"),
        Option("--host", metavar="<host-id>", help="allocate port on host <host-id> (ID only)"),
        Option("--dns-domain", metavar="dns-domain",
               help="set DNS domain to this port (requires dns_domain extension for ports)"),
        Option("--dns-name", metavar="<dns-name>",
               help="set DNS name for this port (requires DNS integration extension)"),
        Option("--numa-policy-required", action="store_true", group="numa",
               help="NUMA affinity policy required to schedule this port"),
        Option("--numa-policy-preferred", action="store_true", group="numa",
               help="NUMA affinity policy preferred to schedule this port"),
        Option("--numa-policy-socket", action="store_true", group="numa",
               help="NUMA affinity policy socket to schedule this port"),
        Option("--numa-policy-legacy", action="store_true", group="numa",
               help="NUMA affinity policy using legacy mode to schedule this port"),
        Option("--hint", metavar="<alias=value>", action=JSONKeyValueAction, default={},
               help="port hints as ALIAS=VALUE or as JSON (requires port-hints extension; "
                    "repeat option to set multiple hints)"),
        *on_off("--trusted", "--not-trusted", "trusted", "set port to be trusted",
                "set port to be not trusted"),
        Option("--pvlan-type", metavar="<type>", choices=["promiscuous", "isolated", "community"],
               dest="pvlan_type", help="set Private VLAN type for this port"),
        Option("--pvlan-community", metavar="<community>", dest="pvlan_community",
               help="set PVLAN community name for this port"),
    )


def _fixed_ip(group: str | None = None) -> Option:
    return Option("--fixed-ip", metavar="subnet=<subnet>,ip-address=<ip-address>",
                  action=MultiKeyValueAction, default=None, group=group,
                  optional_keys=("subnet", "ip-address"),
                  help="desired IP and/or subnet for this port (name or ID): subnet=<subnet>,"
                       "ip-address=<ip-address> (repeat option to set multiple fixed IP "
                       "addresses)")
BINDING_PROFILE = Option("--binding-profile", metavar="<binding-profile>",
                         action=JSONKeyValueAction,
                         help="custom data to be passed as binding:profile, as <key>=<value> "
                              "or JSON (repeatable)")
ALLOWED_ADDRESS = Option("--allowed-address",
                         metavar="ip-address=<ip-address>[,mac-address=<mac-address>]",
                         action=MultiKeyValueAction, default=None,
                         dest="allowed_address_pairs", required_keys=("ip-address",),
                         optional_keys=("mac-address",),
                         help="add allowed-address pair associated with this port: "
                              "ip-address=<ip-address>[,mac-address=<mac-address>] "
                              "(repeatable)")
EXTRA_DHCP = Option("--extra-dhcp-option",
                    metavar="name=<name>[,value=<value>,ip-version={4,6}]",
                    action=CommaValuesAction, dest="extra_dhcp_options",
                    required_keys=("name",), optional_keys=("value", "ip-version"),
                    help="extra DHCP options to be assigned to this port: name=<name>"
                         "[,value=<value>,ip-version={4,6}] (repeatable)")
UPLINK = on_off("--enable-uplink-status-propagation", "--disable-uplink-status-propagation",
                "uplink", "enable uplink status propagation", "disable uplink status propagation")


def _attrs(command: Any, args: argparse.Namespace) -> dict[str, Any]:
    """The body of a create or set, from the options both share."""
    attrs: dict[str, Any] = {}
    for key, dest in (("description", "description"), ("device_owner", "device_owner"),
                      ("binding:vnic_type", "vnic_type"), ("mac_address", "mac_address"),
                      ("dns_domain", "dns_domain"), ("dns_name", "dns_name"),
                      ("name", "name")):
        if getattr(args, dest) is not None:
            attrs[key] = getattr(args, dest)
    if args.device:
        attrs["device_id"] = args.device
    if args.enable:
        attrs["admin_state_up"] = True
    if args.disable:
        attrs["admin_state_up"] = False
    if args.host:
        attrs["binding:host_id"] = args.host
    if getattr(args, "network", None) is not None:
        attrs["network_id"] = args.network
    if getattr(args, "project", None) is not None:
        attrs["project_id"] = lookups.project_id(command.conn, args.project,
                                                 args.project_domain)
    if args.disable_port_security:
        attrs["port_security_enabled"] = False
    if args.enable_port_security:
        attrs["port_security_enabled"] = True
    if getattr(args, "qos_policy", None):
        attrs["qos_policy_id"] = lookups.find_id(command.conn, "network.qos_policy",
                                                 args.qos_policy)
    if args.enable_uplink_status_propagation:
        attrs["propagate_uplink_status"] = True
    if args.disable_uplink_status_propagation:
        attrs["propagate_uplink_status"] = False
    for policy in ("required", "preferred", "socket", "legacy"):
        if getattr(args, f"numa_policy_{policy}"):
            attrs["numa_affinity_policy"] = policy
            break
    if getattr(args, "device_profile", None):
        attrs["device_profile"] = args.device_profile
    if getattr(args, "hardware_offload_type", None):
        attrs["hardware_offload_type"] = args.hardware_offload_type
    if args.not_trusted:
        attrs["trusted"] = False
    if args.trusted:
        attrs["trusted"] = True
    if args.pvlan_type is not None:
        attrs["pvlan_type"] = args.pvlan_type
    if args.pvlan_community is not None:
        attrs["pvlan_community"] = args.pvlan_community
    if (attrs.get("pvlan_type") or attrs.get("pvlan_community")) and attrs.get(
            "port_security_enabled") is False:
        raise exceptions.OstackError(
            "PVLAN attributes cannot be set when port security is disabled.")
    if attrs.get("pvlan_type") == "community" and not attrs.get("pvlan_community"):
        raise exceptions.OstackError(
            "--pvlan-community is required when --pvlan-type is 'community'.")
    return attrs


def _check_pvlan_network(attrs: dict[str, Any], network: Any) -> None:
    if (attrs.get("pvlan_type") or attrs.get("pvlan_community")) and not network.pvlan:
        raise exceptions.OstackError(
            "PVLAN attributes cannot be set on a port whose network does not have PVLAN "
            "enabled.")


class CreatePort(ResourceCreate):
    """Create a new port."""

    name = "port create"
    resource = RESOURCE
    show_columns = SHOW
    options = (
        extra_properties.option(),
        Option("--network", metavar="<network>", required=True,
               help="network this port belongs to (name or ID)"),
        *_updatable(create=True),
        _fixed_ip("fixed_ip"),
        Option("--no-fixed-ip", action="store_true", group="fixed_ip",
               help="no IP or subnet set for this port"),
        BINDING_PROFILE,
        *on_off("--enable", "--disable", "admin", "enable port (default)", "disable port",
                default=True),
        *UPLINK,
        *project_options("owner's project (name or ID)"),
        Arg("name", metavar="<name>", help="name of this port"),
        EXTRA_DHCP,
        Option("--security-group", metavar="<security-group>", action="append",
               dest="security_groups", group="security_group",
               help="security group to associate with this port (name or ID) (repeatable)"),
        Option("--no-security-group", action="store_const", const=[], dest="security_groups",
               group="security_group", help="associate no security groups with this port"),
        Option("--qos-policy", metavar="<qos-policy>",
               help="attach QoS policy to this port (name or ID)"),
        *on_off("--enable-port-security", "--disable-port-security", "port_security",
                "enable port security for this port (default)",
                "disable port security for this port"),
        ALLOWED_ADDRESS,
        Option("--device-profile", metavar="<device-profile>", help="port device profile"),
        Option("--hardware-offload-type", metavar="<hardware-offload-type>",
               dest="hardware_offload_type",
               help="hardware offload type this port will request when attached to the "
                    "network backend"),
        *tags.create_options("port"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        service = self.service
        network = service.find_network(args.network, ignore_missing=False)
        args.network = network.id
        attrs = _attrs(self, args)
        if args.binding_profile is not None:
            attrs["binding:profile"] = args.binding_profile
        if args.fixed_ip:
            attrs["fixed_ips"] = fixed_ips(self.conn, args.fixed_ip)
        elif args.no_fixed_ip:
            attrs["fixed_ips"] = []
        if args.security_groups is not None:
            attrs["security_groups"] = [
                lookups.find_id(self.conn, "network.security_group", group)
                for group in args.security_groups]
        if args.allowed_address_pairs:
            attrs["allowed_address_pairs"] = address_pairs(args.allowed_address_pairs)
        if args.extra_dhcp_options:
            attrs["extra_dhcp_opts"] = dhcp_options(args.extra_dhcp_options)
        if args.hint:
            attrs["hints"] = port_hints(service, args.hint)
        in_post = service.find_extension("tag-ports-during-bulk-creation") is not None
        if in_post:
            if args.no_tag:
                attrs["tags"] = []
            if args.tags:
                attrs["tags"] = sorted(set(args.tags))
        attrs.update(extra_properties.values(args))
        _check_pvlan_network(attrs, network)
        port = service.create_port(**attrs)
        if not in_post:
            port = tags.apply_set(service, port, args)
        return self.show(port)


class DeletePort(ResourceDelete):
    """Delete port(s)."""

    name = "port delete"
    resource = RESOURCE
    options = (Arg("port", metavar="<port>", nargs="+", help="port(s) to delete (name or ID)"),)


class ListPort(ResourceList):
    """List ports."""

    name = "port list"
    resource = RESOURCE
    limit_is_page_size = True
    options = (
        Option("--device-owner", metavar="<device-owner>", query="device_owner",
               help="list only ports with the specified device owner (for example, "
                    "network:dhcp)"),
        Option("--host", metavar="<host-id>", query="binding_host_id",
               help="list only ports bound to this host ID"),
        Option("--network", metavar="<network>", query="network_id", lookup="network.network",
               help="list only ports connected to this network (name or ID)"),
        Option("--router", metavar="<router>", dest="router", group="device",
               query="device_id", lookup="network.router",
               help="list only ports attached to this router (name or ID)"),
        Option("--server", metavar="<server>", group="device", query="device_id",
               lookup="compute.server",
               help="list only ports attached to this server (name or ID)"),
        Option("--device-id", metavar="<device-id>", group="device", query="device_id",
               help="list only ports with the specified device ID"),
        Option("--mac-address", metavar="<mac-address>", query="mac_address",
               help="list only ports with the specified MAC address"),
        Option("--long", action="store_true", help="list additional fields in output"),
        Option("--project", metavar="<project>",
               help="list only ports with the specified project (name or ID)"),
        Option("--pvlan-type", metavar="<type>",
               help="list only ports with the specified PVLAN type"),
        Option("--pvlan-community", metavar="<community-name>",
               help="list only ports within a specified PVLAN community"),
        Option("--pvlan", action="store_true", group="pvlan",
               help="list only ports with PVLAN enabled"),
        Option("--no-pvlan", action="store_true", group="pvlan",
               help="list only ports with PVLAN disabled"),
        Option("--name", metavar="<name>", query="name",
               help="list only ports with the specified name"),
        Option("--security-group", action="append", dest="security_groups",
               metavar="<security-group>", query="security_group_ids",
               help="list only ports associated with this security group"),
        Option("--status", metavar="<status>", choices=("ACTIVE", "BUILD", "DOWN", "ERROR"),
               query="status",
               help="list only ports with the specified status ('ACTIVE', 'BUILD', 'DOWN', "
                    "'ERROR')"),
        project_options("")[1],
        Option("--fixed-ip",
               metavar="subnet=<subnet>,ip-address=<ip-address>,ip-substring=<ip-substring>",
               action=MultiKeyValueAction, default=None,
               optional_keys=("subnet", "ip-address", "ip-substring"),
               help="desired IP and/or subnet for filtering ports (name or ID) (repeatable)"),
        *tags.list_options("ports"),
        *marker_pagination(),
    )

    def columns_for(self, args: argparse.Namespace) -> tuple[Column, ...]:
        columns = (Column("ID", "id"), Column("Name", "name"),
                   Column("MAC Address", "mac_address"),
                   Column("Fixed IP Addresses", "fixed_ips", ListDictColumn),
                   Column("Status", "status"))
        if args.pvlan or args.no_pvlan or args.pvlan_type is not None or (
                args.pvlan_community is not None):
            columns += (Column("PVLAN Type", "pvlan_type"),
                        Column("PVLAN Community", "pvlan_community"))
        if args.long:
            columns += (Column("Security Groups", "security_group_ids", ListColumn),
                        Column("Device Owner", "device_owner"),
                        Column("Tags", "tags", ListColumn),
                        Column("Trunk subports", "trunk_details", SubPortColumn))
        return columns

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        query = super().query(args)
        query["project_id"] = lookups.project_of(self.conn, args)
        if args.fixed_ip:
            filters = []
            for spec in args.fixed_ip:
                if spec.get("subnet"):
                    filters.append("subnet_id=" + lookups.find_id(
                        self.conn, "network.subnet", spec["subnet"]))
                if "ip-address" in spec:
                    filters.append(f"ip_address={spec['ip-address']}")
                if "ip-substring" in spec:
                    filters.append(f"ip_address_substr={spec['ip-substring']}")
            query["fixed_ips"] = filters
        fields = ["id", "name", "mac_address", "fixed_ips", "status"]
        if args.pvlan or args.no_pvlan or args.pvlan_type is not None or (
                args.pvlan_community is not None):
            fields += ["pvlan_type", "pvlan_community"]
        if args.long:
            fields += ["security_groups", "device_owner", "tags", "trunk_details"]
        query["fields"] = fields
        return query

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        ports = super().items(args, query)
        # Neutron has no such filters: openstacksdk matches them on each port itself.
        for name in ("pvlan_type", "pvlan_community"):
            if getattr(args, name) is not None:
                ports = [p for p in ports if p.get(name) == getattr(args, name)]
        if args.pvlan:
            return (p for p in ports if p.pvlan_type is not None)
        if args.no_pvlan:
            return (p for p in ports if p.pvlan_type is None)
        return ports


class ShowPort(ResourceShow):
    """Display port details."""

    name = "port show"
    resource = RESOURCE
    show_columns = SHOW
    options = (Arg("port", metavar="<port>", help="port to display (name or ID)"),)


class SetPort(ResourceSet):
    """Set port properties."""

    name = "port set"
    resource = RESOURCE
    options = (
        extra_properties.option(),
        *_updatable(create=False),
        *on_off("--enable", "--disable", "admin", "enable port", "disable port"),
        Option("--name", metavar="<name>", help="set port name"),
        _fixed_ip(),
        Option("--no-fixed-ip", action="store_true",
               help="clear existing information of fixed IP addresses; specify both "
                    "--fixed-ip and --no-fixed-ip to overwrite the current fixed IP addresses"),
        BINDING_PROFILE,
        Option("--no-binding-profile", action="store_true",
               help="clear existing information of binding:profile"),
        Option("--qos-policy", metavar="<qos-policy>",
               help="attach QoS policy to this port (name or ID)"),
        Arg("port", metavar="<port>", help="port to modify (name or ID)"),
        Option("--security-group", metavar="<security-group>", action="append",
               dest="security_groups",
               help="security group to associate with this port (name or ID) (repeatable)"),
        Option("--no-security-group", dest="no_security_group", action="store_true",
               help="clear existing security groups associated with this port"),
        *on_off("--enable-port-security", "--disable-port-security", "port_security",
                "enable port security for this port", "disable port security for this port"),
        ALLOWED_ADDRESS,
        Option("--no-allowed-address", dest="no_allowed_address_pair", action="store_true",
               help="clear existing allowed-address pairs associated with this port"),
        EXTRA_DHCP,
        Option("--data-plane-status", metavar="<status>", choices=["ACTIVE", "DOWN"],
               help="set data plane status of this port (ACTIVE | DOWN) (requires data "
                    "plane status extension)"),
        *UPLINK,
        *tags.set_options("port"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        service = self.service
        fixed = fixed_ips(self.conn, args.fixed_ip)
        port = self.find(args.port)
        attrs = _attrs(self, args)
        if args.no_binding_profile:
            attrs["binding:profile"] = {}
        if args.binding_profile:
            attrs.setdefault("binding:profile", dict(port.binding_profile or {}))
            attrs["binding:profile"].update(args.binding_profile)
        if args.no_fixed_ip:
            attrs["fixed_ips"] = []
        if fixed:
            attrs.setdefault("fixed_ips", [ip for ip in port.fixed_ips or [] if ip])
            attrs["fixed_ips"].extend(fixed)
        if args.no_security_group:
            attrs["security_groups"] = []
        if args.security_groups:
            attrs.setdefault("security_groups", list(port.security_group_ids or []))
            attrs["security_groups"].extend(
                lookups.find_id(self.conn, "network.security_group", group)
                for group in args.security_groups)
        if args.no_allowed_address_pair:
            attrs["allowed_address_pairs"] = []
        if args.allowed_address_pairs:
            attrs.setdefault("allowed_address_pairs",
                             [a for a in port.allowed_address_pairs or [] if a])
            attrs["allowed_address_pairs"].extend(address_pairs(args.allowed_address_pairs))
        if args.extra_dhcp_options:
            attrs["extra_dhcp_opts"] = dhcp_options(args.extra_dhcp_options)
        if args.data_plane_status:
            attrs["data_plane_status"] = args.data_plane_status
        if args.hint:
            attrs["hints"] = port_hints(service, args.hint)
        attrs.update(extra_properties.values(args))
        if attrs.get("pvlan_type") or attrs.get("pvlan_community"):
            _check_pvlan_network(attrs, service.find_network(port.network_id,
                                                             ignore_missing=False))
        if attrs:
            service.update_port(port, **attrs)
        tags.apply_set(service, port, args)
        return 0


class UnsetPort(ResourceSet):
    """Unset port properties."""

    name = "port unset"
    resource = RESOURCE
    options = (
        extra_properties.option(),
        Option("--fixed-ip", metavar="subnet=<subnet>,ip-address=<ip-address>",
               action=MultiKeyValueAction, default=None, optional_keys=("subnet", "ip-address"),
               help="desired IP and/or subnet which should be removed from this port (name or "
                    "ID) (repeatable)"),
        Option("--binding-profile", metavar="<binding-profile-key>", action="append",
               help="desired key which should be removed from binding:profile (repeatable)"),
        Option("--security-group", metavar="<security-group>", action="append",
               dest="security_groups",
               help="security group which should be removed this port (name or ID) "
                    "(repeatable)"),
        Option("--allowed-address",
               metavar="ip-address=<ip-address>[,mac-address=<mac-address>]",
               action=MultiKeyValueAction, default=None, dest="allowed_address_pairs",
               required_keys=("ip-address",), optional_keys=("mac-address",),
               help="desired allowed-address pair which should be removed from this port "
                    "(repeatable)"),
        Option("--qos-policy", action="store_true",
               help="remove the QoS policy attached to the port"),
        Option("--data-plane-status", action="store_true",
               help="clear existing data plane status information"),
        Option("--numa-policy", action="store_true", help="clear existing NUMA affinity policy"),
        Option("--host", action="store_true", help="clear host binding for the port"),
        Option("--hints", action="store_true", help="clear hints for the port"),
        Option("--device", action="store_true", help="clear device ID for the port"),
        Option("--device-owner", action="store_true", help="clear device owner for the port"),
        Option("--pvlan-community", action="store_true", dest="pvlan_community",
               help="clear PVLAN community name for the port"),
        *tags.unset_options("port"),
        Arg("port", metavar="<port>", help="port to modify (name or ID)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        port = self.find(args.port)
        attrs: dict[str, Any] = {}
        if args.fixed_ip:
            left = [dict(ip) for ip in port.fixed_ips or []]
            for ip in fixed_ips(self.conn, args.fixed_ip):
                if ip not in left:
                    raise exceptions.OstackError(f"Port does not contain fixed-ip {ip}")
                left.remove(ip)
            attrs["fixed_ips"] = left
        if args.binding_profile:
            profile = dict(port.binding_profile or {})
            for key in args.binding_profile:
                if key not in profile:
                    raise exceptions.OstackError(
                        f"Port does not contain binding-profile {key}")
                del profile[key]
            attrs["binding:profile"] = profile
        if args.security_groups:
            left = list(port.security_group_ids or [])
            for group in args.security_groups:
                ident = lookups.find_id(self.conn, "network.security_group", group)
                if ident not in left:
                    raise exceptions.OstackError(
                        f"Port does not contain security group {group}")
                left.remove(ident)
            attrs["security_groups"] = left
        if args.allowed_address_pairs:
            left = [dict(a) for a in port.allowed_address_pairs or []]
            for pair in address_pairs(args.allowed_address_pairs):
                if pair not in left:
                    raise exceptions.OstackError(
                        f"Port does not contain allowed-address-pair {pair}")
                left.remove(pair)
            attrs["allowed_address_pairs"] = left
        for flag, key, value in (("qos_policy", "qos_policy_id", None),
                                 ("data_plane_status", "data_plane_status", None),
                                 ("numa_policy", "numa_affinity_policy", None),
                                 ("host", "binding:host_id", None), ("hints", "hints", None),
                                 ("device", "device_id", ""), ("device_owner", "device_owner", ""),
                                 ("pvlan_community", "pvlan_community", None)):
            if getattr(args, flag):
                attrs[key] = value
        attrs.update(extra_properties.values(args, unset=True))
        if attrs:
            self.service.update_port(port, **attrs)
        tags.apply_unset(self.service, port, args)
        return 0
