"""NDP proxies of routers (the `l3-ndp-proxy` extension), as Neutron keeps them: a router
answers neighbour solicitations for one IPv6 address of a port behind it; an address is
proxied once per router."""

from __future__ import annotations

from typing import Any

from . import attributes
from .attributes import Attr
from .exceptions import bad_request, conflict
from .record_state import RecordState, register
from .resources import Caller, Record

NDP_PROXY = {
    "name": Attr(attributes.or_none(attributes.string(255))),
    "description": attributes.DESCRIPTION,
    "project_id": attributes.PROJECT, "tenant_id": attributes.PROJECT,
    "router_id": Attr(attributes.an_uuid, put=False, required=True),
    "port_id": Attr(attributes.an_uuid, put=False, required=True),
    "ip_address": Attr(attributes.or_none(attributes.ip_address), put=False),
}
register("ndp_proxy", "ndp_proxies", ("NDPProxyNotFound", "Ndp proxy {} could not be found."),
         NDP_PROXY)


class NdpProxyState(RecordState):
    """The ndp_proxies table."""

    kind = "ndp_proxy"

    def defaults(self, attrs: Record) -> Record:
        return {"name": "", "description": "", "ip_address": None}

    def check(self, db: Any, caller: Caller, record: Record, old: Record | None) -> None:
        if record.get("name") is None:
            record["name"] = ""
        if old is not None:
            return
        self.record("router", caller, record["router_id"])
        port = self.record("port", caller, record["port_id"])
        ipv6 = [ip["ip_address"] for ip in port["fixed_ips"] if ":" in ip["ip_address"]]
        if not ipv6:
            raise bad_request(f"Bad request: The port {port['id']} cannot find a IPv6 "
                              "address.", "PortIPv6AddressNotFound")
        wanted = record.get("ip_address")
        if wanted and wanted not in ipv6:
            raise bad_request(f"Bad request: The address {wanted} is invalid, reason: it is "
                              f"not an address of port {port['id']}.", "InvalidAddress")
        record["ip_address"] = wanted or ipv6[0]
        if db.execute("SELECT 1 FROM ndp_proxies WHERE json_extract(data, '$.router_id') = ?"
                      " AND json_extract(data, '$.ip_address') = ?",
                      (record["router_id"], record["ip_address"])).fetchone():
            raise conflict(f"The IP address {record['ip_address']} is already proxied on "
                           f"router {record['router_id']}.", "NDPProxyAddressInUse")

    def view(self, record: Record) -> Record:
        return {k: v for k, v in record.items() if k not in ("tags", "tenant_id")}
