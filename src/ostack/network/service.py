"""`conn.network`: the Networking API v2.0 (Neutron), made from its resources' declarations.

Neutron updates with PUT and answers `{"<resource>": {...}}`, as the generic proxy expects, so
no flow is written by hand yet.
"""

from __future__ import annotations

from ostack.network.address_groups import AddressGroup, AddressGroupActions
from ostack.network.address_scopes import AddressScope
from ostack.network.agents import AGENT_RESOURCES, AgentActions
from ostack.network.availability_zones import AvailabilityZone
from ostack.network.cleanup import NetworkCleanup
from ostack.network.conntrack_helpers import ConntrackHelper
from ostack.network.default_statefulness import SecurityGroupsDefaultStatefulness
from ostack.network.extensions import Extension
from ostack.network.flavors import Flavor, FlavorActions, ServiceProfile
from ostack.network.floating_ips import FloatingIP
from ostack.network.ip_availability import NetworkIPAvailability
from ostack.network.local_ips import LOCAL_IP_RESOURCES
from ostack.network.metering import METERING_RESOURCES
from ostack.network.ndp_proxies import NDPProxy
from ostack.network.networks import Network
from ostack.network.port_forwardings import PortForwarding, PortForwardingActions
from ostack.network.ports import Port
from ostack.network.qos import QOS_RESOURCES
from ostack.network.quotas import Quota, QuotaActions
from ostack.network.rbac_policies import RBACPolicy
from ostack.network.routers import Router, RouterActions
from ostack.network.security_group_rules import DefaultSecurityGroupRule, SecurityGroupRule
from ostack.network.security_groups import SecurityGroup
from ostack.network.segments import NetworkSegmentRange, Segment
from ostack.network.service_providers import (
    AutoAllocatedTopologyActions,
    ServiceProvider,
)
from ostack.network.subnet_pools import SubnetPool, SubnetPoolActions
from ostack.network.subnets import Subnet
from ostack.network.tags import TagActions
from ostack.network.trunks import Trunk, TrunkActions
from ostack.proxy import ServiceProxy


class NetworkService(QuotaActions, RouterActions, TagActions, NetworkCleanup,
                     AddressGroupActions, TrunkActions, PortForwardingActions,
                     SubnetPoolActions, AgentActions,
                     AutoAllocatedTopologyActions, FlavorActions, ServiceProxy):
    """The Networking service (Neutron v2.0)."""

    service_type = "network"
    resources = (Network, Port, FloatingIP, SecurityGroup)
    resources += (Subnet, Router, Quota, AvailabilityZone, Extension)
    resources += (SubnetPool, NetworkIPAvailability)
    resources += (SecurityGroupRule, DefaultSecurityGroupRule, AddressScope, AddressGroup,
                  Segment, NetworkSegmentRange, RBACPolicy, Trunk, PortForwarding)
    resources += QOS_RESOURCES
    resources += AGENT_RESOURCES
    resources += (ServiceProvider,)
    resources += METERING_RESOURCES
    resources += (Flavor, ServiceProfile)
    resources += LOCAL_IP_RESOURCES
    resources += (NDPProxy,)
    resources += (ConntrackHelper,)
    resources += (SecurityGroupsDefaultStatefulness,)
