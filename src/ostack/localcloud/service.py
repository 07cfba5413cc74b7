"""One OpenStack API under its path prefix: its routes, its error format, its extra headers.

The HTTP handlers are plain Starlette endpoints (`async def handler(request) -> Response`). They
raise `errors.ApiError`; the `Service` around them renders the error the way that API does.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Router

from .declare import ErrorRenderer, Hook, Peers, Scope
from .errors import ApiError, BadRequest, Unauthorized, keystone_body
from .interfaces import Tokens
from .policy import Context, request_allowed

log = logging.getLogger("ostack.localcloud")

__all__ = ["ErrorRenderer", "Hook", "Scope", "Service", "authenticate", "backend_of",
           "base_url", "empty_response", "json_response", "peers_of", "read_json"]


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """A JSON response (compact separators: some listings are large)."""
    content = json.dumps(body, separators=(",", ":")).encode()
    return Response(content, status_code=status, headers=headers, media_type="application/json")


def empty_response(status: int = 204, headers: dict[str, str] | None = None) -> Response:
    """A response without a body (204, 202 ...)."""
    response = Response(b"", status_code=status, headers=headers)
    if status == 204:
        del response.headers["content-length"]
    return response


async def read_json(request: Request) -> dict[str, Any]:
    """The request body as a JSON object; 400 when it is missing, malformed or not an object."""
    raw = await request.body()
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):  # too deeply nested: malformed
        raise BadRequest("Malformed request body") from None
    if not isinstance(body, dict):
        raise BadRequest("Malformed request body: a JSON object is expected")
    return body


def backend_of(request: Request) -> Any:
    """The backend (state) of the service answering this request; each service's `http`
    module types it."""
    return request.scope["backend"]


def peers_of(request: Request) -> Peers:
    """The other services, by the Protocol they provide (`interfaces.py`)."""
    return request.scope["peers"]


def base_url(request: Request) -> str:
    """`http://127.0.0.1:<port>` as the client addressed us (links are built from it)."""
    cached = request.scope.get("base_url")
    if cached is not None:
        return cached
    host = request.headers.get("host")
    if not host:
        server = request.scope.get("server") or ("127.0.0.1", 80)
        host = f"{server[0]}:{server[1]}"
    url = f"{request.url.scheme}://{host}"
    request.scope["base_url"] = url
    return url


def authenticate(request: Request) -> Context:
    """The caller's credentials from `X-Auth-Token`; 401 when missing, invalid or expired."""
    cached = request.scope.get("context")
    if cached is not None:
        return cached
    ctx = token_context(request, request.headers.get("x-auth-token"))
    if ctx is None:
        raise Unauthorized(
            headers={"WWW-Authenticate": f'Keystone uri="{base_url(request)}/identity"'}
        )
    request.scope["context"] = ctx
    return ctx


def token_context(request: Request, token: str | None) -> Context | None:
    """The credentials of `token` for this request; None when it is missing, invalid, expired,
    or from an application credential whose access rules do not allow this request. For
    services that also answer some requests without a token (Swift's container ACLs)."""
    ctx = peers_of(request).need(Tokens).validate_token(token) if token else None
    if ctx is None or not _access_rules_allow(request, ctx):
        return None
    return ctx


def _access_rules_allow(request: Request, ctx: Context) -> bool:
    """An application credential's access rules, as keystonemiddleware checks them in front of
    every service: the service type, the method and the path under the service's endpoint."""
    if ctx.access_rules is None:
        return True
    root = request.scope.get("root_path", "")
    path = request.scope["path"]
    local = path[len(root):] if root and path.startswith(root) else path
    service_types = request.scope.get("service_types", ())
    return request_allowed(ctx, service_types, request.method, [local or "/", path])


class Service:
    """An ASGI app for one API: routes the request, renders errors in the API's own format."""

    def __init__(
        self,
        name: str,
        routes: list[BaseRoute],
        render_error: ErrorRenderer,
        before: Hook | None = None,
        response_headers: Callable[[Scope], list[tuple[bytes, bytes]]] | None = None,
        service_types: tuple[str, ...] = (),
    ) -> None:
        self.name = name
        #: The catalog type and its aliases, as application credential access rules name it.
        self.service_types = frozenset(service_types or (name,))
        self.router = Router(routes=routes, redirect_slashes=False, default=self._not_found)
        self.render_error = render_error
        self.before = before
        self.response_headers = response_headers

    async def _not_found(self, scope: Scope, receive: Any, send: Any) -> None:
        raise ApiError("The resource could not be found.", status=404)

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        scope["service_types"] = self.service_types
        started = False

        async def send_with_headers(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                if self.response_headers is not None:
                    message["headers"] = list(message.get("headers", [])) + (
                        self.response_headers(scope)
                    )
            await send(message)

        try:
            if self.before is not None:
                self.before(scope)
            await self.router(scope, receive, send_with_headers)
        except ApiError as err:
            if started:
                raise
            await self._send_error(err, scope, send_with_headers)
        except HTTPException as exc:
            if started:
                raise
            message = {405: "The method is not allowed for the requested URL."}.get(
                exc.status_code, exc.detail
            )
            await self._send_error(
                ApiError(message, status=exc.status_code), scope, send_with_headers
            )
        except Exception:
            log.exception("%s: unexpected error on %s %s", self.name, scope["method"],
                          scope["path"])
            if started:
                raise
            err = ApiError("An unexpected error prevented the server from fulfilling your "
                           "request.", status=500)
            await self._send_error(err, scope, send_with_headers)

    async def _send_error(self, err: ApiError, scope: Scope, send: Any) -> None:
        if err.status == 401:
            # keystonemiddleware answers 401 the same way in front of every service.
            body, content_type = keystone_body(err), "application/json"
        else:
            body, content_type = self.render_error(err, scope)
        headers = [(b"content-type", content_type.encode()),
                   (b"content-length", str(len(body)).encode())]
        headers += [(k.lower().encode(), v.encode()) for k, v in err.headers.items()]
        await send({"type": "http.response.start", "status": err.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

