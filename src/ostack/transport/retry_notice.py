"""What a retry tells the user: a line on stderr when it waits longer than a second.

Loaded only on the retry path (a slow retry is rare; the hot path never imports this).
"""

from __future__ import annotations

import os
import sys
from urllib.parse import urlsplit

#: Service types as they appear in endpoint paths and host names.
_SERVICES = ("compute", "identity", "image", "network", "volume", "block-storage",
             "object-store", "placement", "load-balancer", "dns", "key-manager")
#: Well-known ports of the services (DevStack's and the installation guides').
_PORTS = {8774: "compute", 5000: "identity", 35357: "identity", 9292: "image",
          9696: "network", 8776: "block-storage", 8080: "object-store", 8778: "placement"}


def service_of(url: str) -> str:
    """The service a URL belongs to, in its own words where it can be told, else its host."""
    parts = urlsplit(url)
    first = parts.path.lstrip("/").split("/", 1)[0]
    if first in _SERVICES:
        return first
    for name in _SERVICES:
        if (parts.hostname or "").startswith(name):
            return name
    try:
        port = parts.port
    except ValueError:
        port = None
    return _PORTS.get(port or 0) or parts.hostname or url


def max_delay(default: float) -> float:
    """The cap on a Retry-After wait: OSTACK_RETRY_AFTER_MAX seconds, else `default`."""
    value = os.environ.get("OSTACK_RETRY_AFTER_MAX")
    if value:
        try:
            return max(0.0, float(value))
        except ValueError:
            pass
    return default


def announce(url: str, status: int | str, delay: float, source: str) -> None:
    """`ostack: compute answered 503; retrying in 5 s (Retry-After)` on stderr."""
    what = f"answered {status}" if isinstance(status, int) else f"failed ({status})"
    sys.stderr.write(f"ostack: {service_of(url)} {what}; retrying in {delay:.0f} s "
                     f"({source})\n")
    sys.stderr.flush()
