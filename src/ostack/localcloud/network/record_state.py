"""The state of Neutron's plain extension resources (QoS policies, network flavors, service
profiles, metering labels ...): one row per resource whose `data` holds the record as the API
shows it, created, updated and deleted under Neutron's policy, plus `register`, which makes a
resource kind known to the folder's shared maps (its table, its 404, its attribute map) from
the resource's own module."""

from __future__ import annotations

from typing import Any, ClassVar

from ..store import dumps
from . import attributes
from .exceptions import NOT_FOUND, policy_denied
from .resources import TABLES, Caller, Record, Resources, new_id, standard_attrs


def register(kind: str, table: str, not_found: tuple[str, str],
             attribute_map: dict[str, attributes.Attr]) -> None:
    """Make `kind` known to the generic collection code: its table, its NotFound (type and
    message with `{}` for the id) and its attribute map."""
    TABLES[kind] = table
    NOT_FOUND[kind] = not_found
    attributes.ATTRIBUTES[kind] = attribute_map


class RecordState(Resources):
    """One extension resource's table (`seq`, `id`, `project_id`, `data`). Subclasses name
    the kind, its defaults and its checks."""

    kind: ClassVar[str] = ""
    #: Writes (create, update, delete) need an admin (Neutron's `rule:admin_only`).
    admin_writes: ClassVar[bool] = False
    #: Everyone may read every record (network flavors); otherwise the project's own, and
    #: shared ones when `shared_column`.
    public: ClassVar[bool] = False
    shared_column: ClassVar[bool] = False
    #: Whether the resource has Neutron's standard attributes (tags, times, revision).
    standard: ClassVar[bool] = True

    def _visible_clause(self, kind: str, caller: Caller) -> tuple[str, list[Any]]:
        if kind != self.kind:
            return super()._visible_clause(kind, caller)
        if caller.is_admin or self.public:
            return "1", []
        if self.shared_column:
            return "(project_id = ? OR shared = 1)", [caller.project_id or ""]
        return "project_id = ?", [caller.project_id or ""]

    # ------------------------------------------------------------- hooks
    def defaults(self, attrs: Record) -> Record:
        """The attributes a new record has when the request leaves them out."""
        return {}

    def check(self, db: Any, caller: Caller, record: Record, old: Record | None) -> None:
        """Raise Neutron's error when `record` (new, or `old` changed) may not be stored."""

    def in_use(self, db: Any, record: Record) -> None:
        """Raise Neutron's 409 when the record may not be deleted."""

    def view(self, record: Record) -> Record:
        """The record as the API shows it (computed attributes added)."""
        return record

    # ------------------------------------------------------------- verbs
    def _authorize(self, caller: Caller, action: str) -> None:
        if self.admin_writes and not caller.is_admin:
            raise policy_denied(f"rule:{action}_{self.kind}")
        self._require_write(caller, f"{action}_{self.kind}")

    def create(self, caller: Caller, attrs: Record) -> Record:
        self._authorize(caller, "create")
        project_id = attrs.pop("project_id", None) or caller.project_id or ""
        record: Record = {"id": new_id(), **self.defaults(attrs), **attrs}
        if self.standard:
            record = {**standard_attrs(project_id, record.get("description", "")), **record}
        else:
            record.update(project_id=project_id, tenant_id=project_id)
        with self._transaction() as db:
            self.check(db, caller, record, None)
            columns = {"id": record["id"], "project_id": project_id, **self.columns(record),
                       "data": dumps(record)}
            names = ", ".join(columns)
            db.execute(f"INSERT INTO {TABLES[self.kind]} ({names}) VALUES"
                       f" ({', '.join('?' * len(columns))})", tuple(columns.values()))
        return self.view(record)

    def columns(self, record: Record) -> dict[str, Any]:
        """Columns beside `data` kept in step with the record (`shared`)."""
        return {"shared": int(bool(record.get("shared")))} if self.shared_column else {}

    def update(self, caller: Caller, ident: str, attrs: Record) -> Record:
        with self._transaction() as db:
            record = self.record(self.kind, caller, ident)
            self._authorize(caller, "update")
            if not caller.is_admin and record.get("project_id") != caller.project_id:
                raise policy_denied(f"rule:update_{self.kind}")
            old = dict(record)
            record.update(attrs)
            self.check(db, caller, record, old)
            self._save(db, self.kind, record, bump=self.standard, **self.columns(record))
        return self.view(record)

    def delete(self, caller: Caller, ident: str) -> None:
        with self._transaction() as db:
            record = self.record(self.kind, caller, ident)
            self._authorize(caller, "delete")
            if not caller.is_admin and record.get("project_id") != caller.project_id:
                raise policy_denied(f"rule:delete_{self.kind}")
            self.in_use(db, record)
            db.execute(f"DELETE FROM {TABLES[self.kind]} WHERE id = ?", (ident,))

    def visible(self, caller: Caller) -> list[Record]:
        """Every record the caller may see, as the API shows them."""
        return [self.view(r) for r in self.records(self.kind, caller)]

    def one(self, caller: Caller, ident: str) -> Record:
        return self.view(self.record(self.kind, caller, ident))
