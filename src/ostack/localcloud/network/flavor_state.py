"""Network flavors and service profiles (the `flavors` extension), as Neutron keeps them:
administrators write both; everyone reads flavors, only administrators read profiles; a
flavor is for a loaded service plugin (here the L3 router), a profile names a driver of it or
carries metainfo; a flavor lists the profiles bound to it."""

from __future__ import annotations

from typing import Any

from ..store import dumps
from . import attributes
from .attributes import Attr, boolean
from .exceptions import NeutronError, bad_request, conflict
from .record_state import RecordState, register
from .resources import Caller, Record

#: Service types of the loaded service plugins, and the drivers of each.
SERVICE_TYPES = {"L3_ROUTER_NAT": (
    "neutron.services.l3_router.service_providers.single_node.SingleNodeDriver",
    "neutron.services.l3_router.service_providers.dvr.DvrDriver",
    "neutron.services.l3_router.service_providers.ha.HaDriver",
    "neutron.services.l3_router.service_providers.dvrha.DvrHaDriver")}

FLAVOR = {
    "name": attributes.NAME, "description": attributes.DESCRIPTION,
    "project_id": attributes.PROJECT, "tenant_id": attributes.PROJECT,
    "service_type": Attr(attributes.string(36), put=False, required=True),
    "enabled": Attr(boolean),
}
PROFILE = {
    "description": attributes.DESCRIPTION,
    "project_id": attributes.PROJECT, "tenant_id": attributes.PROJECT,
    "driver": Attr(attributes.string(1024)), "metainfo": Attr(attributes.string(4096)),
    "enabled": Attr(boolean),
}
register("flavor", "network_flavors", ("FlavorNotFound", "Flavor {} could not be found."),
         FLAVOR)
register("service_profile", "service_profiles",
         ("ServiceProfileNotFound", "Service Profile {} could not be found."), PROFILE)


def _without_project(record: Record) -> Record:
    return {k: v for k, v in record.items() if k not in ("project_id", "tenant_id")}


class FlavorState(RecordState):
    """The network_flavors table."""

    kind = "flavor"
    admin_writes = True
    public = True
    standard = False

    def defaults(self, attrs: Record) -> Record:
        return {"name": "", "description": "", "enabled": True, "service_profiles": []}

    def check(self, db: Any, caller: Caller, record: Record, old: Record | None) -> None:
        if record["service_type"] not in SERVICE_TYPES:
            raise bad_request(f"Invalid service type {record['service_type']}.",
                              "InvalidFlavorServiceType")

    def in_use(self, db: Any, record: Record) -> None:
        row = db.execute("SELECT 1 FROM routers WHERE json_extract(data, '$.flavor_id') = ?"
                         " LIMIT 1", (record["id"],)).fetchone()
        if row:
            raise conflict(f"Flavor {record['id']} is used by some service instance.",
                           "FlavorInUse")

    def view(self, record: Record) -> Record:
        return _without_project(record)

    def bind(self, caller: Caller, flavor_id: str, profile_id: str) -> None:
        """Associate a service profile with the flavor."""
        self._authorize(caller, "create")
        with self._transaction() as db:
            flavor = self.record("flavor", caller, flavor_id)
            self.record("service_profile", caller, profile_id)
            if profile_id in flavor["service_profiles"]:
                raise conflict(f"Service Profile {profile_id} is already associated with "
                               f"flavor {flavor_id}.", "FlavorServiceProfileBindingExists")
            flavor["service_profiles"].append(profile_id)
            db.execute("UPDATE network_flavors SET data = ? WHERE id = ?",
                       (dumps(flavor), flavor_id))

    def unbind(self, caller: Caller, flavor_id: str, profile_id: str) -> None:
        self._authorize(caller, "delete")
        with self._transaction() as db:
            flavor = self.record("flavor", caller, flavor_id)
            if profile_id not in flavor["service_profiles"]:
                raise NeutronError(f"Service Profile {profile_id} is not associated with "
                                   f"Flavor {flavor_id}.",
                                   "FlavorServiceProfileBindingNotFound", 404)
            flavor["service_profiles"].remove(profile_id)
            db.execute("UPDATE network_flavors SET data = ? WHERE id = ?",
                       (dumps(flavor), flavor_id))


class ServiceProfileState(RecordState):
    """The service_profiles table."""

    kind = "service_profile"
    admin_writes = True
    standard = False

    def _visible_clause(self, kind: str, caller: Caller) -> tuple[str, list[Any]]:
        if kind == self.kind and not caller.is_admin:
            return "0", []
        return super()._visible_clause(kind, caller)

    def defaults(self, attrs: Record) -> Record:
        return {"description": "", "driver": "", "metainfo": "", "enabled": True}

    def check(self, db: Any, caller: Caller, record: Record, old: Record | None) -> None:
        if not record.get("driver") and not record.get("metainfo"):
            raise bad_request("Service Profile needs either a driver or metainfo.",
                              "ServiceProfileEmpty")
        drivers = {d for known in SERVICE_TYPES.values() for d in known}
        if record.get("driver") and record["driver"] not in drivers:
            raise NeutronError(f"Service Profile driver {record['driver']} could not be "
                               "found.", "ServiceProfileDriverNotFound", 404)

    def in_use(self, db: Any, record: Record) -> None:
        row = db.execute("SELECT id FROM network_flavors WHERE EXISTS (SELECT 1 FROM"
                         " json_each(network_flavors.data, '$.service_profiles') WHERE"
                         " value = ?) LIMIT 1", (record["id"],)).fetchone()
        if row:
            raise conflict(f"Service Profile {record['id']} is used by some service "
                           "instance.", "ServiceProfileInUse")

    def view(self, record: Record) -> Record:
        return _without_project(record)
