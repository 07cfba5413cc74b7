"""Security groups as Neutron keeps them: two egress rules in every new group, one `default`
group per project (made on first use, see `Resources.ensure_default_security_group`) that is
neither renamed nor removed by its project. Part of the network backend
(`NetworkBackend.security_groups`); the HTTP side is `security_groups.py`."""

from __future__ import annotations

from typing import Any

from .exceptions import conflict
from .resources import Caller, Resources


class SecurityGroupState(Resources):
    """The security_groups table."""

    def create(self, caller: Caller, attrs: dict[str, Any]) -> dict[str, Any]:
        self._require_write(caller, "create_security_group")
        project_id = attrs.get("project_id") or caller.project_id or ""
        self.ensure_default_security_group(project_id)
        if attrs.get("name") == "default":
            raise conflict("Default security group already exists.",
                           "SecurityGroupDefaultAlreadyExists")
        with self._transaction() as db:
            self._check_quota(db, "security_group", project_id)
            self._check_quota(db, "security_group_rule", project_id, 2)
            group = self._insert_group(db, project_id, attrs.get("name", ""),
                                       attrs.get("description", ""), False,
                                       attrs.get("stateful", True))
        return self._views("security_group", [group])[0]

    def update(self, caller: Caller, group_id: str,
               attrs: dict[str, Any]) -> dict[str, Any]:
        with self._transaction() as db:
            record = self._changeable(caller, "security_group", group_id, "update_security_group")
            if record["name"] == "default" and attrs.get("name", "default") != "default":
                raise conflict("Updating default security group not allowed.",
                               "SecurityGroupCannotUpdateDefault")
            if attrs.get("name") == "default" and record["name"] != "default":
                raise conflict("Default security group already exists.",
                               "SecurityGroupDefaultAlreadyExists")
            record.pop("security_group_rules", None)
            record.update(attrs)
            self._save(db, "security_group", record, name=record["name"])
        return self._views("security_group", [record])[0]

    def delete(self, caller: Caller, group_id: str) -> None:
        with self._transaction() as db:
            self._changeable(caller, "security_group", group_id, "delete_security_group")
            is_default = db.execute("SELECT 1 FROM default_security_groups WHERE"
                                    " security_group_id = ?", (group_id,)).fetchone()
            if is_default and not caller.is_admin:
                raise conflict("Removing default security group not allowed.",
                               "SecurityGroupCannotRemoveDefault")
            in_use = db.execute(
                "SELECT 1 FROM ports WHERE EXISTS (SELECT 1 FROM json_each(ports.data,"
                " '$.security_groups') WHERE value = ?) LIMIT 1", (group_id,)).fetchone()
            if in_use:
                raise conflict(f"Security Group {group_id} in use.", "SecurityGroupInUse")
            db.execute("DELETE FROM security_group_rules WHERE security_group_id = ? OR"
                       " json_extract(data, '$.remote_group_id') = ?", (group_id, group_id))
            db.execute("DELETE FROM default_security_groups WHERE security_group_id = ?",
                       (group_id,))
            db.execute("DELETE FROM security_groups WHERE id = ?", (group_id,))
