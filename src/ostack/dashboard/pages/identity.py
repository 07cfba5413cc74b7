"""Identity admin (administrators only: the guard answers 403 to others on /admin/):
projects, users, groups (and their members), roles, and role assignments."""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.requests import Request

from ostack.dashboard import tables as t

BASE = "/admin/identity"


def _yes(value: Any) -> str:
    return "yes" if value else "no"


def _toggle(kind: str, item: Any) -> dict[str, Any]:
    return t.button("enable" if not item.is_enabled else "disable",
                    "Enable" if not item.is_enabled else "Disable", {f"{kind}_id": item.id})


async def build_projects(request: Request) -> dict[str, Any]:
    conn = request.state.conn
    projects, domains = await asyncio.gather(t.listing(conn.identity.projects),
                                             t.listing(conn.identity.domains))
    names = {d.id: d.name for d in domains}
    rows = [{"key": p.name, "cells": [p.name, p.description or "", p.id,
                                      names.get(p.domain_id, p.domain_id), _yes(p.is_enabled)],
             "buttons": [_toggle("project", p), t.button(
                 "delete", "Delete", {"project_id": p.id}, confirm=f"Delete project {p.name}?",
                 danger=True)]} for p in projects]
    return {"title": "Projects",
            "tables": [t.table("projects", None, ["Name", "Description", "ID", "Domain",
                                                  "Enabled"], rows)],
            "forms": [t.form("create", "Create project", [
                t.field("name", "Name", required=True), t.field("description", "Description"),
                t.field("domain_id", "Domain", "select", options=t.options_of(domains),
                        value="default"),
                t.field("enabled", "Enabled", "checkbox", value="on")], "Create project")]}


async def create_project(conn: Any, values: dict[str, Any]) -> str:
    project = await conn.identity.create_project(
        name=t.required(values, "name", "Name"), description=t.text(values, "description"),
        domain_id=t.text(values, "domain_id") or "default",
        is_enabled=t.checked(values, "enabled"))
    return f"Project {project.name} created."


async def delete_project(conn: Any, values: dict[str, Any]) -> str:
    await conn.identity.delete_project(t.required(values, "project_id"), ignore_missing=False)
    return "Project deleted."


async def build_users(request: Request) -> dict[str, Any]:
    conn = request.state.conn
    users, projects = await asyncio.gather(t.listing(conn.identity.users),
                                           t.listing(conn.identity.projects))
    names = {p.id: p.name for p in projects}
    rows = [{"key": u.name, "cells": [u.name, u.email or "", u.id,
                                      names.get(u.default_project_id, "") or "",
                                      _yes(u.is_enabled)],
             "buttons": [_toggle("user", u), t.button(
                 "delete", "Delete", {"user_id": u.id}, confirm=f"Delete user {u.name}?",
                 danger=True)]} for u in users]
    return {"title": "Users",
            "tables": [t.table("users", None, ["Name", "Email", "ID", "Primary project",
                                               "Enabled"], rows)],
            "forms": [t.form("create", "Create user", [
                t.field("name", "User name", required=True), t.field("email", "Email"),
                t.field("password", "Password", "password"),
                t.field("default_project_id", "Primary project", "select",
                        options=t.options_of(projects, blank="None")),
                t.field("enabled", "Enabled", "checkbox", value="on")], "Create user")]}


async def create_user(conn: Any, values: dict[str, Any]) -> str:
    attrs: dict[str, Any] = {"name": t.required(values, "name", "User name"),
                             "is_enabled": t.checked(values, "enabled")}
    for key in ("email", "password", "default_project_id"):
        if t.text(values, key):
            attrs[key] = t.text(values, key)
    user = await conn.identity.create_user(**attrs)
    return f"User {user.name} created."


async def delete_user(conn: Any, values: dict[str, Any]) -> str:
    await conn.identity.delete_user(t.required(values, "user_id"), ignore_missing=False)
    return "User deleted."


def _enabler(kind: str, enabled: bool) -> Any:
    async def run(conn: Any, values: dict[str, Any]) -> str:
        update = getattr(conn.identity, f"update_{kind}")
        await update(t.required(values, f"{kind}_id"), is_enabled=enabled)
        return f"{kind.capitalize()} {'enabled' if enabled else 'disabled'}."
    return run


async def build_groups(request: Request) -> dict[str, Any]:
    conn = request.state.conn
    groups, users = await asyncio.gather(t.listing(conn.identity.groups),
                                         t.listing(conn.identity.users))
    members = await asyncio.gather(*(t.listing(lambda g=g: conn.identity.group_users(g.id))
                                     for g in groups))
    rows = [{"key": g.name, "cells": [g.name, g.description or "",
                                      ", ".join(u.name for u in found)],
             "buttons": [t.button("delete", "Delete", {"group_id": g.id},
                                  confirm=f"Delete group {g.name}?", danger=True)]}
            for g, found in zip(groups, members, strict=True)]
    group_choice, user_choice = t.options_of(groups), t.options_of(users)
    return {"title": "Groups",
            "tables": [t.table("groups", None, ["Name", "Description", "Members"], rows)],
            "forms": [
                t.form("create", "Create group", [
                    t.field("name", "Name", required=True),
                    t.field("description", "Description")], "Create group"),
                t.form("add_user", "Add a user to a group", [
                    t.field("group_id", "Group", "select", options=group_choice, required=True),
                    t.field("user_id", "User", "select", options=user_choice, required=True)],
                    "Add user"),
                t.form("remove_user", "Remove a user from a group", [
                    t.field("group_id", "Group", "select", options=group_choice, required=True),
                    t.field("user_id", "User", "select", options=user_choice, required=True)],
                    "Remove user")]}


async def create_group(conn: Any, values: dict[str, Any]) -> str:
    group = await conn.identity.create_group(name=t.required(values, "name", "Name"),
                                             description=t.text(values, "description"))
    return f"Group {group.name} created."


async def delete_group(conn: Any, values: dict[str, Any]) -> str:
    await conn.identity.delete_group(t.required(values, "group_id"), ignore_missing=False)
    return "Group deleted."


async def add_user(conn: Any, values: dict[str, Any]) -> str:
    await conn.identity.add_user_to_group(t.required(values, "user_id", "User"),
                                          t.required(values, "group_id", "Group"))
    return "User added to the group."


async def remove_user(conn: Any, values: dict[str, Any]) -> str:
    await conn.identity.remove_user_from_group(t.required(values, "user_id", "User"),
                                               t.required(values, "group_id", "Group"))
    return "User removed from the group."


async def build_roles(request: Request) -> dict[str, Any]:
    roles = await t.listing(request.state.conn.identity.roles)
    rows = [{"key": r.name, "cells": [r.name, r.id, r.description or ""],
             "buttons": [t.button("delete", "Delete", {"role_id": r.id},
                                  confirm=f"Delete role {r.name}?", danger=True)]}
            for r in roles]
    return {"title": "Roles",
            "tables": [t.table("roles", None, ["Name", "ID", "Description"], rows)],
            "forms": [t.form("create", "Create role", [
                t.field("name", "Name", required=True),
                t.field("description", "Description")], "Create role")]}


async def create_role(conn: Any, values: dict[str, Any]) -> str:
    attrs = {"name": t.required(values, "name", "Name")}
    if t.text(values, "description"):
        attrs["description"] = t.text(values, "description")
    role = await conn.identity.create_role(**attrs)
    return f"Role {role.name} created."


async def delete_role(conn: Any, values: dict[str, Any]) -> str:
    await conn.identity.delete_role(t.required(values, "role_id"), ignore_missing=False)
    return "Role deleted."


def _name(part: Any) -> str:
    return (part or {}).get("name") or (part or {}).get("id", "")


async def build_assignments(request: Request) -> dict[str, Any]:
    conn = request.state.conn
    found, roles, users, groups, projects = await asyncio.gather(
        t.listing(lambda: conn.identity.role_assignments(include_names=True)),
        t.listing(conn.identity.roles), t.listing(conn.identity.users),
        t.listing(conn.identity.groups), t.listing(conn.identity.projects))
    rows = []
    for a in found:
        project = (a.scope or {}).get("project")
        who = ("user", a.user) if a.user else ("group", a.group)
        rows.append({
            "key": f"{_name(a.role)}:{_name(who[1])}:{_name(project) or 'other'}",
            "cells": [_name(a.role), f"{who[0]} {_name(who[1])}",
                      f"project {_name(project)}" if project else
                      ("domain " + _name((a.scope or {}).get("domain"))
                       if (a.scope or {}).get("domain") else "system")],
            "buttons": [t.button("unassign", "Remove", {
                "role_id": a.role["id"], "actor": f"{who[0]}:{who[1]['id']}",
                "project_id": project["id"]}, confirm="Remove this role assignment?",
                danger=True)] if project else []})
    actors = [(f"user:{u.id}", f"user {u.name}") for u in users] + \
        [(f"group:{g.id}", f"group {g.name}") for g in groups]
    return {"title": "Role assignments",
            "tables": [t.table("role-assignments", None, ["Role", "Actor", "Scope"], rows)],
            "forms": [t.form("assign", "Assign a role on a project", [
                t.field("role_id", "Role", "select", options=t.options_of(roles), required=True),
                t.field("actor", "User or group", "select", options=actors, required=True),
                t.field("project_id", "Project", "select", options=t.options_of(projects),
                        required=True)], "Assign")]}


def _grant(verb: str) -> Any:
    async def run(conn: Any, values: dict[str, Any]) -> str:
        kind, _, actor = t.required(values, "actor", "User or group").partition(":")
        if kind not in ("user", "group"):
            raise ValueError("Choose a user or a group.")
        link = "to" if verb == "assign" else "from"
        call = getattr(conn.identity, f"{verb}_project_role_{link}_{kind}")
        await call(t.required(values, "project_id", "Project"), actor,
                   t.required(values, "role_id", "Role"))
        return "Role assigned." if verb == "assign" else "Role assignment removed."
    return run


ROUTES = [
    *t.resource_routes(BASE + "/projects", build_projects, {
        "create": create_project, "delete": delete_project,
        "enable": _enabler("project", True), "disable": _enabler("project", False)}),
    *t.resource_routes(BASE + "/users", build_users, {
        "create": create_user, "delete": delete_user,
        "enable": _enabler("user", True), "disable": _enabler("user", False)}),
    *t.resource_routes(BASE + "/groups", build_groups, {
        "create": create_group, "delete": delete_group, "add_user": add_user,
        "remove_user": remove_user}),
    *t.resource_routes(BASE + "/roles", build_roles, {"create": create_role,
                                                      "delete": delete_role}),
    *t.resource_routes(BASE + "/role_assignments", build_assignments, {
        "assign": _grant("assign"), "unassign": _grant("unassign")}),
]

NAV = [("Identity", "Projects", BASE + "/projects", True),
       ("Identity", "Users", BASE + "/users", True),
       ("Identity", "Groups", BASE + "/groups", True),
       ("Identity", "Roles", BASE + "/roles", True),
       ("Identity", "Role assignments", BASE + "/role_assignments", True)]
