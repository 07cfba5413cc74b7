"""RBAC policies as Neutron keeps them: one object (network, QoS policy, security group,
address scope, address group, subnet pool) shared with one project or every project (`*`,
admin only), or a network made external to it. The object's owner (or an admin) writes the
policy; only `target_tenant` changes; a duplicate is a 409."""

from __future__ import annotations

from typing import Any

from . import attributes
from .attributes import Attr, an_uuid, string
from .exceptions import NeutronError, conflict, not_found, policy_denied
from .record_state import RecordState, register
from .resources import Caller, Record

#: object_type -> (table, the actions allowed on it)
OBJECTS = {
    "network": ("networks", ("access_as_external", "access_as_shared")),
    "qos_policy": ("qos_policies", ("access_as_shared",)),
    "security_group": ("security_groups", ("access_as_shared",)),
    "address_scope": ("address_scopes", ("access_as_shared",)),
    "address_group": ("address_groups", ("access_as_shared",)),
    "subnetpool": ("subnetpools", ("access_as_shared",)),
}
#: How Neutron names the object in the 404 of an object the caller does not own.
OBJECT_NOT_FOUND = {"qos_policy": ("QosPolicyNotFound", "QoS policy {} could not be found.")}


def object_type(name: str, value: Any) -> str:
    if value not in OBJECTS:
        raise attributes.invalid(name, f"{value} is not in valid_values")
    return value


RBAC_POLICY = {
    "project_id": attributes.PROJECT, "tenant_id": attributes.PROJECT,
    "object_type": Attr(object_type, put=False, required=True),
    "object_id": Attr(an_uuid, put=False, required=True),
    "action": Attr(string(255), put=False, required=True),
    "target_tenant": Attr(string(255), required=True),
}
register("rbac_policy", "rbac_policies",
         ("RbacPolicyNotFound", "RBAC policy of type rbac_policy with ID {} not found"),
         RBAC_POLICY)


class RbacPolicyState(RecordState):
    """The rbac_policies table."""

    kind = "rbac_policy"
    standard = False

    def check(self, db: Any, caller: Caller, record: Record, old: Record | None) -> None:
        kind = record["object_type"]
        table, actions = OBJECTS[kind]
        if record["action"] not in actions:
            raise NeutronError(
                f"Invalid action '{record['action']}' for object type '{kind}'. Valid "
                f"actions: {list(actions)}", "InvalidActionForType", 400)
        if record["target_tenant"] == "*" and not caller.is_admin:
            raise policy_denied("(rule:create_rbac_policy and "
                                "rule:create_rbac_policy:target_tenant)")
        row = None
        exists = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND"
                            " name = ?", (table,)).fetchone()
        if exists:
            row = db.execute(f"SELECT project_id FROM {table} WHERE id = ?",
                             (record["object_id"],)).fetchone()
        if row is None or not caller.is_admin and row[0] != caller.project_id:
            if kind in OBJECT_NOT_FOUND:
                name, message = OBJECT_NOT_FOUND[kind]
                raise NeutronError(message.format(record["object_id"]), name, 404)
            raise not_found(kind, record["object_id"])
        if old is None:
            self._check_quota(db, "rbac_policy", record["project_id"])
        duplicate = db.execute(
            "SELECT 1 FROM rbac_policies WHERE id != ? AND json_extract(data, '$.object_id') = ?"
            " AND json_extract(data, '$.action') = ? AND json_extract(data,"
            " '$.target_tenant') = ?", (record["id"], record["object_id"], record["action"],
                                        record["target_tenant"])).fetchone()
        if duplicate:
            raise conflict("An RBAC policy already exists with those values.",
                           "DuplicateRbacPolicy")

    def in_use(self, db: Any, record: Record) -> None:
        """Neutron's 409 when removing an `access_as_shared` policy of a network would strand
        ports of the projects it let in (other policies and the owner's own ports aside)."""
        if record["object_type"] != "network" or record["action"] != "access_as_shared":
            return
        network_id, target = record["object_id"], record["target_tenant"]
        owner = db.execute("SELECT project_id FROM networks WHERE id = ?",
                           (network_id,)).fetchone()
        if owner is None:
            return
        others = [json for (json,) in db.execute(
            "SELECT json_extract(data, '$.target_tenant') FROM rbac_policies WHERE id != ? AND"
            " json_extract(data, '$.object_id') = ? AND json_extract(data, '$.action') ="
            " 'access_as_shared'", (record["id"], network_id))]
        if target == "*":
            allowed = [t for t in others if t != "*"] + [owner[0]]
            marks = ",".join("?" * len(allowed))
            used = db.execute(f"SELECT 1 FROM ports WHERE network_id = ? AND project_id NOT IN"
                              f" ({marks}) LIMIT 1", (network_id, *allowed)).fetchone()
        elif "*" in others or target == owner[0]:
            used = None
        else:
            used = db.execute("SELECT 1 FROM ports WHERE network_id = ? AND project_id = ?"
                              " LIMIT 1", (network_id, target)).fetchone()
        if used:
            raise conflict(f"RBAC policy on object {network_id} cannot be removed because "
                           f"other objects depend on it.\nDetails: Unable to reconfigure "
                           f"sharing settings for network {network_id}. Multiple tenants are "
                           f"using it.", "RbacPolicyInUse")
