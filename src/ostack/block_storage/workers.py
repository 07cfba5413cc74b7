"""Log levels of the running services (3.32+) and the cleanup of a dead service's resources
(3.24+): operator actions on Cinder's processes (admin)."""

from __future__ import annotations

from typing import Any

from ostack.proxy import Call, Flow, Items, listing, operation
from ostack.resource import Field, Resource


class LogLevel(Resource):
    """One service's loggers and their levels."""

    base_path = "/os-services"
    service_type = "block-storage"
    allow_list = allow_fetch = False
    status_attribute = None

    binary = Field()
    host = Field()
    levels = Field(default={})


class WorkerActions:
    """openstacksdk's names: `get_service_log_levels`, `set_service_log_levels`,
    `cleanup_service_workers`."""

    @listing
    def get_service_log_levels(self, *, binary: str | None = None,
                               server: str | None = None,
                               prefix: str | None = None) -> Flow:
        """Each matching service's log levels (every service when no binary is given)."""
        resp = yield Call("PUT", "/os-services/get-log", json={
            "binary": binary or "", "server": server, "prefix": prefix})
        entries = (resp.json() or {}).get("log_levels", []) if resp.content else []
        yield Items([self.made(LogLevel, entry) for entry in entries])

    @operation
    def set_service_log_levels(self, *, level: str, binary: str | None = None,
                               server: str | None = None, prefix: str | None = None) -> Flow:
        """Set the level of the matching services' loggers (`INFO`, `WARNING` ...)."""
        yield Call("PUT", "/os-services/set-log", json={
            "level": level, "binary": binary or "", "server": server, "prefix": prefix})

    @operation
    def cleanup_service_workers(self, **filters: Any) -> Flow:
        """Ask Cinder to clean the resources of services matching `filters` (`host`,
        `binary`, `is_up` ...); {"cleaning": [...], "unavailable": [...]}."""
        resp = yield Call("POST", "/workers/cleanup", json=filters)
        body = resp.json() if resp.content else {}
        return {"cleaning": body.get("cleaning", []),
                "unavailable": body.get("unavailable", [])}
