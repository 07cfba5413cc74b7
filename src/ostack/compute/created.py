"""A created resource as the cloud describes it, when the create answer says too little.

Nova answers a server create with its ID, links and admin password only; a caller expects
the new server's name and status (openstacksdk returns them empty). One GET fills them in;
what only the create answer holds (the admin password) is kept.
"""

from __future__ import annotations

from typing import Any

from ostack import exceptions
from ostack.transport.flows import Flow


def described(proxy: Any, cls: type, resource_id: str, raw: dict[str, Any]) -> Flow:
    """`raw` (what was asked, then what was answered) updated with the fetched resource; `raw`
    unchanged when the resource is already gone (a build that failed and was deleted) or the
    look fails for a transient reason (5xx, 429, a dropped connection)."""
    try:
        fetched = yield from proxy.get_flow(cls, resource_id)
    except exceptions.NotFound:
        return raw
    except (exceptions.HttpError, exceptions.TransportError) as exc:
        # The create succeeded; a failed look at it must not turn it into a failure.
        if isinstance(exc, exceptions.HttpError) and exc.status_code < 500 \
                and exc.status_code != 429:
            raise
        return raw
    return {**raw, **fetched.raw}
