"""What a federated (or any) token may scope to: `GET /v3/auth/projects` and
`/v3/auth/domains`, as `federation project list` and `federation domain list` show them."""

from __future__ import annotations

from ostack.identity.domains import Domain
from ostack.identity.projects import Project
from ostack.proxy import Flow, listing

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class FederationActions:
    """The projects and domains the session's token may be scoped to."""

    @listing
    def auth_projects(self, **query: Any) -> Flow:
        """The projects the token's user may scope to (`GET /v3/auth/projects`)."""
        return self.list_flow(Project, path="/v3/auth/projects", **query)

    @listing
    def auth_domains(self, **query: Any) -> Flow:
        """The domains the token's user may scope to (`GET /v3/auth/domains`)."""
        return self.list_flow(Domain, path="/v3/auth/domains", **query)
