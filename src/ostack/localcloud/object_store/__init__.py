"""Swift (object store v1) under `/object-store`: `/info`, and `/v1/{account}[/{container}
[/{object}]]` for accounts (`AUTH_<project id>`), containers and objects; Swift's error bodies
(swob's HTML, or plain text where Swift says what is wrong) and its `X-Trans-Id`.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from starlette.routing import Route

from .. import routing
from ..declare import ServiceSpec
from ..errors import ApiError
from ..service import Scope, Service
from . import accounts, containers, info, objects
from .backend import ObjectStoreBackend
from .faults import render_error, response_headers, swift_body
from .schema import SCHEMA


class ObjectStoreService(Service):
    """Swift answers every error, 401 included, with its own body (keystoneauth decides
    after keystonemiddleware with `delay_auth_decision`), and names requests `tx...`."""

    @staticmethod
    def new_request_id() -> str:
        """A Swift transaction id: `tx` + 21 hex digits + `-` + the time in 10 hex digits."""
        return f"tx{secrets.token_hex(11)[:21]}-{int(time.time()):010x}"

    async def _send_error(self, err: ApiError, scope: Scope, send: Any) -> None:
        body, content_type = swift_body(err)
        if scope.get("method") == "HEAD":
            body = b""
        headers = [(b"content-type", content_type.encode()),
                   (b"content-length", str(len(body)).encode())]
        headers += [(k.lower().encode(), v.encode("latin-1")) for k, v in err.headers.items()]
        await send({"type": "http.response.start", "status": err.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def routes() -> list[Route]:
    return routing.build(info.ROUTES, accounts.ROUTES, containers.ROUTES, objects.ROUTES)


SERVICE = ServiceSpec(
    mount="object-store", service_type="object-store", catalog_name="swift",
    catalog_description="Swift Service", endpoint_path="/object-store/v1/AUTH_$(project_id)s",
    routes=routes, render_error=render_error,
    make_backend=lambda runtime: ObjectStoreBackend(runtime.store, runtime.folder("objects"),
                                                    runtime.wake),
    schema=SCHEMA, seed=lambda backend, seeding: backend.bootstrap(),
    response_headers=response_headers, app_class=ObjectStoreService, order=50,
)
