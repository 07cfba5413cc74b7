"""Keystone's service catalog: services and their endpoints, and the catalog a token shows
(`$(project_id)s` templates filled in). Part of the identity backend
(`IdentityBackend.service_catalog`); the HTTP side is `catalog.py`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..errors import BadRequest
from ..policy import Context
from ..store import Store, dumps, loads
from .region_state import REGION, RegionState
from .tables import Row, insert, new_id, update

INTERFACES = ("public", "internal", "admin")
#: A catalog entry to seed: (type, name, description, endpoint path under the base URL).
#: Paths may hold `$(project_id)s`, which the catalog of a project-scoped token fills in.
CatalogEntry = tuple[str, str, str, str]
# `$(project_id)s` or `%(project_id)s` in an endpoint URL, as Keystone substitutes them.
URL_TEMPLATE = re.compile(r"[$%]\(([A-Za-z_]+)\)s")


def render_url(url: str, values: dict[str, str | None]) -> str | None:
    """An endpoint URL with `$(name)s` filled in; None when a value is missing (Keystone leaves
    such endpoints out of the catalog, e.g. `$(project_id)s` for a domain-scoped token)."""
    missing = False

    def fill(match: re.Match[str]) -> str:
        nonlocal missing
        value = values.get(match.group(1))
        if value is None:
            missing = True
            return ""
        return value

    rendered = URL_TEMPLATE.sub(fill, url)
    return None if missing else rendered


class CatalogState:
    """The services and endpoints tables, and the catalog made of them (kept in memory once
    read: every token issued or validated shows it)."""

    def __init__(self, store: Store, regions: RegionState) -> None:
        self.store = store
        self.regions = regions
        self._catalog: list[Row] | None = None

    def forget(self) -> None:
        self._catalog = None

    def catalog(self) -> list[Row]:
        """The catalog's records: enabled services with their enabled endpoints, URLs as
        stored (with `$(project_id)s` templates). `catalog_for` renders a token's catalog."""
        if self._catalog is None:
            services = self.store.query("SELECT * FROM services WHERE enabled = 1 ORDER BY type")
            endpoints = self.store.query(
                "SELECT * FROM endpoints WHERE enabled = 1 ORDER BY interface")
            self._catalog = [{
                "endpoints": [
                    {"id": e["id"], "interface": e["interface"], "region_id": e["region_id"],
                     "url": e["url"], "region": e["region_id"]}
                    for e in endpoints if e["service_id"] == service["id"]
                ],
                "id": service["id"],
                "type": service["type"],
                "name": service["name"] or "",
            } for service in services]
        return self._catalog

    def catalog_for(self, ctx: Context) -> list[Row]:
        """The catalog of a token: `$(project_id)s`, `$(tenant_id)s` (or `%(...)s`) and
        `$(user_id)s` filled in; endpoints needing a project are left out of the catalog of a
        token without one (domain or system scope), as Keystone does."""
        values = {"project_id": ctx.project_id, "tenant_id": ctx.project_id,
                  "user_id": ctx.user_id}
        result = []
        for service in self.catalog():
            endpoints = []
            for endpoint in service["endpoints"]:
                url = endpoint["url"]
                if "(" in url:
                    rendered = render_url(url, values)
                    if rendered is None:
                        continue
                    endpoint = dict(endpoint, url=rendered)
                endpoints.append(endpoint)
            result.append(dict(service, endpoints=endpoints))
        return result

    # ----------------------------------------------------------------- the cloud's own entries
    def add_missing_services(self, base_url: str,
                             services: Sequence[CatalogEntry]) -> list[str]:
        """Add the catalog entries of `services` (every declared service) this state folder
        has never had (a service added to the local cloud after the folder was made); a seeded
        service the operator deleted stays deleted. Returns the types added."""
        seeded = set(loads(self.store.get_meta("seeded_services"), []))
        present = {row["type"] for row in self.store.query("SELECT type FROM services")}
        added = []
        with self.store.transaction() as db:
            for type_, name, description, path in services:
                if type_ in seeded:
                    continue
                seeded.add(type_)
                if type_ in present:
                    continue
                service_id = new_id()
                db.execute("INSERT INTO services (id, type, name, description, enabled)"
                           " VALUES (?, ?, ?, ?, 1)", (service_id, type_, name, description))
                for interface in INTERFACES:
                    db.execute("INSERT INTO endpoints (id, service_id, interface, region_id, url,"
                               " enabled) VALUES (?, ?, ?, ?, ?, 1)",
                               (new_id(), service_id, interface, REGION, base_url + path))
                added.append(type_)
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('seeded_services', ?)",
                       (dumps(sorted(seeded)),))
        self.forget()
        return added

    def rebase_endpoints(self, old_base: str, new_base: str) -> None:
        """Point the endpoints that addressed this cloud at its new port."""
        if old_base and old_base != new_base:
            self.store.execute(
                "UPDATE endpoints SET url = ? || substr(url, ?) WHERE substr(url, 1, ?) = ?",
                (new_base, len(old_base) + 1, len(old_base), old_base),
            )
        self.forget()

    # ----------------------------------------------------------------- services
    def list_services(self, type_: str | None = None, name: str | None = None) -> list[Row]:
        sql, params = "SELECT * FROM services WHERE 1=1", []
        if type_ is not None:
            sql += " AND type = ?"
            params.append(type_)
        if name is not None:
            sql += " AND name = ?"
            params.append(name)
        return self.store.query(sql + " ORDER BY type", params)

    def get_service(self, service_id: str) -> Row | None:
        return self.store.query_one("SELECT * FROM services WHERE id = ?", (service_id,))

    def create_service(self, type_: str, name: str | None = None,
                       description: str | None = None, enabled: bool = True) -> Row:
        service_id = new_id()
        insert(self.store, "services", {"id": service_id, "type": type_, "name": name,
                                        "description": description, "enabled": int(enabled)},
               "service", f"Duplicate ID, {service_id}")
        self.forget()
        return self.get_service(service_id)  # type: ignore[return-value]

    def update_service(self, service_id: str, changes: dict[str, Any]) -> Row:
        update(self.store, "services", service_id, changes,
               ("type", "name", "description", "enabled"), "service")
        self.forget()
        return self.get_service(service_id)  # type: ignore[return-value]

    def delete_service(self, service_id: str) -> None:
        with self.store.transaction() as db:
            db.execute("DELETE FROM endpoints WHERE service_id = ?", (service_id,))
            db.execute("DELETE FROM services WHERE id = ?", (service_id,))
        self.forget()

    # ----------------------------------------------------------------- endpoints
    def list_endpoints(self, filters: dict[str, str] | None = None) -> list[Row]:
        sql, params = "SELECT * FROM endpoints WHERE 1=1", []
        for key, value in (filters or {}).items():
            if key in ("service_id", "interface", "region_id"):
                sql += f" AND {key} = ?"
                params.append(value)
        return self.store.query(sql + " ORDER BY service_id, interface", params)

    def get_endpoint(self, endpoint_id: str) -> Row | None:
        return self.store.query_one("SELECT * FROM endpoints WHERE id = ?", (endpoint_id,))

    def _check_endpoint_refs(self, service_id: str | None, region_id: str | None) -> None:
        if service_id is not None and self.get_service(service_id) is None:
            raise BadRequest(f"Could not find service: {service_id}.")
        if region_id is not None and self.regions.get(region_id) is None:
            raise BadRequest(f"Could not find region: {region_id}.")

    def create_endpoint(self, service_id: str, interface: str, url: str,
                        region_id: str | None = None, enabled: bool = True) -> Row:
        self._check_endpoint_refs(service_id, region_id)
        endpoint_id = new_id()
        insert(self.store, "endpoints", {"id": endpoint_id, "service_id": service_id,
                                         "interface": interface, "region_id": region_id,
                                         "url": url, "enabled": int(enabled)},
               "endpoint", f"Duplicate ID, {endpoint_id}")
        self.forget()
        return self.get_endpoint(endpoint_id)  # type: ignore[return-value]

    def update_endpoint(self, endpoint_id: str, changes: dict[str, Any]) -> Row:
        self._check_endpoint_refs(changes.get("service_id"), changes.get("region_id"))
        update(self.store, "endpoints", endpoint_id, changes,
               ("service_id", "interface", "region_id", "url", "enabled"), "endpoint")
        self.forget()
        return self.get_endpoint(endpoint_id)  # type: ignore[return-value]

    def delete_endpoint(self, endpoint_id: str) -> None:
        self.store.execute("DELETE FROM endpoints WHERE id = ?", (endpoint_id,))
        self.forget()
