"""The `/metadata` routes that volumes and snapshots share: show, merge, replace, and one key
at a time, in Cinder's shapes (`{"metadata": {...}}`, `{"meta": {key: value}}`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest, NotFound
from ..policy import Context
from ..routing import DELETE, GET, POST, PUT, RouteRow
from ..service import empty_response, json_response
from . import http

Finder = Callable[[Request, Context, str], dict[str, Any]]
Writable = Callable[[Request, Context, str, str], dict[str, Any]]
Update = Callable[[Request, str, dict[str, Any]], Any]


class MetadataRoutes:
    """The six metadata handlers of one resource (`volume` or `snapshot`)."""

    def __init__(self, resource: str, find: Finder, writable: Writable, update: Update) -> None:
        self.id_param = f"{resource}_id"
        self.find = find
        self.writable = writable
        self.update = update
        self.update_policy = f"volume:update_{resource}_metadata"
        self.delete_policy = f"volume:delete_{resource}_metadata"

    def _target(self, request: Request, ctx: Context, policy: str | None = None) -> dict:
        ident = request.path_params[self.id_param]
        if policy is None:
            return self.find(request, ctx, ident)
        return self.writable(request, ctx, ident, policy)

    async def show(self, request: Request) -> Response:
        """GET .../metadata."""
        target = self._target(request, http.caller(request))
        return json_response({"metadata": target["metadata"]})

    async def _write(self, request: Request, replace: bool) -> Response:
        ctx = http.caller(request)
        raw = await http.body_of(request)
        http.no_extra(raw, ("metadata",), "body")
        if "metadata" not in raw:
            raise BadRequest("Malformed request body")
        new = http.metadata(raw["metadata"], nullable=False)
        target = self._target(request, ctx, self.update_policy)
        merged = new if replace else dict(target["metadata"], **new)
        self.update(request, target["id"], {"metadata": merged})
        return json_response({"metadata": merged})

    async def create(self, request: Request) -> Response:
        """POST .../metadata: merge keys; the whole metadata back."""
        return await self._write(request, replace=False)

    async def replace(self, request: Request) -> Response:
        """PUT .../metadata: replace all keys."""
        return await self._write(request, replace=True)

    async def show_item(self, request: Request) -> Response:
        """GET .../metadata/{key}: `{"meta": {key: value}}`."""
        target = self._target(request, http.caller(request))
        key = request.path_params["key"]
        if key not in target["metadata"]:
            raise NotFound("Metadata item was not found")
        return json_response({"meta": {key: target["metadata"][key]}})

    async def update_item(self, request: Request) -> Response:
        """PUT .../metadata/{key} with `{"meta": {key: value}}`."""
        ctx = http.caller(request)
        raw = await http.body_of(request)
        http.no_extra(raw, ("meta",), "body")
        meta = http.metadata(raw.get("meta"), "meta", nullable=False)
        key = request.path_params["key"]
        if len(meta) > 1:
            raise BadRequest("Request body contains too many items")
        if key not in meta:
            raise BadRequest("Request body and URI mismatch")
        target = self._target(request, ctx, self.update_policy)
        self.update(request, target["id"], {"metadata": dict(target["metadata"], **meta)})
        return json_response({"meta": meta})

    async def delete_item(self, request: Request) -> Response:
        """DELETE .../metadata/{key}: 200."""
        target = self._target(request, http.caller(request), self.delete_policy)
        key = request.path_params["key"]
        if key not in target["metadata"]:
            raise NotFound("Metadata item was not found")
        remaining = {k: v for k, v in target["metadata"].items() if k != key}
        self.update(request, target["id"], {"metadata": remaining})
        return empty_response(200)

    def routes(self, path: str) -> tuple[RouteRow, ...]:
        """The six rows under the resource's `path` (`/volumes/{volume_id}`)."""
        return ((f"{path}/metadata", self.show, GET),
                (f"{path}/metadata", self.create, POST),
                (f"{path}/metadata", self.replace, PUT),
                (f"{path}/metadata/{{key}}", self.show_item, GET),
                (f"{path}/metadata/{{key}}", self.update_item, PUT),
                (f"{path}/metadata/{{key}}", self.delete_item, DELETE))
