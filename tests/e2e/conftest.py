"""Fixtures of the raw-HTTP tests of Nova's proxy and service APIs: a member of a project of
its own (`demo`) with its routed `private` network, Neutron as the admin (`admin`), and Nova as
that member (`nova`) and as the admin (`admin_nova`). A test module that defines a fixture of
the same name uses its own."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from test_localcloud_network_compute import Nova
from tests.support.neutron import Neutron, as_user, member


@pytest.fixture(scope="module")
def demo(localcloud: Any) -> Neutron:
    """A member of a project of its own."""
    return member(localcloud)


@pytest.fixture(scope="module")
def admin(localcloud: Any) -> Neutron:
    return as_user(localcloud, "admin")


@pytest.fixture(scope="module")
def private(demo: Neutron) -> Iterator[dict[str, Any]]:
    """The project's only network (what `networks: auto` picks), routed to `public`."""
    net = demo.network(name="private")
    subnet = demo.subnet(net["id"], "10.0.0.0/26")
    public = demo.find("networks", "public")
    router = demo.ok("POST", "/routers", {"router": {
        "name": "router-private", "external_gateway_info": {"network_id": public["id"]}}})["router"]
    demo.ok("PUT", f"/routers/{router['id']}/add_router_interface", {"subnet_id": subnet["id"]})
    yield net
    # servers of the module may still hold ports on it: rename rather than delete, so that a
    # later module's `network show private` as the admin finds DevStack's network alone
    demo.ok("PUT", f"/networks/{net['id']}", {"network": {"name": f"private-{demo.project}"}})


@pytest.fixture(scope="module")
def nova(localcloud: Any, demo: Neutron) -> Nova:
    return Nova(localcloud, demo)


@pytest.fixture(scope="module")
def admin_nova(localcloud: Any) -> Nova:
    return Nova(localcloud, as_user(localcloud, "admin"))
