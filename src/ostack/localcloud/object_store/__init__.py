"""Swift (object store v1) under `/object-store`: `/info`, and `/v1/{account}[/{container}
[/{object}]]` for accounts (`AUTH_<project id>`), containers and objects; Swift's error bodies
(swob's HTML, or plain text where Swift says what is wrong) and its `X-Trans-Id`.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from starlette.routing import Route, request_response

from ..declare import ServiceSpec
from ..errors import ApiError, swift_body
from ..service import Scope, Service
from . import accounts, containers, info, objects
from .backend import ObjectStoreBackend
from .schema import SCHEMA


def _render_error(err: ApiError, scope: Scope) -> tuple[bytes, str]:
    return swift_body(err)


def _response_headers(scope: Scope) -> list[tuple[bytes, bytes]]:
    return [(b"x-trans-id", scope.get("request_id", "").encode())]


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


class AnyMethod:
    """An endpoint that takes every method (COPY too): Starlette routes a plain function
    for GET only; the handler answers Swift's 405 itself."""

    def __init__(self, handler: Any) -> None:
        self.app = request_response(handler)

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)


def routes() -> list[Route]:
    return [
        Route("/info", info.show_info, methods=["GET", "HEAD"]),
        Route("/healthcheck", info.healthcheck, methods=["GET", "HEAD"]),
        Route("/v1/{account}", AnyMethod(accounts.dispatch)),
        Route("/v1/{account}/", AnyMethod(accounts.dispatch)),
        Route("/v1/{account}/{container}", AnyMethod(containers.dispatch)),
        Route("/v1/{account}/{container}/{object:path}", AnyMethod(objects.dispatch)),
    ]


SERVICE = ServiceSpec(
    mount="object-store", service_type="object-store", catalog_name="swift",
    catalog_description="Swift Service", endpoint_path="/object-store/v1/AUTH_$(project_id)s",
    routes=routes, render_error=_render_error,
    make_backend=lambda runtime: ObjectStoreBackend(runtime.store, runtime.folder("objects"),
                                                    runtime.wake),
    schema=SCHEMA, seed=lambda backend, seeding: backend.bootstrap(),
    response_headers=_response_headers, app_class=ObjectStoreService, order=50,
)
