"""`image task list|show`: the image service's asynchronous tasks (imports)."""

from __future__ import annotations

import argparse
from typing import Any

from ostack.cli.columns import DictColumn, ReprColumn
from ostack.cli.command import ShowOne
from ostack.cli.declare import Arg, Column, Option, marker_pagination
from ostack.cli.generic import ResourceCommand, ResourceList

RESOURCE = "image.task"
#: Fields shown by `image task show`; every other key of the task goes into `properties`.
TASK_FIELDS = ("created_at", "expires_at", "id", "input", "message", "owner_id", "result",
               "status", "type", "updated_at")


class ListTask(ResourceList):
    """List tasks"""

    name = "image task list"
    resource = RESOURCE
    columns = (Column("ID", "id"), Column("Type", "type"), Column("Status", "status"),
               Column("Owner", "owner_id"))
    options = (
        Option("--sort-key", metavar="<key>[:<field>]", query="sort_key",
               help="sort by created_at, expires_at, id, status, type or updated_at "
                    "(default: created_at)"),
        Option("--sort-dir", metavar="<key>[:<direction>]", query="sort_dir",
               help="sort direction, asc or desc (default: desc)"),
        *marker_pagination(),
        Option("--type", metavar="<type>", choices=["import"], query="type",
               help="only tasks of this type"),
        Option("--status", metavar="<status>", query="status",
               choices=["pending", "processing", "success", "failure"],
               help="only tasks in this status"),
    )

    def query(self, args: argparse.Namespace) -> dict[str, Any]:
        # --limit is the page size (every page is read); --max-items is accepted and, as by
        # the official client, not used.
        query = self.mapped(args, "query")
        query.pop("max_items", None)
        return query


class ShowTask(ResourceCommand, ShowOne):
    """Display task details"""

    name = "image task show"
    resource = RESOURCE
    options = (Arg("task", metavar="<Task ID>", help="task to display (ID)"),)

    def take_action(self, args: argparse.Namespace) -> dict[str, Any]:
        task = self.service.get_task(args.task)
        info = {name: getattr(task, name) for name in TASK_FIELDS}
        info = {k: ReprColumn(v) if isinstance(v, dict | list) else v for k, v in info.items()}
        extra = {k: getattr(task, k) for k in type(task).fields()
                 if k not in TASK_FIELDS and k not in ("location", "name", "schema")}
        info["properties"] = DictColumn(extra)
        return {key: info[key] for key in sorted(info)}
