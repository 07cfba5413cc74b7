"""Network topology: networks as vertical bars, routers and instances as boxes joined to the
networks their ports are on (a router's gateway to its external network too), drawn as SVG on
the server: no script, readable at any width."""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ostack import exceptions
from ostack.dashboard.render import render

BOX_W, BOX_H, ROW, TOP, BAR_GAP, LEFT = 170, 34, 54, 50, 120, 20
PALETTE = ("#2458b3", "#1e7d3a", "#a86b00", "#7b3fa0", "#b3261e", "#00838f", "#5d4037")


async def _listing(make: Any) -> list[Any]:
    try:
        return [item async for item in make()]
    except exceptions.OstackError:
        return []


def layout(networks: list[Any], routers: list[Any], servers: list[Any],
           ports: list[Any]) -> dict[str, Any]:
    """Positions of the bars, boxes and links of the picture."""
    bar_x0 = LEFT + BOX_W + 60
    bars = []
    index = {}
    for i, net in enumerate(networks):
        index[net.id] = i
        bars.append({"id": net.id, "name": net.name or net.id[:8], "x": bar_x0 + i * BAR_GAP,
                     "color": PALETTE[i % len(PALETTE)],
                     "external": bool(getattr(net, "is_router_external", False))})
    links_of: dict[str, list[tuple[str, str]]] = {}
    for port in ports:
        if port.device_id and port.network_id in index:
            address = ", ".join(ip.get("ip_address", "") for ip in port.fixed_ips or [])
            links_of.setdefault(port.device_id, []).append((port.network_id, address))
    nodes = []
    items = [("router", r) for r in routers] + [("instance", s) for s in servers]
    for j, (kind, item) in enumerate(items):
        y = TOP + j * ROW
        links = list(links_of.get(item.id, []))
        if kind == "router":
            gateway = (item.external_gateway_info or {}).get("network_id")
            if gateway in index and all(n != gateway for n, _ in links):
                links.append((gateway, "gateway"))
        nodes.append({
            "kind": kind, "id": item.id, "name": item.name or item.id[:8], "y": y,
            "status": getattr(item, "status", "") or "",
            "href": f"/project/instances/{item.id}" if kind == "instance" else "",
            # the farthest first: each nearer link is drawn over the start of the farther
            "links": sorted(({"x": bars[index[n]]["x"], "color": bars[index[n]]["color"],
                              "label": label, "network": bars[index[n]]["name"]}
                             for n, label in links), key=lambda link: -link["x"]),
        })
    height = max(TOP + len(items) * ROW + 20, 200)
    width = max(bar_x0 + len(bars) * BAR_GAP + 40, 480)
    return {"bars": bars, "nodes": nodes, "width": width, "height": height,
            "box_w": BOX_W, "box_h": BOX_H, "left": LEFT}


async def index(request: Request) -> Response:
    conn = request.state.conn
    networks, routers, servers, ports = await asyncio.gather(
        _listing(conn.network.networks), _listing(conn.network.routers),
        _listing(conn.compute.servers), _listing(conn.network.ports))
    picture = layout(networks, routers, servers, ports)
    return render(request, "topology/index.html", {"title": "Network topology", "p": picture})


ROUTES = [Route("/project/network_topology", index, methods=["GET"])]

NAV = [("Network", "Network topology", "/project/network_topology", False)]
