"""`image stores list` and `image import info`: what the image service offers here."""

from __future__ import annotations

import argparse
from typing import Any

from ostack import exceptions
from ostack.cli.columns import ListColumn, ReprColumn
from ostack.cli.command import ShowOne
from ostack.cli.declare import Column, Option
from ostack.cli.generic import ResourceCommand, ResourceList


class StoresInfo(ResourceList):
    """Get available backends (only valid with Multi-Backend support)"""

    name = "image stores list"
    resource = "image.store"
    columns = (Column("ID", "id"), Column("Description", "description"),
               Column("Default", "is_default"))
    options = (Option("--detail", action="store_true", default=None,
                      help="show the stores' properties too (admin only)"),)

    def columns_for(self, args: argparse.Namespace) -> tuple[Column, ...]:
        if not args.detail:
            return self.columns
        return (*self.columns, Column("Properties", "properties", ReprColumn))

    def items(self, args: argparse.Namespace, query: dict[str, Any]) -> list[Any]:
        try:
            return list(self.service.stores(details=bool(args.detail)))
        except exceptions.NotFound:
            raise exceptions.OstackError("Multi Backend support not enabled") from None


class ImportInfo(ResourceCommand, ShowOne):
    """Show available import methods"""

    name = "image import info"
    resource = "image.image"

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        methods = self.service.get_import_info().import_methods or {}
        return {"import-methods": ListColumn(methods.get("value", []))}
