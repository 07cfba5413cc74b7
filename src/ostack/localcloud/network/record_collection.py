"""`RecordCollection`: a Neutron collection (`http.Collection`: list with filters, sorting and
paging, show, create, update, delete, tags) whose reads go through its own state class, so that
the class decides what a caller sees (shared QoS policies, public network flavors) and adds its
computed attributes (a policy's rules)."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from ..service import json_response
from .http import Collection, backend, caller, fields_of, listing, view


@dataclass
class RecordCollection(Collection):
    """A collection over a `record_state.RecordState`."""

    async def index(self, request: Request) -> Response:
        who = caller(request)
        items = self.state(backend(request)).visible(who)  # type: ignore[attr-defined]
        return listing(request, self.kind, self.path, self.key, items, who)

    async def show(self, request: Request) -> Response:
        who = caller(request)
        record = self.state(backend(request)).one(  # type: ignore[attr-defined]
            who, request.path_params["id"])
        return json_response({self.kind: view(self.kind, record, who, fields_of(request))})
