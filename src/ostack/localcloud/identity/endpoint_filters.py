"""`/v3/OS-EP-FILTER`: endpoints given to projects, directly or through endpoint groups.

A project's endpoints are those associated with it plus those matching the filters of its
endpoint groups. The associations are identity records (`project_endpoint`,
`endpoint_group_project`, owned by the project); one whose endpoint, group or project is gone
is left out of every answer, as Keystone forgets it with the deleted record.

Policy (Keystone's defaults): administrators change associations; administrators and system
readers read them.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import NotFound
from ..policy import keystone_admin, keystone_reader
from ..routing import DELETE, GET, HEAD, PUT, RouteTable
from ..service import authenticate, empty_response, json_response
from .catalog import endpoint_view
from .http import backend, collection, existing, self_link
from .projects import project_view

PROJECT_ENDPOINT = "project_endpoint"
GROUP_PROJECT = "endpoint_group_project"


def _key(first: str, second: str) -> str:
    return f"{first}|{second}"


def _project(request: Request) -> dict[str, Any]:
    project_id = request.path_params["project_id"]
    return existing(backend(request).projects.get(project_id), "project", project_id)


def _endpoint(request: Request) -> dict[str, Any]:
    endpoint_id = request.path_params["endpoint_id"]
    return existing(backend(request).service_catalog.get_endpoint(endpoint_id), "endpoint",
                    endpoint_id)


def _group(request: Request) -> dict[str, Any]:
    group_id = request.path_params["endpoint_group_id"]
    return existing(backend(request).records.get("endpoint_group", group_id),
                    "endpoint group", group_id)


def _group_view(request: Request, group: dict[str, Any]) -> dict[str, Any]:
    view = dict(group)
    view["links"] = self_link(request, f"OS-EP-FILTER/endpoint_groups/{group['id']}")
    return view


def _matching(request: Request, group: dict[str, Any]) -> list[dict[str, Any]]:
    """The endpoints an endpoint group's filters select."""
    filters = {k: str(v) for k, v in (group.get("filters") or {}).items()}
    return backend(request).service_catalog.list_endpoints(filters)


def _associated(request: Request, kind: str, *, first: str | None = None,
                second: str | None = None) -> list[str]:
    """The other ends of `kind` associations whose first or second end is given."""
    out = []
    for record in backend(request).records.list(kind):
        left, _, right = record["id"].partition("|")
        if first is not None and left == first:
            out.append(right)
        elif second is not None and right == second:
            out.append(left)
    return out


def _projects(request: Request, ids: list[str]) -> list[dict[str, Any]]:
    projects = backend(request).projects
    return [project_view(request, p) for p in (projects.get(i) for i in ids) if p]


# ------------------------------------------------------------------- project <-> endpoint
async def add_endpoint_to_project(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:add_endpoint_to_project")
    project, endpoint = _project(request), _endpoint(request)
    backend(request).records.put(PROJECT_ENDPOINT, _key(project["id"], endpoint["id"]), {},
                                 owner_id=project["id"])
    return empty_response(204)


async def check_endpoint_in_project(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_reader(ctx, "identity:check_endpoint_in_project")
    project, endpoint = _project(request), _endpoint(request)
    if backend(request).records.get(PROJECT_ENDPOINT, _key(project["id"], endpoint["id"])) is None:
        raise NotFound(f"Endpoint {endpoint['id']} not found in project {project['id']}")
    return empty_response(204)


async def remove_endpoint_from_project(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:remove_endpoint_from_project")
    project_id = request.path_params["project_id"]
    endpoint_id = request.path_params["endpoint_id"]
    if not backend(request).records.delete(PROJECT_ENDPOINT, _key(project_id, endpoint_id)):
        raise NotFound(f"Endpoint {endpoint_id} not found in project {project_id}")
    return empty_response(204)


async def list_endpoints_for_project(request: Request) -> Response:
    """The project's endpoints: associated directly, then through its endpoint groups."""
    ctx = authenticate(request)
    keystone_reader(ctx, "identity:list_endpoints_for_project")
    project = _project(request)
    catalog = backend(request).service_catalog
    found: dict[str, dict[str, Any]] = {}
    for endpoint_id in _associated(request, PROJECT_ENDPOINT, first=project["id"]):
        endpoint = catalog.get_endpoint(endpoint_id)
        if endpoint is not None:
            found[endpoint["id"]] = endpoint
    records = backend(request).records
    for group_id in _associated(request, GROUP_PROJECT, second=project["id"]):
        group = records.get("endpoint_group", group_id)
        for endpoint in _matching(request, group) if group else []:
            found.setdefault(endpoint["id"], endpoint)
    return json_response(collection(request, "endpoints",
                                    [endpoint_view(request, e) for e in found.values()]))


async def list_projects_for_endpoint(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_reader(ctx, "identity:list_projects_for_endpoint")
    endpoint = _endpoint(request)
    ids = _associated(request, PROJECT_ENDPOINT, second=endpoint["id"])
    return json_response(collection(request, "projects", _projects(request, ids)))


# ------------------------------------------------------------------- endpoint group <-> project
async def add_endpoint_group_to_project(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:add_endpoint_group_to_project")
    group, project = _group(request), _project(request)
    backend(request).records.put(GROUP_PROJECT, _key(group["id"], project["id"]), {},
                                 owner_id=project["id"])
    return empty_response(204)


def _group_project(request: Request) -> tuple[dict[str, Any], dict[str, Any]]:
    group, project = _group(request), _project(request)
    if backend(request).records.get(GROUP_PROJECT, _key(group["id"], project["id"])) is None:
        raise NotFound(f"Could not find project endpoint group: {group['id']} in project "
                       f"{project['id']}.")
    return group, project


async def get_endpoint_group_in_project(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_reader(ctx, "identity:get_endpoint_group_in_project")
    _group, project = _group_project(request)
    return json_response({"project": project_view(request, project)})


async def check_endpoint_group_in_project(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_reader(ctx, "identity:get_endpoint_group_in_project")
    _group_project(request)
    return empty_response(200)


async def remove_endpoint_group_from_project(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_admin(ctx, "identity:remove_endpoint_group_from_project")
    group_id = request.path_params["endpoint_group_id"]
    project_id = request.path_params["project_id"]
    if not backend(request).records.delete(GROUP_PROJECT, _key(group_id, project_id)):
        raise NotFound(f"Could not find project endpoint group: {group_id} in project "
                       f"{project_id}.")
    return empty_response(204)


async def list_projects_for_endpoint_group(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_reader(ctx, "identity:list_projects_associated_with_endpoint_group")
    group = _group(request)
    ids = _associated(request, GROUP_PROJECT, first=group["id"])
    return json_response(collection(request, "projects", _projects(request, ids)))


async def list_endpoints_for_endpoint_group(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_reader(ctx, "identity:list_endpoints_associated_with_endpoint_group")
    group = _group(request)
    return json_response(collection(request, "endpoints", [
        endpoint_view(request, e) for e in _matching(request, group)]))


async def list_endpoint_groups_for_project(request: Request) -> Response:
    ctx = authenticate(request)
    keystone_reader(ctx, "identity:list_endpoint_groups_for_project")
    project = _project(request)
    records = backend(request).records
    groups = [records.get("endpoint_group", i)
              for i in _associated(request, GROUP_PROJECT, second=project["id"])]
    return json_response(collection(request, "endpoint_groups", [
        _group_view(request, g) for g in groups if g]))


_P = "/v3/OS-EP-FILTER/projects/{project_id}"
_E = "/v3/OS-EP-FILTER/endpoints/{endpoint_id}"
_G = "/v3/OS-EP-FILTER/endpoint_groups/{endpoint_group_id}"
ROUTES: RouteTable = (
    (_P + "/endpoints", list_endpoints_for_project, GET),
    (_P + "/endpoints/{endpoint_id}", add_endpoint_to_project, PUT),
    (_P + "/endpoints/{endpoint_id}", check_endpoint_in_project, HEAD),
    (_P + "/endpoints/{endpoint_id}", check_endpoint_in_project, GET),
    (_P + "/endpoints/{endpoint_id}", remove_endpoint_from_project, DELETE),
    (_P + "/endpoint_groups", list_endpoint_groups_for_project, GET),
    (_E + "/projects", list_projects_for_endpoint, GET),
    (_G + "/projects", list_projects_for_endpoint_group, GET),
    (_G + "/endpoints", list_endpoints_for_endpoint_group, GET),
    (_G + "/projects/{project_id}", add_endpoint_group_to_project, PUT),
    (_G + "/projects/{project_id}", check_endpoint_group_in_project, HEAD),
    (_G + "/projects/{project_id}", get_endpoint_group_in_project, GET),
    (_G + "/projects/{project_id}", remove_endpoint_group_from_project, DELETE),
)
