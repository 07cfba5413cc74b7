"""Recoverable creates: a create whose answer was lost is looked up, never blindly sent twice.

A POST that fails after it was sent (the connection dropped, the answer timed out, a 502/503/
504 from a proxy in front of the service) may or may not have been applied. For a resource that
declares a `ClientToken`, the create carries a random token (in its metadata, its tags or its
description); after such a failure the client lists the resources of that name, returns the one
that carries the token, and sends the create again (same token) only when the listing proves
there is none; once the resource is known, the token is taken off it again (`strip`). For a
resource without a declaration, the failure becomes `ostack.exceptions.MaybeApplied`,
which says what to check. `docs/reliability.md` lists the guarantee of each resource
(`guarantees()` makes the table).

Turned off with `connect(..., client_tokens=False)`, `session.client_tokens = False` or
`OSTACK_CLIENT_TOKENS=0`; the CLI turns them on with `OSTACK_CLIENT_TOKENS=1`.
"""

from __future__ import annotations

import os
import time

from ostack import exceptions
from ostack.resource import Resource
from ostack.transport.flows import Sleep

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from ostack.proxy import Call, Flow, ProxyCore

#: The statuses after which a create may have been applied (a gateway's, not the service's).
AMBIGUOUS_STATUSES = frozenset({502, 503, 504})
#: How many times a create is sent in all, when each failure was proved harmless.
MAX_SENDS = 4
#: How long a look-up by token may keep trying through transient errors.
LOOKUP_DEADLINE = 30.0
#: The prefix that marks a token in tags and descriptions.
PREFIX = "ostack-client-token"
MESSAGE = exceptions.MAYBE_APPLIED
#: Its home is ostack.exceptions; the name stays here for the code that imported it from here.
MaybeApplied = exceptions.MaybeApplied


class ClientToken:
    """Where a resource's create request carries the client token, and how it is found again.

    A resource declares it as a plain mapping (no import on the command path), e.g.
    `client_token = {"where": "metadata", "name_regex": True}`; `ClientToken.of(cls)` reads it.

    `where` is "metadata" (a key of the `metadata` mapping: Cinder volumes and snapshots),
    "tags" (one tag `ostack-client-token:<hex>`: Glance images, Keystone projects) or
    "description" (`ostack-client-token:<hex>` when the caller gives no description: Nova
    servers, Neutron before tags on create, Keystone users). The look-up lists by name
    (`name_regex`: the service reads the name filter as a regular expression, as Nova does)
    and keeps the resource that carries the token. Once the resource is known, the token is
    taken off again with one idempotent request (the metadata key or the tag deleted, the
    description set back to `cleared`); if that fails, the token stays.
    """

    __slots__ = ("where", "key", "name_regex", "cleared")

    def __init__(self, where: str, *, key: str = PREFIX, name_regex: bool = False,
                 cleared: str | None = "") -> None:
        if where not in ("metadata", "tags", "description"):
            raise ValueError(f"a client token goes in metadata, tags or description, not {where}")
        self.where = where
        self.key = key
        self.name_regex = name_regex
        #: The description the token leaves behind ("" for Neutron, None for Nova).
        self.cleared = cleared

    @classmethod
    def of(cls, resource: type[Resource]) -> ClientToken | None:
        """The declaration of a resource class, None when it declares none."""
        declared = getattr(resource, "client_token", None)
        if declared is None or isinstance(declared, ClientToken):
            return declared
        return cls(**declared)

    def describe(self) -> str:
        if self.where == "metadata":
            return f"metadata key `{self.key}`"
        if self.where == "tags":
            return f"tag `{self.key}:<token>`"
        return f"description `{self.key}:<token>` (when none is given)"

    def can_mark(self, body: Mapping[str, Any]) -> bool:
        """Whether this create can carry a token (it has a name; a free description)."""
        if not isinstance(body.get("name"), str) or not body["name"]:
            return False
        if body.get("return_reservation_id") or (body.get("max_count") or 1) != 1:
            return False  # several servers from one request: one token cannot tell them
        return self.where != "description" or not body.get("description")

    def mark(self, body: dict[str, Any], token: str) -> None:
        """Put the token in a create's wire body (the resource's own mapping)."""
        if self.where == "metadata":
            body["metadata"] = {**(body.get("metadata") or {}), self.key: token}
        elif self.where == "tags":
            body["tags"] = [*(body.get("tags") or []), f"{self.key}:{token}"]
        else:
            body["description"] = f"{self.key}:{token}"

    def unmark(self, body: dict[str, Any], token: str) -> None:
        """Take the token out of a body (an answer, or the create's own)."""
        if self.where == "metadata" and isinstance(body.get("metadata"), dict):
            body["metadata"] = {k: v for k, v in body["metadata"].items() if k != self.key}
        elif self.where == "tags" and isinstance(body.get("tags"), list):
            body["tags"] = [t for t in body["tags"] if t != f"{self.key}:{token}"]
        elif self.where == "description" and body.get("description") == \
                f"{self.key}:{token}":
            body["description"] = self.cleared

    def carries(self, resource: Resource, token: str) -> bool:
        raw = resource.raw
        if self.where == "metadata":
            metadata = raw.get("metadata")
            return isinstance(metadata, dict) and metadata.get(self.key) == token
        if self.where == "tags":
            tags = raw.get("tags")
            return isinstance(tags, list) and f"{self.key}:{token}" in tags
        return raw.get("description") == f"{self.key}:{token}"

    def name_query(self, name: str) -> str:
        if self.name_regex:
            import re

            return f"^{re.escape(name)}$"
        return name


def tokens_enabled(session: Any) -> bool:
    """Whether creates carry client tokens: the session's setting, else OSTACK_CLIENT_TOKENS,
    else on."""
    chosen = getattr(session, "client_tokens", None)
    if chosen is not None:
        return bool(chosen)
    env = os.environ.get("OSTACK_CLIENT_TOKENS")
    if env is not None:
        return env.strip().lower() not in ("0", "false", "no", "off", "")
    return True


def new_token() -> str:
    return os.urandom(16).hex()


def _failure(exc: BaseException) -> bool | None:
    """None: not a failure a create recovers from; True: it may have been applied; False:
    it certainly was not (nothing was sent)."""
    if isinstance(exc, MaybeApplied):
        return None
    if isinstance(exc, exceptions.TransportError):
        return bool(getattr(exc, "maybe_applied", True))
    if isinstance(exc, exceptions.HttpError) and exc.status_code in AMBIGUOUS_STATUSES:
        return True
    return None


def send_create(proxy: ProxyCore, cls: type[Resource], call: Call, body: dict[str, Any],
                parents: Mapping[str, Any] | None = None) -> Flow:
    """Send a create; its result is the response, or the resource found by its token."""
    spec = ClientToken.of(cls)
    name = body.get("name") if isinstance(body.get("name"), str) else None
    field = cls.fields().get(spec.where) if spec is not None else None
    if field is not None and not field.in_microversion(proxy._microversion):
        spec = None  # (Nova's description from 2.19)
    if spec is None or not spec.can_mark(body) or not tokens_enabled(proxy.session):
        try:
            return (yield call)
        except exceptions.TransportError as exc:
            if _failure(exc):
                raise MaybeApplied(call.method, exc.url or call.path, name, cls.label(),
                                   exc) from exc
            raise
    token = new_token()
    spec.mark(body, token)
    result = yield from _send_marked(proxy, cls, spec, call, name or "", token, parents)
    spec.unmark(body, token)
    if isinstance(result, Resource):
        spec.unmark(result.raw, token)
        ident = result.id
    else:
        ident = _clean_answer(result, cls, spec, token)
    if ident:
        yield from strip(proxy, cls, spec, str(ident), token, parents)
    return result


def _send_marked(proxy: ProxyCore, cls: type[Resource], spec: ClientToken, call: Call,
                 name: str, token: str, parents: Mapping[str, Any] | None) -> Flow:
    """The create's response, or the resource found by its token after a lost answer."""
    sends = 0
    delay = 0.2
    while True:
        sends += 1
        try:
            return (yield call)
        except Exception as exc:  # noqa: BLE001 - sorted by _failure
            applied = _failure(exc)
            if applied is None:
                raise
            url = getattr(exc, "url", "") or call.path
            if applied:
                found = yield from find_by_token(proxy, cls, spec, name, token, parents,
                                                 call.method, url)
                if found is not None:
                    _say(f"{cls.label()} {name!r}: the answer to {call.method} was lost; "
                         f"found it by its client token ({found.id})")
                    return found
            if sends >= MAX_SENDS:
                raise
            _say(f"{cls.label()} {name!r}: not created ({exc}); sending the create again")
        yield Sleep(delay)
        delay = min(delay * 2, 2.0)


def _clean_answer(resp: Any, cls: type[Resource], spec: ClientToken, token: str) -> Any:
    """Take the token out of a create's answer (its JSON body rewritten); the new ID."""
    import json

    try:
        data = json.loads(resp.content) if resp.content else None
    except ValueError:
        return None
    inner = data.get(cls.resource_key) if isinstance(data, dict) and cls.resource_key else data
    if not isinstance(inner, dict):
        return None
    spec.unmark(inner, token)
    resp.content = json.dumps(data).encode()
    return inner.get("id")


def strip(proxy: ProxyCore, cls: type[Resource], spec: ClientToken, ident: str, token: str,
          parents: Mapping[str, Any] | None) -> Flow:
    """Remove the token from the new resource (one idempotent request); a failure leaves it
    there (logged with --debug), the create having succeeded."""
    from urllib.parse import quote

    from ostack.proxy import Call

    path = f"{proxy.path_of(cls, parents or {})}/{quote(ident, safe='')}"
    if spec.where == "metadata":
        call = Call("DELETE", f"{path}/metadata/{quote(spec.key, safe='')}")
    elif spec.where == "tags":
        call = Call("DELETE", f"{path}/tags/{quote(f'{spec.key}:{token}', safe='')}")
    else:
        body = {"description": spec.cleared}
        call = Call(cls.commit_method, path,
                    json={cls.resource_key: body} if cls.resource_key else body)
    try:
        yield from send_again(call)
    except exceptions.OstackError as exc:
        _say(f"{cls.label()} {ident}: the client token stays ({exc})")


def send_again(call: Call) -> Flow:
    """Send an update that is idempotent in effect (it sets values) until it is answered:
    after an ambiguous failure it is sent again, at most `MAX_SENDS` times in all."""
    sends = 0
    delay = 0.2
    while True:
        sends += 1
        try:
            return (yield call)
        except Exception as exc:  # noqa: BLE001 - sorted by _failure
            if _failure(exc) is None or sends >= MAX_SENDS:
                raise
            _say(f"{call.method} {call.path} failed ({exc}); sending it again (idempotent)")
        yield Sleep(delay)
        delay = min(delay * 2, 2.0)


def find_by_token(proxy: ProxyCore, cls: type[Resource], spec: ClientToken, name: str,
                  token: str, parents: Mapping[str, Any] | None, method: str,
                  url: str) -> Flow:
    """The resource carrying `token`, or None when a complete listing proves there is none;
    `MaybeApplied` when no listing succeeds before the deadline."""
    deadline = time.monotonic() + LOOKUP_DEADLINE
    delay = 0.2
    while True:
        try:
            found = yield from proxy.collect(proxy.list_flow(
                cls, parents, name=spec.name_query(name)))
            break
        except (exceptions.ServerError, exceptions.TooManyRequests,
                exceptions.TransportError) as exc:
            if time.monotonic() >= deadline:
                raise MaybeApplied(method, url, name, cls.label(), exc) from exc
            yield Sleep(delay)
            delay = min(delay * 2, 2.0)
    for resource in found:
        if spec.carries(resource, token):
            return resource
    return None


def _say(message: str) -> None:
    """Recovery steps on the `ostack.http` debug log (`--debug`)."""
    from ostack.transport.retries import debug_logger

    log = debug_logger()
    if log:
        log.debug("%s", message)


#: Swift's containers and objects are created with PUT by hand-written operations.
_SWIFT_ROWS = [
    ("object-store", "container", "PUT (idempotent): sent again", "-"),
    ("object-store", "object", "PUT (idempotent): sent again when the data can be read "
     "again (bytes, a file); a stream from a pipe is sent once", "-"),
]


def guarantees() -> list[tuple[str, str, str, str]]:
    """(service, resource, guarantee, where the token goes) for every creatable resource of
    the six services, from the declarations (docs/reliability.md's table)."""
    from ostack.connection import SERVICES, _load

    rows: list[tuple[str, str, str, str]] = []
    for attribute, target in SERVICES.items():
        service = _load(target)
        service._load_lazy()
        for cls in sorted(service.resources, key=lambda r: r.label()):
            if not cls.allow_create:
                continue
            spec = ClientToken.of(cls)
            if cls.create_method != "POST":
                rows.append((service.service_type, cls.label(),
                             f"{cls.create_method} to a chosen ID: never duplicated; sent "
                             f"again (may answer 409 when the lost one was applied)", "-"))
            elif spec is None:
                rows.append((service.service_type, cls.label(),
                             "`MaybeApplied` on an ambiguous failure", "-"))
            else:
                rows.append((service.service_type, cls.label(),
                             "recovered by client token (needs a name)", spec.describe()))
        if attribute == "object_store":
            rows.extend(_SWIFT_ROWS)
    return rows


def table() -> str:
    """The Markdown table of `guarantees()`."""
    lines = ["| service | resource | create after an ambiguous failure | client token |",
             "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in guarantees()]
    return "\n".join(lines)


if __name__ == "__main__":
    print(table())
