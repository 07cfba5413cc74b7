"""`/v2/tasks` (Glance's tasks API: administrators only, `tasks_api_access`), an image's own
tasks (`/v2/images/{image_id}/tasks`, Image API 2.12) and the task schemas.

`POST /v2/tasks` runs Glance's legacy `import` task: a new image whose data is fetched from
`input.import_from`, as `web-download` does.
"""

from __future__ import annotations

import asyncio
import socket
import urllib.parse
import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import paging, timestamps
from ..errors import ApiError, BadRequest, NotFound
from ..policy import Context
from ..routing import DELETE, GET, POST, RouteTable
from ..service import authenticate, base_url, json_response
from .http import (
    IMAGE,
    backend,
    find_image,
    limit_param,
    links,
    not_authorized,
    read_body,
    sort_dir_param,
)
from .imports import start_web_download
from .task_state import SORT_KEYS

TYPES = ["import", "api_image_import", "location_import"]
STATUSES = ["pending", "processing", "success", "failure"]
UUID = {"type": "string", "description": "An identifier for the task",
        "pattern": "^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}"
                   "-([0-9a-fA-F]){12}$"}
TASK_PROPERTIES: dict[str, Any] = {
    "id": UUID,
    "type": {"type": "string", "enum": TYPES,
             "description": "The type of task represented by this content"},
    "status": {"type": "string", "enum": STATUSES,
               "description": "The current status of this task"},
    "input": {"type": ["null", "object"],
              "description": "The parameters required by task, JSON blob"},
    "result": {"type": ["null", "object"],
               "description": "The result of current task, JSON blob"},
    "owner": {"type": "string", "description": "An identifier for the owner of this task"},
    "message": {"type": "string",
                "description": "Human-readable informative message only included when "
                               "appropriate (usually on failure)"},
    "image_id": {"type": "string", "description": "Image associated with the task"},
    "request_id": {"type": "string", "description": "Human-readable informative request-id"},
    "user_id": {"type": "string", "description": "User associated with the task"},
    "expires_at": {"type": ["null", "string"],
                   "description": "Datetime when this resource would be subject to removal"},
    "created_at": {"type": "string", "description": "Datetime when this resource was created"},
    "updated_at": {"type": "string", "description": "Datetime when this resource was updated"},
    "self": {"readOnly": True, "type": "string"},
    "schema": {"readOnly": True, "type": "string"},
}


def task_schema(partial: bool = False) -> dict[str, Any]:
    hidden = ("input", "result", "message") if partial else ()
    return {"name": "task",
            "properties": {k: v for k, v in TASK_PROPERTIES.items() if k not in hidden}}


async def show_task_schema(request: Request) -> Response:
    """GET /v2/schemas/task."""
    authenticate(request)
    return json_response(task_schema())


async def show_tasks_schema(request: Request) -> Response:
    """GET /v2/schemas/tasks."""
    authenticate(request)
    return json_response({"name": "tasks", "properties": {
        "tasks": {"type": "array", "items": task_schema(partial=True)},
        "schema": {"type": "string"}}, "links": [{"rel": "describedby", "href": "{schema}"}]})


# ------------------------------------------------------------------ views
def task_view(task: dict[str, Any], full: bool = True) -> dict[str, Any]:
    """A task as Glance shows it (a listing leaves out input, result and message)."""
    view: dict[str, Any] = {
        "id": task["id"], "type": task["type"], "status": task["status"],
        "owner": task["owner"], "created_at": timestamps.iso_z(task["created_at"]),
        "updated_at": timestamps.iso_z(task["updated_at"]),
        "self": f"/v2/tasks/{task['id']}", "schema": "/v2/schemas/task"}
    if full:
        view.update(input=task["input"], result=task["result"], message=task["message"])
        for key in ("image_id", "request_id", "user_id"):
            if task[key]:
                view[key] = task[key]
    if task["expires_at"] is not None:
        view["expires_at"] = timestamps.iso_z(task["expires_at"])
    return view


def _record(task: dict[str, Any]) -> dict[str, Any]:
    """A task as `/v2/images/{id}/tasks` shows it: the database record."""
    def micro(value: float | None) -> str | None:
        return timestamps.iso_micro(value) if value is not None else None

    return {"id": task["id"], "image_id": task["image_id"], "request_id": task["request_id"],
            "user_id": task["user_id"], "type": task["type"], "status": task["status"],
            "owner": task["owner"], "expires_at": micro(task["expires_at"]),
            "created_at": micro(task["created_at"]), "updated_at": micro(task["updated_at"]),
            "deleted_at": None, "deleted": False, "input": task["input"],
            "result": task["result"], "message": task["message"]}


def _require_access(ctx: Context) -> None:
    if not ctx.is_admin:
        raise not_authorized("tasks_api_access")


# ------------------------------------------------------------------ handlers
def _list_params(request: Request) -> tuple[dict[str, str], str, str, int | None]:
    query = request.query_params
    sort_dir = sort_dir_param(request)
    sort_key = query.get("sort_key", "created_at")
    if sort_key not in SORT_KEYS:
        raise BadRequest("Sort key supplied was not valid.")
    filters = {k: query[k] for k in ("status", "type") if query.get(k)}
    if filters.get("status", "pending") not in STATUSES:
        raise BadRequest(f"Invalid status value: {filters['status']}")
    if filters.get("type", "import") != "import":
        raise BadRequest(f"Invalid type value: {filters['type']}")
    return filters, sort_key, sort_dir, limit_param(request)


def _no_task(marker: str) -> BadRequest:
    return BadRequest(f"Task with the given id {marker} was not found")


async def list_tasks(request: Request) -> Response:
    """GET /v2/tasks: unexpired tasks, newest first, filtered by `status` and `type`, paged
    by `limit` and `marker`."""
    ctx = authenticate(request)
    _require_access(ctx)
    filters, sort_key, sort_dir, limit = _list_params(request)
    marker = request.query_params.get("marker")
    if marker is not None:
        try:
            uuid.UUID(marker)
        except ValueError:
            raise BadRequest("Invalid marker format") from None
    found = backend(request).tasks.list(None if ctx.is_admin else ctx.project_id, filters,
                                        sort_key, sort_dir)
    page = list(paging.after(found, marker, key=lambda t: t["id"], missing=_no_task))[:limit]
    return json_response({"tasks": [task_view(t, full=False) for t in page],
                          **links(request, "/v2/tasks", page, limit),
                          "schema": "/v2/schemas/tasks"})


async def show_task(request: Request) -> Response:
    """GET /v2/tasks/{task_id}."""
    ctx = authenticate(request)
    _require_access(ctx)
    task_id = request.path_params["task_id"]
    task = backend(request).tasks.get(task_id)
    if task is None:
        raise NotFound(f"Task with the given id {task_id} was not found")
    return json_response(task_view(task))


async def delete_task(request: Request) -> Response:
    """DELETE /v2/tasks/{task_id}: never allowed (tasks expire on their own)."""
    ctx = authenticate(request)
    _require_access(ctx)
    raise ApiError("This operation is currently not permitted on Glance Tasks. They are auto "
                   "deleted after reaching the time based on their expires_at property.",
                   status=405, headers={"Allow": "GET"})


async def image_tasks(request: Request) -> Response:
    """GET /v2/images/{image_id}/tasks: the image's tasks, for whoever sees the image."""
    ctx = authenticate(request)
    try:
        image = find_image(request, ctx, request.path_params["image_id"])
    except NotFound:
        raise NotFound("The resource could not be found.") from None
    return json_response({"tasks": [_record(t) for t in
                                    backend(request).tasks.of_image(image["id"])]})


# ------------------------------------------------------------------ legacy import task
def _resolves(host: str) -> bool:
    try:
        socket.getaddrinfo(host, None)
    except (OSError, UnicodeError):
        return False
    return True


async def create_task(request: Request) -> Response:
    """POST /v2/tasks `{"type": "import", "input": {"import_from", "image_properties"}}`:
    a new image fetched from `import_from`; 201 with the task (`result.image_id` once it
    succeeds)."""
    ctx = authenticate(request)
    _require_access(ctx)
    body = await read_body(request)
    if not isinstance(body, dict):
        raise BadRequest("Task 'type' is required")
    for key in ("type", "input"):
        if key not in body:
            raise BadRequest(f"Task '{key}' is required")
    extra = [k for k in body if k not in TASK_PROPERTIES]
    if extra:
        raise BadRequest("Provided object does not match schema 'task': Additional properties "
                         f"are not allowed ({', '.join(repr(k) for k in extra)} "
                         f"{'was' if len(extra) == 1 else 'were'} unexpected)")
    if body["type"] not in TYPES:
        raise BadRequest(f"Provided object does not match schema 'task': {body['type']!r} is "
                         f"not one of {TYPES!r}")
    task_input = body["input"]
    if not isinstance(task_input, dict):
        raise BadRequest("Provided object does not match schema 'task': "
                         f"{task_input!r} is not of type 'null', 'object'")
    if body["type"] != "import":
        raise BadRequest(f"Provided type of task is unsupported: {body['type']}")
    uri = task_input.get("import_from")
    parts = urllib.parse.urlsplit(uri if isinstance(uri, str) else "")
    if parts.scheme not in ("http", "https") or not parts.hostname or not \
            await asyncio.to_thread(_resolves, parts.hostname):
        raise BadRequest(f"URI for legacy import task does not pass filtering: {uri}")
    properties = task_input.get("image_properties") or {}
    columns = {k: properties[k] for k in ("name", "disk_format", "container_format",
                                          "visibility", "min_disk", "min_ram", "protected")
               if k in properties} if isinstance(properties, dict) else {}
    images = backend(request)
    image = images.create_image(ctx.project_id, columns, {}, [])
    start_web_download(images, image["id"], uri)  # type: ignore[arg-type]
    task = images.tasks.create("import", ctx.project_id, task_input, image_id=image["id"],
                               user_id=ctx.user_id, request_id=request.scope.get("request_id"))
    view = task_view(task)
    return json_response(view, status=201, headers={
        "Location": f"{base_url(request)}/image{view['self']}"})


ROUTES: RouteTable = (
    (f"{IMAGE}/tasks", image_tasks, GET),
    ("/v2/tasks", list_tasks, GET),
    ("/v2/tasks", create_task, POST),
    ("/v2/tasks/{task_id}", show_task, GET),
    ("/v2/tasks/{task_id}", delete_task, DELETE),
    ("/v2/schemas/task", show_task_schema, GET),
    ("/v2/schemas/tasks", show_tasks_schema, GET),
)
