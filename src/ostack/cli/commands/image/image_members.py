"""`image add project|remove project|member get|member list`: sharing an image with other
projects, as the official client prints it."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli import lookups
from ostack.cli.command import Command, ShowOne
from ostack.cli.declare import Arg, Column, Option
from ostack.cli.generic import ResourceCommand, ResourceList

RESOURCE = "image.member"
PROJECT_DOMAIN = Option("--project-domain", metavar="<project-domain>",
                        help="domain the project belongs to (name or ID)")
#: A member's fields as `image add project` and `image member get` show them.
MEMBER_FIELDS = ("created_at", "image_id", "member_id", "schema", "status", "updated_at")


def member_fields(member: Any) -> dict[str, Any]:
    return {name: getattr(member, name) for name in MEMBER_FIELDS}


class AddProjectToImage(ResourceCommand, ShowOne):
    """Associate project with image"""

    name = "image add project"
    resource = RESOURCE
    options = (
        Arg("image", metavar="<image>", help="image to share (name or ID)"),
        Arg("project", metavar="<project>", help="project to share the image with"),
        PROJECT_DOMAIN,
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        project_id = lookups.project_id(self.conn, args.project, args.project_domain)
        image = self.conn.image.find_image(args.image, ignore_missing=False)
        return member_fields(self.conn.image.add_member(image.id, member_id=project_id))


class RemoveProjectImage(ResourceCommand, Command):
    """Disassociate project with image"""

    name = "image remove project"
    resource = RESOURCE
    options = (
        Arg("image", metavar="<image>", help="image to unshare (name or ID)"),
        Arg("project", metavar="<project>", help="project to unshare it with (name or ID)"),
        PROJECT_DOMAIN,
    )

    def take_action(self, args: argparse.Namespace) -> int:
        project_id = lookups.project_id(self.conn, args.project, args.project_domain)
        image = self.conn.image.find_image(args.image, ignore_missing=False)
        self.conn.image.remove_member(project_id, image.id)
        return 0


class ShowProjectImage(ResourceCommand, ShowOne):
    """Show a particular project associated with image"""

    name = "image member get"
    resource = RESOURCE
    options = (
        Arg("image", metavar="<image>", help="image (name or ID)"),
        Arg("member", metavar="<project>", help="project to show (ID)"),
        PROJECT_DOMAIN,
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        image = self.conn.image.find_image(args.image, ignore_missing=False)
        return member_fields(self.conn.image.get_member(args.member, image.id))


class ListImageProjects(ResourceList):
    """List projects associated with image"""

    name = "image member list"
    resource = RESOURCE
    columns = (Column("Image ID", "image_id"), Column("Member ID", "member_id"),
               Column("Status", "status"))
    options = (Arg("image", metavar="<image>", help="image (name or ID)"), PROJECT_DOMAIN)

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> Any:
        image = self.conn.image.find_image(args.image, ignore_missing=False)
        return self.conn.image.members(image.id)
