"""Address scopes as Neutron keeps them: an IP version, a name, shared or not (only an admin
shares one, and a shared scope is never unshared); one that subnet pools use is not deleted.
No standard attributes (Neutron's address scopes have no description, tags or times)."""

from __future__ import annotations

from typing import Any

from . import attributes
from .attributes import Attr, boolean, ip_version
from .exceptions import NeutronError, conflict
from .record_state import RecordState, register
from .resources import Caller, Record

ADDRESS_SCOPE = {
    "name": attributes.NAME, "project_id": attributes.PROJECT, "tenant_id": attributes.PROJECT,
    "ip_version": Attr(ip_version, put=False, required=True),
    "shared": Attr(boolean, admin=True),
}
register("address_scope", "address_scopes",
         ("AddressScopeNotFound", "Address scope {} could not be found"), ADDRESS_SCOPE)


class AddressScopeState(RecordState):
    """The address_scopes table."""

    kind = "address_scope"
    shared_column = True
    standard = False

    def defaults(self, attrs: Record) -> Record:
        return {"name": "", "shared": False}

    def check(self, db: Any, caller: Caller, record: Record, old: Record | None) -> None:
        if old is not None and old.get("shared") and not record.get("shared"):
            raise NeutronError(f"Unable to update address scope {record['id']} : Shared "
                               f"address scope can't be unshared.", "AddressScopeUpdateError",
                               400)

    def in_use(self, db: Any, record: Record) -> None:
        used = db.execute("SELECT 1 FROM subnetpools WHERE json_extract(data,"
                          " '$.address_scope_id') = ? LIMIT 1", (record["id"],)).fetchone()
        if used:
            raise conflict(f"Unable to complete operation on address scope {record['id']}. "
                           f"There are one or more subnet pools in use on the address scope.",
                           "AddressScopeInUse")
