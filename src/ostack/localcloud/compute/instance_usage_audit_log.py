"""`/v2.1/os-instance_usage_audit_log` (+ `/{before_timestamp}`, admin): how the periodic
`instance_usage_audit` task of each compute host did over the last completed audit period (a
month, Nova's default `instance_usage_audit_period`). The task is off here, as in a default
Nova, so no host has run it: every compute host is listed in `hosts_not_run`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import BadRequest
from ..policy import require_admin
from ..routing import GET, RouteTable
from ..service import json_response
from .http import backend, caller


def last_completed_month(before: datetime) -> tuple[datetime, datetime]:
    """The last whole month that ended before `before`: (first day, first day of the next)."""
    end = datetime(before.year, before.month, 1)
    if end >= before:
        end = datetime(end.year - 1, 12, 1) if end.month == 1 else \
            datetime(end.year, end.month - 1, 1)
    begin = datetime(end.year - 1, 12, 1) if end.month == 1 else \
        datetime(end.year, end.month - 1, 1)
    return begin, end


def _audit(request: Request, before: datetime) -> dict[str, Any]:
    begin, end = last_completed_month(before)
    hosts = sorted({s["host"] for s in backend(request).services.list()
                    if s["binary"] == "nova-compute"})
    return {
        "period_beginning": str(begin), "period_ending": str(end),
        "num_hosts": len(hosts), "num_hosts_done": 0, "num_hosts_running": 0,
        "hosts_not_run": hosts, "num_hosts_not_run": len(hosts), "log": {},
        "total_errors": 0, "total_instances": 0,
        "overall_status": f"{'ALL' if not hosts else f'0 of {len(hosts)}'} hosts done. "
                          f"0 errors.",
    }


def _admin(request: Request, rule: str) -> None:
    action = f"os_compute_api:os-instance-usage-audit-log:{rule}"
    require_admin(caller(request, action), action)


async def list_audit_logs(request: Request) -> Response:
    """GET /os-instance_usage_audit_log: the period that ended last."""
    _admin(request, "list")
    now = datetime.now(UTC).replace(tzinfo=None)
    return json_response({"instance_usage_audit_logs": _audit(request, now)})


async def show_audit_log(request: Request) -> Response:
    """GET /os-instance_usage_audit_log/{before}: the period that ended last before a time
    (`%Y-%m-%d %H:%M:%S`, with `.%f` allowed)."""
    _admin(request, "show")
    text = request.path_params["before_timestamp"]
    try:
        before = datetime.strptime(text, "%Y-%m-%d %H:%M:%S.%f" if "." in text
                                   else "%Y-%m-%d %H:%M:%S")
    except ValueError:
        raise BadRequest(f"Invalid timestamp for date {text}") from None
    return json_response({"instance_usage_audit_log": _audit(request, before)})

ROUTES: RouteTable = (
    ("/os-instance_usage_audit_log", list_audit_logs, GET),
    ("/os-instance_usage_audit_log/{before_timestamp}", show_audit_log, GET),
)
