"""The service catalog of a token: endpoints filtered by service type, interface and region."""

from __future__ import annotations

from ostack import exceptions
from ostack.transport import service_types

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def _interface(value: str | None) -> str:
    value = (value or "public").lower()
    return value[:-3] if value.endswith("url") else value


class ServiceCatalog:
    """Keystone v3 catalog entries, with the lookups clients need."""

    def __init__(self, entries: list[dict[str, Any]]) -> None:
        self.entries = entries or []

    def endpoints(self, service_type: str) -> list[dict[str, Any]]:
        """Endpoints of a service, in the order of its official name, then its aliases."""
        found: list[dict[str, Any]] = []
        for wanted in service_types.candidates(service_type):
            for entry in self.entries:
                if entry.get("type") == wanted:
                    found.extend(entry.get("endpoints", []) or [])
            if found:
                break
        return found

    def url_for(
        self, service_type: str, interface: str | None = "public", region_name: str | None = None
    ) -> str:
        """The endpoint URL, or EndpointNotFound naming what the catalog does offer."""
        interface = _interface(interface)
        endpoints = self.endpoints(service_type)
        if not endpoints:
            types = sorted({e.get("type", "?") for e in self.entries})
            raise exceptions.EndpointNotFound(
                f"the catalog has no '{service_type}' service; it offers: "
                f"{', '.join(types) or 'nothing (is the token scoped to a project?)'}"
            )
        for endpoint in endpoints:
            if _interface(endpoint.get("interface")) != interface:
                continue
            if region_name and region_name not in (
                endpoint.get("region_id"), endpoint.get("region")
            ):
                continue
            return endpoint["url"]
        offered = sorted(
            {f"{_interface(e.get('interface'))}/{e.get('region_id') or e.get('region')}"
             for e in endpoints}
        )
        raise exceptions.EndpointNotFound(
            f"no {interface} endpoint for '{service_type}'"
            + (f" in region '{region_name}'" if region_name else "")
            + f"; the catalog offers (interface/region): {', '.join(offered)}; "
            "check --os-interface and --os-region-name"
        )

    def rows(self) -> list[dict[str, Any]]:
        """The catalog as `catalog list` shows it."""
        return [
            {"name": e.get("name", ""), "type": e.get("type", ""),
             "endpoints": e.get("endpoints", [])}
            for e in self.entries
        ]
