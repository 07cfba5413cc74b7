"""`federation project list` and `federation domain list`: what the token may scope to."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli.declare import Column
from ostack.cli.generic import ResourceList


class ListAccessibleProjects(ResourceList):
    """List accessible projects."""

    name = "federation project list"
    resource = "identity.project"
    columns = (Column("ID", "id"), Column("Domain ID", "domain_id"),
               Column("Enabled", "is_enabled"), Column("Name", "name"))

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        return self.service.auth_projects()


class ListAccessibleDomains(ResourceList):
    """List accessible domains."""

    name = "federation domain list"
    resource = "identity.domain"
    columns = (Column("ID", "id"), Column("Enabled", "is_enabled"), Column("Name", "name"),
               Column("Description", "description"))

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        return self.service.auth_domains()
