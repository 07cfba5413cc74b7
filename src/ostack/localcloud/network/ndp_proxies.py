"""`/v2.0/ndp_proxies` (the `l3-ndp-proxy` extension); the state is `ndp_proxy_state.py`."""

from __future__ import annotations

from ..routing import RouteTable
from .ndp_proxy_state import NdpProxyState
from .record_collection import RecordCollection

NDP_PROXIES = RecordCollection(kind="ndp_proxy", path="ndp_proxies", key="ndp_proxies",
                               taggable=False, state=lambda cloud: NdpProxyState(cloud.store))

ROUTES: RouteTable = tuple(NDP_PROXIES.routes())
