"""Grants: a role given to a user or a group on a project, a domain or the system.

openstacksdk's names: `assign_project_role_to_user(project, user, role, inherited=False)`,
`unassign_...`, `validate_user_has_project_role` (a bool), the same for groups and domains,
and `assign_system_role_to_user(user, role, system="all")` and so on for the system;
`role_assignments_filter(project=|domain=|system=, user=|group=)` lists the roles granted.
With `inherited`, the grant is made under OS-INHERIT (to the projects below the target).
"""

from __future__ import annotations

from urllib.parse import quote

from ostack import exceptions
from ostack.identity.roles import Role
from ostack.proxy import Call, Flow, listing, operation, resource_id

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any


def _q(value: Any) -> str:
    return quote(resource_id(value), safe="")


def _roles_path(target: str, target_id: Any, actor: str, actor_id: Any,
                inherited: bool = False) -> str:
    """`/v3/<target>s/{id}/<actor>s/{id}/roles` (`/v3/system/...` for the system)."""
    where = "/v3/system" if target == "system" else f"/v3/{target}s/{_q(target_id)}"
    path = f"{where}/{actor}s/{_q(actor_id)}/roles"
    return f"/v3/OS-INHERIT{path[3:]}" if inherited else path


def _grant_path(target: str, target_id: Any, actor: str, actor_id: Any, role: Any,
                inherited: bool) -> str:
    path = f"{_roles_path(target, target_id, actor, actor_id)}/{_q(role)}"
    if inherited:
        return f"/v3/OS-INHERIT{path[3:]}/inherited_to_projects"
    return path


def _assign(target: str, actor: str) -> Callable[..., Any]:
    def flow(self: Any, where: Any, who: Any, role: Any, *, inherited: bool = False) -> Flow:
        yield Call("PUT", _grant_path(target, where, actor, who, role, inherited))
    return operation(flow)


def _unassign(target: str, actor: str) -> Callable[..., Any]:
    def flow(self: Any, where: Any, who: Any, role: Any, *, inherited: bool = False) -> Flow:
        yield Call("DELETE", _grant_path(target, where, actor, who, role, inherited))
    return operation(flow)


def _validate(target: str, actor: str) -> Callable[..., Any]:
    def flow(self: Any, where: Any, who: Any, role: Any, *, inherited: bool = False) -> Flow:
        try:
            yield Call("HEAD", _grant_path(target, where, actor, who, role, inherited))
        except exceptions.NotFound:
            return False
        return True
    return operation(flow)


def _system(kind: Callable[..., Any], actor: str) -> Callable[..., Any]:
    """The system variant: `(user_or_group, role, system="all")`, as openstacksdk orders it."""
    inner = kind("system", actor)

    def flow(self: Any, who: Any, role: Any, system: Any = "all") -> Flow:
        return (yield from inner(self, system, who, role))
    return operation(flow)


class GrantActions:
    """Assign, unassign and validate grants; list the roles granted on a target."""

    @listing
    def role_assignments_filter(self, domain: Any = None, project: Any = None,
                                system: Any = None, group: Any = None,
                                user: Any = None) -> Flow:
        """The roles granted to one user or group on one project, domain or system."""
        targets = [(name, value) for name, value in (
            ("project", project), ("domain", domain), ("system", system)) if value is not None]
        actors = [(name, value) for name, value in (("user", user), ("group", group))
                  if value is not None]
        if len(targets) != 1 or len(actors) != 1:
            raise exceptions.OstackError(
                "give one of project=, domain= or system=, and one of user= or group=")
        (target, where), (actor, who) = targets[0], actors[0]
        return self.list_flow(Role, path=_roles_path(target, where, actor, who))


for _target in ("project", "domain"):
    for _actor in ("user", "group"):
        _pairs = {
            f"assign_{_target}_role_to_{_actor}": _assign(_target, _actor),
            f"unassign_{_target}_role_from_{_actor}": _unassign(_target, _actor),
            f"validate_{_actor}_has_{_target}_role": _validate(_target, _actor),
        }
        for _name, _flow in _pairs.items():
            _flow.__name__ = _flow.__qualname__ = _name
            _flow.__doc__ = f"{_name.replace('_', ' ')} (inherited=True: OS-INHERIT)."
            setattr(GrantActions, _name, _flow)

for _actor in ("user", "group"):
    _pairs = {
        f"assign_system_role_to_{_actor}": _system(_assign, _actor),
        f"unassign_system_role_from_{_actor}": _system(_unassign, _actor),
        f"validate_{_actor}_has_system_role": _system(_validate, _actor),
    }
    for _name, _flow in _pairs.items():
        _flow.__name__ = _flow.__qualname__ = _name
        _flow.__doc__ = f"{_name.replace('_', ' ')} (system: 'all')."
        setattr(GrantActions, _name, _flow)
