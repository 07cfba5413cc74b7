"""Keystone's projects, in their hierarchy (a project's parent is its domain or another
project of the domain) and with their tags. Part of the identity backend
(`IdentityBackend.projects`); the HTTP side is `projects.py`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..errors import BadRequest, Forbidden, NotFound
from ..store import Store, dumps, loads
from .domain_state import DEFAULT_DOMAIN_ID, DomainState
from .revocation import revoke_tokens
from .tables import Row, decode_extra, find_by_ref, insert, merge_extra, new_id, select, update

# Keystone's [resource] max_project_tree_depth.
MAX_PROJECT_DEPTH = 5


def _decode(row: Row) -> Row:
    row["tags"] = loads(row["tags"], [])
    decode_extra(row)
    return row


def _tags_match(tags: set[str], filters: dict[str, Any]) -> bool:
    """Keystone's tag filters: `tags` (all), `tags-any`, `not-tags`, `not-tags-any`."""
    if "tags" in filters and not set(filters["tags"]) <= tags:
        return False
    if "tags-any" in filters and not set(filters["tags-any"]) & tags:
        return False
    if "not-tags" in filters and set(filters["not-tags"]) <= tags:
        return False
    return not ("not-tags-any" in filters and set(filters["not-tags-any"]) & tags)


class ProjectState:
    """The projects table."""

    def __init__(self, store: Store, domains: DomainState) -> None:
        self.store = store
        self.domains = domains

    def get(self, project_id: str) -> Row | None:
        row = self.store.query_one("SELECT * FROM projects WHERE id = ?", (project_id,))
        return _decode(row) if row is not None else None

    def find(self, ref: Any) -> Row | None:
        """A project from `{"id": ...}` or `{"name": ..., "domain": {"id"|"name": ...}}`."""
        return find_by_ref(ref, self.get, lambda name, ref: self.domains.in_domain(
            self.get, "projects", name, ref))

    def list(self, filters: dict[str, Any] | None = None,
             ids: Iterable[str] | None = None) -> list[Row]:
        """Projects matching `filters` (name, domain_id, parent_id, enabled, tags, tags-any,
        not-tags, not-tags-any), optionally among `ids`."""
        filters = filters or {}
        query = select("projects", filters, ("name", "domain_id", "parent_id", "enabled"), ids)
        if query is None:
            return []
        sql, params = query
        rows = [_decode(row) for row in self.store.query(sql + " ORDER BY name", params)]
        return [row for row in rows if _tags_match(set(row["tags"]), filters)]

    def parents(self, project_id: str) -> list[Row]:
        """The project's ancestors, nearest first (the domain at the top is not a project)."""
        parents: list[Row] = []
        seen = {project_id}
        project = self.get(project_id)
        while project is not None and project["parent_id"] not in (None, project["domain_id"]):
            parent_id = project["parent_id"]
            if parent_id in seen:
                break
            seen.add(parent_id)
            project = self.get(parent_id)
            if project is not None:
                parents.append(project)
        return parents

    def subtree(self, project_id: str) -> list[Row]:
        """The project's descendants, breadth first."""
        result: list[Row] = []
        level = [project_id]
        seen = {project_id}
        while level:
            children = [p for p in self.children_of(level) if p["id"] not in seen]
            seen.update(p["id"] for p in children)
            result.extend(children)
            level = [p["id"] for p in children]
        return result

    def children_of(self, parent_ids: list[str]) -> list[Row]:
        """The projects directly below any of `parent_ids`."""
        marks = ",".join("?" * len(parent_ids))
        rows = self.store.query(f"SELECT id FROM projects WHERE parent_id IN ({marks}) "
                                f"ORDER BY name", parent_ids)
        return self.list(ids=[row["id"] for row in rows])

    def create(self, name: str, domain_id: str | None, description: str | None = None,
               enabled: bool = True, parent_id: str | None = None,
               tags: list[str] | None = None, extra: dict[str, Any] | None = None) -> Row:
        """A project in `domain_id` (or its parent's domain), under `parent_id` (a project or
        the domain itself), with Keystone's hierarchy rules."""
        parent = None
        if parent_id is not None and self.domains.get(parent_id) is None:
            parent = self.get(parent_id)
            if parent is None:
                raise NotFound(f"Could not find project: {parent_id}.")
            if domain_id is None:
                domain_id = parent["domain_id"]
            if parent["domain_id"] != domain_id:
                raise BadRequest("Cannot create project, the parent "
                                 f"({parent_id}) is in a different domain "
                                 f"({parent['domain_id']}).")
            if enabled and not parent["enabled"]:
                raise Forbidden(f"Cannot create project, since it specifies its owner as "
                                f"domain {domain_id} but specifies a parent in a disabled "
                                f"state ({parent_id}).")
            if len(self.parents(parent_id)) + 2 > MAX_PROJECT_DEPTH:
                raise Forbidden(f"Max hierarchy depth reached for {parent_id} branch.")
        elif parent_id is not None:
            if domain_id is None:
                domain_id = parent_id
            if parent_id != domain_id:
                raise BadRequest(f"Cannot create project, the parent ({parent_id}) is in a "
                                 f"different domain ({domain_id}).")
        domain_id = domain_id or DEFAULT_DOMAIN_ID
        if self.domains.get(domain_id) is None:
            raise NotFound(f"Could not find domain: {domain_id}.")
        project_id = new_id()
        insert(self.store, "projects", {
            "id": project_id, "name": name, "domain_id": domain_id, "description": description,
            "enabled": int(enabled), "parent_id": parent["id"] if parent else domain_id,
            "tags": dumps(tags or []), "extra": dumps(extra or {}),
        }, "project", f"Duplicate entry found with name {name} at domain ID {domain_id}")
        return self.get(project_id)  # type: ignore[return-value]

    def update(self, project_id: str, changes: dict[str, Any]) -> Row:
        project = self.get(project_id)
        if project is None:
            raise NotFound(f"Could not find project: {project_id}.")
        changes = merge_extra(project, changes)
        disabling = changes.get("enabled") is False and project["enabled"]
        if disabling and any(child["enabled"] for child in self.subtree(project_id)):
            raise Forbidden(f"Cannot disable project {project_id} since its subtree contains "
                            f"enabled projects.")
        if changes.get("enabled") is True and not project["enabled"]:
            parent = self.get(project["parent_id"] or "")
            if parent is not None and not parent["enabled"]:
                raise Forbidden(f"Cannot enable project {project_id} since it has disabled "
                                f"parents.")
        update(self.store, "projects", project_id, changes,
               ("name", "description", "enabled", "tags", "extra"), "project")
        if disabling:
            revoke_tokens(self.store, "scope_type = 'project' AND scope_id = ?", (project_id,))
        return self.get(project_id)  # type: ignore[return-value]

    def delete(self, project_id: str) -> None:
        """Delete a leaf project (403 for one with children, as Keystone without cascade)."""
        if self.store.scalar("SELECT 1 FROM projects WHERE parent_id = ?", (project_id,)):
            raise Forbidden(f"Cannot delete the project {project_id} since it is not a leaf in "
                            f"the hierarchy. Use the cascade option if you want to delete a "
                            f"whole subtree.")
        self.delete_records(project_id)

    def delete_records(self, project_id: str) -> None:
        """Forget the project, the grants on it, its application credentials and tokens."""
        revoke_tokens(self.store, "scope_type = 'project' AND scope_id = ?", (project_id,))
        with self.store.transaction() as db:
            for table in ("assignments", "group_assignments"):
                db.execute(f"DELETE FROM {table} WHERE target_type = 'project' AND "
                           f"target_id = ?", (project_id,))
            db.execute("DELETE FROM application_credential_access_rules WHERE "
                       "application_credential_id IN (SELECT id FROM application_credentials "
                       "WHERE project_id = ?)", (project_id,))
            db.execute("DELETE FROM application_credentials WHERE project_id = ?", (project_id,))
            db.execute("DELETE FROM projects WHERE id = ?", (project_id,))
