"""APIs Nova removed (nova-network, cells v1, agents, XVP consoles ...): every method of
them answers 410 Gone for any authenticated caller, as Nova does since their removal."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..errors import ApiError
from ..routing import RouteTable
from ..service import authenticate

GONE = "This resource is no longer available.  No forwarding address is given."

#: Collections under /v2.1 that Nova answers with 410 (with and without a sub-path).
REMOVED = ("os-agents", "os-cells", "os-certificates", "os-cloudpipe", "os-fixed-ips",
           "os-floating-ip-dns", "os-floating-ips-bulk", "os-fping",
           "os-security-group-default-rules")


EVERY = ("GET", "POST", "PUT", "DELETE")


async def gone(request: Request) -> Response:
    """Any method on a removed API: 410."""
    authenticate(request)
    raise ApiError(GONE, status=410)


#: Every method of each removed collection and of anything under it.
ROUTES: RouteTable = [row for name in REMOVED for row in (
    (f"/{name}", gone, EVERY), (f"/{name}/{{rest:path}}", gone, EVERY))]
