"""`volume qos create|delete|list|set|show|unset|associate|disassociate`, as the official
client prints them."""

from __future__ import annotations

import argparse
from typing import Any

from ostack import exceptions
from ostack.cli import steps
from ostack.cli.columns import DictColumn, ListColumn
from ostack.cli.command import Lister, ShowOne
from ostack.cli.declare import Arg, Option, properties
from ostack.cli.generic import ResourceCommand, ResourceDelete

RESOURCE = "block_storage.qos_spec"
CONSUMERS = ("front-end", "back-end", "both")


def _associations(storage: Any, qos_spec: Any) -> list[str]:
    return [a.name for a in storage.qos_spec_associations(qos_spec=qos_spec)]


class CreateQos(ResourceCommand, ShowOne):
    """Create new QoS specification."""

    name = "volume qos create"
    resource = RESOURCE
    options = (
        Arg("name", metavar="<name>", help="new QoS specification name"),
        Option("--consumer", metavar="<consumer>", choices=CONSUMERS, default="both",
               help="consumer of the QoS. Valid consumers: back-end, both, front-end "
                    "(defaults to 'both')"),
        properties(dest="properties", help="set a QoS specification property (repeatable)"),
    )

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        qos = self.service.create_qos_spec(name=args.name, consumer=args.consumer,
                                           **dict(args.properties or []))
        return {"consumer": qos.consumer, "id": qos.id, "name": qos.name,
                "properties": DictColumn(qos.specs)}


class DeleteQos(ResourceDelete):
    """Delete QoS specification."""

    name = "volume qos delete"
    resource = RESOURCE
    failure = "Failed to delete QoS specification with name or ID '{name}': {error}"
    summary = "{failed} of {total} QoS specifications failed to delete."
    options = (
        Arg("qos_specs", metavar="<qos-spec>", nargs="+",
            help="QoS specification(s) to delete (name or ID)"),
        Option("--force", action="store_true", default=False,
               help="allow to delete in-use QoS specification(s)"),
    )

    def delete(self, args: argparse.Namespace, name: str) -> Any:
        qos = self.find(name)
        self.service.delete_qos_spec(qos, ignore_missing=False, force=args.force)
        return qos


class ListQos(ResourceCommand, Lister):
    """List QoS specifications."""

    name = "volume qos list"
    resource = RESOURCE

    def take_action(self, args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        storage = self.service
        from ostack.cli.ndjson import keep_bodies

        found = list(storage.qos_specs())
        rows = [[qos.id, qos.name, qos.consumer, ListColumn(_associations(storage, qos)),
                 DictColumn(qos.specs)] for qos in found]
        return ["ID", "Name", "Consumer", "Associations", "Properties"], keep_bodies(rows, found)


class ShowQos(ResourceCommand, ShowOne):
    """Display QoS specification details."""

    name = "volume qos show"
    resource = RESOURCE
    options = (Arg("qos_spec", metavar="<qos-spec>",
                   help="QoS specification to display (name or ID)"),)

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        qos = self.find(args.qos_spec)
        data: dict[str, Any] = {}
        associations = _associations(self.service, qos)
        if associations:
            data["associations"] = ListColumn(associations)
        data.update({"consumer": qos.consumer, "id": qos.id, "name": qos.name,
                     "properties": DictColumn(qos.specs)})
        return data


class SetQos(ResourceCommand):
    """Set QoS specification properties."""

    name = "volume qos set"
    resource = RESOURCE
    options = (
        Arg("qos_spec", metavar="<qos-spec>", help="QoS specification to modify (name or ID)"),
        Option("--no-property", action="store_true",
               help="remove all properties from <qos-spec> (before setting new ones)"),
        properties(dest="properties", help="property to add or modify for this QoS "
                                           "specification (repeatable)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        storage = self.service
        qos = self.find(args.qos_spec)
        if steps.attempt((
                (args.no_property, "Failed to clean qos properties",
                 lambda: storage.delete_qos_spec_metadata(qos, list(qos.specs))),
                (bool(args.properties), "Failed to set qos property",
                 lambda: storage.update_qos_spec(qos, **dict(args.properties))))):
            raise exceptions.OstackError("One or more of the set operations failed")
        return 0


class UnsetQos(ResourceCommand):
    """Unset QoS specification properties."""

    name = "volume qos unset"
    resource = RESOURCE
    options = (
        Arg("qos_spec", metavar="<qos-spec>", help="QoS specification to modify (name or ID)"),
        Option("--property", metavar="<key>", action="append", dest="properties", default=[],
               help="property to remove from the QoS specification (repeatable)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        qos = self.find(args.qos_spec)
        if args.properties:
            self.service.delete_qos_spec_metadata(qos, args.properties)
        return 0


class AssociateQos(ResourceCommand):
    """Associate a QoS specification to a volume type."""

    name = "volume qos associate"
    resource = RESOURCE
    options = (
        Arg("qos_spec", metavar="<qos-spec>", help="QoS specification to modify (name or ID)"),
        Arg("volume_type", metavar="<volume-type>",
            help="volume type to associate the QoS (name or ID)"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        storage = self.service
        qos = self.find(args.qos_spec)
        volume_type = storage.find_type(args.volume_type, ignore_missing=False)
        storage.associate_qos_spec(qos, volume_type)
        return 0


class DisassociateQos(ResourceCommand):
    """Disassociate a QoS specification from a volume type."""

    name = "volume qos disassociate"
    resource = RESOURCE
    options = (
        Arg("qos_spec", metavar="<qos-spec>", help="QoS specification to modify (name or ID)"),
        Option("--volume-type", metavar="<volume-type>", group="which",
               help="volume type to disassociate the QoS from (name or ID)"),
        Option("--all", action="store_true", default=False, group="which",
               help="disassociate the QoS from every volume type"),
    )

    def take_action(self, args: argparse.Namespace) -> int:
        storage = self.service
        qos = self.find(args.qos_spec)
        if args.volume_type:
            storage.disassociate_qos_spec(
                qos, storage.find_type(args.volume_type, ignore_missing=False))
        elif args.all:
            storage.disassociate_all_qos_spec(qos)
        return 0
