"""The operator API under `/_localcloud` (not OpenStack): what runs where, the request counter,
reset, the background speed, and fault injection for testing clients' retry behaviour.

    GET    /_localcloud                what is running where (URL, state folder, services)
    GET    /_localcloud/requests       {"count": N}: requests answered outside /_localcloud
    POST   /_localcloud/reset          back to a freshly bootstrapped cloud (faults cleared)
    GET    /_localcloud/settings       {"settings": {"build_delay", "delete_delay", ...}}
    PUT    /_localcloud/settings       change them at runtime (e.g. all 0: instant), and
                                        Nova's reclaim_instance_interval (deferred delete)
    POST   /_localcloud/faults         {"method", "path", "status", "latency", "drop", "rate",
                                        "count", "retry_after", "body", "after"}
                                        -> {"fault": {...}}
    GET    /_localcloud/faults         {"faults": [...]}
    DELETE /_localcloud/faults[/{id}]  remove one fault, or all

A fault applies, before dispatch, to the requests whose method and path (a regular expression,
searched in the path) match, at the given rate and at most `count` times: it waits `latency`
seconds, then answers `status` with that service's own error body (and `Retry-After` when
set), or drops the connection without answering (`drop`), or lets the request through
(latency only).

With `"after": true` (and `drop` or a `status`) the fault strikes after the request was
handled: the service makes the change, then its answer is lost (`drop`: the connection closes
without a response) or replaced by the fault's status. This is the ambiguous case a client
cannot tell from a failure that happened before dispatch ("was my POST applied?").
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import uuid
from http import HTTPStatus
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import timestamps
from .cloud import Cloud
from .errors import SWIFT_REASONS, ApiError, BadRequest, NotFound
from .interfaces import Tokens
from .service import Scope, Service, empty_response, json_response, read_json

OPERATOR = "_localcloud"

#: The settings `PUT /_localcloud/settings` may change (the `serve` options of the same name).
SETTINGS = ("build_delay", "delete_delay", "task_delay", "token_expiration",
            "reclaim_instance_interval")

FAULT_FIELDS = ("method", "path", "status", "latency", "drop", "rate", "count", "retry_after",
                "body", "after")
MAX_LATENCY = 600.0
PROJECT_IN_URL = re.compile(r"/[^/]*\$\((project_id|tenant_id)\)s$")


def _cloud(request: Request) -> Cloud:
    return request.scope["cloud"]


def _faults(request: Request) -> Faults:
    return request.scope["app"].faults


# ------------------------------------------------------------------- faults
class Fault:
    """One injected fault: which requests it hits and what it does to them."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.id = uuid.uuid4().hex
        self.method: str = spec["method"]
        self.path: str = spec["path"]
        self.pattern = re.compile(self.path)
        self.status: int | None = spec["status"]
        self.latency: float = spec["latency"]
        self.drop: bool = spec["drop"]
        self.rate: float = spec["rate"]
        self.count: int | None = spec["count"]
        self.retry_after: float | str | None = spec["retry_after"]
        self.body: Any = spec["body"]
        self.after: bool = spec["after"]
        self.hits = 0
        self.created_at = timestamps.now()

    def matches(self, method: str, path: str) -> bool:
        if self.count is not None and self.hits >= self.count:
            return False
        if self.method != "*" and self.method != method:
            return False
        return self.pattern.search(path) is not None

    def view(self) -> dict[str, Any]:
        return {
            "id": self.id, "method": self.method, "path": self.path, "status": self.status,
            "latency": self.latency, "drop": self.drop, "rate": self.rate, "count": self.count,
            "retry_after": self.retry_after, "body": self.body, "after": self.after,
            "hits": self.hits,
            "remaining": None if self.count is None else max(0, self.count - self.hits),
            "created_at": self.created_at,
        }


def _number(spec: dict[str, Any], name: str, low: float, high: float) -> None:
    value = spec[name]
    if isinstance(value, bool) or not isinstance(value, int | float) or not (
            low <= value <= high):
        raise BadRequest(f"'{name}' must be a number from {low:g} to {high:g}")


def parse_fault(body: dict[str, Any]) -> dict[str, Any]:
    """A fault specification checked and completed with its defaults; 400 when invalid."""
    unknown = sorted(set(body) - set(FAULT_FIELDS))
    if unknown:
        raise BadRequest(f"Unknown fault field(s): {', '.join(unknown)}. Known: "
                         f"{', '.join(FAULT_FIELDS)}")
    spec: dict[str, Any] = {"method": "*", "path": "", "status": None, "latency": 0.0,
                            "drop": False, "rate": 1.0, "count": None, "retry_after": None,
                            "body": None, "after": False}
    spec.update({k: v for k, v in body.items() if v is not None or k in ("status", "count")})
    method = spec["method"]
    if not isinstance(method, str) or not (method == "*" or method.isalpha()):
        raise BadRequest("'method' must be an HTTP method (GET, POST ...) or '*'")
    spec["method"] = method.upper()
    if not isinstance(spec["path"], str):
        raise BadRequest("'path' must be a regular expression (a string)")
    try:
        re.compile(spec["path"])
    except re.error as exc:
        raise BadRequest(f"'path' is not a valid regular expression: {exc}") from None
    status = spec["status"]
    if status is not None and (isinstance(status, bool) or not isinstance(status, int)
                               or not 400 <= status <= 599):
        raise BadRequest("'status' must be an HTTP error status from 400 to 599, or null")
    _number(spec, "latency", 0, MAX_LATENCY)
    _number(spec, "rate", 0, 1)
    if not isinstance(spec["drop"], bool):
        raise BadRequest("'drop' must be true or false")
    count = spec["count"]
    if count is not None and (isinstance(count, bool) or not isinstance(count, int)
                              or count < 1):
        raise BadRequest("'count' must be a positive integer, or null for no limit")
    retry_after = spec["retry_after"]
    if isinstance(retry_after, str):
        if not retry_after.isprintable() or not retry_after.isascii():
            raise BadRequest("'retry_after' must be seconds or an HTTP date")
    elif retry_after is not None:
        _number(spec, "retry_after", 0, 86400)
    if spec["drop"] and status is not None:
        raise BadRequest("'drop' and 'status' exclude each other: a dropped connection "
                         "answers nothing")
    if not isinstance(spec["after"], bool):
        raise BadRequest("'after' must be true or false")
    if spec["after"] and not spec["drop"] and status is None:
        raise BadRequest("'after': true needs 'drop': true or a 'status': the request is "
                         "handled, then its answer is lost or replaced")
    if not spec["drop"] and status is None and not spec["latency"]:
        raise BadRequest("A fault needs a 'status', a 'latency' or 'drop': true")
    return spec


class Faults:
    """The faults in force (in memory: a restart or a reset clears them)."""

    def __init__(self) -> None:
        self.items: list[Fault] = []

    def add(self, spec: dict[str, Any]) -> Fault:
        fault = Fault(spec)
        self.items.append(fault)
        return fault

    def remove(self, fault_id: str) -> bool:
        before = len(self.items)
        self.items = [f for f in self.items if f.id != fault_id]
        return len(self.items) != before

    def clear(self) -> None:
        self.items = []

    def pick(self, method: str, path: str) -> Fault | None:
        """The first fault that matches the request and is drawn at its rate (counted)."""
        for fault in self.items:
            if fault.matches(method, path) and (fault.rate >= 1 or random.random() < fault.rate):
                fault.hits += 1
                return fault
        return None

    async def apply(self, scope: Scope, receive: Any, send: Any, service: Service) -> bool:
        """Apply the fault that hits this request, if any; True when it answered (or dropped)
        the request, False when the request goes on to its service."""
        fault = self.pick(scope["method"], scope["path"])
        if fault is None:
            return False
        if fault.latency:
            await asyncio.sleep(fault.latency)
        if fault.after:
            await handle_then_discard(scope, receive, service)
        if fault.drop:
            await drop_connection(receive)
            return True
        if fault.status is None:
            return False
        await send_fault(fault, scope, send, service)
        return True


async def handle_then_discard(scope: Scope, receive: Any, service: Service) -> None:
    """Let the service handle the request (the change is made) and throw its answer away."""

    async def discard(message: dict[str, Any]) -> None:
        return None

    await service(scope, receive, discard)


async def send_fault(fault: Fault, scope: Scope, send: Any, service: Service) -> None:
    """Answer the fault's status with the service's error body (or the fault's own body)."""
    headers: dict[str, str] = {}
    if fault.retry_after is not None:
        value = fault.retry_after
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        headers["Retry-After"] = str(value)
    status = fault.status or 503
    if fault.body is None:
        # The explanation the services give for the status (swob's words; Swift's body is
        # then exactly its default one).
        if status in SWIFT_REASONS:
            message = SWIFT_REASONS[status][1]
        else:
            try:
                message = HTTPStatus(status).description or HTTPStatus(status).phrase
            except ValueError:
                message = "Error"
        await service._send_error(ApiError(message, status=status, headers=headers), scope, send)
        return
    if isinstance(fault.body, str):
        content = fault.body.encode()
        try:
            json.loads(content)
            content_type = "application/json"
        except ValueError:
            content_type = "text/plain; charset=UTF-8"
    else:
        content, content_type = json.dumps(fault.body).encode(), "application/json"
    raw = [(b"content-type", content_type.encode()),
           (b"content-length", str(len(content)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": content})


async def drop_connection(receive: Any) -> None:
    """Close the client's connection without answering.

    ASGI has no message for this; uvicorn's `receive` is a method of the request cycle that
    holds the transport, so close that and wait for the disconnect (uvicorn then sends
    nothing). Under another server, raise: the server drops or fails the request.
    """
    transport = getattr(getattr(receive, "__self__", None), "transport", None)
    if transport is None:
        raise ConnectionAbortedError("fault injected: connection dropped")
    transport.close()
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return


# ------------------------------------------------------------------- handlers
async def info(request: Request) -> Response:
    """GET /_localcloud: what is running where (the services as the catalog lists them)."""
    cloud = _cloud(request)
    services: dict[str, str] = {}
    for entry in cloud.peers.need(Tokens).catalog():
        urls = [e["url"] for e in entry["endpoints"] if e["interface"] == "public"]
        if urls:
            # without the project part Keystone fills in (`/v3/$(project_id)s`)
            services[entry["type"]] = PROJECT_IN_URL.sub("", urls[0])
    return json_response({
        "url": cloud.base_url,
        "state_dir": str(cloud.settings.state_dir),
        "started_at": cloud.started_at,
        "requests": cloud.requests,
        "services": services,
        "settings": _settings_view(cloud),
        "faults": len(request.scope["app"].faults.items),
    })


async def request_count(request: Request) -> Response:
    """GET /_localcloud/requests: HTTP requests answered outside /_localcloud."""
    return json_response({"count": _cloud(request).requests})


async def reset(request: Request) -> Response:
    """POST /_localcloud/reset: back to a freshly bootstrapped cloud, without faults."""
    _cloud(request).reset()
    _faults(request).clear()
    return json_response({"reset": True, "count": 0})


def _settings_view(cloud: Cloud) -> dict[str, Any]:
    return {name: getattr(cloud.settings, name) for name in SETTINGS
            if hasattr(cloud.settings, name)}


async def show_settings(request: Request) -> Response:
    """GET /_localcloud/settings: the background speed and token lifetime in force."""
    return json_response({"settings": _settings_view(_cloud(request))})


async def update_settings(request: Request) -> Response:
    """PUT /_localcloud/settings: change delays (seconds) or the token lifetime at runtime.

    Work already scheduled keeps its time; what is scheduled from now on uses the new delays.
    """
    cloud = _cloud(request)
    body = await read_json(request)
    unknown = sorted(set(body) - set(SETTINGS))
    if unknown:
        raise BadRequest(f"Unknown setting(s): {', '.join(unknown)}. Known: "
                         f"{', '.join(SETTINGS)}")
    for name, value in body.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise BadRequest(f"'{name}' must be a number of seconds, 0 or more")
        if name == "token_expiration" and (not float(value).is_integer() or value < 1):
            raise BadRequest("'token_expiration' must be a whole number of seconds, 1 or more")
    for name, value in body.items():
        value = int(value) if name == "token_expiration" else float(value)
        # The settings, and every backend that copied the value when it was made.
        for holder in (cloud.settings, *cloud.backends.values()):
            if hasattr(holder, name) and not callable(getattr(holder, name)):
                setattr(holder, name, value)
    cloud.wake()
    return json_response({"settings": _settings_view(cloud)})


async def list_faults(request: Request) -> Response:
    """GET /_localcloud/faults."""
    return json_response({"faults": [f.view() for f in _faults(request).items]})


async def add_fault(request: Request) -> Response:
    """POST /_localcloud/faults: 201 with the fault and its id."""
    fault = _faults(request).add(parse_fault(await read_json(request)))
    return json_response({"fault": fault.view()}, status=201)


async def show_fault(request: Request) -> Response:
    """GET /_localcloud/faults/{fault_id} (its `hits` say how many requests it hit)."""
    fault_id = request.path_params["fault_id"]
    for fault in _faults(request).items:
        if fault.id == fault_id:
            return json_response({"fault": fault.view()})
    raise NotFound(f"No fault {fault_id}")


async def delete_fault(request: Request) -> Response:
    """DELETE /_localcloud/faults/{fault_id}."""
    fault_id = request.path_params["fault_id"]
    if not _faults(request).remove(fault_id):
        raise NotFound(f"No fault {fault_id}")
    return empty_response()


async def clear_faults(request: Request) -> Response:
    """DELETE /_localcloud/faults: remove every fault."""
    _faults(request).clear()
    return empty_response()


def _operator_error(err: ApiError, scope: Scope) -> tuple[bytes, str]:
    body = {"error": {"code": err.status, "message": err.message}}
    return json.dumps(body).encode(), "application/json"


def operator_service() -> Service:
    """The operator API as an ASGI app (mounted at `/_localcloud`)."""
    return Service(OPERATOR, [
        Route("/", info, methods=["GET"]),
        Route("/requests", request_count, methods=["GET"]),
        Route("/reset", reset, methods=["POST"]),
        Route("/settings", show_settings, methods=["GET"]),
        Route("/settings", update_settings, methods=["PUT"]),
        Route("/faults", list_faults, methods=["GET"]),
        Route("/faults", add_fault, methods=["POST"]),
        Route("/faults", clear_faults, methods=["DELETE"]),
        Route("/faults/{fault_id}", show_fault, methods=["GET"]),
        Route("/faults/{fault_id}", delete_fault, methods=["DELETE"]),
    ], _operator_error)
