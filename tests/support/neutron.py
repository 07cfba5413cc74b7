"""Raw calls to the local cloud's Neutron v2.0 for the network tests
(test_localcloud_network*.py and others): `Neutron` (one token; successes checked against the
network OpenAPI spec by `check`), `member` (a new project and user with a role) and
`as_user`."""

from __future__ import annotations

import ipaddress
import re
import uuid
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
MAC = re.compile(r"^fa:16:3e(:[0-9a-f]{2}){3}$")


# ------------------------------------------------------------------ helpers
# Properties the network spec types wrongly (`security_group_rules` as a string ...): the
# official samples and Neutron answer them with these types; `check` verifies the type and
# leaves them out of the schema validation.
SPEC_ERRATA: dict[str, tuple[type, ...]] = {
    "security_group_rules": (list,), "port_details": (dict, type(None)),
    "port_forwardings": (list,), "port_range_min": (int, type(None)),
    "port_range_max": (int, type(None)),
}


def _without_errata(node: Any) -> Any:
    if isinstance(node, list):
        return [_without_errata(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in SPEC_ERRATA:
            assert isinstance(value, SPEC_ERRATA[key]), (key, value)
            continue
        out[key] = _without_errata(value)
    return out


def check(path: str, method: str, body: Any) -> None:
    """Validate a body against the network OpenAPI schema (the machinery of
    test_localcloud_schemas); says why when the reference material is absent."""
    if not (SHARED / "openapi").is_dir():
        print(f"not validated against OpenAPI: no reference material at {SHARED.resolve()}")
        return
    import test_localcloud_schemas as schemas

    schemas.validate("network", path, method, _without_errata(body))


def spec_path(path: str) -> str:
    """`/v2.0/networks/<uuid>/tags` -> `/v2.0/networks/{network_id}/tags` (the spec's name
    for the id of each collection)."""
    names = {"networks": "network_id", "subnets": "subnet_id", "ports": "port_id",
             "routers": "id", "floatingips": "id", "security-groups": "id",
             "security-group-rules": "id", "quotas": "id", "extensions": "id"}
    tag_names = {"routers": "router_id", "floatingips": "floatingip_id",
                 "security-groups": "security_group_id"}
    parts = path.split("?")[0].strip("/").split("/")
    out = []
    for index, part in enumerate(parts):
        previous = parts[index - 1] if index else ""
        if index >= 2 and previous in names:
            tagged = index + 1 < len(parts) and parts[index + 1] == "tags"
            out.append("{" + (tag_names.get(previous) if tagged and previous in tag_names
                              else names[previous]) + "}")
        elif index >= 2 and previous == "tags":
            out.append("{id}")
        else:
            out.append(part)
    return "/" + "/".join(out)


class Neutron:
    """Raw calls to /network/v2.0 as one token; successes checked against the spec."""

    def __init__(self, cloud: Any, token: str, project: str) -> None:
        self.cloud, self.token, self.project = cloud, token, project

    def call(self, method: str, path: str, body: Any = None, raw: bytes | None = None,
             token: str | None = None) -> Any:
        return self.cloud.call(method, "/network/v2.0" + path, body, raw=raw,
                               token=self.token if token is None else token)

    def ok(self, method: str, path: str, body: Any = None, status: int | None = None,
           validate: bool = True) -> Any:
        reply = self.call(method, path, body)
        expected = status or {"POST": 201, "DELETE": 204}.get(method, 200)
        assert reply.status == expected, (method, path, reply.status, reply.body)
        assert reply.header("x-openstack-request-id", ).startswith("req-")
        if reply.body and validate and expected != 204:
            check(spec_path("/v2.0" + path), method.lower(), reply.json)
        return reply.json

    def error(self, method: str, path: str, body: Any = None, status: int = 400,
              kind: str | None = None, raw: bytes | None = None) -> str:
        """The message of Neutron's error body, after checking its status and type."""
        reply = self.call(method, path, body, raw=raw)
        assert reply.status == status, (method, path, reply.status, reply.body)
        assert reply.header("x-openstack-request-id")
        error = reply.json["NeutronError"]
        assert set(error) == {"type", "message", "detail"}, error
        if kind is not None:
            assert error["type"] == kind, error
        return error["message"]

    # conveniences
    def network(self, **attrs: Any) -> dict[str, Any]:
        attrs.setdefault("name", f"net-{uuid.uuid4().hex[:8]}")
        return self.ok("POST", "/networks", {"network": attrs})["network"]

    def subnet(self, network_id: str, cidr: str, **attrs: Any) -> dict[str, Any]:
        body = {"network_id": network_id, "cidr": cidr,
                "ip_version": ipaddress.ip_network(cidr).version, **attrs}
        return self.ok("POST", "/subnets", {"subnet": body})["subnet"]

    def port(self, network_id: str, **attrs: Any) -> dict[str, Any]:
        return self.ok("POST", "/ports", {"port": {"network_id": network_id, **attrs}})["port"]

    def find(self, collection: str, name: str) -> dict[str, Any]:
        key = collection.replace("-", "_")
        found = self.ok("GET", f"/{collection}?name={name}")[key]
        assert len(found) == 1, found
        return found[0]


def identity_id(cloud: Any, token: str, path: str, key: str, name: str) -> str:
    return cloud.call("GET", f"/identity/v3/{path}?name={name}", token=token).json[key][0]["id"]


def member(cloud: Any, role: str = "member") -> Neutron:
    """A new project with a new user holding `role` on it (as admin through Keystone)."""
    admin = cloud.token()
    name = f"net-{uuid.uuid4().hex[:8]}"
    project = cloud.call("POST", "/identity/v3/projects", {"project": {
        "name": name, "domain_id": "default"}}, token=admin).json["project"]["id"]
    password = uuid.uuid4().hex
    user = cloud.call("POST", "/identity/v3/users", {"user": {
        "name": name, "domain_id": "default", "password": password}},
        token=admin).json["user"]["id"]
    role_id = identity_id(cloud, admin, "roles", "roles", role)
    reply = cloud.call("PUT", f"/identity/v3/projects/{project}/users/{user}/roles/{role_id}",
                       token=admin)
    assert reply.status == 204, reply.body
    reply = cloud.authenticate(name, name, password=password)
    assert reply.status == 201, reply.body
    return Neutron(cloud, reply.header("x-subject-token"), project)


def as_user(cloud: Any, user: str) -> Neutron:
    reply = cloud.authenticate(user)
    assert reply.status == 201, reply.body
    return Neutron(cloud, reply.header("x-subject-token"), reply.json["token"]["project"]["id"])
