"""What the identity commands share: name-or-ID lookups scoped by domain (as the official
client resolves them, a 403 taking the name as given), and the options several commands
offer (`--immutable`, `--tag`, the `--*-domain` options, `--inherited`)."""

from __future__ import annotations

from ostack import exceptions
from ostack.cli.declare import Option

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Any


def domain_id(conn: Any, domain: str | None, *, must_exist: bool = True) -> str | None:
    """A domain's ID from its name or ID (None when not given)."""
    if not domain:
        return None
    return find_id(conn, "domain", domain, must_exist=must_exist)


def find_id(conn: Any, kind: str, name_or_id: str, domain: str | None = None, *,
            must_exist: bool = True, **query: Any) -> str:
    """The ID of a `kind` ("project", "user", "group", "role", "domain"), looked up in
    `domain` when given; a lookup the caller may not make (403) takes the value as given, and
    with `must_exist=False` so does one that finds nothing."""
    identity = conn.identity
    try:
        if domain:
            query["domain_id"] = domain_id(conn, domain, must_exist=must_exist)
        found = getattr(identity, f"find_{kind}")(name_or_id, ignore_missing=False, **query)
    except exceptions.Forbidden:
        return name_or_id
    except exceptions.NotFound:
        if not must_exist:
            return name_or_id
        raise
    return found.id


def find(conn: Any, kind: str, name_or_id: str, domain: str | None = None,
         **query: Any) -> Any:
    """The resource itself (NotFound when absent), looked up in `domain` when given."""
    if domain:
        query["domain_id"] = domain_id(conn, domain)
    return getattr(conn.identity, f"find_{kind}")(name_or_id, ignore_missing=False, **query)


def immutable_options() -> tuple[Option, ...]:
    """`--immutable` / `--no-immutable`: the resource option that makes it read-only."""
    return (
        Option("--immutable", action="store_true", default=None, group="immutable",
               help="make resource immutable; an immutable project, domain or role may "
                    "not be deleted or modified except to remove the immutability flag"),
        Option("--no-immutable", dest="immutable", action="store_false", default=None,
               group="immutable", help="make resource mutable (default)"),
    )


def enable_options(default: bool | None, what: str) -> tuple[Option, ...]:
    """`--enable` / `--disable` as one `enabled` value (None: not given)."""
    return (
        Option("--enable", dest="enabled", action="store_true", default=default,
               group="enable", help=f"enable {what}"),
        Option("--disable", dest="enabled", action="store_false", default=default,
               group="enable", help=f"disable {what}"),
    )


def domain_option(flag: str, what: str) -> Option:
    """`--user-domain`, `--group-domain`, `--project-domain`, `--role-domain`."""
    return Option(flag, metavar=f"<{flag.lstrip('-')}>",
                  help=f"domain the {what} belongs to (name or ID); this can be used in case "
                       f"collisions between {what} names exist")


INHERITED = Option("--inherited", action="store_true", default=False,
                   help="specifies if the role grant is inheritable to the sub projects")


def tag_filter_options(collection: str) -> tuple[Option, ...]:
    """`--tags`, `--tags-any`, `--not-tags`, `--not-tags-any` (comma-separated)."""
    words = (("--tags", "List {} which have all given tag(s)"),
             ("--tags-any", "List {} which have any given tag(s)"),
             ("--not-tags", "Exclude {} which have all given tag(s)"),
             ("--not-tags-any", "Exclude {} which have any given tag(s)"))
    return tuple(Option(flag, metavar="<tag>[,<tag>,...]", type=lambda s: s.split(","),
                        help=text.format(collection) + " (Comma-separated list of tags)")
                 for flag, text in words)


def tag_filters(args: argparse.Namespace) -> dict[str, str]:
    """The tag filters given, as Keystone's query parameters."""
    out = {}
    for dest, param in (("tags", "tags"), ("tags_any", "any_tags"), ("not_tags", "not_tags"),
                        ("not_tags_any", "not_any_tags")):
        value = getattr(args, dest, None)
        if value:
            out[param] = ",".join(value)
    return out


def tag_set_options(what: str) -> tuple[Option, ...]:
    """`--tag`, `--clear-tags` and `--remove-tag` of a `set` command."""
    return (
        Option("--tag", action="append", dest="tags", metavar="<tag>", default=[],
               help=f"tag to be added to the {what} (repeat option to set multiple tags)"),
        Option("--clear-tags", action="store_true",
               help=f"clear tags associated with the {what}; specify both --tag and "
                    f"--clear-tags to overwrite current tags"),
        Option("--remove-tag", action="append", dest="remove_tags", metavar="<tag>",
               default=[],
               help=f"tag to be deleted from the {what} (repeat option to delete multiple "
                    f"tags)"),
    )


def tags_after_set(args: argparse.Namespace, existing: list[str] | None) -> list[str] | None:
    """The tags a `set` leaves (None: the tags are not touched)."""
    if not (args.tags or args.remove_tags or args.clear_tags):
        return None
    if args.clear_tags:
        return []
    tags: list[str] = []
    if args.remove_tags:
        tags = sorted(set(existing or []) - set(args.remove_tags))
    if args.tags:
        # As the official client does: adding starts again from the existing tags.
        tags = sorted(set(existing or []) | set(args.tags))
    return tags


def sort_items(items: list[Any], sort: str | None) -> list[Any]:
    """`--sort key[:asc|desc][,...]` applied to resources, as osc-lib sorts them."""
    if not sort:
        return items
    items = list(items)
    for key in reversed(sort.strip().split(",")):
        reverse = False
        if ":" in key:
            key, direction = key.split(":", 1)
            if not key:
                raise exceptions.OstackError("'<empty string>'' is not a valid sort key")
            if direction not in ("asc", "desc"):
                raise exceptions.OstackError(
                    f"'{direction or '<empty string>'}' is not a valid sort direction for "
                    f"sort key {key}, use 'asc' or 'desc' instead")
            reverse = direction == "desc"
        items.sort(key=lambda item, k=key: _field(item, k), reverse=reverse)
    return items


def _field(item: Any, key: str) -> Any:
    value = getattr(item, key, None) if hasattr(type(item), key) else item.get(key)
    return "" if value is None else value
