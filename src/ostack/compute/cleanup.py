"""Project cleanup for compute: the project's servers (waiting until they are gone, since
they hold ports and volumes), then its empty server groups."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ostack import exceptions
from ostack.cleanup import remove, skipped
from ostack.compute.server_groups import ServerGroup
from ostack.compute.servers import Server
from ostack.proxy import Flow, listing


class ComputeCleanup:
    @listing
    def service_cleanup(self, project_id: str | None = None, dry_run: bool = True,
                        filters: Mapping[str, Any] | None = None,
                        identified: dict[str, Any] | None = None,
                        skip_resources: Sequence[str] | None = None) -> Flow:
        """The project's servers and empty server groups (see `ostack.cleanup`)."""
        if skipped("compute", "server", skip_resources):
            return
        identified = {} if identified is None else identified
        options = {"dry_run": dry_run, "filters": filters, "identified": identified}
        doomed = []
        for server in (yield from self.collect(self.list_flow(Server))):
            picked = yield from remove(self, "delete_server", server, **options)
            if picked and not dry_run:
                doomed.append(server)
        for server in doomed:
            try:
                yield from self.wait_flow(Server, server, status=None)
            except exceptions.OstackError:
                pass
        for group in (yield from self.collect(self.list_flow(ServerGroup))):
            if group.member_ids:
                continue
            yield from remove(self, "delete_server_group", group, **options)
