"""`conn.network`: the Networking API v2.0 (Neutron), made from its resources' declarations.

Neutron updates with PUT and answers `{"<resource>": {...}}`, as the generic proxy expects, so
no flow is written by hand yet.
"""

from __future__ import annotations

from ostack.network.availability_zones import AvailabilityZone
from ostack.network.cleanup import NetworkCleanup
from ostack.network.extensions import Extension
from ostack.network.floating_ips import FloatingIP
from ostack.network.networks import Network
from ostack.network.ports import Port
from ostack.network.quotas import Quota, QuotaActions
from ostack.network.routers import Router, RouterActions
from ostack.network.security_groups import SecurityGroup
from ostack.network.subnets import Subnet
from ostack.proxy import ServiceProxy


class NetworkService(QuotaActions, RouterActions, NetworkCleanup, ServiceProxy):
    """The Networking service (Neutron v2.0)."""

    service_type = "network"
    resources = (Network, Port, FloatingIP, SecurityGroup)
    resources += (Subnet, Router, Quota, AvailabilityZone, Extension)
