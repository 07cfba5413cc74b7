"""`conn.compute`: the Compute API v2.1 (Nova), made from its resources' declarations.

What is irregular lives in mixins beside each resource (`ServerOperations`, `ServerActions`,
`FlavorActions` ...); this class only lists them.
"""

from __future__ import annotations

from ostack.compute.agents import AgentActions
from ostack.compute.aggregates import Aggregate, AggregateActions
from ostack.compute.availability_zones import AvailabilityZone, AvailabilityZoneActions
from ostack.compute.cleanup import ComputeCleanup
from ostack.compute.consoles import ConsoleActions, ConsoleAuthToken, ServerRemoteConsole
from ostack.compute.extensions import Extension
from ostack.compute.flavors import Flavor, FlavorActions
from ostack.compute.hosts import HostActions
from ostack.compute.hypervisors import Hypervisor, HypervisorActions
from ostack.compute.instance_actions import ServerAction, ServerActionActions
from ostack.compute.keypairs import Keypair, KeypairActions
from ostack.compute.limits import LimitsActions
from ostack.compute.migrations import Migration
from ostack.compute.quota_sets import QuotaSet, QuotaSetActions
from ostack.compute.server_actions import ServerActions
from ostack.compute.server_groups import ServerGroup, ServerGroupActions
from ostack.compute.server_interfaces import (
    ServerInterface,
    ServerInterfaceActions,
    ServerNetworkActions,
)
from ostack.compute.server_migrations import ServerMigration, ServerMigrationActions
from ostack.compute.server_shares import ServerShare, ServerShareActions
from ostack.compute.servers import Server, ServerOperations
from ostack.compute.services import Service, ServiceActions
from ostack.compute.usage import Usage, UsageActions
from ostack.compute.volume_attachments import VolumeAttachment, VolumeAttachmentActions
from ostack.proxy import ServiceProxy


class ComputeService(ServerOperations, ServerActions,
                     FlavorActions, KeypairActions, AggregateActions, ServiceActions,
                     HypervisorActions, UsageActions, HostActions, AgentActions,
                     ServerInterfaceActions, ServerNetworkActions, VolumeAttachmentActions,
                     ServerMigrationActions, ServerActionActions, ServerGroupActions,
                     ConsoleActions, ServerShareActions,
                     QuotaSetActions, LimitsActions, AvailabilityZoneActions, ComputeCleanup,
                     ServiceProxy):
    """The Compute service (Nova)."""

    service_type = "compute"
    min_microversion = "2.1"
    max_microversion = "2.96"
    resources = (Server, Flavor, Keypair, Aggregate, Service, Hypervisor, Usage)
    resources += (ServerInterface, VolumeAttachment, ServerMigration, Migration, ServerAction,
                  ServerGroup, ServerRemoteConsole, ConsoleAuthToken, ServerShare)
    resources += (QuotaSet, AvailabilityZone, Extension)
