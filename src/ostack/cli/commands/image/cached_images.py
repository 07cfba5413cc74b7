"""`cached image list|queue|delete|clear`: Glance's image cache (admin only)."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from typing import Any

from ostack import exceptions
from ostack.cli.command import Command, Lister
from ostack.cli.declare import Arg, Option
from ostack.cli.generic import ResourceCommand

RESOURCE = "image.image"


def _utc(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, tz=UTC).replace(tzinfo=None).isoformat()


class ListCachedImage(ResourceCommand, Lister):
    """Get Cache State"""

    name = "cached image list"
    resource = RESOURCE

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        cache = self.service.get_image_cache()
        rows = [[item["image_id"], "cached", _utc(item["last_accessed"]),
                 _utc(item["last_modified"]), item["size"], item["hits"]]
                for item in cache.cached_images or []]
        rows += [[image_id, "queued", "N/A", "N/A", "N/A", "N/A"]
                 for image_id in cache.queued_images or []]
        from ostack.cli.ndjson import keep_bodies  # the cache's one body: one line

        return (["ID", "State", "Last Accessed (UTC)", "Last Modified (UTC)", "Size", "Hits"],
                keep_bodies(rows, [cache]))


class _EachImage(ResourceCommand, Command):
    """Apply `act` to each named image; count the failures as the official client does."""

    resource = RESOURCE
    verb = ""

    def act(self, image_id: str) -> None:
        raise NotImplementedError

    def take_action(self, args: argparse.Namespace) -> int:
        failed = 0
        for name in args.images:
            try:
                self.act(self.service.find_image(name, ignore_missing=False).id)
            except exceptions.OstackError as exc:
                failed += 1
                sys.stderr.write(
                    f"Failed to {self.verb} image with name or ID '{name}': {exc}\n")
        if failed:
            raise exceptions.OstackError(self.summary(failed, len(args.images)))
        return 0

    def summary(self, failed: int, total: int) -> str:
        return f"Failed to {self.verb} {failed} of {total} images"


class QueueCachedImage(_EachImage):
    """Queue image(s) for caching."""

    name = "cached image queue"
    verb = "queue"
    options = (Arg("images", metavar="<image>", nargs="+",
                   help="image(s) to queue for caching (name or ID)"),)

    def act(self, image_id: str) -> None:
        self.service.queue_image(image_id)


class DeleteCachedImage(_EachImage):
    """Delete image(s) from cache"""

    name = "cached image delete"
    verb = "delete"
    options = (Arg("images", metavar="<image>", nargs="+",
                   help="image(s) to delete from the cache (name or ID)"),)

    def act(self, image_id: str) -> None:
        self.service.cache_delete_image(image_id)

    def summary(self, failed: int, total: int) -> str:
        return f"Failed to delete {failed} of {total} images."


class ClearCachedImage(ResourceCommand, Command):
    """Clear all images from cache, queue or both"""

    name = "cached image clear"
    resource = RESOURCE
    options = (
        Option("--cache", action="store_const", const="cache", default="both", dest="target",
               help="clear only the cached images"),
        Option("--queue", action="store_const", const="queue", default="both", dest="target",
               help="clear only the queued images"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        try:
            self.service.clear_cache(args.target)
        except exceptions.OstackError:
            sys.stderr.write("Failed to clear image cache\n")
            raise exceptions.OstackError("Failed to clear image cache") from None
        return 0
