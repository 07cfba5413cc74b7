"""`/v2.0/extensions`: the API extensions this cloud really implements (clients decide what to
offer from this list)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..routing import GET, RouteTable
from ..service import authenticate, json_response
from .exceptions import NeutronError

# alias -> (name, description, updated)
EXTENSIONS = {
    "address-group": ("Address group", "Support address group", "2020-07-15T10:00:00-00:00"),
    "address-scope": ("Address scope", "Address scopes extension.",
                      "2015-07-26T10:00:00-00:00"),
    "floating-ip-port-forwarding": ("Floating IP Port Forwarding", "Provide a way to "
                                    "configure port forwarding on Floating IP",
                                    "2018-06-25T10:00:00-00:00"),
    "floating-ip-port-forwarding-description": (
        "Floating IP Port Forwarding new attribute description", "Add a description field "
        "to Port Forwarding rules", "2019-11-01T10:00:00-00:00"),
    "floating-ip-port-forwarding-port-ranges": (
        "Floating IP Port Forwarding support port ranges", "Add suport to port ranges on "
        "floating IP port forwarding.", "2022-01-01T10:00:00-00:00"),
    "network-segment-range": ("Neutron Network Segment Range", "Provides support for the "
                              "network segment range management",
                              "2018-11-29T00:00:00-00:00"),
    "rbac-address-group": ("Add address_group type to RBAC", "Add address_group type to "
                           "RBAC", "2021-02-22T00:00:00-00:00"),
    "rbac-address-scope": ("Add address_scope type to RBAC", "Add address_scope type to "
                           "RBAC", "2018-04-10T00:00:00-00:00"),
    "rbac-policies": ("RBAC Policies", "Allows creation and modification of policies that "
                      "control tenant access to resources.", "2015-06-17T12:15:12-00:00"),
    "rbac-security-groups": ("Add security_group type to network RBAC", "Add security_group "
                             "type to network RBAC", "2019-04-26T00:00:00-00:00"),
    "rbac-subnetpool": ("Add subnetpool type to RBAC", "Add subnetpool type to RBAC",
                        "2019-12-04T00:00:00-00:00"),
    "security-groups-default-rules": ("Default rules for security groups", "Configure set of "
                                      "security group rules used as default rules for every "
                                      "new security group", "2022-12-19T10:00:00-00:00"),
    "segment": ("Segment", "Segments extension.", "2016-02-24T17:00:00-00:00"),
    "standard-attr-segment": ("Standard Attribute Segment Extension", "Add standard "
                              "attributes to Segment resource", "2018-03-19T10:00:00-00:00"),
    "trunk": ("Trunk Extension", "Provides support for trunk ports",
              "2015-01-01T10:00:00-00:00"),
    "agent": ("agent", "The agent management extension.", "2013-02-03T10:00:00-00:00"),
    "dhcp_agent_scheduler": ("DHCP Agent Scheduler", "Schedule networks among dhcp agents",
                             "2013-02-07T10:00:00-00:00"),
    "l3_agent_scheduler": ("L3 Agent Scheduler", "Schedule routers among l3 agents",
                           "2013-02-07T10:00:00-00:00"),
    "allowed-address-pairs": ("Allowed Address Pairs", "Provides allowed address pairs",
                              "2013-07-23T10:00:00-00:00"),
    "auto-allocated-topology": ("Auto Allocated Topology Services", "Auto Allocated "
                                "Topology Services.", "2016-01-01T00:00:00-00:00"),
    "availability_zone": ("Availability Zone", "The availability zone extension.",
                          "2015-01-01T10:00:00-00:00"),
    "binding": ("Port Binding", "Expose port bindings of a virtual port to external "
                "application", "2014-02-03T10:00:00-00:00"),
    "default-subnetpools": ("Default Subnetpools", "Provides ability to mark and use a "
                            "subnetpool as the default.", "2016-02-18T18:00:00-00:00"),
    "ext-gw-mode": ("Neutron L3 Configurable external gateway mode",
                    "Extension of the router abstraction for specifying whether SNAT should "
                    "occur on the external gateway", "2013-03-28T10:00:00-00:00"),
    "external-net": ("Neutron external network", "Adds external network attribute to "
                     "network resource.", "2013-01-14T10:00:00-00:00"),
    "extra_dhcp_opt": ("Neutron Extra DHCP options", "Extra options configuration for DHCP. "
                       "For example PXE boot options to DHCP clients can be specified (e.g. "
                       "tftp-server, server-ip-address, bootfile-name)",
                       "2013-03-17T12:00:00-00:00"),
    "extraroute": ("Neutron Extra Route", "Extra routes configuration for L3 router",
                   "2013-02-01T10:00:00-00:00"),
    "extraroute-atomic": ("Atomically add/remove extra routes",
                          "Edit extra routes of a router on server side by atomically "
                          "adding/removing extra routes", "2019-07-10T00:00:00-00:00"),
    "filter-validation": ("Filter parameters validation", "Provides validation on filter "
                          "parameters.", "2018-03-21T10:00:00-00:00"),
    "fip-port-details": ("Floating IP Port Details Extension", "Add port_details attribute "
                         "to Floating IP resource", "2018-04-09T10:00:00-00:00"),
    "flavors": ("Neutron Service Flavors", "Flavor specification for Neutron advanced "
                "services.", "2015-09-17T10:00:00-00:00"),
    "ip-substring-filtering": ("IP address substring filtering", "Provides IP address "
                               "substring filtering when listing ports",
                               "2017-11-28T09:00:00-00:00"),
    "l3-conntrack-helper": ("Router conntrack helper", "Router conntrack helpers",
                            "2019-04-08T10:00:00-00:00"),
    "l3-ndp-proxy": ("Router support for NDP proxy", "Router support for NDP proxy",
                     "2021-07-29T10:00:00-00:00"),
    "local_ip": ("Local IP", "Support Local IPs for ports.", "2021-08-02T10:00:00-00:00"),
    "metering": ("Neutron Metering", "Neutron Metering extension.",
                 "2013-06-12T10:00:00-00:00"),
    "metering_source_and_destination_fields": (
        "Neutron Metering with source and destination filtering", "Neutron Metering extension "
        "that enables the use of source and destination IP prefixes in the metering label "
        "rules.", "2020-08-20T10:00:00-00:00"),
    "net-mtu": ("Network MTU", "Provides MTU attribute for a network resource.",
                "2015-03-25T10:00:00-00:00"),
    "pagination": ("Pagination support", "Extension that indicates that pagination is "
                   "enabled.", "2016-06-12T00:00:00-00:00"),
    "port-security": ("Port Security", "Provides port security",
                      "2012-07-23T10:00:00-00:00"),
    "port-security-groups-filtering": ("Port filtering on security groups",
                                       "Provides security groups filtering when listing "
                                       "ports", "2018-01-09T09:00:00-00:00"),
    "project-id": ("project_id field enabled", "Extension that indicates that project_id "
                   "field is enabled.", "2016-09-09T09:09:09-09:09"),
    "provider": ("Provider Network", "Expose mapping of virtual networks to physical "
                 "networks", "2012-09-07T10:00:00-00:00"),
    "qos": ("Quality of Service", "The Quality of Service extension.",
            "2015-06-08T10:00:00-00:00"),
    "qos-default": ("QoS default policy", "Expose the QoS default policy per project",
                    "2017-041-06T10:00:00-00:00"),
    "qos-rule-type-details": ("Details of QoS rule types", "Expose details about QoS rule "
                              "types supported by loaded backend drivers",
                              "2017-06-22T10:00:00-00:00"),
    "qos-bw-limit-direction": ("Direction for QoS bandwidth limit rule", "Allow to configure "
                               "QoS bandwidth limit rule with specific direction: ingress or "
                               "egress", "2017-04-10T10:00:00-00:00"),
    "qos-bw-minimum-ingress": ("QoS minimum bandwidth rule ingress direction", "Allow to "
                               "configure QoS minumum bandwidth rule with ingress direction.",
                               "2018-07-09T10:00:00-00:00"),
    "qos-pps-minimum": ("QoS minimum packet rate rule", "Introduce minimum packet rate QoS "
                        "rule", "2021-05-27T10:00:00-00:00"),
    "quota_details": ("Quota details management support", "Expose functions for quotas usage "
                      "statistics per project", "2017-02-10T10:00:00-00:00"),
    "quotas": ("Quota management support", "Expose functions for quotas management per "
               "project", "2012-07-29T10:00:00-00:00"),
    "router": ("Neutron L3 Router", "Router abstraction for basic L3 forwarding between L2 "
               "Neutron networks and access to external networks via a NAT gateway.",
               "2012-07-20T10:00:00-00:00"),
    "subnet_allocation": ("Subnet Allocation", "Enables allocation of subnets from a subnet "
                          "pool", "2015-03-30T10:00:00-00:00"),
    "subnetpool-prefix-ops": ("Subnet Pool Prefix Operations", "Provides support for "
                              "adjusting the prefix list of subnet pools",
                              "2019-02-08T10:00:00-00:00"),
    "subnet_onboard": ("Subnet Onboard", "Provides support for onboarding subnets into "
                       "subnet pools", "2018-12-13T10:00:00-00:00"),
    "network-ip-availability": ("Network IP Availability", "Provides IP availability data "
                                "for each network and subnet.", "2015-09-24T00:00:00-00:00"),
    "subnet-external-network": ("Subnet External Network", "Informs if the subnet is "
                                "external or not", "2021-05-24T10:00:00-00:00"),
    "security-group": ("security-group", "The security groups extension.",
                       "2012-10-05T10:00:00-00:00"),
    "security-groups-default-statefulness": (
        "Security groups default statefulness", "Allows to set the default statefulness of "
        "security groups, system-wide or per project", "2025-01-15T10:00:00-00:00"),
    "service-type": ("Neutron Service Type Management", "API for retrieving service "
                     "providers for Neutron advanced services", "2013-01-20T00:00:00-00:00"),
    "sorting": ("Sorting support", "Extension that indicates that sorting is enabled.",
                "2016-06-12T00:00:00-00:00"),
    "standard-attr-description": ("standard-attr-description", "Extension to add descriptions "
                                  "to standard attributes", "2016-02-10T10:00:00-00:00"),
    "standard-attr-revisions": ("Resource revision numbers", "This extension will display "
                                "the revision number of neutron resources.",
                                "2016-04-11T10:00:00-00:00"),
    "standard-attr-tag": ("Tag support for resources with standard attribute: subnet, "
                          "trunk, network_segment_range, router, network, policy, subnetpool, "
                          "port, security_group, floatingip", "Enables to set tag on "
                          "resources with standard attribute.", "2017-01-01T00:00:00-00:00"),
    "standard-attr-timestamp": ("Resource timestamps", "Adds created_at and updated_at fields "
                                "to all Neutron resources that have Neutron standard "
                                "attributes.", "2016-09-12T10:00:00-00:00"),
    "stateful-security-group": ("Stateful security group", "Indicates if the security group "
                                "is stateful or not", "2019-11-26T09:00:00-00:00"),
}


def _extension(alias: str) -> dict[str, object]:
    name, description, updated = EXTENSIONS[alias]
    return {"alias": alias, "name": name, "description": description, "updated": updated,
            "links": []}


async def list_extensions(request: Request) -> Response:
    authenticate(request)  # no policy: any token, whatever its scope
    return json_response({"extensions": [_extension(a) for a in sorted(EXTENSIONS)]})


async def show_extension(request: Request) -> Response:
    authenticate(request)
    alias = request.path_params["alias"]
    if alias not in EXTENSIONS:
        raise NeutronError(f"Extension with alias {alias} does not exist", "HTTPNotFound", 404)
    return json_response({"extension": _extension(alias)})


ROUTES: RouteTable = (
    ("/extensions", list_extensions, GET),
    ("/extensions/{alias}", show_extension, GET),
)
