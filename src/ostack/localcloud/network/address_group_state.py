"""Address groups as Neutron keeps them: a named set of addresses (each kept as a CIDR,
`10.0.0.1` -> `10.0.0.1/32`) that security group rules refer to; adding one already in the
group or removing one not in it is a 400, deleting a group a rule uses a 409."""

from __future__ import annotations

import ipaddress
from typing import Any

from . import attributes
from .attributes import Attr, list_of
from .exceptions import NeutronError, conflict
from .record_state import RecordState, register
from .resources import Caller, Record


def address(name: str, value: Any) -> str:
    """An IP address or CIDR, as the CIDR Neutron keeps."""
    try:
        return str(ipaddress.ip_network(value, strict=False))
    except (TypeError, ValueError):
        raise attributes.invalid(name, f"'{value}' is not a valid IP subnet") from None


ADDRESS_GROUP = {
    "name": attributes.NAME, "description": attributes.DESCRIPTION,
    "project_id": attributes.PROJECT, "tenant_id": attributes.PROJECT,
    "addresses": Attr(list_of(address, unique=True), put=False),
}
register("address_group", "address_groups",
         ("AddressGroupNotFound", "Address group {} could not be found."), ADDRESS_GROUP)


class AddressGroupState(RecordState):
    """The address_groups table."""

    kind = "address_group"
    standard = False

    def defaults(self, attrs: Record) -> Record:
        return {"name": "", "description": "", "addresses": []}

    def in_use(self, db: Any, record: Record) -> None:
        used = db.execute("SELECT 1 FROM security_group_rules WHERE json_extract(data,"
                          " '$.remote_address_group_id') = ? LIMIT 1",
                          (record["id"],)).fetchone()
        if used:
            raise conflict(f"Address group {record['id']} is in use on one or more security "
                           f"group rules.", "AddressGroupInUse")

    def change_addresses(self, caller: Caller, ident: str, given: Any, add: bool) -> Record:
        """The group after `add_addresses` (add) or `remove_addresses`."""
        if not isinstance(given, list):
            raise attributes.invalid("addresses", f"'{given}' is not a list")
        wanted = [address("addresses", a) for a in given]
        with self._transaction():
            record = self.record(self.kind, caller, ident)
            have = list(record.get("addresses") or [])
            if add:
                present = sorted(set(wanted) & set(have))
                if present:
                    raise NeutronError(f"Addresses {present} already exist in the address "
                                       f"group {ident}.", "AddressesAlreadyExist", 400)
                record["addresses"] = have + [a for a in dict.fromkeys(wanted)]
            else:
                missing = sorted(set(wanted) - set(have))
                if missing:
                    raise NeutronError(f"Addresses {missing} not found in the address group "
                                       f"{ident}.", "AddressesNotFound", 400)
                record["addresses"] = [a for a in have if a not in set(wanted)]
            return self.update(caller, ident, {"addresses": record["addresses"]})
