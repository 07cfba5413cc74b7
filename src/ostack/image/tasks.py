"""An image task: asynchronous work Glance does on an image (an import), with its input,
result and status (pending, processing, success, failure)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ostack.proxy import Flow, operation
from ostack.resource import Field, QueryParameters, Resource


class Task(Resource):
    resource_key = None
    resources_key = "tasks"
    base_path = "/tasks"
    service_type = "image"
    allow_create = True
    find_policy = "id"
    failure_statuses = ("failure",)
    query = QueryParameters("type", "status", "sort_dir", "sort_key")

    created_at = Field()
    expires_at = Field()
    input = Field()
    message = Field()
    owner_id = Field("owner")
    result = Field()
    schema = Field()
    status = Field()
    type = Field()
    updated_at = Field()


class TaskActions:
    """Waiting for a task: success is the goal, failure ends the wait."""

    @operation
    def wait_for_task(self, task: Any, status: str = "success",
                      failures: list[str] | None = None, interval: float = 2.0,
                      wait: float = 120.0, callback: Callable[[Any], None] | None = None
                      ) -> Flow:
        failing = tuple(f.lower() for f in failures) if failures else ("failure",)
        return (yield from self.wait_flow(Task, task, status=status, failures=failing,
                                          interval=interval, wait=wait, callback=callback))


class ImageTask(Resource):
    """A task as listed for its image (`/v2/images/{image_id}/tasks`, API 2.12+)."""

    resource_key = None
    resources_key = "tasks"
    base_path = "/images/{image_id}/tasks"
    service_type = "image"
    singular, plural = "image_task", "image_tasks"
    allow_fetch = False
    find_policy = "list"
    failure_statuses = ("failure",)

    type = Field()
    status = Field()
    owner = Field()
    expires_at = Field()
    created_at = Field()
    updated_at = Field()
    deleted_at = Field()
    deleted = Field()
    image_id = Field()
    request_id = Field()
    user_id = Field()
    input = Field()
    result = Field()
    message = Field()
