"""`compute agent create|delete|list|set` (os-agents, which Nova removed in Wallaby and now
answers 410 Gone), as the official client prints them."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ostack import exceptions
from ostack.cli.command import Command, Lister, ShowOne
from ostack.cli.declare import Arg, Column, Option, add_options


class CreateAgent(ShowOne):
    """Create compute agent."""

    name = "compute agent create"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Arg("os", metavar="<os>", help="type of OS"),
            Arg("architecture", metavar="<architecture>", help="type of architecture"),
            Arg("version", metavar="<version>", help="version"),
            Arg("url", metavar="<url>", help="URL"),
            Arg("md5hash", metavar="<md5hash>", help="MD5 hash"),
            Arg("hypervisor", metavar="<hypervisor>", help="type of hypervisor"),
        ))

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        agent = self.conn.compute.create_agent(
            hypervisor=args.hypervisor, os=args.os, architecture=args.architecture,
            version=args.version, url=args.url, md5hash=args.md5hash)
        return {key: agent.raw[key] for key in sorted(agent.raw)}


class DeleteAgent(Command):
    """Delete compute agent(s)."""

    name = "compute agent delete"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (Arg("id", metavar="<id>", nargs="+",
                                 help="ID of agent(s) to delete"),))

    def take_action(self, args: argparse.Namespace) -> int:
        failed = 0
        for ident in args.id:
            try:
                self.conn.compute.delete_agent(ident)
            except exceptions.OstackError as exc:
                failed += 1
                sys.stderr.write(f"Failed to delete agent with ID '{ident}': {exc}\n")
        if failed:
            raise exceptions.OstackError(
                f"{failed} of {len(args.id)} agents failed to delete.")
        return 0


class ListAgent(Lister):
    """List compute agents."""

    name = "compute agent list"
    columns = (Column("Agent ID", "agent_id"), Column("Hypervisor", "hypervisor"),
               Column("OS", "os"), Column("Architecture", "architecture"),
               Column("Version", "version"), Column("Md5Hash", "md5hash"),
               Column("URL", "url"))

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (Option("--hypervisor", metavar="<hypervisor>",
                                    help="type of hypervisor"),))

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        agents = list(self.conn.compute.agents(hypervisor=args.hypervisor))
        from ostack.cli.ndjson import keep_bodies

        return [c.header for c in self.columns], keep_bodies(
            [[c.value(a) for c in self.columns] for a in agents], agents)


class SetAgent(Command):
    """Set compute agent properties."""

    name = "compute agent set"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_options(parser, (
            Arg("id", metavar="<id>", type=int, help="ID of the agent"),
            Option("--agent-version", dest="version", metavar="<version>",
                   help="version of the agent"),
            Option("--url", metavar="<url>", help="URL of the agent"),
            Option("--md5hash", metavar="<md5hash>", help="MD5 hash of the agent"),
        ))

    def take_action(self, args: argparse.Namespace) -> int:
        compute = self.conn.compute
        # Nova wants all three values: the ones not given are kept from the listing.
        current = next((a for a in compute.agents() if a.agent_id == args.id), None)
        if current is None:
            raise exceptions.OstackError(f"No agent with a ID of '{args.id}' exists.")
        values = {"version": current.version, "url": current.url, "md5hash": current.md5hash}
        values.update({k: getattr(args, k) for k in values if getattr(args, k)})
        compute.update_agent(args.id, **values)
        return 0
