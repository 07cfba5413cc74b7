"""`conn.compute`: the Compute API v2.1 (Nova), made from its resources' declarations.

What is irregular lives in mixins beside each resource (`ServerOperations`, `ServerActions`,
`FlavorActions` ...); this class only lists them. Servers and flavors load with the class (every
command about servers needs them); every other resource module loads on first use, so that
`ostack server list` imports two resource modules rather than twenty.
"""

from __future__ import annotations

from ostack.compute.flavors import Flavor, FlavorActions
from ostack.compute.servers import Server, ServerOperations
from ostack.proxy import ServiceProxy

_C = "ostack.compute."


class ComputeService(ServerOperations, FlavorActions, ServiceProxy):
    """The Compute service (Nova)."""

    service_type = "compute"
    min_microversion = "2.1"
    max_microversion = "2.96"
    resources = (Server, Flavor)
    lazy = tuple(_C + target for target in (
        "server_actions:ServerActions",
        "keypairs:Keypair", "keypairs:KeypairActions",
        "aggregates:Aggregate", "aggregates:AggregateActions",
        "services:Service", "services:ServiceActions",
        "hypervisors:Hypervisor", "hypervisors:HypervisorActions",
        "usage:Usage", "usage:UsageActions",
        "hosts:HostActions", "agents:AgentActions",
        "server_interfaces:ServerInterface", "server_interfaces:ServerInterfaceActions",
        "server_interfaces:ServerNetworkActions",
        "volume_attachments:VolumeAttachment", "volume_attachments:VolumeAttachmentActions",
        "server_migrations:ServerMigration", "server_migrations:ServerMigrationActions",
        "migrations:Migration",
        "instance_actions:ServerAction", "instance_actions:ServerActionActions",
        "server_groups:ServerGroup", "server_groups:ServerGroupActions",
        "consoles:ServerRemoteConsole", "consoles:ConsoleAuthToken", "consoles:ConsoleActions",
        "server_shares:ServerShare", "server_shares:ServerShareActions",
        "quota_sets:QuotaSet", "quota_sets:QuotaSetActions",
        "limits:LimitsActions",
        "availability_zones:AvailabilityZone", "availability_zones:AvailabilityZoneActions",
        "extensions:Extension",
        "cleanup:ComputeCleanup",
    ))
