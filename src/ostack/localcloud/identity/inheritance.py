"""OS-INHERIT: roles granted on a domain or a project that its projects inherit.

Such a grant is stored like any other with the target type `domain_inherited` or
`project_inherited`: it gives no role on the domain or project itself, but on every project
of the domain, or every project below the project (Keystone's `inherited_to_projects`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .assignment_state import AssignmentState
    from .project_state import ProjectState

SUFFIX = "_inherited"


def stored_type(target_type: str, inherited: bool) -> str:
    """The target type a grant is stored under."""
    return target_type + SUFFIX if inherited else target_type


def is_inherited(target_type: str) -> bool:
    return target_type.endswith(SUFFIX)


def sources(projects: ProjectState, project_id: str) -> list[tuple[str, str]]:
    """The (stored target type, id) pairs whose inherited grants reach `project_id`: its
    domain and its ancestors."""
    project = projects.get(project_id)
    if project is None:
        return []
    found = [("domain" + SUFFIX, project["domain_id"])]
    found += [("project" + SUFFIX, parent["id"]) for parent in projects.parents(project_id)]
    return found


def effective_rows(assignments: AssignmentState, projects: ProjectState,
                   project_ids: list[str] | None, user_id: str | None = None,
                   group_id: str | None = None, users: bool = True,
                   groups: bool = True) -> list[dict[str, Any]]:
    """Inherited grants as project assignments (`target_type` project) of each project in
    `project_ids` (every project when None); `inherited_from` names the grant's target."""
    rows: list[dict[str, Any]] = []
    grants = [row for kind in ("domain", "project") for row in assignments.list(
        user_id=user_id, group_id=group_id, target_type=kind + SUFFIX, users=users,
        groups=groups)]
    if not grants:
        return rows
    if project_ids is None:
        project_ids = [p["id"] for p in projects.list()]
    for project_id in project_ids:
        reach = set(sources(projects, project_id))
        for row in grants:
            if (row["target_type"], row["target_id"]) in reach:
                rows.append(dict(row, target_type="project", target_id=project_id,
                                 inherited_from=(row["target_type"], row["target_id"])))
    return rows
