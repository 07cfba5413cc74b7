"""`network service provider list`: the drivers of the cloud's network service plugins."""

from __future__ import annotations

from ostack.cli.declare import Column
from ostack.cli.generic import ResourceList


class ListNetworkServiceProvider(ResourceList):
    """List Service Providers."""

    name = "network service provider list"
    resource = "network.service_provider"
    columns = (Column("Service Type", "service_type"), Column("Name", "name"),
               Column("Default", "is_default"))
