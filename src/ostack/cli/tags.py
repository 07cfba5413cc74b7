"""The tag options of network commands, as the official client offers them.

- listings: `--tags`, `--any-tags`, `--not-tags`, `--not-any-tags` (comma-separated), mapped to
  the SDK's `tags` / `any_tags` / `not_tags` / `not_any_tags` filters;
- `create`: `--tag <tag>` (repeat) or `--no-tag`; `set`: `--tag` and `--no-tag` (both: replace);
  `unset`: `--tag <tag>` (repeat) or `--all-tag`.

Tags are written after the create or update through the service's `set_tags` (one PUT of the
whole sorted list, only when it changes), as the official client does:

    class CreateNetwork(ResourceCreate):
        options = (..., *tags.create_options("network"))
        def create(self, args, attrs):
            return tags.apply_set(self.service, super().create(args, attrs), args)
"""

from __future__ import annotations

import argparse

from ostack.cli.declare import Option

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_LIST = "<tag>[,<tag>,...]"


def list_options(resources: str) -> tuple[Option, ...]:
    """The four tag filters of a listing of `resources` ("networks")."""
    return (
        Option("--tags", metavar=_LIST, query="tags",
               help=f"list {resources} which have all given tag(s) (comma-separated list)"),
        Option("--any-tags", metavar=_LIST, query="any_tags",
               help=f"list {resources} which have any given tag(s) (comma-separated list)"),
        Option("--not-tags", metavar=_LIST, query="not_tags",
               help=f"exclude {resources} which have all given tag(s) (comma-separated list)"),
        Option("--not-any-tags", metavar=_LIST, query="not_any_tags",
               help=f"exclude {resources} which have any given tag(s) (comma-separated list)"),
    )


def create_options(resource: str) -> tuple[Option, ...]:
    """`--tag` (repeatable) or `--no-tag` for a create command."""
    return (
        Option("--tag", action="append", dest="tags", metavar="<tag>", group="tag",
               help=f"tag to be added to the {resource} (repeat option to set multiple tags)"),
        Option("--no-tag", action="store_true", group="tag",
               help=f"no tags associated with the {resource}"),
    )


def set_options(resource: str) -> tuple[Option, ...]:
    """`--tag` (repeatable) and `--no-tag` for a set command (both together: replace)."""
    return (
        Option("--tag", action="append", dest="tags", metavar="<tag>",
               help=f"tag to be added to the {resource} (repeat option to set multiple tags)"),
        Option("--no-tag", action="store_true",
               help=f"clear tags associated with the {resource}; specify both --tag and "
                    "--no-tag to overwrite current tags"),
    )


def unset_options(resource: str) -> tuple[Option, ...]:
    """`--tag` (repeatable) or `--all-tag` for an unset command."""
    return (
        Option("--tag", action="append", dest="tags", metavar="<tag>", group="tag",
               help=f"tag to be removed from the {resource} (repeat option to remove "
                    "multiple tags)"),
        Option("--all-tag", action="store_true", group="tag",
               help=f"clear all tags associated with the {resource}"),
    )


def apply_set(service: Any, resource: Any, args: argparse.Namespace) -> Any:
    """After create or set: add `--tag`s (to none with `--no-tag`); the resource with its new
    tags (unchanged when nothing changes)."""
    current = set(resource.tags or [])
    wanted = set() if getattr(args, "no_tag", False) else set(current)
    wanted |= set(getattr(args, "tags", None) or [])
    if wanted != current:
        return service.set_tags(resource, sorted(wanted))
    return resource


def apply_unset(service: Any, resource: Any, args: argparse.Namespace) -> Any:
    """After unset: remove the `--tag`s (all with `--all-tag`)."""
    current = set(resource.tags or [])
    wanted = set() if getattr(args, "all_tag", False) else set(current)
    wanted -= set(getattr(args, "tags", None) or [])
    if wanted != current:
        return service.set_tags(resource, sorted(wanted))
    return resource
