"""`server group create|delete|list|show`: placement policies for servers, shown with `policy`
and `rules` from 2.64 and `policies` before."""

from __future__ import annotations

import argparse
from typing import Any

from ostack import exceptions
from ostack.cli.columns import DictColumn, ListColumn
from ostack.cli.declare import Arg, Column, Option, key_value, offset_pagination
from ostack.cli.generic import ResourceCreate, ResourceDelete, ResourceList, ResourceShow
from ostack.transport.microversions import at_least

RESOURCE = "compute.server_group"


class ServerGroupFields:
    """Fields as the official client shows a group: sorted, `members` for member_ids, the
    policy fields of the microversion."""

    def show(self, group: Any) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": group.id, "name": group.name, "members": ListColumn(group.member_ids),
            "project_id": group.project_id, "user_id": group.user_id,
        }
        if at_least(self.service.microversion, "2.64"):  # type: ignore[attr-defined]
            data.update(policy=group.policy, rules=DictColumn(group.rules))
        else:
            data["policies"] = ListColumn(group.policies)
        return {k: data[k] for k in sorted(data)}


class CreateServerGroup(ServerGroupFields, ResourceCreate):
    """Create a new server group."""

    name = "server group create"
    resource = RESOURCE
    options = (
        Arg("name", metavar="<name>", help="new server group name"),
        Option("--policy", metavar="<policy>", default="affinity",
               choices=["affinity", "anti-affinity", "soft-affinity", "soft-anti-affinity"],
               help="add a policy to <name> (--os-compute-api-version 2.15 or higher for "
                    "'soft-affinity' or 'soft-anti-affinity')"),
        Option("--rule", metavar="<key=value>", dest="rules", action="append",
               type=key_value("--rule"),
               help="a rule for the policy; only 'max_server_per_host' for 'anti-affinity' "
                    "(repeat option to set multiple rules)"),
    )

    def attrs(self, args: argparse.Namespace) -> dict[str, Any]:
        version = self.service.microversion
        if args.policy in ("soft-affinity", "soft-anti-affinity") and not at_least(
                version, "2.15"):
            raise exceptions.OstackError(
                f"--os-compute-api-version 2.15 or greater is required to support the "
                f"{args.policy} policy")
        rules = dict(args.rules or [])
        if rules and not at_least(version, "2.64"):
            raise exceptions.OstackError(
                "--os-compute-api-version 2.64 or greater is required to support the --rule "
                "option")
        if not at_least(version, "2.64"):
            return {"name": args.name, "policies": [args.policy]}
        attrs: dict[str, Any] = {"name": args.name, "policy": args.policy}
        if rules:
            attrs["rules"] = rules
        return attrs


class DeleteServerGroup(ResourceDelete):
    """Delete existing server group(s)."""

    name = "server group delete"
    resource = RESOURCE
    failure = "{error}"
    options = (Arg("server_group", metavar="<server-group>", nargs="+",
                   help="server group(s) to delete (name or ID)"),)


class ListServerGroup(ResourceList):
    """List all server groups."""

    name = "server group list"
    resource = RESOURCE
    options = (
        Option("--all-projects", action="store_true", query="all_projects",
               help="display information from all projects (admin only)"),
        Option("--long", action="store_true", help="list additional fields in output"),
        *offset_pagination(),
    )

    def arguments(self) -> tuple[Option, ...]:
        return self.options

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        query = self.mapped(args, "query")
        for key in ("offset", "limit"):
            if not query.get(key):
                query.pop(key, None)
        return query

    def columns_for(self, args: argparse.Namespace) -> tuple[Column, ...]:
        if at_least(self.service.microversion, "2.64"):
            columns = (Column("ID", "id"), Column("Name", "name"), Column("Policy", "policy"))
        else:
            columns = (Column("ID", "id"), Column("Name", "name"),
                       Column("Policies", "policies", ListColumn))
        if args.long:
            columns += (Column("Members", "member_ids", ListColumn),
                        Column("Project Id", "project_id"), Column("User Id", "user_id"))
        return columns


class ShowServerGroup(ServerGroupFields, ResourceShow):
    """Display server group details."""

    name = "server group show"
    resource = RESOURCE
    options = (Arg("server_group", metavar="<server-group>",
                   help="server group to display (name or ID)"),)
