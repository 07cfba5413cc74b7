"""`GET /v3/role_assignments`: direct or effective assignments, with Keystone's filters
(`user.id`, `group.id`, `role.id`, `scope.project.id`, `scope.domain.id`, `scope.system`) and
options (`effective`: group memberships and implied roles expanded; `include_names`;
`include_subtree`: a project's descendants too).

Policy (Keystone's defaults): administrators and system readers list everything, a domain
reader the assignments on its domain and its projects; a user may list its own.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest
from ..policy import is_domain_reader, is_system_reader, keystone_check
from ..routing import GET, RouteTable
from ..service import authenticate, json_response
from .backend import IdentityBackend
from .http import backend, collection, query_flag, v3_url
from .inheritance import SUFFIX, is_inherited

ACTION = "identity:list_role_assignments"


class _Names:
    """Looks up names once per request (`include_names`)."""

    def __init__(self, identity: IdentityBackend) -> None:
        self.identity = identity
        self.domain = cache(self._domain)
        self.role = cache(self._role)
        self.user = cache(self._user)
        self.group = cache(self._group)
        self.project = cache(self._project)

    def _domain(self, domain_id: str) -> dict[str, Any]:
        domain = self.identity.domains.get(domain_id)
        return {"id": domain_id, "name": domain["name"] if domain else None}

    def _role(self, role_id: str) -> dict[str, Any]:
        role = self.identity.roles.get(role_id)
        return {"id": role_id, "name": role["name"] if role else None}

    def _user(self, user_id: str) -> dict[str, Any]:
        user = self.identity.users.get(user_id)
        if user is None:
            return {"id": user_id}
        return {"id": user_id, "name": user["name"], "domain": self.domain(user["domain_id"])}

    def _group(self, group_id: str) -> dict[str, Any]:
        group = self.identity.groups.get(group_id)
        if group is None:
            return {"id": group_id}
        return {"id": group_id, "name": group["name"],
                "domain": self.domain(group["domain_id"])}

    def _project(self, project_id: str) -> dict[str, Any]:
        project = self.identity.projects.get(project_id)
        if project is None:
            return {"id": project_id}
        return {"id": project_id, "name": project["name"],
                "domain": self.domain(project["domain_id"])}


def _scope(target_type: str, target_id: str, names: _Names | None) -> dict[str, Any]:
    if target_type == "system":
        return {"system": {"all": True}}
    if is_inherited(target_type):
        scope = _scope(target_type.removesuffix(SUFFIX), target_id, names)
        return {**scope, "OS-INHERIT:inherited_to": "projects"}
    if names is None:
        return {target_type: {"id": target_id}}
    if target_type == "project":
        return {"project": names.project(target_id)}
    return {"domain": names.domain(target_id)}


def _assignment_url(request: Request, row: dict[str, Any], role_id: str) -> str:
    """The grant's URL: OS-INHERIT's for an inherited one (`inherited_from` on the effective
    rows it gives a project)."""
    target_type, target_id = row.get("inherited_from") or (row["target_type"],
                                                            row["target_id"])
    inherited = is_inherited(target_type)
    target_type = target_type.removesuffix(SUFFIX)
    target = "system" if target_type == "system" else f"{target_type}s/{target_id}"
    actor = f"groups/{row['group_id']}" if "group_id" in row else f"users/{row['user_id']}"
    if inherited:
        return (f"{v3_url(request)}/OS-INHERIT/{target}/{actor}/roles/{role_id}/"
                f"inherited_to_projects")
    return f"{v3_url(request)}/{target}/{actor}/roles/{role_id}"


def _view(request: Request, row: dict[str, Any], names: _Names | None, *,
          user_id: str | None = None, prior_role_id: str | None = None) -> dict[str, Any]:
    """One assignment: `row` is a direct assignment (of a user or a group); `user_id` makes
    a group's assignment the member's (effective), `prior_role_id` marks an implied role."""
    role_id = row["role_id"]
    source_role = prior_role_id or role_id
    view: dict[str, Any] = {
        "role": names.role(role_id) if names else {"id": role_id},
        "scope": _scope(row["target_type"], row["target_id"], names),
        "links": {"assignment": _assignment_url(request, row, source_role)},
    }
    if user_id is not None or "user_id" in row:
        actor = user_id or row["user_id"]
        view["user"] = names.user(actor) if names else {"id": actor}
        if user_id is not None and "group_id" in row:
            view["links"]["membership"] = (f"{v3_url(request)}/groups/{row['group_id']}/"
                                           f"users/{user_id}")
    else:
        view["group"] = names.group(row["group_id"]) if names else {"id": row["group_id"]}
    if prior_role_id is not None:
        view["links"]["prior_role"] = f"{v3_url(request)}/roles/{prior_role_id}"
    return view


def _targets(request: Request, identity: IdentityBackend
             ) -> tuple[str | None, list[str] | None]:
    """The scope filter as (target type, target ids)."""
    query = request.query_params
    scopes = [key for key in ("scope.project.id", "scope.domain.id", "scope.system")
              if key in query]
    if len(scopes) > 1:
        raise BadRequest("Specify one of a project, a domain or the system as the scope, not "
                         "several.")
    if query_flag(request, "include_subtree") and "scope.project.id" not in query:
        raise BadRequest("scope.project.id must be specified if include_subtree is also "
                         "specified")
    if "scope.project.id" in query:
        project_id = query["scope.project.id"]
        ids = [project_id]
        if query_flag(request, "include_subtree"):
            ids += [p["id"] for p in identity.projects.subtree(project_id)]
        return "project", ids
    if "scope.domain.id" in query:
        return "domain", [query["scope.domain.id"]]
    if "scope.system" in query:
        return "system", ["all"]
    return None, None


async def list_role_assignments(request: Request) -> Response:
    ctx = authenticate(request)
    identity = backend(request)
    query = request.query_params
    user_id, group_id, role_id = query.get("user.id"), query.get("group.id"), query.get(
        "role.id")
    effective = query_flag(request, "effective")
    if user_id is not None and group_id is not None:
        raise BadRequest("Specify a user or group, not both")
    if effective and group_id is not None:
        raise BadRequest("Combining effective and group filter will always result in an "
                         "empty list.")
    target_type, target_ids = _targets(request, identity)
    in_domain: set[str] | None = None  # the targets a domain reader may see
    if not (ctx.is_admin or is_system_reader(ctx)):
        if ctx.domain_id is not None and is_domain_reader(ctx, ctx.domain_id):
            in_domain = {ctx.domain_id} | {p["id"] for p in identity.projects.list(
                {"domain_id": ctx.domain_id})}
            keystone_check(target_type != "system" and (
                target_ids is None or set(target_ids) <= in_domain), ACTION)
        else:
            keystone_check(user_id is not None and user_id == ctx.user_id, ACTION)
    if "scope.OS-INHERIT:inherited_to" in query:  # no inherited assignments here
        return json_response(collection(request, "role_assignments", []))
    names = _Names(identity) if query_flag(request, "include_names") else None
    rows = identity.assignments.list(
        user_id=user_id, group_id=group_id, role_id=None if effective else role_id,
        target_type=target_type, target_ids=target_ids)
    if in_domain is not None:
        rows = [row for row in rows if row["target_type"] != "system"
                and row["target_id"] in in_domain]
    if not effective:
        views = [_view(request, row, names) for row in rows
                 if role_id is None or row["role_id"] == role_id]
        return json_response(collection(request, "role_assignments", views))
    if target_type in (None, "project"):  # the projects' inherited roles (OS-INHERIT)
        rows += [row for row in identity.assignments.inherited_rows(target_ids, user_id=user_id)
                 if in_domain is None or row["target_id"] in in_domain]
        rows = [row for row in rows if not is_inherited(row["target_type"])]
    if user_id is not None:
        groups = identity.groups.ids_of_user(user_id)
        if groups:
            group_rows = identity.assignments.list(users=False, target_type=target_type,
                                                   target_ids=target_ids)
            rows += [row for row in group_rows if row["group_id"] in groups
                     and (in_domain is None or row["target_id"] in in_domain)]
    views = []
    for row in rows:
        members = [row["user_id"]] if "user_id" in row else (
            [user_id] if user_id is not None else [
                u["id"] for u in identity.groups.members(row["group_id"])])
        implied = identity.roles.implied_closure(row["role_id"])
        role = identity.roles.get(row["role_id"])
        # a domain-specific role is never effective itself, only the roles it implies
        domain_role = role is not None and role.get("domain_id") is not None
        for member in members:
            as_user = member if "group_id" in row else None
            if (role_id is None or row["role_id"] == role_id) and not domain_role:
                views.append(_view(request, row, names, user_id=as_user))
            for implied_id in implied:
                if role_id is None or implied_id == role_id:
                    views.append(_view(request, dict(row, role_id=implied_id), names,
                                       user_id=as_user, prior_role_id=row["role_id"]))
    return json_response(collection(request, "role_assignments", views))


ROUTES: RouteTable = (("/v3/role_assignments", list_role_assignments, GET),)
