"""`image list` and `image show`."""

from __future__ import annotations

from typing import Any

from ostack.cli import lookups
from ostack.cli.command import Lister, ShowOne, sorted_fields


class ListImage(Lister):
    """List images."""

    name = "image list"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--name", metavar="<name>", help="only images with this name")
        parser.add_argument("--status", metavar="<status>", help="only images in this status")
        parser.add_argument("--long", action="store_true", help="more columns")
        parser.add_argument("--limit", type=int, metavar="<num-images>")

    def take_action(self, args: Any):
        images = list(self.conn.image.images(name=args.name, status=args.status,
                                             limit=args.limit))
        lookups.remember_names(self.conn, "image.image", images)
        if args.long:
            columns = ("ID", "Name", "Disk Format", "Container Format", "Size", "Checksum",
                       "Status", "Visibility", "Protected", "Project", "Tags")
            rows = [(i.id, i.name, i.disk_format, i.container_format, i.size, i.checksum,
                     i.status, i.visibility, i.is_protected, i.owner, ", ".join(i.tags or []))
                    for i in images]
        else:
            columns = ("ID", "Name", "Status")
            rows = [(i.id, i.name, i.status) for i in images]
        return columns, rows


class ShowImage(ShowOne):
    """Show an image's details, by name or ID."""

    name = "image show"

    def add_arguments(self, parser) -> None:
        parser.add_argument("image", metavar="<image>", help="image name or ID")

    def take_action(self, args: Any) -> dict[str, Any]:
        image = self.conn.image.find_image(args.image, ignore_missing=False)
        data = dict(image.raw)
        if "owner" in data:
            data["owner"] = data["owner"]
        return sorted_fields(data)
